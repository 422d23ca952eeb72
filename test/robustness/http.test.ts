// Malformed and hostile HTTP against the compiled server (`node dist/bot/cli.js serve` as a child
// process): broken JSON, wrong content types, oversized and deeply nested bodies, activities with
// missing or mistyped fields, unknown activity types, huge texts and control characters. Each
// request must get a 4xx or a polite reply (never a 5xx), the process must keep answering
// /healthz, and the deployment state in the store must be exactly as before.
import { strict as assert } from 'node:assert';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthz, message, post, repliesOf, replyText, type PostResult } from '../helpers/host/activities';
import { deepArray, deepObject, HOSTILE_TEXTS, withRawJson } from '../helpers/host/payloads';
import { errorLogs, freeFixedPort, startServerProcess, type ServerProcess } from '../helpers/host/process';
import { snapshot } from '../helpers/host/store-views';

const APOLOGY = /something went wrong/i;

/** Every string in a JSON value (reply texts and card texts alike). */
function stringsIn(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) stringsIn(n, out);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) stringsIn(v, out);
  return out;
}
const status = () => message('status of site Berlin', { expectReplies: true });

describe('robustness: malformed and hostile HTTP (compiled server)', function () {
  this.timeout(60_000);
  let dir: string;
  let dbFile: string;
  let server: ServerProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-robust-http-'));
    dbFile = join(dir, 'lyncops.sqlite');
    server = await startServerProcess({ port: await freeFixedPort(), env: { STORE_URL: dbFile, LOG_LEVEL: 'info', SIM_MOVE_LATENCY_MS: '0' } });
    // One real turn first, so the snapshot holds a proposal whose id hostile bodies can name.
    const proposal = await post(server.url, message('move site Berlin to Lync 2013 force', { expectReplies: true }));
    assert.equal(proposal.status, 200);
    assert.equal(snapshot(dbFile).proposals.length, 1);
  });

  after(async () => {
    if (server) {
      const exit = await server.stop();
      assert.deepEqual(exit, { code: 0, signal: null }, 'graceful shutdown after the hostile traffic');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Sends one hostile request and checks what every case shares: no 5xx, the expected answer
   * (a status, a polite reply, or silence), the process alive and healthy, the state unchanged.
   */
  async function harmless(send: () => Promise<PostResult>, expected: number | 'reply' | 'silent' | 'replyOr400'): Promise<PostResult> {
    const before = snapshot(dbFile);
    const result = await send();
    assert.ok(result.status < 500, `5xx: ${result.status} ${result.text.slice(0, 200)}`);
    if (typeof expected === 'number') assert.equal(result.status, expected, result.text.slice(0, 200));
    else if (!(expected === 'replyOr400' && result.status === 400)) {
      assert.equal(result.status, 200, result.text.slice(0, 200));
      const replies = repliesOf(result);
      if (expected === 'silent') assert.deepEqual(replies, []);
      else assert.ok(replies.some((r) => r.text || r.attachments?.length), `a reply: ${result.text.slice(0, 200)}`);
      assert.doesNotMatch(replyText(replies), APOLOGY, 'answered without failing');
    }
    assert.equal(server.child.exitCode, null, 'still running');
    assert.equal(await healthz(server.url), 200, 'still healthy');
    assert.deepEqual(snapshot(dbFile), before, 'no state change');
    return result;
  }

  describe('bodies that are no JSON activity', () => {
    const broken = ['{"type": "message", ', '', 'null', '"a string"', '[]', '42', '{"type":"message"}}}', 'undefined', '\ufeff{"type":"message"}', "{'type':'message'}", '{"type":"message",}'];
    for (const body of broken) {
      it(`400 for ${JSON.stringify(body)}`, () => harmless(() => post(server.url, body), 400));
    }

    for (const type of ['text/plain', 'text/html', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      it(`415 for content type ${type}`, () => harmless(() => post(server.url, JSON.stringify(status()), { 'content-type': type }), 415));
    }

    it('415 without any content type', () =>
      harmless(async () => {
        const response = await fetch(`${server.url}/api/messages`, { method: 'POST', body: new TextEncoder().encode(JSON.stringify(status())) });
        return { status: response.status, text: await response.text(), body: undefined };
      }, 415));

    it('415 for a compressed body', () => harmless(() => post(server.url, Buffer.from([0x1f, 0x8b, 0x08, 0]), { 'content-encoding': 'gzip' }), 415));

    it('413 for a 5 MB body', () => harmless(() => post(server.url, message('x'.repeat(5 * 1024 * 1024))), 413));

    it('413 for a 5 MB chunked body (no content-length to trust)', () =>
      harmless(
        () =>
          new Promise<PostResult>((resolve, reject) => {
            const request = http.request(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (text += chunk));
              response.on('end', () => resolve({ status: response.statusCode ?? 0, text, body: undefined }));
            });
            request.on('error', reject);
            const chunk = Buffer.alloc(64 * 1024, 'a');
            let sent = 0;
            const write = () => {
              while (sent < 5 * 1024 * 1024) {
                sent += chunk.length;
                if (!request.write(chunk)) return void request.once('drain', write);
              }
              request.end();
            };
            write();
          }),
        413,
      ));
  });

  describe('100,000 levels of nesting', () => {
    it('400 for a nested array as the whole body', () => harmless(() => post(server.url, deepArray()), 400));

    const places: Array<[string, Array<string | number>]> = [
      ['channelData', ['channelData']],
      ['an entity', ['entities', 0]],
      ['an attachment', ['attachments', 0, 'content']],
      ['from', ['from', 'nested']],
      ['conversation', ['conversation', 'nested']],
      ['recipient', ['recipient', 'nested']],
    ];
    for (const [name, path] of places) {
      it(`a 400 or a polite reply for nesting inside ${name}`, () => harmless(() => post(server.url, withRawJson(status(), path, deepObject())), 'replyOr400'));
    }

    it('a 400 or a polite answer for nesting in an Action.Submit value', () =>
      harmless(() => post(server.url, withRawJson(message(undefined, { expectReplies: true }), ['value'], deepObject())), 'replyOr400'));

    it('a 400 or a polite refusal for nesting in card action data', async () => {
      const invoke = { ...message(undefined, { expectReplies: true }), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'proposal.confirm' } } };
      const result = await harmless(() => post(server.url, withRawJson(invoke, ['value', 'action', 'data'], deepArray())), 'replyOr400');
      if (result.status === 200) assert.match(replyText(repliesOf(result)), /nothing was changed|could not be read/i);
    });
  });

  describe('activities with missing or mistyped fields', () => {
    const without = (field: string) => {
      const activity = status();
      delete activity[field];
      return activity;
    };
    it('400 without type', () => harmless(() => post(server.url, without('type')), 400));
    it('400 without conversation', () => harmless(() => post(server.url, without('conversation')), 400));
    it('400 without serviceUrl', () => harmless(() => post(server.url, without('serviceUrl')), 400));
    it('400 for a script serviceUrl', () => harmless(() => post(server.url, { ...status(), serviceUrl: 'javascript:alert(1)' }), 400));
    it('400 for text that is not a string', () => harmless(() => post(server.url, { ...status(), text: { $ne: null } }), 400));
    it('400 for a conversation that is not an object', () => harmless(() => post(server.url, { ...status(), conversation: 'c' }), 400));
    it('400 for a numeric type', () => harmless(() => post(server.url, { ...status(), type: 7 }), 400));

    for (const [name, activity] of [
      ['without from', without('from')],
      ['without recipient', without('recipient')],
      ['without id and channelId', (() => { const a = without('id'); delete a.channelId; return a; })()],
      ['with from as a string', { ...status(), from: 'alex' }],
      ['with from.id as an object', { ...status(), from: { id: { toString: 'x' }, aadObjectId: 42 } }],
      ['with malformed entities', { ...status(), entities: [{ type: 'mention', mentioned: 'bot', text: 5 }, null, 'x'] }],
      ['with attachments as a string', { ...status(), attachments: 'x' }],
      ['with an invalid timestamp and locale', { ...status(), timestamp: 'yesterday', locale: { en: true } }],
    ] as Array<[string, Record<string, unknown>]>) {
      it(`a polite reply ${name}`, () => harmless(() => post(server.url, activity), 'reply'));
    }
  });

  describe('unknown activity types', () => {
    for (const type of ['somethingNew', 'event', 'conversationUpdate', 'messageReaction', 'installationUpdate', 'typing', 'endOfConversation', 'trace', 'handoff', 'command', 'messageUpdate', 'messageDelete']) {
      it(`ignored: ${type}`, () =>
        harmless(() => post(server.url, { ...status(), type, membersAdded: [null, { id: 5 }, 'x'], reactionsAdded: [null, { type: 5 }] }), 'silent'));
    }

    // Sent without expectReplies, so the invoke's own status is the HTTP status.
    it('a 4xx for invokes the bot does not handle', async () => {
      const before = snapshot(dbFile);
      const statuses: Record<string, number> = {};
      for (const name of ['composeExtension/query', 'task/fetch', 'signin/verifyState', 'no/such/thing', undefined]) {
        statuses[String(name)] = (await post(server.url, { ...message(undefined), type: 'invoke', ...(name ? { name } : {}), value: {} })).status;
      }
      assert.equal(await healthz(server.url), 200);
      assert.deepEqual(snapshot(dbFile), before);
      assert.ok(Object.values(statuses).every((s) => s >= 400 && s < 500), `statuses ${JSON.stringify(statuses)}`);
    });
  });

  describe('texts', () => {
    it('a polite "too long" for 1 MB of text', async () => {
      const result = await harmless(() => post(server.url, message('status of site Berlin '.repeat(45_455).slice(0, 1_000_000), { expectReplies: true })), 'reply');
      assert.match(replyText(repliesOf(result)), /too long/);
    });

    for (const [name, text] of Object.entries(HOSTILE_TEXTS)) {
      it(`a polite reply to ${name}`, async () => {
        const result = await harmless(() => post(server.url, message(text, { expectReplies: true })), 'reply');
        const shown = stringsIn(repliesOf(result)).join('\n');
        assert.doesNotMatch(shown, /[\u0000\u001b\u202e]/, 'NUL, ESC and bidi overrides are not echoed back');
      });
    }
  });

  // A suite of its own, so it runs after the nested suites above.
  describe('afterwards', () => {
    it('logged no error while refusing all of it, and never dumped a request', () => {
      assert.deepEqual(errorLogs(server.logs).map((l) => l.msg), []);
      const huge = server.logs.filter((l) => JSON.stringify(l).length > 16_384).map((l) => `${String(l.msg)} (${JSON.stringify(l).length} bytes)`);
      assert.deepEqual(huge, [], 'no log line carries a request body');
    });
  });
});

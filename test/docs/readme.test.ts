// The README's examples against the real bot, so they cannot drift: the curl request is posted as
// written and the facts its shortened reply shows must be in the real reply; the `lyncops parse`
// example prints exactly what the README shows; the chat sessions are played in order, each on a
// fresh demo deployment (the admin's, then alice's), and every word and number of each line the README shows for a bot reply
// must be in the real reply; every concrete example of the command table reads as a command and
// every command has one there. Also: files and project paths cited in comments and docs exist.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseCommand } from '../../bot/cli-tools';
import { loadConfig } from '../../bot/config';
import { startApp, type App } from '../../bot/compose';
import { silentLogger } from '../../migration/ports';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { REGISTRY } from '../../dialogs/registry';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';

const ROOT = resolve(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ALEX = '00000000-0000-0000-0000-0000000000020';
const ALICE = '11111111-0000-0000-0000-000000000001';

/** Fenced blocks of the README with their info string. */
function blocks(): Array<{ lang: string; body: string }> {
  return [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

/** Every text a reader sees in a reply: plain text, text blocks, facts ("title value"), button titles. */
function flatten(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) flatten(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.title === 'string' && typeof o.value === 'string') out.push(`${o.title} ${o.value}`);
    else if (typeof o.title === 'string') out.push(o.title);
    if (typeof o.text === 'string') out.push(o.text);
    for (const [key, value] of Object.entries(o)) if (key !== 'data' && key !== 'fallback') flatten(value, out);
  }
  return out;
}

/** The words and numbers of a README line that must appear in the reply ([tags] and "…" left out). */
function keyWords(line: string): string[] {
  return line
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/…/g, ' ')
    .split(/[\s,;:()"'—–·→✓/+%.]+/)
    .filter((w) => w.length >= 2 || /\d/.test(w));
}

async function post(app: App, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${app.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
}

let serial = 0;
function say(app: App, text: string, aadObjectId: string, locale = 'en-US') {
  serial++;
  return post(app, {
    type: 'message',
    id: `readme-${serial}`,
    text,
    locale,
    deliveryMode: 'expectReplies',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    conversation: { id: `readme-${aadObjectId}` },
    recipient: { id: 'lyncops' },
    from: { id: `user-${aadObjectId}`, aadObjectId },
  });
}

describe('README examples', function () {
  this.timeout(60_000);
  let dir: string;
  let app: App;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-readme-'));
    app = await startApp(loadConfig({ PORT: '0', STORE_URL: join(dir, 'lyncops.sqlite'), SIM_MOVE_LATENCY_MS: '0', SIM_TRANSIENT_FAILURE_RATE: '0', NOTIFY_MOVED_USERS: 'false' }), { logger: silentLogger, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the curl request gets the reply the README shows', async () => {
    const index = blocks().findIndex((b) => b.lang === 'sh' && b.body.includes('curl -s http://localhost:3978/api/messages'));
    assert.ok(index >= 0, 'the curl example');
    const payload = /-d '([\s\S]*?)'\n/.exec(blocks()[index].body)?.[1];
    assert.ok(payload);
    const reply = await post(app, payload);
    const shown = blocks()[index + 1];
    assert.equal(shown.lang, 'json');
    const real = JSON.stringify(reply);
    const fragments = [...shown.body.matchAll(/"(?:text|title)":"[^"]*"(?:,"value":"[^"]*")?|"contentType":"[^"]*"|"type":"message"/g)].map((m) => m[0]);
    assert.ok(fragments.length >= 10, `${fragments.length} fragments checked`);
    for (const fragment of fragments) assert.ok(real.includes(fragment), `the reply has ${fragment}`);
  });

  it('lyncops parse prints what the README shows', async () => {
    const block = blocks().find((b) => b.lang === 'sh' && b.body.includes('| npx lyncops parse'))!;
    const [command, ...expected] = block.body.trimEnd().split('\n');
    const input = /printf '([^']*)'/.exec(command)![1].replace(/\\n/g, '\n');
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    const stdin = new PassThrough();
    stdin.end(input);
    await parseCommand({}, [], stdin, out);
    assert.deepEqual(printed.trimEnd().split('\n'), expected);
  });

  it('the chat sessions answer with the lines the README shows', async () => {
    const sessions = blocks().filter((b) => b.lang === '' && /^you: {2}/m.test(b.body));
    assert.equal(sessions.length, 2, 'the admin session and alice’s');
    let checked = 0;
    for (const [i, session] of sessions.entries()) {
      const caller = i === 0 ? ALEX : ALICE;
      if (i > 0) {
        // Each session starts on a fresh demo deployment.
        await app.close();
        app = await startApp(loadConfig({ PORT: '0', STORE_URL: join(dir, `session-${i}.sqlite`), NOTIFY_MOVED_USERS: 'false' }), { logger: silentLogger, host: '127.0.0.1' });
      }
      let last: unknown;
      let lines: string[] = [];
      const check = () => {
        const real = flatten(last).join('\n').toLowerCase();
        for (const line of lines) for (const word of keyWords(line)) assert.ok(real.includes(word.toLowerCase()), `"${word}" of "${line.trim()}" is in the reply:\n${real}`);
        checked += lines.length;
        lines = [];
      };
      for (const raw of session.body.split('\n')) {
        const you = /^you: {2}(.*)$/.exec(raw);
        if (you) {
          check();
          if (you[1] === '(Confirm)') {
            const proposalId = JSON.stringify(last).match(/"proposalId":"(\d+)"/)?.[1];
            assert.ok(proposalId, 'a card with a Confirm button came before (Confirm)');
            await say(app, `confirm ${proposalId}`, caller);
            for (let n = 0; n < 400 && (await app.store.listJobs(10)).some((j) => !['completed', 'completedWithErrors', 'cancelled'].includes(j.state)); n++) await new Promise((r) => setTimeout(r, 25));
            const [job] = await app.store.listJobs(1);
            last = await app.conversation.jobCard(job.id, 'en');
          } else {
            last = await say(app, you[1], caller, /bin ich/.test(you[1]) ? 'de-DE' : 'en-US');
          }
          continue;
        }
        const bot = /^bot: {2}(.*)$/.exec(raw);
        // Snapshots of a job still running are not checked; its final card is.
        if (bot) lines = /updated in place/.test(bot[1]) ? [] : [bot[1]];
        else if (raw.startsWith('      ') && lines.length) lines.push(raw);
      }
      check();
    }
    assert.ok(checked >= 15, `${checked} reply lines checked`);
  });
});

describe('README command table', () => {
  // Each row's first column lists ways of saying the command (`list sites` / `Standorte anzeigen`);
  // the concrete ones (not the "… force" patterns) must read as a command, not as a question back.
  const section = README.slice(README.indexOf('\n## Commands'), README.indexOf('\n## ', README.indexOf('\n## Commands') + 5));
  const examples = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split(' | ')[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]))
    .filter((text) => !text.includes('…'));

  it('every concrete example is understood as a command on the demo deployment', () => {
    const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));
    assert.ok(examples.length >= 80, `${examples.length} examples`);
    const misread = examples.flatMap((text) => {
      const { command } = recognize(text, catalog);
      return command.intent === 'unknown' || command.intent === 'clarify' || 'unresolved' in command ? [`${text} → ${JSON.stringify(command)}`] : [];
    });
    assert.deepEqual(misread, []);
  });

  it('names each command of the registry at least once', () => {
    const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));
    const shown = new Set(examples.map((text) => recognize(text, catalog).command.intent));
    const hidden = REGISTRY.map((spec) => spec.intent).filter((intent) => !['unknown', 'clarify'].includes(intent) && !shown.has(intent));
    assert.deepEqual(hidden, []);
  });
});

describe('files cited in the repository', () => {
  it('exist: every *.md a comment or document names is in the repository', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const present = new Set(files.map((f) => f.split('/').pop()));
    const missing: string[] = [];
    for (const file of files.filter((f) => /\.(ts|js|mjs|md|yml|yaml|json)$/.test(f) && !f.startsWith('test/fixtures/'))) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue; // listed but deleted in the work tree
      }
      for (const [name] of text.matchAll(/\b[A-Za-z][\w-]*\.md\b/g)) if (!present.has(name)) missing.push(`${file}: ${name}`);
    }
    assert.deepEqual(missing, []);
  });

  it('exist: every project path a comment or document names ("dialogs/cards/plan.ts") is in the repository', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const present = new Set(files);
    // A compiled script is named by its .js file (node dist/scripts/…): its source is the .ts beside.
    const exists = (path: string) => present.has(path) || (path.endsWith('.js') && present.has(path.replace(/\.js$/, '.ts'))) || files.some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));
    const missing: string[] = [];
    let named = 0;
    for (const file of files.filter((f) => /\.(ts|js|mjs|md|yml|yaml)$/.test(f) && !f.startsWith('test/fixtures/'))) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue;
      }
      for (const [path] of text.matchAll(/(?<![\w./@-])(?:bot|dialogs|migration|adapters|scripts|testkit|test|web|manifest|playground)\/[\w./-]*[\w-]\.(?:ts|js|md|json|ya?ml)\b/g)) {
        named += 1;
        if (!exists(path)) missing.push(`${file}: ${path}`);
      }
    }
    assert.ok(named > 100, `${named} paths named`);
    assert.deepEqual(missing, []);
  });
});

// Shutdown of the compiled server (SIGTERM) while Teams refuses card updates and while moves are
// in flight: the process is gone within 2 s, and nothing is lost. The card update that could not
// be delivered is sent by the next start, and so is a personal move notice; the interrupted items are resumed by it and every user
// is moved exactly once.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cardInvoke, message, PEOPLE, post, proposalIdIn } from '../helpers/host/activities';
import { freeFixedPort, simMovesCli, startServerProcess, type ServerProcess } from '../helpers/host/process';
import { itemStates, jobs } from '../helpers/host/store-views';
import { startFakeConnector, type FakeConnector } from '../bot/helpers/http';

const SHUTDOWN_LIMIT_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FINISHED = ['completed', 'completedWithErrors', 'cancelled'];

function pendingCardUpdates(file: string, key = 'lyncops/pending-card-updates'): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT value FROM bot_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as { jobs: string[] }).jobs : [];
  } finally {
    db.close();
  }
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** SIGTERM, and how long the process took to exit. */
async function terminate(server: ServerProcess): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null }> {
  const started = Date.now();
  const exit = await server.stop(10_000);
  return { ms: Date.now() - started, ...exit };
}

describe('robustness: shutdown on SIGTERM (compiled server)', function () {
  this.timeout(120_000);
  let dir: string;
  let connector: FakeConnector;
  let server: ServerProcess | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-robust-shutdown-'));
    connector = await startFakeConnector();
  });
  afterEach(async () => {
    if (server) await server.stop();
    server = undefined;
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Asks for `text`, clicks Confirm on the posted card; returns the job id. */
  async function confirmJob(text: string, dbFile: string): Promise<string> {
    await post(server!.url, message(text, { serviceUrl: connector.url }));
    const posted = connector.calls.find((c) => c.method === 'POST' && /"proposal\.confirm"/.test(JSON.stringify(c.body)));
    assert.ok(posted, 'the confirmation card was posted');
    const click = await post(server!.url, cardInvoke('proposal.confirm', { verb: 'proposal.confirm', proposalId: proposalIdIn(posted.body) }, { serviceUrl: connector.url, replyToId: 'posted-1' }));
    assert.equal(click.status, 200);
    return String(jobs(dbFile)[0].id);
  }

  it('stops within 2 s while card updates are being retried, and the next start delivers them', async () => {
    connector.refuse = (call) => (call.method === 'PUT' && /"State","value":"completed"/.test(JSON.stringify(call.body)) ? 503 : undefined);
    const dbFile = join(dir, 'lyncops.sqlite');
    const env = { STORE_URL: dbFile, SIM_TRANSIENT_FAILURE_RATE: '0', SIM_MOVE_LATENCY_MS: '10', NOTIFY_MOVED_USERS: 'false', CARD_UPDATE_INTERVAL_MS: '100', LOG_LEVEL: 'info' };
    const port = await freeFixedPort();
    server = await startServerProcess({ port, env });
    const jobId = await confirmJob('run coexistence tests for site Berlin', dbFile);
    const finalEdits = () => connector.calls.filter((c) => c.method === 'PUT' && /"State","value":"completed"/.test(JSON.stringify(c.body)));
    await waitFor('the job to finish', () => FINISHED.includes(jobs(dbFile)[0].state));
    // Teams answers the final card edit with 503, again and again: the bot keeps retrying with backoff.
    await waitFor('a refused final card edit', () => finalEdits().length >= 2);
    assert.deepEqual(pendingCardUpdates(dbFile), [jobId], 'the undelivered final card is listed');

    const stopped = await terminate(server);
    server = undefined;
    assert.deepEqual({ code: stopped.code, signal: stopped.signal }, { code: 0, signal: null });
    assert.ok(stopped.ms < SHUTDOWN_LIMIT_MS, `stopped in ${stopped.ms} ms`);
    console.log(`      SIGTERM to exit with a card update being retried: ${stopped.ms} ms`);
    assert.deepEqual(pendingCardUpdates(dbFile), [jobId], 'still listed for the next start');

    connector.refuse = undefined;
    const before = finalEdits().length;
    server = await startServerProcess({ port, env });
    await waitFor('the final card from the next start', () => finalEdits().length > before, 15_000);
    const delivered = finalEdits().at(-1)!;
    assert.match(delivered.path, /\/activities\/posted-1$/);
    await waitFor('the pending list to be cleared', () => pendingCardUpdates(dbFile).length === 0, 5000);
    // The line is written once the whole pending list is done, a moment after the store shows it empty.
    const current = server;
    await waitFor('the resume to be logged', () => current.logs.some((l) => l.msg === 'card updates left by the last shutdown sent'), 5000);
  });

  it('stops within 2 s while a move notice is being retried, and the next start sends it', async () => {
    const dbFile = join(dir, 'lyncops.sqlite');
    const env = { STORE_URL: dbFile, SIM_TRANSIENT_FAILURE_RATE: '0', SIM_MOVE_LATENCY_MS: '10', NOTIFY_MOVED_USERS: 'true', CARD_UPDATE_INTERVAL_MS: '100', LOG_LEVEL: 'info' };
    const port = await freeFixedPort();
    server = await startServerProcess({ port, env });
    // alice has talked to the bot, so it may write to her; Teams then refuses every message to her.
    await post(server.url, message('hi', { from: PEOPLE.alice, serviceUrl: connector.url }));
    const toAlice = (c: { method: string; path: string }) => c.method === 'POST' && c.path.includes(`conversation-${PEOPLE.alice.id}`);
    connector.refuse = (call) => (toAlice(call) ? 503 : undefined);
    const notices = () => connector.calls.filter((c) => toAlice(c) && /You have been moved to Lync Server 2013/.test(JSON.stringify(c.body)));
    const jobId = await confirmJob('move alice@contoso.com to Lync 2013 force', dbFile);
    await waitFor('the job to finish', () => FINISHED.includes(jobs(dbFile)[0].state));
    await waitFor('a refused notice', () => notices().length >= 2);
    const pending = pendingCardUpdates(dbFile, 'lyncops/pending-move-notices');
    assert.deepEqual(pending, [`${jobId} alice@contoso.com lync-ber.contoso.local`], 'the undelivered notice is listed');

    const stopped = await terminate(server);
    server = undefined;
    assert.deepEqual({ code: stopped.code, signal: stopped.signal }, { code: 0, signal: null });
    assert.ok(stopped.ms < SHUTDOWN_LIMIT_MS, `stopped in ${stopped.ms} ms`);
    console.log(`      SIGTERM to exit with a move notice being retried: ${stopped.ms} ms`);
    assert.deepEqual(pendingCardUpdates(dbFile, 'lyncops/pending-move-notices'), pending, 'still listed for the next start');

    connector.refuse = undefined;
    const before = notices().length;
    server = await startServerProcess({ port, env });
    await waitFor('the notice from the next start', () => notices().length > before, 15_000);
    await waitFor('the pending notices to be cleared', () => pendingCardUpdates(dbFile, 'lyncops/pending-move-notices').length === 0, 5000);
    const current = server;
    await waitFor('the resume to be logged', () => current.logs.some((l) => l.msg === 'move notices left by the last shutdown sent'), 5000);
    assert.equal(notices().length, before + 1, 'sent once');
  });

  it('stops within 2 s with moves in flight, and the next start moves every user exactly once', async () => {
    const dbFile = join(dir, 'lyncops.sqlite');
    const env = {
      STORE_URL: dbFile,
      SIM_TRANSIENT_FAILURE_RATE: '0',
      SIM_MOVE_LATENCY_MS: '1500',
      JOB_CONCURRENCY: '4',
      NOTIFY_MOVED_USERS: 'false',
      CARD_UPDATE_INTERVAL_MS: '100',
      LOG_LEVEL: 'info',
    };
    const port = await freeFixedPort();
    server = await startServerProcess({ port, env });
    const jobId = await confirmJob('move pilot group to Lync 2013 force', dbFile);
    connector.failNext.push(...Array<number>(10_000).fill(503));
    await waitFor('moves in flight', () => (itemStates(dbFile, jobId).running ?? 0) > 0 && (itemStates(dbFile, jobId).done ?? 0) > 0);

    const stopped = await terminate(server);
    server = undefined;
    assert.deepEqual({ code: stopped.code, signal: stopped.signal }, { code: 0, signal: null });
    assert.ok(stopped.ms < SHUTDOWN_LIMIT_MS, `stopped in ${stopped.ms} ms`);
    console.log(`      SIGTERM to exit with moves in flight: ${stopped.ms} ms`);
    assert.ok(!FINISHED.includes(jobs(dbFile)[0].state), 'the job was interrupted');

    connector.failNext.length = 0;
    server = await startServerProcess({ port, env: { ...env, SIM_MOVE_LATENCY_MS: '10' } });
    await waitFor('the job to finish after the restart', () => FINISHED.includes(jobs(dbFile)[0].state));
    assert.equal(jobs(dbFile)[0].state, 'completed');
    const total = jobs(dbFile)[0].total_items;
    const moves = await simMovesCli(dbFile);
    assert.equal(moves.length, itemStates(dbFile, jobId).done, 'one move per user');
    assert.equal(new Set(moves.map((m) => m.object.toLowerCase())).size, moves.length, 'nobody moved twice');
    assert.ok(moves.length > 0 && moves.length <= total);
  });
});

// The durable job runner on the real SQLite store and simulator: concurrency bound per pool,
// retries with backoff, permanent failures, cancel, retry-failed, coexistence results, and
// resume after a crash without moving anyone twice.
import assert from 'node:assert/strict';
import type { Job } from '../../migration/model';
import type { LyncBackend } from '../../migration/ports';
import { silentLogger } from '../../migration/ports';
import { derivePhase, observeSite } from '../../migration/phases';
import { backoffDelay, JobRunner } from '../../migration/runner';
import { generateTopology } from '../../migration/demo-topology';
import { ALEX, ERIN, makeWorld, RecordingObserver, type World } from '../helpers/world';
import { queueJob, type MutatingCommand } from '../helpers/world/jobs';

type Mutating = MutatingCommand;

const siteMove = (site: string): Mutating => ({ intent: 'move', subject: { kind: 'site', site }, target: 'lync2013', dryRun: false, force: true });

describe('migration/runner', () => {
  let w: World;
  afterEach(async () => w?.close());

  it('computes backoff as base·2^(n-1), capped, with ±50 % jitter', () => {
    assert.equal(backoffDelay(1, 1000, 60_000, () => 0.5), 1000);
    assert.equal(backoffDelay(3, 1000, 60_000, () => 0.5), 4000);
    assert.equal(backoffDelay(10, 1000, 60_000, () => 0.5), 60_000);
    assert.equal(backoffDelay(2, 1000, 60_000, () => 0), 1000);
    assert.equal(backoffDelay(2, 1000, 60_000, () => 0.999), 2998);
  });

  it('moves a site with at most N concurrent moves per target pool, and reports progress and the end once', async () => {
    w = await makeWorld({ moveLatencyMs: 3, runner: { concurrencyPerPool: 3 } });
    let current = 0;
    let peak = 0;
    const original = w.backend.moveLegacyUser.bind(w.backend);
    w.backend.moveLegacyUser = async (sip, pool, opts) => {
      current++;
      peak = Math.max(peak, current);
      try {
        return await original(sip, pool, opts);
      } finally {
        current--;
      }
    };
    const { job, plan } = await queueJob(w, siteMove('Munich'));
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'completed');
    assert.equal(peak, 3);
    const counts = await w.store.itemCounts(job.id);
    assert.equal(counts.done, plan.items.length);
    assert.equal(w.observer.finishedCalls.filter((f) => f.job.id === job.id).length, 1);
    assert.ok(w.observer.progressCalls.length > 0);
    const moves = await w.backend.moves();
    assert.equal(moves.length, plan.items.length);
    assert.equal(new Set(moves.map((m) => m.object)).size, plan.items.length);
    const o = await observeSite(w.index.site('Munich')!, w.deps);
    assert.equal(o.onOcs.users, 0);
    assert.equal(w.observer.moved.length, plan.items.length);
  });

  it('counts items leased ahead as queued: running on the counts and cards is the backend calls in flight', async () => {
    w = await makeWorld({ runner: { concurrencyPerPool: 2 } });
    const calls: Array<() => void> = [];
    const original = w.backend.moveLegacyUser.bind(w.backend);
    w.backend.moveLegacyUser = async (sip, pool, opts) => {
      await new Promise<void>((resolve) => calls.push(resolve));
      return original(sip, pool, opts);
    };
    const until = async (what: string, ok: () => Promise<boolean> | boolean) => {
      for (let i = 0; i < 400 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(await ok(), what);
    };
    const { job, plan } = await queueJob(w, siteMove('Munich'));
    assert.ok(plan.items.length > 6);
    // Two moves in flight, two more leased ahead by the runner: the ledger shows two running.
    await until('two backend calls started', () => calls.length === 2);
    await until('the leases ahead taken', async () => (await w.store.listItems(job.id, { states: ['pending'] })).filter((i) => i.leaseOwner).length === 2);
    assert.deepEqual(await w.store.itemCounts(job.id), { pending: plan.items.length - 2, running: 2, done: 0, skipped: 0, failed: 0, cancelled: 0 });
    // One answers: its slot starts the next item leased ahead, which is marked running with the outcome.
    calls[0]();
    await until('the next call started', () => calls.length === 3);
    await until('its outcome written', async () => (await w.store.itemCounts(job.id)).done === 1);
    await until('the next one marked running', async () => (await w.store.itemCounts(job.id)).running === 2);
    const counts = await w.store.itemCounts(job.id);
    assert.deepEqual(counts, { pending: plan.items.length - 3, running: 2, done: 1, skipped: 0, failed: 0, cancelled: 0 });
    // The rest run through; no progress card ever showed more running than calls could be in flight.
    const drain = setInterval(() => calls.splice(0).forEach((go) => go()), 2);
    try {
      assert.equal((await w.observer.whenFinished(job.id)).state, 'completed');
    } finally {
      clearInterval(drain);
    }
    const progress = w.observer.progressCalls.filter((p) => p.job.id === job.id);
    assert.ok(progress.length > 0);
    for (const p of progress) assert.ok(p.counts.running <= 2, `a card showed ${p.counts.running} running`);
  });

  it('retries transient failures with backoff and records permanent ones with their code', async () => {
    w = await makeWorld({
      inject: [
        { op: 'moveLegacyUser', object: 'alice@contoso.com', code: 'REPLICATION_NOT_SYNCED', times: 2 },
        { op: 'moveLegacyUser', object: 'carol@contoso.com', code: 'BACKEND_STORE_ERROR' },
        { op: 'moveLegacyUser', object: 'erin@contoso.com', code: 'USER_NOT_FOUND' },
      ],
    });
    const plan = await w.planner.plan({ intent: 'move', subject: { kind: 'site', site: 'Berlin' }, target: 'lync2013', dryRun: false, force: true });
    const keep = new Set(['alice@contoso.com', 'carol@contoso.com', 'erin@contoso.com']);
    plan.items = plan.items.filter((i) => keep.has(i.key));
    const now = Date.now();
    const proposal = await w.store.createProposal({ plan, requestedBy: ALEX, createdAt: now, expiresAt: now + 60_000, locale: 'en' });
    const outcome = await w.store.approveProposal(proposal.id, ALEX, now, 1);
    assert.equal(outcome.outcome, 'started');
    const job = (outcome as { job: Job }).job;
    w.runner.wake();
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'completedWithErrors');
    const items = Object.fromEntries((await w.store.listItems(job.id)).map((i) => [i.key, i]));
    assert.equal(items['alice@contoso.com'].state, 'done');
    assert.equal(items['alice@contoso.com'].attempts, 3);
    assert.equal(items['carol@contoso.com'].state, 'failed');
    assert.equal(items['carol@contoso.com'].errorCode, 'BACKEND_STORE_ERROR');
    assert.equal(items['carol@contoso.com'].attempts, 4, 'transient failures stop at maxAttempts');
    assert.equal(items['erin@contoso.com'].state, 'failed');
    assert.equal(items['erin@contoso.com'].errorCode, 'USER_NOT_FOUND');
    assert.equal(items['erin@contoso.com'].attempts, 1, 'permanent failures are not retried');
    const groups = await w.store.failureGroups(job.id, 3);
    assert.deepEqual(groups.map((g) => g.code).sort(), ['BACKEND_STORE_ERROR', 'USER_NOT_FOUND']);
    const audit = await w.store.listAudit({ limit: 50 });
    assert.equal(audit.filter((e) => e.event === 'item.retryScheduled' && e.target === 'alice@contoso.com').length, 2);
  });

  it('retry-failed requeues only failed items and finishes the job', async () => {
    w = await makeWorld({ inject: [{ op: 'moveLegacyUser', object: 'alice@contoso.com', code: 'LEGACY_CONFIG_NOT_IMPORTED', times: 1 }] });
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
    const { job } = await queueJob(w, { intent: 'move', subject: { kind: 'user', user: 'alice@contoso.com' }, target: 'lync2013', dryRun: false });
    assert.equal((await w.observer.whenFinished(job.id)).state, 'completedWithErrors');
    w.observer.finishedCalls = [];
    const replies = await w.say(`retry job ${job.id}`);
    assert.match(replies[0].text ?? '', /1 failed item/);
    assert.equal((await w.observer.whenFinished(job.id)).state, 'completed');
    assert.equal((await w.backend.getUser('alice@contoso.com'))?.registrarPool, 'lync-ber.contoso.local');
  });

  it('cancel stops scheduling: in-flight items finish, the rest are cancelled', async () => {
    w = await makeWorld({ moveLatencyMs: 15, runner: { concurrencyPerPool: 2 } });
    const { job, plan } = await queueJob(w, siteMove('Munich'));
    while ((await w.store.itemCounts(job.id)).done < 5) await new Promise((r) => setTimeout(r, 5));
    const replies = await w.say(`cancel job ${job.id}`, ERIN);
    assert.match(replies[0].text ?? '', /being cancelled/);
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'cancelled');
    const counts = await w.store.itemCounts(job.id);
    assert.equal(counts.pending + counts.running, 0);
    assert.ok(counts.cancelled > 0);
    assert.equal(counts.done + counts.cancelled, plan.items.length);
    assert.equal((await w.backend.moves()).length, counts.done);
  });

  it('stores the coexistence result, which moves Berlin to coexistence-verified; a stopped front end fails it', async () => {
    w = await makeWorld();
    const { job } = await queueJob(w, { intent: 'coexistenceTest', site: 'Berlin' });
    assert.equal((await w.observer.whenFinished(job.id)).state, 'completed');
    const result = await w.store.lastCoexistenceResult('Berlin');
    assert.equal(result?.passed, true);
    assert.equal(result?.checks.length, 9);
    assert.equal(derivePhase(await observeSite(w.index.site('Berlin')!, w.deps)), 'coexistence-verified');

    await w.backend.setServiceStatus('lync-ber-fe01.contoso.local', 'RTCSRV', 'Stopped');
    const second = await queueJob(w, { intent: 'coexistenceTest', site: 'Berlin' });
    await w.observer.whenFinished(second.job.id);
    const failed = await w.store.lastCoexistenceResult('Berlin');
    assert.equal(failed?.passed, false);
    const services = failed?.checks.find((c) => c.check === 'servicesLync');
    assert.equal(services?.passed, false);
    assert.match(services?.diagnosis ?? '', /RTCSRV/);
  });

  it('fails the services check when Get-CsWindowsService answers nothing: unknown, never running', async () => {
    w = await makeWorld();
    const real = w.backend.getServiceStatus.bind(w.backend);
    w.backend.getServiceStatus = async (computer) => (computer === 'ocs-ber-fe02.contoso.local' ? [] : real(computer));
    const { job } = await queueJob(w, { intent: 'coexistenceTest', site: 'Berlin' });
    await w.observer.whenFinished(job.id);
    const result = await w.store.lastCoexistenceResult('Berlin');
    const services = result?.checks.find((c) => c.check === 'servicesOcs');
    assert.equal(services?.passed, false);
    assert.equal(services?.error, 'service status unknown on 1 computer(s)');
    assert.match(services?.diagnosis ?? '', /ocs-ber-fe02\.contoso\.local: no services reported \(status unknown\)/);
    assert.equal(result?.checks.find((c) => c.check === 'servicesLync')?.passed, true);
    const card = JSON.stringify((await w.say('status of site Berlin'))[0].card);
    assert.match(card, /unknown on 1 computer\(s\)/);
  });

  it('does not blame the backend when recording a finished move fails: the item goes back and ends done, moved once', async () => {
    w = await makeWorld({ runner: { leaseMs: 500 } });
    await w.runner.stop(0);
    // The ledger refuses the first "done" write, as a dropped database connection would.
    let refused = 0;
    const flaky = Object.create(w.store) as typeof w.store;
    flaky.updateItem = async (...args: Parameters<typeof w.store.updateItem>) => {
      if (args[2].state === 'done' && refused === 0) {
        refused += 1;
        throw new Error('connection terminated unexpectedly');
      }
      return w.store.updateItem(...args);
    };
    const observer = new RecordingObserver();
    const runner = new JobRunner({ store: flaky, backend: w.backend, topology: w.index, clock: { now: () => Date.now() }, logger: silentLogger, observer, workerId: 'replica-f', concurrencyPerPool: 1, maxAttempts: 4, leaseMs: 500, pollIntervalMs: 10 });
    runner.start();
    try {
      await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
      const { job } = await queueJob(w, { intent: 'move', subject: { kind: 'user', user: 'alice@contoso.com' }, target: 'lync2013', dryRun: false });
      const finished = await observer.whenFinished(job.id);
      assert.equal(refused, 1);
      assert.equal(finished.state, 'completed');
      const [item] = await w.store.listItems(job.id);
      assert.deepEqual({ state: item.state, errorCode: item.errorCode ?? null }, { state: 'done', errorCode: null });
      assert.equal((await w.backend.moves()).filter((m) => m.object.toLowerCase().includes('alice@contoso.com')).length, 1, 'moved once');
    } finally {
      await runner.stop(1000);
    }
  });

  it('resumes after a crash between the backend call and the ledger write without moving anyone twice', async () => {
    const topology = generateTopology({ usersPerSite: 60, quirks: false });
    w = await makeWorld({ topology, runner: { leaseMs: 150, concurrencyPerPool: 4 } });
    // The first runner "dies" after 20 moves: the next calls reach the backend, then never return.
    let calls = 0;
    const real = w.backend;
    const dying: LyncBackend = Object.create(real);
    dying.moveLegacyUser = async (sip, pool, opts) => {
      calls++;
      if (calls <= 20) return real.moveLegacyUser(sip, pool, opts);
      await real.moveLegacyUser(sip, pool, opts);
      return new Promise<void>(() => undefined);
    };
    await w.runner.stop(0);
    const observerA = new RecordingObserver();
    const runnerA = new JobRunner({ store: w.store, backend: dying, topology: w.index, clock: { now: () => Date.now() }, logger: silentLogger, observer: observerA, workerId: 'replica-a', concurrencyPerPool: 4, maxAttempts: 4, leaseMs: 150, pollIntervalMs: 10 });
    runnerA.start();
    const { job, plan } = await queueJob(w, siteMove('Munich'));
    while (calls < 24) await new Promise((r) => setTimeout(r, 5));
    await runnerA.stop(0);
    const before = await w.store.itemCounts(job.id);
    assert.ok(before.running >= 1, 'items were left running by the dead runner');

    // A fresh store and runner over the same SQLite file finish the job.
    const { openSqliteStore } = await import('../../adapters/store/sqlite');
    const { SimulatedLyncBackend } = await import('../../adapters/lync/simulated');
    const store2 = openSqliteStore(w.dbFile);
    await store2.init();
    const backend2 = new SimulatedLyncBackend({ topology, state: store2, moveLatencyMs: 0, transientFailureRate: 0 });
    const observerB = new RecordingObserver();
    const runnerB = new JobRunner({ store: store2, backend: backend2, topology: w.index, clock: { now: () => Date.now() }, logger: silentLogger, observer: observerB, workerId: 'replica-b', concurrencyPerPool: 4, maxAttempts: 4, leaseMs: 150, pollIntervalMs: 10 });
    runnerB.start();
    try {
      const finished = await observerB.whenFinished(job.id);
      assert.equal(finished.state, 'completed');
      const moves = await backend2.moves();
      const perUser = new Map<string, number>();
      for (const m of moves) perUser.set(m.object, (perUser.get(m.object) ?? 0) + 1);
      assert.equal(perUser.size, plan.items.length);
      assert.ok([...perUser.values()].every((n) => n === 1), 'every user moved exactly once');
      const items = await store2.listItems(job.id, { limit: 1000 });
      assert.ok(items.every((i) => i.state === 'done'));
      assert.ok(items.some((i) => (i.result as { alreadyThere?: boolean } | null)?.alreadyThere), 'a hung move was recognised as already done');
    } finally {
      await runnerB.stop(1000);
      await store2.close();
    }
  });
});

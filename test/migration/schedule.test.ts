// Scheduled and paced jobs end to end on the real SQLite store and simulator, with a clock the
// test moves: the plan card shows the start in the admin's zone, a job scheduled for 22:00 starts
// then and not before, on whichever replica runs, late when none ran at the time (and says so),
// is stopped at its start when a gate fails by then, can be cancelled before it starts, and runs
// in waves when paced.
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../adapters/store/sqlite';
import type { Reply } from '../../dialogs/types';
import type { Job } from '../../migration/model';
import { silentLogger } from '../../migration/ports';
import { JobRunner } from '../../migration/runner';
import { planRecheck } from '../../migration/schedule/starter';
import { cardText } from '../helpers/turns/card-check';
import { ALEX, ERIN, makeWorld, RecordingObserver, type World } from '../helpers/world';

/** 21:00 in Berlin on Saturday 12 December 2026. */
const T21 = Date.UTC(2026, 11, 12, 20, 0);
const T22 = Date.UTC(2026, 11, 12, 21, 0);
const MINUTE = 60_000;

class TestClock {
  constructor(public t: number) {}
  now = () => this.t;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('migration/schedule: scheduled and paced jobs', () => {
  let w: World | undefined;
  const extra: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    for (const e of extra.splice(0)) await e.stop();
    await w?.close();
    w = undefined;
  });

  const conversationRef = { conversation: { id: 'conv-1', conversationType: 'personal' }, serviceUrl: 'http://localhost/_connector' };
  let turnNo = 0;
  const say = (world: World, text: string, actor = ALEX): Promise<Reply[]> =>
    world.conversation.onMessage({ text, actor, locale: 'en-US', conversationId: 'conv-1', conversationRef, correlationId: `s${++turnNo}`, timeZone: 'Europe/Berlin' });

  async function schedule(world: World, text: string): Promise<{ job: Job; planText: string; confirmText: string }> {
    const replies = await say(world, text);
    const plan = replies.find((r) => r.track?.kind === 'proposal');
    assert.ok(plan?.card, `no confirmation card: ${JSON.stringify(replies.map((r) => r.text ?? cardText(r.card)))}`);
    const result = await world.click({ verb: 'proposal.confirm', proposalId: plan.track!.id, lang: 'en' });
    const jobs = await world.store.listJobs(1);
    return { job: jobs[0], planText: cardText(plan.card), confirmText: cardText(result.card) };
  }

  const withRecheck = (clock: TestClock) => async (): Promise<World> => {
    const world = await makeWorld({ clock, startRunner: false });
    // Coexistence passed an hour before the test's evening (results expire after a few days).
    await world.store.saveCoexistenceResult({ site: 'Munich', at: clock.t - 60 * MINUTE, passed: true, checks: [] });
    const runner = new JobRunner({
      store: world.store,
      backend: world.backend,
      topology: world.index,
      clock,
      logger: silentLogger,
      observer: world.observer,
      workerId: 'replica-a',
      concurrencyPerPool: 4,
      maxAttempts: 3,
      leaseMs: 30_000,
      pollIntervalMs: 20,
      progressIntervalMs: 0,
      recheck: planRecheck({ store: world.store, plan: (c) => world.planner.plan(c) }),
    });
    Object.assign(world, { runner });
    return world;
  };

  it('shows the start as understood, keeps the job "scheduled", and starts it at 22:00 and not before', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    w.runner.start();
    const { job, planText, confirmText } = await schedule(w, 'move site Munich to Lync 2013 tonight at 22:00');
    assert.match(planText, /tonight at 22:00 → Sat 12 Dec 2026, 22:00 Europe\/Berlin/);
    assert.match(confirmText, /scheduled/);
    assert.match(confirmText, /Sat 12 Dec 2026, 22:00 Europe\/Berlin/);
    const list = cardText((await say(w, 'list jobs'))[0].card);
    assert.match(list, new RegExp(`Job ${job.id}: .*scheduled.*Next start: Sat 12 Dec 2026, 22:00 Europe/Berlin`, 's'));

    clock.t = T22 - 1000;
    await sleep(300);
    assert.equal((await w.store.getJob(job.id))?.state, 'queued');
    assert.equal((await w.backend.moves()).length, 0, 'nothing moves before 22:00');
    assert.equal((await w.store.getSchedule(job.id))?.state, 'waiting');

    clock.t = T22;
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'completed');
    const s = await w.store.getSchedule(job.id);
    assert.equal(s?.state, 'started');
    assert.equal(s?.startedAt, T22);
    assert.ok((await w.backend.moves()).length > 0);
    assert.ok((await w.backend.moves()).every((m) => m.at >= T22));
    const card = cardText(await w.conversation.jobCard(job.id, 'en'));
    assert.doesNotMatch(card, /late/);
  });

  it('is started by the replica that is up when the one that was running is killed before the start', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    w.runner.start();
    const { job } = await schedule(w, 'move site Munich to Lync 2013 tonight at 22:00');
    await w.runner.stop(1000); // replica A dies before 22:00

    const storeB = openSqliteStore(w.dbFile);
    await storeB.init();
    const observerB = new RecordingObserver();
    const runnerB = new JobRunner({
      store: storeB,
      backend: w.backend,
      topology: w.index,
      clock,
      logger: silentLogger,
      observer: observerB,
      workerId: 'replica-b',
      concurrencyPerPool: 4,
      maxAttempts: 3,
      leaseMs: 30_000,
      pollIntervalMs: 20,
      progressIntervalMs: 0,
    });
    runnerB.start();
    extra.push({ stop: async () => { await runnerB.stop(1000); await storeB.close(); } });
    await sleep(200);
    assert.equal((await w.backend.moves()).length, 0);
    clock.t = T22 + 2000;
    const finished = await observerB.whenFinished(job.id);
    assert.equal(finished.state, 'completed');
    const starts = (await w.store.listAudit({ limit: 2000 })).filter((e) => e.event === 'job.scheduledStart');
    assert.equal(starts.length, 1);
    assert.equal(starts[0].details?.worker, 'replica-b');
  });

  it('starts late when no replica was up at the time, and the card says so', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    const { job } = await schedule(w, 'move site Munich to Lync 2013 tonight at 22:00');
    clock.t = T22 + 7 * MINUTE;
    w.runner.start();
    await w.observer.whenFinished(job.id);
    const card = cardText(await w.conversation.jobCard(job.id, 'en'));
    assert.match(card, /started 7 min late \(due Sat 12 Dec 2026, 22:00 Europe\/Berlin\)/);
    const de = cardText(await w.conversation.jobCard(job.id, 'de'));
    assert.match(de, /7 Min\. verspätet gestartet/);
  });

  it('takes over a start that a replica leased and never finished, once the lease has expired', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    const { job } = await schedule(w, 'move site Munich to Lync 2013 tonight at 22:00');
    clock.t = T22;
    const leased = await w.store.claimDueSchedules({ workerId: 'dead-replica', now: T22, leaseMs: 30_000, limit: 10 });
    assert.equal(leased.length, 1);
    w.runner.start();
    await sleep(200);
    assert.equal((await w.backend.moves()).length, 0, 'the lease of the dead replica still holds');
    clock.t = T22 + 31_000;
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'completed');
  });

  it('stops the job at its start with the reason when a gate fails by then', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    w.runner.start();
    const { job } = await schedule(w, 'move site Munich to Lync 2013 tonight at 22:00');
    // Coexistence at Munich fails after the confirmation.
    await w.store.saveCoexistenceResult({ site: 'Munich', at: T21 + MINUTE, passed: false, checks: [{ check: 'imLegacyToLync', passed: false }] });
    clock.t = T22;
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'cancelled');
    assert.equal((await w.backend.moves()).length, 0);
    const card = cardText(await w.conversation.jobCard(job.id, 'en'));
    assert.match(card, /checked again at the start and a check failed/);
    assert.match(card, /Munich/);
    assert.equal((await w.store.getSchedule(job.id))?.stopGates?.[0]?.gate, 'coexistenceVerified');
  });

  it('can be cancelled before it starts, and then never starts', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    w.runner.start();
    const { job } = await schedule(w, 'move site Munich to Lync 2013 tonight at 22:00');
    const replies = await say(w, `cancel job ${job.id}`, ERIN);
    assert.match(replies[0].text ?? '', /being cancelled/);
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'cancelled');
    clock.t = T22 + MINUTE;
    await sleep(200);
    assert.equal((await w.backend.moves()).length, 0);
    assert.equal((await w.store.getSchedule(job.id))?.state, 'waiting');
  });

  it('does not start a scheduled job that was paused before its time; resumed, it starts then, late', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    w.runner.start();
    const { job } = await schedule(w, 'move site Munich to Lync 2013 tonight at 22:00');
    assert.match((await say(w, `pause job ${job.id}`)).map((r) => r.text ?? '').join(' '), /is paused/);
    clock.t = T22 + 5 * MINUTE;
    await sleep(300);
    assert.equal((await w.backend.moves()).length, 0, 'a paused job does not start at its time');
    assert.equal((await w.store.getSchedule(job.id))?.state, 'waiting');
    assert.match((await say(w, `resume job ${job.id}`)).map((r) => r.text ?? '').join(' '), /is resumed/);
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'completed');
    assert.match(cardText(await w.conversation.jobCard(job.id, 'en')), /started 5 min late/);
  });

  it('runs a paced job in waves and shows the pace and the expected end', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    w.runner.start();
    const { job, planText } = await schedule(w, 'move site Munich to Lync 2013 tonight at 22:00 in waves of 100 an hour');
    assert.match(planText, /in waves of 100 an hour → 100 users an hour/);
    assert.match(planText, /Expected end/);
    clock.t = T22;
    await until('first wave', async () => (await w!.store.itemCounts(job.id)).done === 100);
    await sleep(200);
    const counts = await w.store.itemCounts(job.id);
    assert.equal(counts.done, 100, 'the second wave waits for its hour');
    assert.ok(counts.pending > 0);
    clock.t = T22 + 60 * MINUTE;
    await until('second wave', async () => (await w!.store.itemCounts(job.id)).done >= 200 || (await w!.store.getJob(job.id))?.state === 'completed');
    const card = cardText(await w.conversation.jobCard(job.id, 'en'));
    assert.match(card, /100 users an hour/);
  });

  it('asks when the time is unclear or past and plans nothing', async () => {
    const clock = new TestClock(T21);
    w = await withRecheck(clock)();
    const ambiguous = await say(w, 'move site Munich to Lync 2013 tomorrow at 7');
    assert.match(ambiguous[0].text ?? '', /could mean 07:00 or 19:00/);
    const past = await say(w, 'move site Munich to Lync 2013 today at 20:00');
    assert.match(past[0].text ?? '', /already passed/);
    const de = await say(w, 'Standort München heute Abend nach Lync 2013 verschieben');
    assert.match(de[0].text ?? '', /um wie viel Uhr/);
    assert.equal((await w.store.listJobs(10)).length, 0);
    assert.equal((await w.store.listAudit({ limit: 50 })).filter((e) => e.event === 'proposal.created').length, 0);
  });
});

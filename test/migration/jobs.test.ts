// The job state machine (migration/jobs.ts) with the runner on the real SQLite store and the
// simulator: a cancel during an in-flight move that then fails transiently (it used to leave the
// job "cancelling" for ever), a job left cancelling with pending items by an older version, and
// pause/resume (items in flight finish, nothing new is claimed until the job is resumed), and the
// second admin a retry needs when the job needed two to start.
import assert from 'node:assert/strict';
import { approveRetry, jobTransitions } from '../../migration/jobs';
import type { AuditEvent, Job } from '../../migration/model';
import { ERIN, makeWorld, type World } from '../helpers/world';
import { queueJob, until, type MutatingCommand } from '../helpers/world/jobs';

const queued = async (w: World, command: Mutating): Promise<Job> => (await queueJob(w, command)).job;

type Mutating = MutatingCommand;


const moveAlice: Mutating = { intent: 'move', subject: { kind: 'user', user: 'alice@contoso.com' }, target: 'lync2013', dryRun: false };
const siteMove = (site: string): Mutating => ({ intent: 'move', subject: { kind: 'site', site }, target: 'lync2013', dryRun: false, force: true });

describe('migration/jobs: the job state machine with the runner', () => {
  let w: World;
  afterEach(async () => w?.close());

  it('a cancel during an in-flight move that then fails transiently ends cancelled, and cancel/retry answer for it', async () => {
    // Every move fails transiently after its latency: without the fix the item went back to
    // pending inside the cancelling job, which then never finished.
    w = await makeWorld({ transientFailureRate: 1, moveLatencyMs: 400 });
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
    const job = await queued(w, moveAlice);
    await until('the move to be in flight', async () => (await w.store.itemCounts(job.id)).running === 1);
    const replies = await w.say(`cancel job ${job.id}`, ERIN);
    assert.match(replies[0].text ?? '', /being cancelled/);

    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'cancelled');
    const [item] = await w.store.listItems(job.id);
    assert.equal(item.state, 'cancelled');
    assert.equal(item.attempts, 1, 'the cancelled job was not tried again');
    const events = (await w.store.listAudit({ limit: 50 })).filter((e) => e.target === item.key || e.target === job.id).map((e) => e.event);
    assert.ok(events.includes('item.cancelled'), `events: ${events.join(', ')}`);
    assert.ok(!events.includes('item.retryScheduled'));

    assert.equal((await w.say(`cancel job ${job.id}`, ERIN))[0].text, `Job ${job.id} is cancelled; there is nothing to cancel.`);
    assert.equal((await w.say(`retry job ${job.id}`, ERIN))[0].text, `Job ${job.id} has no failed items to retry.`);
  });

  it('a job left cancelling with pending items (as an older version left it) reaches cancelled once a runner starts', async () => {
    w = await makeWorld({ startRunner: false });
    const job = await queued(w, siteMove('Munich'));
    // The hung state: the job is cancelling, yet items are pending (no claim takes them any more).
    assert.equal(await w.store.transitionJob(job.id, ['queued'], 'cancelling', Date.now()), true);
    assert.ok((await w.store.itemCounts(job.id)).pending > 0);
    w.runner.start();
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'cancelled');
    const counts = await w.store.itemCounts(job.id);
    assert.equal(counts.pending + counts.running + counts.done, 0);
    assert.equal((await w.backend.moves()).length, 0, 'nobody was moved');
  });

  it('pause lets in-flight items finish and claims nothing new; resume carries on to the end', async () => {
    w = await makeWorld({ moveLatencyMs: 30, runner: { concurrencyPerPool: 2 } });
    const job = await queued(w, siteMove('Munich'));
    await until('a few items done', async () => (await w.store.itemCounts(job.id)).done >= 3);
    const paused = await w.store.applyJobTransition(job.id, jobTransitions.pause(ERIN), Date.now());
    assert.equal(paused.outcome === 'applied' && paused.job.state, 'paused');
    await until('the items in flight to finish', async () => (await w.store.itemCounts(job.id)).running === 0);
    const atPause = await w.store.itemCounts(job.id);
    await new Promise((r) => setTimeout(r, 300));
    const later = await w.store.itemCounts(job.id);
    assert.deepEqual(later, atPause, 'nothing new ran while paused');
    assert.ok(later.pending > 0);
    assert.equal((await w.store.getJob(job.id))?.state, 'paused');
    assert.equal(w.observer.finishedCalls.length, 0);

    const resumed = await w.store.applyJobTransition(job.id, jobTransitions.resume(ERIN), Date.now());
    assert.equal(resumed.outcome === 'applied' && resumed.job.state, 'running');
    w.runner.wake();
    const finished = await w.observer.whenFinished(job.id);
    assert.equal(finished.state, 'completed');
    const counts = await w.store.itemCounts(job.id);
    assert.equal(counts.done, job.totalItems);
    const events = (await w.store.listAudit({ limit: 1000 })).filter((e) => e.target === job.id && e.event.startsWith('job.')).map((e) => e.event).reverse();
    assert.deepEqual(events, ['job.queued', 'job.started', 'job.paused', 'job.resumed', 'job.finished']);
  });

  it('a paused job whose last items finished stays paused until it is resumed', async () => {
    w = await makeWorld({ moveLatencyMs: 200 });
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
    const job = await queued(w, moveAlice);
    await until('the move to be in flight', async () => (await w.store.itemCounts(job.id)).running === 1);
    await w.store.applyJobTransition(job.id, jobTransitions.pause(ERIN), Date.now());
    await until('the move in flight to finish', async () => (await w.store.itemCounts(job.id)).done === 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await w.store.getJob(job.id))?.state, 'paused');
    await w.store.applyJobTransition(job.id, jobTransitions.resume(ERIN), Date.now());
    assert.equal((await w.observer.whenFinished(job.id)).state, 'completed');
  });
});

describe('migration/jobs: a retry of a job that needed two admins', () => {
  const ALEX = { id: 'alex-id', name: 'Alex Wilber', sip: 'alex.wilber@contoso.com', role: 'admin' as const };
  const ERIN_ACTOR = { id: 'erin-id', name: 'Erin Hill', sip: 'erin@contoso.com', role: 'admin' as const };
  const POLICY = { requireSecondApprover: true, approvalTtlMs: 15 * 60_000 };
  const job = (approvers: number, finishedAt = 1_000): Job =>
    ({ id: '7', sites: ['Berlin'], approvedBy: [ALEX, ERIN_ACTOR].slice(0, approvers), finishedAt }) as unknown as Job;
  const auditLog = () => {
    const events: AuditEvent[] = [];
    return { events, listAudit: async () => [...events].reverse(), appendAudit: async (e: AuditEvent) => void events.push(e) };
  };

  it('goes ahead at once when the job started with one admin or the setting is off', async () => {
    const log = auditLog();
    assert.equal(await approveRetry(log, job(1), ALEX, 2_000, POLICY), 'go');
    assert.equal(await approveRetry(log, job(2), ALEX, 2_000, { ...POLICY, requireSecondApprover: false }), 'go');
    assert.deepEqual(log.events, []);
  });

  it('records the first admin\'s retry as an approval, refuses the same admin again, lets a different admin go', async () => {
    const log = auditLog();
    assert.equal(await approveRetry(log, job(2), ALEX, 2_000, POLICY), 'firstApproval');
    assert.deepEqual(log.events, [{ at: 2_000, actor: { id: 'alex-id', name: 'Alex Wilber', role: 'admin' }, event: 'job.retryApproved', outcome: 'ok', target: '7', site: 'Berlin' }]);
    assert.equal(await approveRetry(log, job(2), ALEX, 3_000, POLICY), 'alreadyApproved');
    assert.equal(await approveRetry(log, job(2), ERIN_ACTOR, 4_000, POLICY), 'go');
    assert.equal(log.events.length, 1);
  });

  it('counts no approval from before the job last finished or older than a proposal lives', async () => {
    const log = auditLog();
    await approveRetry(log, job(2), ALEX, 2_000, POLICY);
    assert.equal(await approveRetry(log, job(2, 5_000), ERIN_ACTOR, 6_000, POLICY), 'firstApproval', 'the job finished again after it');
    const late = 6_000 + POLICY.approvalTtlMs + 1;
    assert.equal(await approveRetry(log, job(2, 5_000), ALEX, late, POLICY), 'firstApproval', 'expired');
  });
});

// The schedule part of the Store contract: a scheduled job's items stay blocked until a worker
// leases the due schedule and starts it; the lease hands each schedule to exactly one worker (also
// across store handles, as replicas), expires for a worker that died, and start and stop are
// single transactions with their audit event.
import assert from 'node:assert/strict';
import type { Job, PlanItem } from '../../../migration/model';
import type { Store } from '../../../migration/ports';
import type { PlannedStart } from '../../../migration/model';
import type { ContractContext } from './context';
import { MINUTE, T0, alex, makePlan, proposalInput, userItems } from '../../helpers/store/fixtures';

const LEASE = 30_000;
const START = T0 + 60 * MINUTE;

async function scheduledJob(store: Store, items: PlanItem[], schedule: Partial<PlannedStart> = {}): Promise<Job> {
  const plan = makePlan(items);
  plan.schedule = { startAt: START, timeZone: 'Europe/Berlin', words: 'tonight at 22:00', ...schedule };
  const proposal = await store.createProposal(proposalInput(plan, T0));
  const outcome = await store.approveProposal(proposal.id, alex, T0, 1);
  if (outcome.outcome !== 'started') throw new Error(`expected a job, got ${outcome.outcome}`);
  return outcome.job;
}

const claimAll = (store: Store, now: number) => store.claimItems({ workerId: 'w-items', now, leaseMs: LEASE, limit: 1000 });

export function scheduleContract(ctx: ContractContext): void {
  describe('schedules', () => {
    it('keeps a scheduled job queued with its items blocked until it is started', async () => {
      const job = await scheduledJob(ctx.store, userItems(3));
      assert.equal(job.state, 'queued');
      const schedule = await ctx.store.getSchedule(job.id);
      assert.deepEqual(schedule, { jobId: job.id, startAt: START, timeZone: 'Europe/Berlin', words: 'tonight at 22:00', state: 'waiting' });
      assert.deepEqual(await claimAll(ctx.store, START + 365 * 24 * 60 * MINUTE), []);
      assert.deepEqual((await ctx.store.listSchedules([job.id, '999'])).map((s) => s.jobId), [job.id]);
      assert.equal(await ctx.store.getSchedule('999'), null);
    });

    it('leases a due schedule once, not before its time, and to another worker only after the lease expired', async () => {
      const job = await scheduledJob(ctx.store, userItems(2));
      assert.deepEqual(await ctx.store.claimDueSchedules({ workerId: 'a', now: START - 1, leaseMs: LEASE, limit: 10 }), []);
      const first = await ctx.store.claimDueSchedules({ workerId: 'a', now: START, leaseMs: LEASE, limit: 10 });
      assert.deepEqual(first.map((s) => [s.jobId, s.state, s.leaseOwner, s.leaseUntil]), [[job.id, 'starting', 'a', START + LEASE]]);
      assert.deepEqual(await ctx.store.claimDueSchedules({ workerId: 'b', now: START + LEASE - 1, leaseMs: LEASE, limit: 10 }), []);
      const taken = await ctx.store.claimDueSchedules({ workerId: 'b', now: START + LEASE + 1, leaseMs: LEASE, limit: 10 });
      assert.deepEqual(taken.map((s) => s.leaseOwner), ['b']);
      assert.equal(await ctx.store.startScheduledJob(job.id, 'a', START + LEASE + 2, { alreadyThere: 0 }), false, 'the worker that lost the lease cannot start it');
      assert.equal(await ctx.store.startScheduledJob(job.id, 'b', START + LEASE + 2, { alreadyThere: 1 }), true);
      assert.equal(await ctx.store.startScheduledJob(job.id, 'b', START + LEASE + 3, { alreadyThere: 1 }), false, 'started once');
      const started = await ctx.store.getSchedule(job.id);
      assert.equal(started?.state, 'started');
      assert.equal(started?.startedAt, START + LEASE + 2);
      assert.equal(started?.alreadyThere, 1);
      assert.equal((await claimAll(ctx.store, START + LEASE + 2)).length, 2);
      const audit = (await ctx.store.listAudit({ limit: 10 })).filter((e) => e.event === 'job.scheduledStart');
      assert.equal(audit.length, 1);
      assert.equal(audit[0].target, job.id);
      assert.equal(audit[0].details?.lateMs, LEASE + 2);
    });

    it('releases a paced job in waves: `users` items per `perMinutes`', async () => {
      const job = await scheduledJob(ctx.store, userItems(5), { rate: { users: 2, perMinutes: 60 } });
      assert.deepEqual((await ctx.store.getSchedule(job.id))?.rate, { users: 2, perMinutes: 60 });
      await ctx.store.claimDueSchedules({ workerId: 'a', now: START, leaseMs: LEASE, limit: 10 });
      assert.equal(await ctx.store.startScheduledJob(job.id, 'a', START, { alreadyThere: 0 }), true);
      const items = await ctx.store.listItems(job.id);
      assert.deepEqual(items.map((i) => i.notBefore - START), [0, 0, 60 * MINUTE, 60 * MINUTE, 120 * MINUTE]);
      assert.equal((await claimAll(ctx.store, START)).length, 2, 'only the first wave is runnable at the start');
    });

    it('stops a job whose re-check failed: cancelling, items cancelled, gates kept, one audit event', async () => {
      const job = await scheduledJob(ctx.store, userItems(3));
      await ctx.store.claimDueSchedules({ workerId: 'a', now: START, leaseMs: LEASE, limit: 10 });
      const gates = [{ gate: 'coexistenceVerified' as const, site: 'Berlin', passed: false, forcable: true }];
      assert.equal(await ctx.store.stopScheduledJob(job.id, 'b', START, gates), false);
      assert.equal(await ctx.store.stopScheduledJob(job.id, 'a', START, gates), true);
      assert.equal((await ctx.store.getJob(job.id))?.state, 'cancelling');
      assert.equal((await ctx.store.itemCounts(job.id)).cancelled, 3);
      const schedule = await ctx.store.getSchedule(job.id);
      assert.equal(schedule?.state, 'stopped');
      assert.deepEqual(schedule?.stopGates, gates);
      assert.equal((await ctx.store.listAudit({ limit: 10 })).filter((e) => e.event === 'job.stoppedAtStart').length, 1);
    });

    it('does not lease the schedule of a job cancelled before its start', async () => {
      const job = await scheduledJob(ctx.store, userItems(2));
      assert.equal(await ctx.store.transitionJob(job.id, ['queued', 'running'], 'cancelling', T0 + MINUTE), true);
      assert.equal(await ctx.store.cancelPendingItems(job.id, T0 + MINUTE), 2);
      assert.deepEqual(await ctx.store.claimDueSchedules({ workerId: 'a', now: START, leaseMs: LEASE, limit: 10 }), []);
    });

    it('hands each of many due schedules to exactly one of two store handles claiming at once', async () => {
      const other = await ctx.reopen();
      const jobs: Job[] = [];
      for (let i = 0; i < 30; i++) jobs.push(await scheduledJob(ctx.store, userItems(1, 'Berlin', `u${i}x`)));
      const drain = async (store: Store, worker: string) => {
        const got: string[] = [];
        for (;;) {
          const batch = await store.claimDueSchedules({ workerId: worker, now: START, leaseMs: LEASE, limit: 4 });
          if (!batch.length) return got;
          got.push(...batch.map((s) => s.jobId));
        }
      };
      const [a, b] = await Promise.all([drain(ctx.store, 'a'), drain(other ?? ctx.store, 'b')]);
      const all = [...a, ...b].sort((x, y) => Number(x) - Number(y));
      assert.deepEqual(all, jobs.map((j) => j.id));
    });
  });
}

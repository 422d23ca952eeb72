// Store contract, JobLedger (transitions): the job state machine of migration/jobs.ts as the store runs it (state,
// item effect and audit event in one transaction, or nothing at all), and item outcomes written
// together with their audit events, including a retry that lands in a cancelling job.
import assert from 'node:assert/strict';
import { itemDoneAudit, itemFailureAudit, jobTransitions } from '../../../migration/jobs';
import type { AuditEvent } from '../../../migration/model';
import type { AuditLog, JobLedger, ProposalStore } from '../../../migration/store';
import type { ContractContext } from './context';
import { T0, erin, startJob, userItems } from '../../helpers/store/fixtures';

const LEASE = 30_000;

export function transitionContract(ctx: ContractContext<JobLedger & ProposalStore & AuditLog>): void {
  const events = async (since = 0): Promise<AuditEvent[]> => (await ctx.store.listAudit({ limit: 1000 })).reverse().slice(since);
  const audited = async (): Promise<number> => (await ctx.store.listAudit({ limit: 1000 })).length;

  describe('applyJobTransition', () => {
    it('cancel: the job is cancelling, its pending items cancelled, running ones left to finish, one audit event', async () => {
      const job = await startJob(ctx.store, userItems(4));
      const [inFlight] = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 1 });
      const before = await audited();
      const out = await ctx.store.applyJobTransition(job.id, jobTransitions.cancel(erin), T0 + 5);
      assert.equal(out.outcome, 'applied');
      if (out.outcome !== 'applied') return;
      assert.equal(out.items, 3);
      assert.equal(out.job.state, 'cancelling');
      assert.deepEqual(await ctx.store.getJob(job.id), out.job);
      const counts = await ctx.store.itemCounts(job.id);
      assert.deepEqual([counts.cancelled, counts.running, counts.pending], [3, 1, 0]);
      assert.equal((await ctx.store.listItems(job.id, { states: ['running'] }))[0].id, inFlight.id);
      assert.deepEqual((await events(before)).map((e) => [e.event, e.target, e.site, e.actor.id, e.at, e.outcome, e.details]), [
        ['job.cancelRequested', job.id, 'Berlin', erin.id, T0 + 5, 'ok', { cancelledItems: 3 }],
      ]);
    });

    it('refuses a transition from the wrong state and changes nothing, not even the audit log', async () => {
      const job = await startJob(ctx.store, userItems(2));
      await ctx.store.transitionJob(job.id, ['queued'], 'completed', T0 + 1);
      const before = await audited();
      const cancel = await ctx.store.applyJobTransition(job.id, jobTransitions.cancel(erin), T0 + 2);
      assert.equal(cancel.outcome, 'refused');
      if (cancel.outcome === 'refused') assert.deepEqual([cancel.reason, cancel.job.state], ['state', 'completed']);
      assert.equal((await ctx.store.itemCounts(job.id)).pending, 2);
      assert.equal(await audited(), before);
      assert.deepEqual(await ctx.store.applyJobTransition('999', jobTransitions.cancel(erin), T0), { outcome: 'notFound' });
      assert.deepEqual(await ctx.store.applyJobTransition('x', jobTransitions.cancel(erin), T0), { outcome: 'notFound' });
    });

    it('retryFailed: requeues failed items of a finished job and reopens it; refused with nothing to retry', async () => {
      const job = await startJob(ctx.store, userItems(3));
      const items = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 3 });
      await ctx.store.updateItem(items[0].id, 'w1', { state: 'failed', attempts: 4, errorCode: 'X', errorMessage: 'boom' }, T0 + 1);
      await ctx.store.updateItem(items[1].id, 'w1', { state: 'done', attempts: 1 }, T0 + 1);
      await ctx.store.updateItem(items[2].id, 'w1', { state: 'done', attempts: 1 }, T0 + 1);
      const running = await ctx.store.applyJobTransition(job.id, jobTransitions.retryFailed(erin), T0 + 2);
      assert.equal(running.outcome === 'refused' && running.reason, 'state', 'a job that has not finished is not retried');
      await ctx.store.transitionJob(job.id, ['queued'], 'completedWithErrors', T0 + 3);
      const before = await audited();
      const out = await ctx.store.applyJobTransition(job.id, jobTransitions.retryFailed(erin), T0 + 4);
      assert.equal(out.outcome, 'applied');
      if (out.outcome !== 'applied') return;
      assert.deepEqual([out.items, out.job.state, out.job.finishedAt], [1, 'queued', undefined]);
      const [again] = await ctx.store.listItems(job.id, { states: ['pending'] });
      assert.deepEqual([again.id, again.attempts, again.errorCode, again.notBefore], [items[0].id, 0, undefined, T0 + 4]);
      assert.deepEqual((await events(before)).map((e) => [e.event, e.details]), [['job.retryFailed', { requeued: 1 }]]);

      await ctx.store.transitionJob(job.id, ['queued'], 'completed', T0 + 5);
      const nothing = await ctx.store.applyJobTransition(job.id, jobTransitions.retryFailed(erin), T0 + 6);
      assert.equal(nothing.outcome === 'refused' && nothing.reason, 'noItems');
      assert.equal((await ctx.store.getJob(job.id))?.state, 'completed', 'refused: the job stays finished');
      assert.equal((await events(before)).length, 1);
    });

    it('pause and resume: a paused job is not claimed, resumes running (or queued when it never started)', async () => {
      const started = await startJob(ctx.store, userItems(3));
      const never = await startJob(ctx.store, userItems(1, 'Munich'));
      const [first] = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 1, jobIds: [started.id] });
      await ctx.store.transitionJob(started.id, ['queued'], 'running', T0);
      for (const job of [started, never]) assert.equal((await ctx.store.applyJobTransition(job.id, jobTransitions.pause(erin), T0 + 1)).outcome, 'applied');
      assert.equal((await ctx.store.getJob(started.id))?.state, 'paused');
      assert.deepEqual(await ctx.store.claimItems({ workerId: 'w2', now: T0 + 2, leaseMs: LEASE, limit: 10 }), [], 'nothing new is claimed');
      assert.equal(await ctx.store.updateItem(first.id, 'w1', { state: 'done', attempts: 1 }, T0 + 3), true, 'an item in flight finishes');
      const again = await ctx.store.applyJobTransition(started.id, jobTransitions.pause(erin), T0 + 4);
      assert.equal(again.outcome === 'refused' && again.reason, 'state');

      const resumed = await ctx.store.applyJobTransition(started.id, jobTransitions.resume(erin), T0 + 5);
      const resumedNever = await ctx.store.applyJobTransition(never.id, jobTransitions.resume(erin), T0 + 5);
      assert.equal(resumed.outcome === 'applied' && resumed.job.state, 'running');
      assert.equal(resumed.outcome === 'applied' && resumed.job.startedAt, T0);
      assert.equal(resumedNever.outcome === 'applied' && resumedNever.job.state, 'queued');
      assert.equal((await ctx.store.claimItems({ workerId: 'w2', now: T0 + 6, leaseMs: LEASE, limit: 10 })).length, 3);
      const audit = (await events()).filter((e) => e.event === 'job.paused' || e.event === 'job.resumed');
      assert.deepEqual(audit.map((e) => [e.event, e.target]), [
        ['job.paused', started.id],
        ['job.paused', never.id],
        ['job.resumed', started.id],
        ['job.resumed', never.id],
      ]);
    });

    it('cancels a paused job', async () => {
      const job = await startJob(ctx.store, userItems(2));
      await ctx.store.applyJobTransition(job.id, jobTransitions.pause(erin), T0 + 1);
      const out = await ctx.store.applyJobTransition(job.id, jobTransitions.cancel(erin), T0 + 2);
      assert.equal(out.outcome === 'applied' && out.items, 2);
      assert.equal((await ctx.store.getJob(job.id))?.state, 'cancelling');
    });

    it('complete: only from the state the job was seen in', async () => {
      const job = await startJob(ctx.store, userItems(1));
      const [item] = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 1 });
      await ctx.store.transitionJob(job.id, ['queued'], 'running', T0);
      await ctx.store.updateItem(item.id, 'w1', { state: 'done', attempts: 1 }, T0 + 1);
      const seen = (await ctx.store.getJob(job.id))!;
      const complete = jobTransitions.complete(seen, await ctx.store.itemCounts(job.id))!;
      assert.equal(complete.to, 'completed');
      await ctx.store.applyJobTransition(job.id, jobTransitions.cancel(erin), T0 + 2);
      assert.equal((await ctx.store.applyJobTransition(job.id, complete, T0 + 3)).outcome, 'refused', 'a cancel in between wins');
      const cancelling = (await ctx.store.getJob(job.id))!;
      const out = await ctx.store.applyJobTransition(job.id, jobTransitions.complete(cancelling, await ctx.store.itemCounts(job.id))!, T0 + 4);
      assert.equal(out.outcome === 'applied' && out.job.state, 'cancelled');
      assert.equal(out.outcome === 'applied' && out.job.finishedAt, T0 + 4);
      const finished = (await events()).filter((e) => e.event === 'job.finished');
      assert.deepEqual(finished.map((e) => [e.target, e.actor.id, e.details]), [[job.id, 'system', { state: 'cancelled', done: 1, failed: 0, cancelled: 0, skipped: 0 }]]);
    });
  });

  describe('updateItem with its audit event', () => {
    it('writes the item and its event together, and neither without the lease', async () => {
      await startJob(ctx.store, userItems(2));
      const [a, b] = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 2 });
      assert.equal(await ctx.store.updateItem(a.id, 'w1', { state: 'done', attempts: 1 }, T0 + 1, { done: itemDoneAudit(a, true, T0 + 1) }), true);
      assert.equal(await ctx.store.updateItem(b.id, 'w2', { state: 'done', attempts: 1 }, T0 + 1, { done: itemDoneAudit(b, true, T0 + 1) }), false);
      const done = (await events()).filter((e) => e.event === 'item.done');
      assert.deepEqual(done.map((e) => [e.target, e.at, e.details]), [[a.key, T0 + 1, { jobId: a.jobId, from: a.fromPool, to: a.toPool, changed: true }]]);
      assert.deepEqual({ ...done[0], id: undefined }, { ...itemDoneAudit(a, true, T0 + 1), id: undefined }, 'every field of the event as given');
      assert.deepEqual((await ctx.store.listAudit({ site: a.site, limit: 10 })).filter((e) => e.event === 'item.done').length, 1, 'found by its site');
    });

    it('writes a final failure with its item.failed event, and nothing for an item without an event', async () => {
      const job = await startJob(ctx.store, userItems(2));
      const [a, b] = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 2 });
      const failure = { code: 'USER_DISABLED', message: 'disabled', attempts: 3 };
      assert.equal(await ctx.store.updateItem(a.id, 'w1', { state: 'failed', attempts: 3, errorCode: failure.code, errorMessage: failure.message }, T0 + 1, itemFailureAudit(a, false, failure, T0 + 1)), true);
      assert.equal(await ctx.store.updateItem(b.id, 'w1', { state: 'done', attempts: 1 }, T0 + 1, {}), true);
      const items = await ctx.store.listItems(job.id);
      assert.deepEqual(items.map((i) => [i.state, i.errorCode ?? null]), [['failed', 'USER_DISABLED'], ['done', null]]);
      assert.deepEqual((await events()).filter((e) => e.event.startsWith('item.')).map((e) => [e.event, e.target, e.outcome]), [['item.failed', a.key, 'failed']]);
    });

    it('writes the event of the state the item ends in: a retry into a cancelling job cancels the item', async () => {
      const job = await startJob(ctx.store, userItems(2));
      const [a, b] = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 2 });
      const failure = { code: 'BACKEND_STORE_ERROR', message: 'busy', attempts: 1 };
      assert.equal(await ctx.store.updateItem(a.id, 'w1', { state: 'pending', attempts: 1, notBefore: T0 + 100 }, T0 + 1, itemFailureAudit(a, true, failure, T0 + 1)), true);
      await ctx.store.applyJobTransition(job.id, jobTransitions.cancel(erin), T0 + 2);
      assert.equal(await ctx.store.updateItem(b.id, 'w1', { state: 'pending', attempts: 1, notBefore: T0 + 100 }, T0 + 3, itemFailureAudit(b, true, failure, T0 + 3)), true);
      const items = await ctx.store.listItems(job.id);
      assert.deepEqual(items.map((i) => [i.key, i.state]), [
        [a.key, 'cancelled'],
        [b.key, 'cancelled'],
      ]);
      assert.deepEqual(
        (await events()).filter((e) => e.event.startsWith('item.')).map((e) => [e.event, e.target]),
        [
          ['item.retryScheduled', a.key],
          ['item.cancelled', b.key],
        ],
      );
      const counts = await ctx.store.itemCounts(job.id);
      assert.equal(counts.pending + counts.running, 0, 'the cancelling job has nothing left and can finish');
    });
  });
}

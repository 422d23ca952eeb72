// Store contract, JobLedger (jobs): job state compare-and-set, listings, cards, item counts and
// paging, failure groups.
import assert from 'node:assert/strict';
import type { JobLedger, ProposalStore } from '../../../migration/store';
import type { ContractContext } from './context';
import { MINUTE, T0, startJob, userItems } from '../../helpers/store/fixtures';

export function jobContract(ctx: ContractContext<JobLedger & ProposalStore>): void {
  describe('jobs', () => {
    it('transitionJob is a compare-and-set that stamps startedAt once and finishedAt on finish', async () => {
      const job = await startJob(ctx.store, userItems(2));
      assert.equal(await ctx.store.transitionJob(job.id, ['running'], 'completed', T0 + 1), false);
      assert.equal(await ctx.store.transitionJob(job.id, ['queued'], 'running', T0 + 10), true);
      assert.equal(await ctx.store.transitionJob(job.id, ['queued'], 'running', T0 + 20), false);
      assert.equal((await ctx.store.getJob(job.id))?.startedAt, T0 + 10);
      assert.equal(await ctx.store.transitionJob(job.id, ['queued', 'running'], 'completedWithErrors', T0 + 30), true);
      let stored = await ctx.store.getJob(job.id);
      assert.equal(stored?.state, 'completedWithErrors');
      assert.equal(stored?.finishedAt, T0 + 30);
      // a retry of failed items resumes the job: it runs again and is no longer finished
      assert.equal(await ctx.store.transitionJob(job.id, ['completedWithErrors'], 'running', T0 + 40), true);
      stored = await ctx.store.getJob(job.id);
      assert.equal(stored?.startedAt, T0 + 10);
      assert.equal(stored?.finishedAt, undefined);
      assert.equal(await ctx.store.transitionJob(job.id, [], 'cancelled', T0 + 50), false);
      assert.equal(await ctx.store.transitionJob('404', ['running'], 'cancelled', T0), false);
      assert.equal(await ctx.store.transitionJob('nope', ['running'], 'cancelled', T0), false);
    });

    it('stamps finishedAt on cancelled and completed', async () => {
      const a = await startJob(ctx.store, userItems(1));
      const b = await startJob(ctx.store, userItems(1));
      await ctx.store.transitionJob(a.id, ['queued'], 'cancelled', T0 + 5);
      await ctx.store.transitionJob(b.id, ['queued'], 'running', T0 + 6);
      await ctx.store.transitionJob(b.id, ['running'], 'completed', T0 + 7);
      assert.equal((await ctx.store.getJob(a.id))?.finishedAt, T0 + 5);
      assert.equal((await ctx.store.getJob(a.id))?.startedAt, undefined);
      assert.equal((await ctx.store.getJob(b.id))?.finishedAt, T0 + 7);
    });

    it('lists jobs newest first with a limit, and the unfinished ones', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await startJob(ctx.store, userItems(1), { now: T0 + i * MINUTE })).id);
      await ctx.store.transitionJob(ids[1], ['queued'], 'cancelled', T0);
      await ctx.store.transitionJob(ids[2], ['queued'], 'running', T0);
      await ctx.store.transitionJob(ids[3], ['queued'], 'cancelling', T0);
      assert.deepEqual((await ctx.store.listJobs(10)).map((j) => j.id), [ids[3], ids[2], ids[1], ids[0]]);
      assert.deepEqual((await ctx.store.listJobs(2)).map((j) => j.id), [ids[3], ids[2]]);
      assert.deepEqual((await ctx.store.listUnfinishedJobs()).map((j) => [j.id, j.state]), [
        [ids[0], 'queued'],
        [ids[2], 'running'],
        [ids[3], 'cancelling'],
      ]);
      assert.equal(await ctx.store.getJob('999'), null);
    });

    it('setJobCard stores the card reference', async () => {
      const job = await startJob(ctx.store, userItems(1));
      const card = { conversation: { conversation: { id: 'c' }, bot: { id: 'b' } }, activityId: 'a-1' };
      await ctx.store.setJobCard(job.id, card);
      assert.deepEqual((await ctx.store.getJob(job.id))?.card, card);
    });
  });

  describe('item counts, paging and failure groups', () => {
    it('itemCounts always has the six states', async () => {
      const job = await startJob(ctx.store, userItems(3));
      assert.deepEqual(await ctx.store.itemCounts(job.id), { pending: 3, running: 0, done: 0, skipped: 0, failed: 0, cancelled: 0 });
      const [item] = await ctx.store.claimItems({ workerId: 'w', now: T0, leaseMs: MINUTE, limit: 1 });
      await ctx.store.updateItem(item.id, 'w', { state: 'done' }, T0);
      assert.deepEqual(await ctx.store.itemCounts(job.id), { pending: 2, running: 0, done: 1, skipped: 0, failed: 0, cancelled: 0 });
      assert.deepEqual(await ctx.store.itemCounts('999'), { pending: 0, running: 0, done: 0, skipped: 0, failed: 0, cancelled: 0 });
    });

    it('listItems pages in seq order and filters by state', async () => {
      const job = await startJob(ctx.store, userItems(10));
      const page = await ctx.store.listItems(job.id, { limit: 3, offset: 4 });
      assert.deepEqual(page.map((i) => i.seq), [4, 5, 6]);
      assert.ok(page.every((i) => i.jobId === job.id));
      const claimed = await ctx.store.claimItems({ workerId: 'w', now: T0, leaseMs: MINUTE, limit: 4 });
      await ctx.store.updateItem(claimed[1].id, 'w', { state: 'failed', errorCode: 'USER_NOT_FOUND' }, T0);
      await ctx.store.updateItem(claimed[3].id, 'w', { state: 'skipped' }, T0);
      const notPending = await ctx.store.listItems(job.id, { states: ['running', 'failed', 'skipped'] });
      assert.deepEqual(notPending.map((i) => [i.seq, i.state]), [[0, 'running'], [1, 'failed'], [2, 'running'], [3, 'skipped']]);
      assert.deepEqual((await ctx.store.listItems(job.id, { states: ['pending'], limit: 2 })).map((i) => i.seq), [4, 5]);
      assert.deepEqual(await ctx.store.listItems('999'), []);
    });

    it('failureGroups groups failed items by code, largest first, with example labels', async () => {
      const job = await startJob(ctx.store, userItems(8));
      const items = await ctx.store.claimItems({ workerId: 'w', now: T0, leaseMs: MINUTE, limit: 8 });
      const codes = ['USER_NOT_FOUND', 'NAME_HAS_SPACES', 'USER_NOT_FOUND', null, 'USER_NOT_FOUND', 'NAME_HAS_SPACES', 'done', 'done'];
      for (const [i, code] of codes.entries()) {
        const update = code === 'done' ? { state: 'done' as const } : { state: 'failed' as const, errorCode: code, errorMessage: 'x' };
        await ctx.store.updateItem(items[i].id, 'w', update, T0);
      }
      assert.deepEqual(await ctx.store.failureGroups(job.id, 2), [
        { code: 'USER_NOT_FOUND', count: 3, examples: ['User 0', 'User 2'] },
        { code: 'NAME_HAS_SPACES', count: 2, examples: ['User 1', 'User 5'] },
        { code: 'UNKNOWN', count: 1, examples: ['User 3'] },
      ]);
      assert.deepEqual((await ctx.store.failureGroups(job.id, 0)).map((g) => [g.code, g.count, g.examples.length]), [
        ['USER_NOT_FOUND', 3, 0],
        ['NAME_HAS_SPACES', 2, 0],
        ['UNKNOWN', 1, 0],
      ]);
      assert.deepEqual(await ctx.store.failureGroups('999', 3), []);
    });
  });


}

// Store contract, JobHistory: the questions the phases and the planner ask about finished jobs (a
// site-wide move started, a decommission completed, when a user was last moved).
import assert from 'node:assert/strict';
import type { JobHistory, JobLedger, ProposalStore } from '../../../migration/store';
import type { ContractContext } from './context';
import { MINUTE, T0, startJob, userItems } from '../../helpers/store/fixtures';

export function jobHistoryContract(ctx: ContractContext<JobHistory & JobLedger & ProposalStore>): void {
  describe('siteWideMoveStarted', () => {
    it('is false until a site-wide move of that site exists', async () => {
      assert.equal(await ctx.store.siteWideMoveStarted('Berlin'), false);
      await startJob(ctx.store, userItems(1), { sites: ['Berlin'] });
      await startJob(ctx.store, userItems(1), { operation: 'rollback', siteWide: true, sites: ['Berlin'] });
      await startJob(ctx.store, userItems(1, 'Munich'), { siteWide: true, sites: ['Munich'] });
      assert.equal(await ctx.store.siteWideMoveStarted('Berlin'), false);
      assert.equal(await ctx.store.siteWideMoveStarted('Munich'), true);
      assert.equal(await ctx.store.siteWideMoveStarted('munich'), true);
    });

    it('ignores a site-wide move cancelled before it ran, but not one cancelled while running', async () => {
      const never = await startJob(ctx.store, userItems(1), { siteWide: true, sites: ['Berlin', 'Hamburg'] });
      await ctx.store.transitionJob(never.id, ['queued'], 'cancelled', T0);
      assert.equal(await ctx.store.siteWideMoveStarted('Berlin'), false);
      const ran = await startJob(ctx.store, userItems(1), { siteWide: true, sites: ['Berlin', 'Hamburg'] });
      await ctx.store.transitionJob(ran.id, ['queued'], 'running', T0);
      await ctx.store.transitionJob(ran.id, ['running'], 'cancelled', T0 + 1);
      assert.equal(await ctx.store.siteWideMoveStarted('Hamburg'), true);
    });
  });

  describe('decommissionCompleted', () => {
    it('is true only once a decommission job of that site completed', async () => {
      assert.equal(await ctx.store.decommissionCompleted('Hamburg'), false);
      const failed = await startJob(ctx.store, userItems(1, 'Hamburg'), { operation: 'decommission', sites: ['Hamburg'] });
      await ctx.store.transitionJob(failed.id, ['queued'], 'running', T0);
      await ctx.store.transitionJob(failed.id, ['running'], 'completedWithErrors', T0 + 1);
      assert.equal(await ctx.store.decommissionCompleted('Hamburg'), false);
      const done = await startJob(ctx.store, userItems(1, 'Hamburg'), { operation: 'decommission', sites: ['Hamburg'] });
      await ctx.store.transitionJob(done.id, ['queued'], 'running', T0);
      await ctx.store.transitionJob(done.id, ['running'], 'completed', T0 + 1);
      assert.equal(await ctx.store.decommissionCompleted('hamburg'), true);
      assert.equal(await ctx.store.decommissionCompleted('Berlin'), false);
    });
  });

  describe('lastMovedAt', () => {
    async function finish(jobId: string, now: number, state: 'done' | 'failed' = 'done'): Promise<void> {
      for (const item of await ctx.store.claimItems({ workerId: 'w', now, leaseMs: MINUTE, limit: 100, jobIds: [jobId] })) {
        await ctx.store.updateItem(item.id, 'w', { state }, now);
      }
    }

    it('is the latest finished move of the user, undefined after a later rollback', async () => {
      assert.equal(await ctx.store.lastMovedAt('user0@contoso.com'), undefined);
      const failed = await startJob(ctx.store, userItems(1));
      await finish(failed.id, T0 + 1 * MINUTE, 'failed');
      assert.equal(await ctx.store.lastMovedAt('user0@contoso.com'), undefined);
      const first = await startJob(ctx.store, userItems(2));
      await finish(first.id, T0 + 2 * MINUTE);
      assert.equal(await ctx.store.lastMovedAt('user0@contoso.com'), T0 + 2 * MINUTE);
      assert.equal(await ctx.store.lastMovedAt('USER1@contoso.com'), T0 + 2 * MINUTE);
      const back = await startJob(ctx.store, userItems(1), { operation: 'rollback' });
      await finish(back.id, T0 + 3 * MINUTE);
      assert.equal(await ctx.store.lastMovedAt('user0@contoso.com'), undefined);
      assert.equal(await ctx.store.lastMovedAt('user1@contoso.com'), T0 + 2 * MINUTE);
      const again = await startJob(ctx.store, userItems(1));
      await finish(again.id, T0 + 4 * MINUTE);
      assert.equal(await ctx.store.lastMovedAt('user0@contoso.com'), T0 + 4 * MINUTE);
    });
  });
}

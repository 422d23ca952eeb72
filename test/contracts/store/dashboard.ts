// Store contract, DashboardQueries and DashboardAccess: the dashboard's aggregates (jobs with
// counts, moves per bucket, failed items, audit range, move times) and its access records (one
// signing secret, single-use sign-in links, also across store handles).
import assert from 'node:assert/strict';
import type { Job, PlanItem } from '../../../migration/model';
import type { Store } from '../../../migration/store';
import type { ContractContext } from './context';
import { MINUTE, T0, alex, makePlan, proposalInput, startJob, userItems } from '../../helpers/store/fixtures';

const HOUR = 60 * MINUTE;

async function finish(store: Store, jobId: string, now: number, states: Array<'done' | 'failed'>): Promise<void> {
  const claimed = await store.claimItems({ workerId: 'w', now, leaseMs: MINUTE, limit: 1000, jobIds: [jobId] });
  for (const [i, item] of claimed.entries()) {
    const state = states[i] ?? states[states.length - 1];
    await store.updateItem(item.id, 'w', state === 'failed' ? { state, errorCode: 'MOVE_FAILED', errorMessage: 'Anmeldung, "fehlgeschlagen"' } : { state }, now);
  }
}

async function scheduled(store: Store, items: PlanItem[], startAt: number): Promise<Job> {
  const plan = makePlan(items);
  plan.schedule = { startAt, timeZone: 'Europe/Berlin', words: 'tonight at 22:00' };
  const created = T0 + 5 * MINUTE;
  const outcome = await store.approveProposal((await store.createProposal(proposalInput(plan, created))).id, alex, created, 1);
  if (outcome.outcome !== 'started') throw new Error(outcome.outcome);
  return outcome.job;
}

export function dashboardContract(ctx: ContractContext): void {
  describe('jobBoard', () => {
    it('lists jobs in the asked states newest first with their item counts and scheduled start', async () => {
      const done = await startJob(ctx.store, userItems(2), { now: T0 });
      await ctx.store.transitionJob(done.id, ['queued'], 'running', T0);
      await finish(ctx.store, done.id, T0 + MINUTE, ['done']);
      await ctx.store.transitionJob(done.id, ['running'], 'completed', T0 + MINUTE);
      const running = await startJob(ctx.store, userItems(3, 'Munich', 'm'), { now: T0 + 2 * MINUTE, sites: ['Munich'] });
      await ctx.store.transitionJob(running.id, ['queued'], 'running', T0 + 2 * MINUTE);
      await finish(ctx.store, running.id, T0 + 3 * MINUTE, ['done', 'failed', 'done']);
      const later = await scheduled(ctx.store, userItems(4, 'Berlin', 'b'), T0 + 10 * HOUR);

      const board = await ctx.store.jobBoard({ states: ['queued', 'running', 'paused'], limit: 10 });
      assert.deepEqual(board.map((b) => b.job.id), [later.id, running.id]);
      assert.equal(board[0].scheduledAt, T0 + 10 * HOUR);
      assert.equal(board[0].counts.pending, 4);
      assert.equal(board[1].scheduledAt, undefined);
      assert.deepEqual([board[1].counts.done, board[1].counts.failed, board[1].counts.pending], [2, 1, 0]);
      assert.deepEqual((await ctx.store.jobBoard({ states: ['queued', 'running', 'completed'], limit: 10, site: 'munich' })).map((b) => b.job.id), [running.id]);
      assert.deepEqual((await ctx.store.jobBoard({ states: ['completed'], limit: 10 }))[0].counts.done, 2);
      assert.deepEqual(await ctx.store.jobBoard({ states: ['cancelled'], limit: 10 }), []);
    });
  });

  describe('moveTimeline', () => {
    it('counts finished user moves and rollbacks per bucket, failed items not', async () => {
      const first = await startJob(ctx.store, userItems(3));
      await finish(ctx.store, first.id, T0 + 5 * MINUTE, ['done', 'done', 'failed']);
      const second = await startJob(ctx.store, userItems(2, 'Berlin', 'x'));
      await finish(ctx.store, second.id, T0 + HOUR + MINUTE, ['done']);
      const back = await startJob(ctx.store, userItems(1), { operation: 'rollback' });
      await finish(ctx.store, back.id, T0 + HOUR + 2 * MINUTE, ['done']);
      const buckets = await ctx.store.moveTimeline({ bucketMs: HOUR, since: T0, until: T0 + 2 * HOUR });
      assert.deepEqual(buckets, [
        { at: T0, moved: 2, rolledBack: 0 },
        { at: T0 + HOUR, moved: 2, rolledBack: 1 },
      ]);
      assert.deepEqual(await ctx.store.moveTimeline({ bucketMs: 24 * HOUR, since: T0 + HOUR, until: T0 + 2 * HOUR }), [{ at: Math.floor((T0 + HOUR) / (24 * HOUR)) * 24 * HOUR, moved: 2, rolledBack: 1 }]);
      await assert.rejects(ctx.store.moveTimeline({ bucketMs: 0, since: T0, until: T0 + HOUR }));
    });
  });

  describe('failedItems', () => {
    it('pages the failed items of one site with their reasons and the total', async () => {
      const job = await startJob(ctx.store, userItems(3));
      await finish(ctx.store, job.id, T0 + MINUTE, ['failed', 'done', 'failed']);
      const other = await startJob(ctx.store, userItems(1, 'Munich'), { sites: ['Munich'] });
      await finish(ctx.store, other.id, T0 + MINUTE, ['failed']);
      const page = await ctx.store.failedItems({ site: 'Berlin', limit: 1, offset: 0 });
      assert.equal(page.total, 2);
      assert.equal(page.items.length, 1);
      assert.equal(page.items[0].jobId, job.id);
      assert.equal(page.items[0].operation, 'move');
      assert.equal(page.items[0].item.errorCode, 'MOVE_FAILED');
      assert.equal(page.items[0].item.errorMessage, 'Anmeldung, "fehlgeschlagen"');
      assert.equal((await ctx.store.failedItems({ site: 'Berlin', limit: 10, offset: 1 })).items.length, 1);
      assert.deepEqual(await ctx.store.failedItems({ site: 'Hamburg', limit: 10, offset: 0 }), { total: 0, items: [] });
    });
  });

  describe('auditTrail', () => {
    it('returns the events of a time range oldest first, of one site when asked', async () => {
      const actor = { id: alex.id, name: alex.name, role: alex.role };
      await ctx.store.appendAudit({ at: T0, actor, event: 'a', site: 'Berlin', outcome: 'ok' });
      await ctx.store.appendAudit({ at: T0 + 2, actor, event: 'c', site: 'Berlin', outcome: 'ok' });
      await ctx.store.appendAudit({ at: T0 + 1, actor, event: 'b', site: 'Munich', outcome: 'ok' });
      await ctx.store.appendAudit({ at: T0 + 3, actor, event: 'd', site: 'Berlin', outcome: 'ok' });
      assert.deepEqual((await ctx.store.auditTrail({ from: T0, to: T0 + 3, limit: 10 })).map((e) => e.event), ['a', 'b', 'c']);
      assert.deepEqual((await ctx.store.auditTrail({ site: 'berlin', from: T0, to: T0 + 10, limit: 10 })).map((e) => e.event), ['a', 'c', 'd']);
      assert.deepEqual((await ctx.store.auditTrail({ site: 'Berlin', from: T0, to: T0 + 10, limit: 2 })).map((e) => e.event), ['a', 'c']);
    });
  });

  describe('movedTimes', () => {
    it('maps each moved user to the latest move, dropping users rolled back since', async () => {
      const first = await startJob(ctx.store, userItems(2));
      await finish(ctx.store, first.id, T0 + MINUTE, ['done']);
      const again = await startJob(ctx.store, userItems(1));
      await finish(ctx.store, again.id, T0 + 2 * MINUTE, ['done']);
      const back = await startJob(ctx.store, userItems(2).slice(1), { operation: 'rollback' });
      await finish(ctx.store, back.id, T0 + 3 * MINUTE, ['done']);
      assert.deepEqual([...(await ctx.store.movedTimes()).entries()], [['user0@contoso.com', T0 + 2 * MINUTE]]);
    });
  });

  describe('dashboard access', () => {
    it('keeps the first secret offered and uses a link once, also across handles', async () => {
      assert.equal(await ctx.store.dashboardSecret('first-secret'), 'first-secret');
      assert.equal(await ctx.store.dashboardSecret('second-secret'), 'first-secret');
      assert.equal(await ctx.store.consumeDashboardLink('link-1', T0 + MINUTE, T0), true);
      assert.equal(await ctx.store.consumeDashboardLink('link-1', T0 + MINUTE, T0), false);
      const other = await ctx.reopen();
      if (other) {
        assert.equal(await other.dashboardSecret('third'), 'first-secret');
        assert.equal(await other.consumeDashboardLink('link-1', T0 + MINUTE, T0 + 1), false);
        const both = await Promise.all([ctx.store.consumeDashboardLink('link-2', T0 + MINUTE, T0), other.consumeDashboardLink('link-2', T0 + MINUTE, T0)]);
        assert.deepEqual(both.sort(), [false, true]);
      }
    });
  });
}

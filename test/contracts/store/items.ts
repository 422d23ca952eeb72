// Store contract, JobLedger (items): leasing job items (order, filters, backoff, expired leases of dead
// workers), heartbeats, owner-checked updates, cancel and requeue, concurrent claimers and a
// job of more than 10,000 items created and drained in batches.
import assert from 'node:assert/strict';
import type { JobItem } from '../../../migration/model';
import type { JobLedger, ProposalStore } from '../../../migration/store';
import type { ContractContext } from './context';
import { MINUTE, T0, startJob, userItems } from '../../helpers/store/fixtures';

const LEASE = 30_000;

export function itemContract(ctx: ContractContext<JobLedger & ProposalStore>): void {
  const claim = (workerId: string, now: number, limit: number, extra: { toPool?: string; jobIds?: string[] } = {}, store: JobLedger = ctx.store) =>
    store.claimItems({ workerId, now, leaseMs: LEASE, limit, ...extra });

  describe('claimItems', () => {
    it('leases pending items by job id then seq, up to the limit', async () => {
      const a = await startJob(ctx.store, userItems(3));
      const b = await startJob(ctx.store, userItems(2, 'Munich'));
      const got = await claim('w1', T0, 4);
      assert.deepEqual(got.map((i) => [i.jobId, i.seq]), [[a.id, 0], [a.id, 1], [a.id, 2], [b.id, 0]]);
      for (const i of got) {
        assert.equal(i.state, 'running');
        assert.equal(i.leaseOwner, 'w1');
        assert.equal(i.leaseUntil, T0 + LEASE);
        assert.equal(i.updatedAt, T0);
      }
      assert.deepEqual((await claim('w2', T0, 10)).map((i) => [i.jobId, i.seq]), [[b.id, 1]]);
      assert.deepEqual(await claim('w3', T0, 10), []);
      assert.deepEqual(await claim('w3', T0, 0), []);
    });

    it('leases ahead as pending: only the items that start are running, the rest count as queued until marked', async () => {
      const job = await startJob(ctx.store, userItems(6));
      const got = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 4, start: 1, countAttempt: true });
      assert.deepEqual(got.map((i) => [i.seq, i.state, i.leaseOwner, i.attempts]), [
        [0, 'running', 'w1', 1],
        [1, 'pending', 'w1', 1],
        [2, 'pending', 'w1', 1],
        [3, 'pending', 'w1', 1],
      ]);
      assert.deepEqual(await ctx.store.itemCounts(job.id), { pending: 5, running: 1, done: 0, skipped: 0, failed: 0, cancelled: 0 });
      // Leased ahead: another worker does not get them while the lease lives, only the free ones.
      assert.deepEqual((await claim('w2', T0 + 1, 10)).map((i) => i.seq), [4, 5]);
      assert.deepEqual(await ctx.store.heartbeat('w1', got.map((i) => i.id), T0 + LEASE + 10), []);
      assert.deepEqual((await claim('w3', T0 + LEASE + 5, 10)).map((i) => i.seq), [4, 5], 'the heartbeat renewed the leases ahead too');
      // A cancel leaves them to their worker (it may have started them); finished and others' items are not marked.
      assert.equal(await ctx.store.cancelPendingItems(job.id, T0 + 2), 0);
      assert.equal(await ctx.store.markRunning('w2', [got[1].id], T0 + 3), 0);
      assert.equal(await ctx.store.markRunning('w1', [got[1].id, got[0].id], T0 + 3), 1);
      // An outcome marks the items started meanwhile in the same write.
      assert.equal(await ctx.store.updateItem(got[0].id, 'w1', { state: 'done' }, T0 + 4, undefined, [got[0].id, got[2].id]), true);
      assert.deepEqual((await ctx.store.listItems(job.id, { limit: 4 })).map((i) => [i.seq, i.state]), [
        [0, 'done'],
        [1, 'running'],
        [2, 'running'],
        [3, 'pending'],
      ]);
      // Handed back unstarted, it is claimable again; a restart hands back the leases ahead as well.
      assert.equal(await ctx.store.updateItem(got[3].id, 'w1', { state: 'pending', attempts: 0 }, T0 + 5), true);
      assert.equal(await ctx.store.releaseLeases('w1', T0 + 6), 2);
      const again = await claim('w4', T0 + 7, 10);
      assert.deepEqual(again.map((i) => [i.seq, i.state]), [[1, 'running'], [2, 'running'], [3, 'running']]);
    });

    it('claims from queued and running jobs only', async () => {
      const queued = await startJob(ctx.store, userItems(1));
      const running = await startJob(ctx.store, userItems(1));
      const cancelling = await startJob(ctx.store, userItems(1));
      const cancelled = await startJob(ctx.store, userItems(1));
      const done = await startJob(ctx.store, userItems(1));
      await ctx.store.transitionJob(running.id, ['queued'], 'running', T0);
      await ctx.store.transitionJob(cancelling.id, ['queued'], 'cancelling', T0);
      await ctx.store.transitionJob(cancelled.id, ['queued'], 'cancelled', T0);
      await ctx.store.transitionJob(done.id, ['queued'], 'completed', T0);
      assert.deepEqual((await claim('w', T0, 10)).map((i) => i.jobId), [queued.id, running.id]);
    });

    it('filters by target pool and by job ids', async () => {
      const ber = await startJob(ctx.store, userItems(2, 'Berlin'));
      const muc = await startJob(ctx.store, userItems(2, 'Munich'));
      const third = await startJob(ctx.store, userItems(2, 'Munich', 'extra'));
      const munich = await claim('w', T0, 10, { toPool: 'lync-muc.contoso.local', jobIds: [third.id] });
      assert.deepEqual(munich.map((i) => [i.jobId, i.key]), [[third.id, 'extra0@contoso.com'], [third.id, 'extra1@contoso.com']]);
      assert.deepEqual((await claim('w', T0, 10, { toPool: 'lync-muc.contoso.local' })).map((i) => i.jobId), [muc.id, muc.id]);
      assert.deepEqual((await claim('w', T0, 10, { jobIds: [] })), []);
      assert.deepEqual((await claim('w', T0, 10, { jobIds: ['junk', ber.id] })).map((i) => i.jobId), [ber.id, ber.id]);
    });

    it('respects notBefore of a transient retry', async () => {
      await startJob(ctx.store, userItems(1));
      const [item] = await claim('w1', T0, 1);
      const retry = { state: 'pending' as const, attempts: 1, notBefore: T0 + MINUTE, errorCode: 'FRONTEND_STOPPED', errorMessage: 'front end stopped' };
      assert.equal(await ctx.store.updateItem(item.id, 'w1', retry, T0 + 5), true);
      const [stored] = await ctx.store.listItems(item.jobId);
      assert.equal(stored.state, 'pending');
      assert.equal(stored.attempts, 1);
      assert.equal(stored.notBefore, T0 + MINUTE);
      assert.equal(stored.errorCode, 'FRONTEND_STOPPED');
      assert.equal(stored.leaseOwner, undefined);
      assert.equal(stored.leaseUntil, undefined);
      assert.deepEqual(await claim('w2', T0 + MINUTE - 1, 1), []);
      const [again] = await claim('w2', T0 + MINUTE, 1);
      assert.equal(again.id, item.id);
      assert.equal(again.attempts, 1);
    });

    it('counts an attempt with the lease when asked, durably, also when taking over an expired lease', async () => {
      const job = await startJob(ctx.store, userItems(3));
      const batch = await ctx.store.claimItems({ workerId: 'w1', now: T0, leaseMs: LEASE, limit: 2, countAttempt: true });
      assert.deepEqual(batch.map((i) => i.attempts), [1, 1]);
      assert.deepEqual((await ctx.store.listItems(job.id)).map((i) => i.attempts), [1, 1, 0]);
      const taken = await ctx.store.claimItems({ workerId: 'w2', now: T0 + LEASE + 1, leaseMs: LEASE, limit: 5, countAttempt: true });
      assert.deepEqual(taken.map((i) => [i.seq, i.attempts]), [[0, 2], [1, 2], [2, 1]]);
      assert.deepEqual((await claim('w3', T0 + 3 * LEASE, 1)).map((i) => i.attempts), [2], 'without countAttempt the count stays');
    });

    it("takes over a dead worker's running items only after its lease expired", async () => {
      await startJob(ctx.store, userItems(3));
      const mine = await claim('dead', T0, 2);
      assert.deepEqual(await claim('alive', T0 + LEASE, 5).then((r) => r.map((i) => i.seq)), [2]);
      const taken = await claim('alive', T0 + LEASE + 1, 5);
      assert.deepEqual(taken.map((i) => i.id), mine.map((i) => i.id));
      assert.ok(taken.every((i) => i.leaseOwner === 'alive' && i.leaseUntil === T0 + 2 * LEASE + 1));
      assert.equal(await ctx.store.updateItem(mine[0].id, 'dead', { state: 'done' }, T0 + LEASE + 2), false);
      assert.equal(await ctx.store.updateItem(mine[0].id, 'alive', { state: 'done' }, T0 + LEASE + 2), true);
    });
  });

  describe('heartbeat and updateItem', () => {
    it("releaseLeases hands a restarted worker's running items back at once, and only its own", async () => {
      await startJob(ctx.store, userItems(4));
      const mine = await claim('w1', T0, 2);
      const theirs = await claim('w2', T0, 1);
      assert.equal(await ctx.store.updateItem(mine[1].id, 'w1', { state: 'done' }, T0 + 1), true);
      assert.equal(await ctx.store.releaseLeases('w1', T0 + 2), 1);
      const again = await claim('w1', T0 + 3, 5);
      assert.deepEqual(again.map((i) => i.id).sort((x, y) => x - y), [mine[0].id, theirs[0].id + 1].sort((x, y) => x - y));
      assert.equal(await ctx.store.releaseLeases('nobody', T0 + 4), 0);
    });

    it("extends only the caller's leases and reports the ones it lost", async () => {
      await startJob(ctx.store, userItems(3));
      const [a, b, c] = await claim('w1', T0, 3);
      assert.equal(await ctx.store.updateItem(c.id, 'w1', { state: 'done' }, T0 + 1), true);
      const stolen = await claim('w2', T0 + LEASE + 1, 1);
      assert.deepEqual(stolen.map((i) => i.id), [a.id]);
      assert.deepEqual(await ctx.store.heartbeat('w1', [a.id, b.id, c.id, 987654], T0 + 3 * LEASE), [a.id, c.id, 987654]);
      const items = await ctx.store.listItems(a.jobId);
      assert.equal(items[0].leaseUntil, T0 + 2 * LEASE + 1);
      assert.equal(items[1].leaseUntil, T0 + 3 * LEASE);
      assert.deepEqual(await ctx.store.heartbeat('w1', [], T0), []);
    });

    it('writes only for the lease owner and ends the lease on finished states', async () => {
      await startJob(ctx.store, userItems(2));
      const [a, b] = await claim('w1', T0, 2);
      assert.equal(await ctx.store.updateItem(a.id, 'intruder', { state: 'done' }, T0 + 1), false);
      const result = { checks: [{ check: 'registrationLync', passed: true }] };
      assert.equal(await ctx.store.updateItem(a.id, 'w1', { state: 'running', result }, T0 + 2), true);
      let [stored] = await ctx.store.listItems(a.jobId, { limit: 1 });
      assert.equal(stored.leaseOwner, 'w1');
      assert.deepEqual(stored.result, result);
      assert.equal(await ctx.store.updateItem(a.id, 'w1', { state: 'failed', attempts: 3, errorCode: 'USER_DISABLED', errorMessage: 'disabled' }, T0 + 3), true);
      [stored] = await ctx.store.listItems(a.jobId, { limit: 1 });
      assert.deepEqual([stored.state, stored.attempts, stored.errorCode, stored.errorMessage, stored.updatedAt], ['failed', 3, 'USER_DISABLED', 'disabled', T0 + 3]);
      assert.equal(stored.leaseOwner, undefined);
      assert.deepEqual(stored.result, result, 'an absent result keeps the stored one');
      assert.equal(await ctx.store.updateItem(a.id, 'w1', { state: 'done' }, T0 + 4), false, 'no lease, no write');
      assert.equal(await ctx.store.updateItem(b.id, 'w1', { state: 'done', errorCode: null, errorMessage: null }, T0 + 5), true);
      assert.equal(await ctx.store.updateItem(424242, 'w1', { state: 'done' }, T0), false);
    });
  });

  describe('cancelPendingItems and requeueItems', () => {
    it('cancels only pending items of the job', async () => {
      const job = await startJob(ctx.store, userItems(5));
      const other = await startJob(ctx.store, userItems(2));
      const [running] = await claim('w', T0, 1);
      assert.equal(await ctx.store.cancelPendingItems(job.id, T0 + 1), 4);
      assert.deepEqual(await ctx.store.itemCounts(job.id), { pending: 0, running: 1, done: 0, skipped: 0, failed: 0, cancelled: 4 });
      assert.equal((await ctx.store.itemCounts(other.id)).pending, 2);
      assert.equal(await ctx.store.updateItem(running.id, 'w', { state: 'done' }, T0 + 2), true);
      assert.equal(await ctx.store.cancelPendingItems(job.id, T0 + 3), 0);
    });

    it('requeues failed items as fresh pending work', async () => {
      const job = await startJob(ctx.store, userItems(3));
      const items = await claim('w', T0, 3);
      await ctx.store.updateItem(items[0].id, 'w', { state: 'failed', attempts: 4, errorCode: 'BACKEND_TIMEOUT', errorMessage: 'slow' }, T0);
      await ctx.store.updateItem(items[1].id, 'w', { state: 'done' }, T0);
      await ctx.store.updateItem(items[2].id, 'w', { state: 'failed', attempts: 1, errorCode: 'USER_NOT_FOUND' }, T0);
      assert.equal(await ctx.store.requeueItems(job.id, ['failed'], T0 + MINUTE), 2);
      const requeued = await ctx.store.listItems(job.id, { states: ['pending'] });
      assert.deepEqual(requeued.map((i) => [i.seq, i.attempts, i.errorCode, i.errorMessage, i.leaseOwner]), [
        [0, 0, undefined, undefined, undefined],
        [2, 0, undefined, undefined, undefined],
      ]);
      assert.equal((await ctx.store.itemCounts(job.id)).done, 1);
      assert.deepEqual((await claim('w2', T0 + MINUTE, 5)).map((i) => i.seq), [0, 2]);
      assert.equal(await ctx.store.requeueItems(job.id, [], T0), 0);
    });
  });

  describe('concurrent claimers', () => {
    async function drain(store: JobLedger, worker: string, seen: Map<number, string>, limit: number): Promise<void> {
      for (;;) {
        const batch = await claim(worker, T0, limit, {}, store);
        if (batch.length === 0) return;
        for (const item of batch) {
          assert.equal(seen.has(item.id), false, `item ${item.id} claimed by ${seen.get(item.id)} and ${worker}`);
          seen.set(item.id, worker);
        }
      }
    }

    it('never hands one item to two in-process claimers', async () => {
      await startJob(ctx.store, userItems(300));
      const seen = new Map<number, string>();
      await Promise.all(['a', 'b', 'c', 'd'].map((w) => drain(ctx.store, w, seen, 7)));
      assert.equal(seen.size, 300);
    });

    it('never hands one item to claimers on two store handles', async function () {
      const other = await ctx.reopen();
      if (!other) return this.skip();
      await startJob(ctx.store, userItems(600));
      const seen = new Map<number, string>();
      await Promise.all([drain(ctx.store, 'a', seen, 13), drain(other, 'b', seen, 13), drain(ctx.store, 'c', seen, 11), drain(other, 'd', seen, 11)]);
      assert.equal(seen.size, 600);
      assert.equal((await ctx.store.itemCounts('1')).running, 600);
    });
  });

  describe('large jobs', () => {
    it('creates a 10,000+ item job in one confirmation and drains it in batches', async function () {
      this.timeout(60_000);
      // Not a multiple of any insert batch size, so full and partial batches are both written.
      const total = 10_250;
      const started = Date.now();
      const job = await startJob(ctx.store, userItems(total));
      assert.equal(job.totalItems, total);
      assert.equal((await ctx.store.itemCounts(job.id)).pending, total);
      const claimed: JobItem[] = [];
      for (;;) {
        const batch = await claim('bulk', T0, 500);
        if (batch.length === 0) break;
        claimed.push(...batch);
      }
      assert.equal(claimed.length, total);
      assert.deepEqual(claimed.map((i) => i.seq), Array.from({ length: total }, (_, i) => i));
      assert.ok(claimed.every((i) => i.key === `user${i.seq}@contoso.com`));
      const page = await ctx.store.listItems(job.id, { offset: total - 2 });
      assert.deepEqual(page.map((i) => i.key), [`user${total - 2}@contoso.com`, `user${total - 1}@contoso.com`]);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 15_000, `${total} items took ${elapsed} ms`);
    });
  });
}

// Two PostgreSQL stores on one database acting as two bot replicas: they drain a 2,000-item
// job concurrently with short leases (every item claimed and finished exactly once), and when one
// replica stops heartbeating mid-job the other takes over its items once their leases expire.
// Time is a controlled value passed to the store, never the wall clock.
import assert from 'node:assert/strict';
import { openPostgresStore } from '../../../adapters/store/postgres';
import type { JobItem } from '../../../migration/model';
import { type TestDatabase, requireTestDatabase } from '../../helpers/store/pg-database';
import { T0, startJob, userItems } from '../../helpers/store/fixtures';
import type { Store } from '../../../migration/store';

const LEASE_MS = 200;
const BATCH = 25;

describe('PostgreSQL store replicas', () => {
  let db: TestDatabase | undefined;
  let replicaA: Store;
  let replicaB: Store;
  let now: number;

  before(async function () {
    db = await requireTestDatabase(this);
  });

  after(async () => {
    await db?.drop();
  });

  beforeEach(async () => {
    if (!db) throw new Error('test database not created');
    await db.reset();
    replicaA = openPostgresStore(db.url, { poolSize: 4 });
    replicaB = openPostgresStore(db.url, { poolSize: 4 });
    await Promise.all([replicaA.init(), replicaB.init()]);
    now = T0;
  });

  afterEach(async () => {
    await Promise.all([replicaA.close(), replicaB.close()]);
  });

  it('claims and finishes every item of a 2,000-item job exactly once across two replicas', async function () {
    this.timeout(60_000);
    const job = await startJob(replicaA, userItems(2000));
    const finishedBy = new Map<number, string>();
    const duplicates: number[] = [];

    // Each claim advances the controlled clock by 1 ms; leases (200 ms) outlive a batch, and each
    // worker heartbeats the rest of its batch every few items, as the runner does.
    async function worker(store: Store, workerId: string): Promise<void> {
      for (;;) {
        const batch = await store.claimItems({ workerId, now: ++now, leaseMs: LEASE_MS, limit: BATCH, jobIds: [job.id] });
        if (batch.length === 0) return;
        for (const [i, item] of batch.entries()) {
          if (finishedBy.has(item.id)) duplicates.push(item.id);
          assert.equal(await store.updateItem(item.id, workerId, { state: 'done', result: { by: workerId } }, now), true);
          finishedBy.set(item.id, workerId);
          if (i % 5 !== 4) continue;
          const rest = batch.slice(i + 1).map((it) => it.id);
          assert.deepEqual(await store.heartbeat(workerId, rest, now + LEASE_MS), []);
        }
      }
    }

    await Promise.all([worker(replicaA, 'a1'), worker(replicaA, 'a2'), worker(replicaB, 'b1'), worker(replicaB, 'b2')]);
    assert.deepEqual(duplicates, []);
    assert.equal(finishedBy.size, 2000);
    const byReplica = { a: 0, b: 0 };
    for (const w of finishedBy.values()) byReplica[w[0] as 'a' | 'b'] += 1;
    assert.ok(byReplica.a > 0 && byReplica.b > 0, `work split ${JSON.stringify(byReplica)}`);
    assert.deepEqual(await replicaB.itemCounts(job.id), { pending: 0, running: 0, done: 2000, skipped: 0, failed: 0, cancelled: 0 });
    const items = await replicaA.listItems(job.id);
    assert.ok(items.every((i) => i.leaseOwner === undefined && (i.result as { by: string }).by === finishedBy.get(i.id)));
  });

  it('takes over the running items of a replica that stopped heartbeating, after its lease expired', async function () {
    this.timeout(60_000);
    const job = await startJob(replicaA, userItems(2000));
    const claim = (store: Store, workerId: string, limit: number) =>
      store.claimItems({ workerId, now, leaseMs: LEASE_MS, limit, jobIds: [job.id] });
    // Items of a batch finish in parallel, as the runner's per-pool concurrency would have them.
    const finish = async (store: Store, workerId: string, items: JobItem[]) => {
      const written = await Promise.all(items.map((item) => store.updateItem(item.id, workerId, { state: 'done' }, now)));
      assert.ok(written.every(Boolean));
    };

    // Replica A claims a batch, finishes 40 of its 100 items and then dies mid-job.
    const aBatch = await claim(replicaA, 'a', 100);
    await finish(replicaA, 'a', aBatch.slice(0, 40));
    const orphaned = aBatch.slice(40).map((i) => i.id);
    const aLeaseUntil = now + LEASE_MS;

    // Replica B drains everything else while A's leases are still valid.
    now += 50;
    for (;;) {
      const batch = await claim(replicaB, 'b', 100);
      if (batch.length === 0) break;
      assert.ok(batch.every((i) => !orphaned.includes(i.id)), 'a live lease must not be taken over');
      await finish(replicaB, 'b', batch);
    }
    assert.deepEqual(await replicaB.itemCounts(job.id), { pending: 0, running: 60, done: 1940, skipped: 0, failed: 0, cancelled: 0 });

    // Up to the last millisecond of A's leases nothing more is claimable.
    now = aLeaseUntil;
    assert.deepEqual(await claim(replicaB, 'b', 10), []);

    // A's leases expire; B's claim now returns exactly A's unfinished items.
    now = aLeaseUntil + 1;
    const taken = await claim(replicaB, 'b', 100);
    assert.deepEqual(taken.map((i) => i.id).sort((x, y) => x - y), [...orphaned].sort((x, y) => x - y));
    assert.ok(taken.every((i) => i.leaseOwner === 'b'));

    // The dead replica coming back finds it lost everything and cannot write over B's work.
    assert.deepEqual((await replicaA.heartbeat('a', orphaned, now + LEASE_MS)).sort((x, y) => x - y), [...orphaned].sort((x, y) => x - y));
    assert.equal(await replicaA.updateItem(orphaned[0], 'a', { state: 'failed', errorCode: 'SESSION_LOST' }, now), false);

    // B heartbeats across the next expiry point, so its own leases are not up for grabs either.
    assert.deepEqual(await replicaB.heartbeat('b', taken.map((i) => i.id), now + 10 * LEASE_MS), []);
    now += 2 * LEASE_MS;
    assert.deepEqual(await claim(replicaA, 'a', 100), []);
    await finish(replicaB, 'b', taken);
    assert.deepEqual(await replicaA.itemCounts(job.id), { pending: 0, running: 0, done: 2000, skipped: 0, failed: 0, cancelled: 0 });
  });
});

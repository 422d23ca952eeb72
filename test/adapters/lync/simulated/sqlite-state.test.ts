// The simulator over the real SQLite store: the shared contract on durable state, two backends on
// one database file (two replicas) seeing each other's moves, and cheap counts at 100,000 users.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedLyncBackend } from '../../../../adapters/lync/simulated';
import { openSqliteStore } from '../../../../adapters/store/sqlite';
import { demoTopology, generateTopology } from '../../../../migration/demo-topology';
import { lyncBackendContract } from '../../../contracts/lync-backend.contract';
import type { Store } from '../../../../migration/store';

const LYNC_BER = 'lync-ber.contoso.local';

async function openStore(file: string): Promise<Store> {
  const store = openSqliteStore(file);
  await store.init();
  return store;
}

lyncBackendContract('simulated (SQLite state)', async () => {
  const store = await openStore(':memory:');
  const backend = new SimulatedLyncBackend({ topology: demoTopology(), state: store, moveLatencyMs: 0, transientFailureRate: 0 });
  return { backend, cleanup: () => store.close() };
});

describe('SimulatedLyncBackend over SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-sim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shares one deployment between two replicas on the same database file, and across a restart', async () => {
    const file = join(dir, 'lyncops.db');
    const [storeA, storeB] = [await openStore(file), await openStore(file)];
    const replicaA = new SimulatedLyncBackend({ topology: demoTopology(), state: storeA, moveLatencyMs: 0, transientFailureRate: 0 });
    const replicaB = new SimulatedLyncBackend({ topology: demoTopology(), state: storeB, moveLatencyMs: 0, transientFailureRate: 0 });
    await replicaA.moveLegacyUser('alice@contoso.com', LYNC_BER);
    await replicaB.moveLegacyUser('alice@contoso.com', LYNC_BER);
    await replicaB.setServiceStatus('lync-muc-fe01.contoso.local', 'RTCSRV', 'Stopped');
    assert.equal((await replicaB.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
    assert.equal((await replicaA.moves()).length, 1);
    assert.equal((await replicaA.getServiceStatus('lync-muc-fe01.contoso.local')).find((s) => s.name === 'RTCSRV')?.status, 'Stopped');
    await storeA.close();
    await storeB.close();

    const restarted = await openStore(file);
    try {
      const backend = new SimulatedLyncBackend({ topology: demoTopology(), state: restarted, moveLatencyMs: 0, transientFailureRate: 0 });
      assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
      assert.deepEqual((await backend.moves()).map((m) => m.object), ['alice@contoso.com']);
    } finally {
      await restarted.close();
    }
  });

  it('counts users per pool well under 50 ms on a 100,000-user deployment after moves', async function () {
    this.timeout(60_000);
    const topology = generateTopology({ usersPerSite: 25_000 });
    const store = await openStore(join(dir, 'big.db'));
    try {
      const backend = new SimulatedLyncBackend({ topology, state: store, moveLatencyMs: 0, transientFailureRate: 0 });
      const berlin = topology.users.filter((u) => u.homePool === 'ocs-ber.contoso.local' && u.enabled && !u.testUser && u.displayName === u.displayName.trim());
      for (const u of berlin.slice(0, 1000)) await backend.moveLegacyUser(u.sip, LYNC_BER);
      await backend.countUsersByPool();
      const started = process.hrtime.bigint();
      const counts = await backend.countUsersByPool();
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(elapsedMs < 50, `countUsersByPool took ${elapsedMs.toFixed(1)} ms`);
      assert.equal(counts[LYNC_BER], 1 + 1000);
      assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), topology.users.length);
    } finally {
      await store.close();
    }
  });
});

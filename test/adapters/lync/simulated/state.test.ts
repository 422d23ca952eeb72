// Durable, shared state: a second simulator over the same SimulatorStateStore sees every change,
// the in-memory store keeps its atomicity promises, and counting users per pool stays cheap on
// a 100,000-user deployment.
import assert from 'node:assert/strict';
import { SimulatedLyncBackend } from '../../../../adapters/lync/simulated';
import { MemorySimulatorState } from '../../../../adapters/lync/simulated/memory-state';
import { generateTopology } from '../../../../migration/demo-topology';
import type { Topology } from '../../../../migration/topology';
import { simBackend } from '../../../helpers/lync/sim-backend';

const LYNC_BER = 'lync-ber.contoso.local';

describe('SimulatedLyncBackend state', () => {
  it('keeps every change in the state store, so a restarted or second backend sees it', async () => {
    const state = new MemorySimulatorState();
    const first = simBackend({ state }).backend;
    await first.moveLegacyUser('alice@contoso.com', LYNC_BER);
    await first.moveConferenceDirectory(1, LYNC_BER);
    await first.moveApplicationEndpoint('dialin-ber@contoso.com', LYNC_BER);
    await first.setServiceStatus('ocs-ber-fe02.contoso.local', 'RTCCAA', 'Stopped');
    await first.setReplicationUpToDate('lync-muc-fe01.contoso.local', false);
    await first.decommissionPool('ocs-ham.contoso.local');

    const second = simBackend({ state }).backend;
    assert.equal((await second.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
    assert.deepEqual(await second.countUsersByPool(), await first.countUsersByPool());
    assert.equal((await second.listConferenceDirectories()).find((d) => d.identity === 1)?.pool, LYNC_BER);
    assert.equal((await second.listApplicationEndpoints()).find((e) => e.sip === 'dialin-ber@contoso.com')?.pool, LYNC_BER);
    assert.equal((await second.getServiceStatus('ocs-ber-fe02.contoso.local')).find((s) => s.name === 'RTCCAA')?.status, 'Stopped');
    assert.equal((await second.getReplicationStatus()).find((r) => r.replicaFqdn === 'lync-muc-fe01.contoso.local')?.upToDate, false);
    assert.equal((await second.listPools()).find((p) => p.fqdn === 'ocs-ham.contoso.local')?.decommissioned, true);
    assert.deepEqual(await second.moves(), await first.moves());
    assert.equal((await second.moves()).length, 3);

    // A later move by the second backend is visible to the first at once (no cached state).
    await second.moveUser('alice@contoso.com', 'ocs-ber.contoso.local');
    assert.equal((await first.getUser('alice@contoso.com'))?.registrarPool, 'ocs-ber.contoso.local');
  });

  it('lists users consistently with the counts after moves both ways', async () => {
    const { backend } = simBackend();
    await backend.moveLegacyUser('alice@contoso.com', LYNC_BER);
    await backend.moveLegacyUser('dave@contoso.com', LYNC_BER);
    await backend.rollbackUcsContacts('bob@contoso.com');
    await backend.moveUser('bob@contoso.com', 'ocs-muc.contoso.local');
    await backend.moveLegacyUser('bob@contoso.com', 'lync-muc.contoso.local');
    const counts = await backend.countUsersByPool();
    for (const pool of await backend.listPools()) {
      const users = await backend.listUsers(pool.fqdn);
      assert.equal(users.length, counts[pool.fqdn], pool.fqdn);
      assert.equal(new Set(users.map((u) => u.sip)).size, users.length);
    }
    assert.ok((await backend.listUsers(LYNC_BER)).some((u) => u.sip === 'dave@contoso.com'));
    assert.ok((await backend.listUsers('lync-muc.contoso.local')).some((u) => u.sip === 'bob@contoso.com'));
  });

  describe('MemorySimulatorState', () => {
    it('sets, lists and counts facts by value', async () => {
      const state = new MemorySimulatorState();
      await state.simSet('k', 'a', 'x');
      await state.simSet('k', 'b', 'x');
      await state.simSet('k', 'c', 'y');
      await state.simSet('other', 'a', 'z');
      assert.equal(await state.simGet('k', 'a'), 'x');
      assert.equal(await state.simGet('k', 'missing'), undefined);
      assert.deepEqual((await state.simList('k')).sort((p, q) => p.key.localeCompare(q.key)), [
        { key: 'a', value: 'x' },
        { key: 'b', value: 'x' },
        { key: 'c', value: 'y' },
      ]);
      assert.deepEqual(await state.simCountByValue('k'), { x: 2, y: 1 });
      assert.deepEqual(await state.simCountByValue('none'), {});
      assert.deepEqual(await state.simList('none'), []);
    });

    it('compares and sets atomically, appending the move only with a successful change', async () => {
      const state = new MemorySimulatorState();
      const move = { at: 1, cmdlet: 'Move-CsLegacyUser', object: 'a', fromPool: 'p', toPool: 'q' };
      assert.equal(await state.simCompareAndSet('k', 'a', 'wrong', 'q', move), false);
      assert.equal(await state.simCompareAndSet('k', 'a', undefined, 'q', move), true);
      assert.equal(await state.simCompareAndSet('k', 'a', undefined, 'r', move), false);
      assert.equal(await state.simCompareAndSet('k', 'a', 'q', 'r'), true);
      assert.equal(await state.simGet('k', 'a'), 'r');
      assert.deepEqual(await state.simMoves(), [move]);
    });

    it('hands out copies of move records', async () => {
      const state = new MemorySimulatorState();
      await state.simSet('k', 'a', 'q', { at: 1, cmdlet: 'c', object: 'a', fromPool: 'p', toPool: 'q' });
      (await state.simMoves())[0].toPool = 'tampered';
      assert.equal((await state.simMoves())[0].toPool, 'q');
    });
  });

  describe('on a 100,000-user deployment', function () {
    this.timeout(60_000);
    let topology: Topology;
    before(() => {
      topology = generateTopology({ usersPerSite: 25_000 });
    });

    it('counts users per pool well under 50 ms after moves, and correctly', async () => {
      const backend = new SimulatedLyncBackend({ topology, state: new MemorySimulatorState(), moveLatencyMs: 0, transientFailureRate: 0 });
      const berlin = topology.users.filter((u) => u.homePool === 'ocs-ber.contoso.local' && u.enabled && !u.testUser && u.displayName === u.displayName.trim());
      for (const u of berlin.slice(0, 2000)) await backend.moveLegacyUser(u.sip, LYNC_BER);
      for (const u of berlin.slice(0, 100)) await backend.moveUser(u.sip, 'ocs-ber.contoso.local');

      await backend.countUsersByPool();
      const started = process.hrtime.bigint();
      const counts = await backend.countUsersByPool();
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(elapsedMs < 50, `countUsersByPool took ${elapsedMs.toFixed(1)} ms`);

      const expected: Record<string, number> = {};
      for (const p of topology.pools) expected[p.fqdn] = 0;
      for (const u of topology.users) expected[u.homePool] += 1;
      expected['ocs-ber.contoso.local'] -= 1900;
      expected[LYNC_BER] += 1900;
      assert.deepEqual(counts, expected);
      assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), topology.users.length);
    });
  });
});

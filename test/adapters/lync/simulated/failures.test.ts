// Timing and failure behaviour of the simulator: move latency under fake timers, seeded random
// transient failures, deterministic injected failures, and concurrent moves of one user.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { MemorySimulatorState } from '../../../../adapters/lync/simulated/memory-state';
import { rejection, simBackend } from '../../../helpers/lync/sim-backend';

const OCS_BER = 'ocs-ber.contoso.local';
const LYNC_BER = 'lync-ber.contoso.local';

/** A sleep that parks callers until the test releases them, to line concurrent moves up. */
function gatedSleep() {
  const parked: Array<() => void> = [];
  return {
    sleep: () => new Promise<void>((resolve) => parked.push(resolve)),
    async whenParked(count: number) {
      for (let i = 0; i < 1000 && parked.length < count; i++) await new Promise((r) => setImmediate(r));
      assert.equal(parked.length, count, 'every call reached the move');
    },
    release: () => parked.splice(0).forEach((resolve) => resolve()),
  };
}

describe('SimulatedLyncBackend timing and failures', () => {
  describe('move latency', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: 1_000_000 });
    });
    afterEach(() => clock.restore());

    it('waits the default 250 ms per move before the user is on the new pool', async () => {
      const { backend } = simBackend({ moveLatencyMs: undefined });
      let done = false;
      const move = backend.moveLegacyUser('alice@contoso.com', LYNC_BER).then(() => (done = true));
      await clock.tickAsync(249);
      assert.equal(done, false);
      assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, OCS_BER);
      await clock.tickAsync(1);
      await move;
      assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
      assert.equal((await backend.moves())[0].at, 1_000_250);
    });

    it('honours a configured latency for every kind of move', async () => {
      const { backend } = simBackend({ moveLatencyMs: 1000 });
      const settled: string[] = [];
      const moves = [
        backend.moveConferenceDirectory(1, LYNC_BER).then(() => settled.push('confdir')),
        backend.moveApplicationEndpoint('dialin-ber@contoso.com', LYNC_BER).then(() => settled.push('endpoint')),
      ];
      await clock.tickAsync(999);
      assert.deepEqual(settled, []);
      await clock.tickAsync(1);
      await Promise.all(moves);
      assert.deepEqual(settled.sort(), ['confdir', 'endpoint']);
    });
  });

  describe('random transient failures', () => {
    async function outcomes(seed: number, rate: number): Promise<string[]> {
      const { backend } = simBackend({ seed, transientFailureRate: rate });
      const users = (await backend.listUsers(OCS_BER)).filter((u) => u.enabled && u.displayName === u.displayName.trim()).slice(0, 200);
      const result: string[] = [];
      for (const u of users) {
        try {
          await backend.moveLegacyUser(u.sip, LYNC_BER);
          result.push('ok');
        } catch (e) {
          const err = await rejection(Promise.reject(e));
          assert.equal(err.transient, true);
          assert.equal((await backend.getUser(u.sip))?.registrarPool, OCS_BER, 'a failed move changes nothing');
          result.push(err.code);
        }
      }
      assert.equal((await backend.moves()).length, result.filter((r) => r === 'ok').length);
      return result;
    }

    it('fails at about the configured rate with the transient codes of Move-CsLegacyUser', async () => {
      const result = await outcomes(7, 0.3);
      assert.equal(result.length, 200);
      const failures = result.filter((r) => r !== 'ok');
      assert.ok(failures.length >= 40 && failures.length <= 80, `${failures.length} failures of 200 at 30 %`);
      assert.deepEqual([...new Set(failures)].sort(), ['BACKEND_STORE_ERROR', 'REPLICATION_NOT_SYNCED']);
    });

    it('repeats exactly for the same seed and differs for another', async () => {
      assert.deepEqual(await outcomes(7, 0.3), await outcomes(7, 0.3));
      assert.notDeepEqual(await outcomes(7, 0.3), await outcomes(8, 0.3));
    });

    it('never fails at rate 0 and always fails at rate 1', async () => {
      assert.ok((await outcomes(1, 0)).every((r) => r === 'ok'));
      assert.ok((await outcomes(1, 1)).every((r) => r !== 'ok'));
    });

    it('words the failure the way the cmdlet does', async () => {
      const { backend } = simBackend({ transientFailureRate: 1 });
      const e = await rejection(backend.moveLegacyUser('alice@contoso.com', LYNC_BER));
      assert.match(e.message, /^Move-CsLegacyUser : /);
      assert.match(e.message, /User Replicator|SQL Server/);
    });
  });

  describe('injected failures', () => {
    it('fails `times` times for the matching operation and object, then succeeds', async () => {
      const { backend } = simBackend({ inject: [{ op: 'moveLegacyUser', object: 'sip:Alice@Contoso.com', code: 'FRONTEND_STOPPED', times: 2 }] });
      await backend.moveLegacyUser('alice@contoso.com', LYNC_BER, { whatIf: true });
      for (let i = 0; i < 2; i++) {
        const e = await rejection(backend.moveLegacyUser('alice@contoso.com', LYNC_BER));
        assert.equal(e.code, 'FRONTEND_STOPPED');
        assert.equal(e.transient, true);
        assert.equal(e.details?.injected, true);
      }
      await backend.moveLegacyUser('carol@contoso.com', LYNC_BER);
      await backend.moveLegacyUser('alice@contoso.com', LYNC_BER);
      assert.deepEqual((await backend.moves()).map((m) => m.object), ['carol@contoso.com', 'alice@contoso.com']);
    });

    it('fails every time without `times`, and on every object without `object`', async () => {
      const { backend } = simBackend({ inject: [{ op: 'getUser', code: 'SESSION_LOST' }, { op: 'moveUser', code: 'USER_DISABLED' }] });
      for (let i = 0; i < 3; i++) assert.equal((await rejection(backend.getUser('bob@contoso.com'))).code, 'SESSION_LOST');
      assert.equal((await rejection(backend.moveUser('bob@contoso.com', 'ocs-muc.contoso.local'))).code, 'USER_DISABLED');
      assert.equal((await rejection(backend.moveUser('alex.wilber@contoso.com', 'ocs-muc.contoso.local'))).code, 'USER_DISABLED');
    });

    it('covers synthetic tests and replication status', async () => {
      const { backend } = simBackend({
        inject: [
          { op: 'runSyntheticTest', object: LYNC_BER, code: 'BACKEND_TIMEOUT', times: 1 },
          { op: 'getReplicationStatus', code: 'SESSION_LOST', times: 1 },
        ],
      });
      const args = { targetFqdn: LYNC_BER, senderSip: 'test-ber-lync@contoso.com' };
      assert.equal((await rejection(backend.runSyntheticTest('registration', args))).code, 'BACKEND_TIMEOUT');
      assert.equal((await backend.runSyntheticTest('registration', args)).result, 'Success');
      assert.equal((await rejection(backend.getReplicationStatus())).code, 'SESSION_LOST');
      assert.ok((await backend.getReplicationStatus()).length > 0);
    });

    it('rejects an injection with an unknown error code', () => {
      assert.throws(() => simBackend({ inject: [{ code: 'NO_SUCH_CODE' as never }] }), /INVALID_INPUT|options/);
    });
  });

  describe('concurrent moves of one user', () => {
    it('moves the user once and records exactly one move', async () => {
      const gate = gatedSleep();
      const { backend } = simBackend({ moveLatencyMs: 10, sleep: gate.sleep });
      const both = Promise.all([backend.moveLegacyUser('alice@contoso.com', LYNC_BER), backend.moveLegacyUser('alice@contoso.com', LYNC_BER)]);
      await gate.whenParked(2);
      gate.release();
      await both;
      assert.equal((await backend.moves()).length, 1);
      assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
    });

    it('lets one of two replicas win when they move the user to different pools', async () => {
      const gate = gatedSleep();
      const state = new MemorySimulatorState();
      const first = simBackend({ state, moveLatencyMs: 10, sleep: gate.sleep }).backend;
      const second = simBackend({ state, moveLatencyMs: 10, sleep: gate.sleep }).backend;
      const results = Promise.allSettled([
        first.moveLegacyUser('alice@contoso.com', LYNC_BER),
        second.moveLegacyUser('alice@contoso.com', 'lync-muc.contoso.local'),
      ]);
      await gate.whenParked(2);
      gate.release();
      const [a, b] = await results;
      assert.equal(a.status, 'fulfilled');
      assert.equal(b.status, 'rejected');
      const loser = await rejection(Promise.reject((b as PromiseRejectedResult).reason));
      assert.equal(loser.code, 'BACKEND_STORE_ERROR');
      assert.equal(loser.transient, true);
      assert.equal((await first.moves()).length, 1);
      assert.equal((await second.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
    });
  });
});

// Store contract, SimulatorStateStore: the simulator's facts, compare-and-set with its move record,
// counts and the move log.
import assert from 'node:assert/strict';
import type { SimMoveRecord, SimulatorStateStore } from '../../../migration/store';
import { T0 } from '../../helpers/store/fixtures';
import type { ContractContext } from './context';

function move(at: number, object: string): SimMoveRecord {
  return { at, cmdlet: 'Move-CsLegacyUser', object, fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local' };
}

export function simulatorStateContract(ctx: ContractContext<SimulatorStateStore>): void {
  describe('simulator state', () => {
    it('gets, sets and lists facts per kind', async () => {
      assert.equal(await ctx.store.simGet('userPool', 'alice@contoso.com'), undefined);
      await ctx.store.simSet('userPool', 'alice@contoso.com', 'lync-ber.contoso.local', move(T0, 'alice@contoso.com'));
      await ctx.store.simSet('userPool', 'carol@contoso.com', 'ocs-ber.contoso.local');
      await ctx.store.simSet('poolRetired', 'ocs-ham.contoso.local', 'true');
      await ctx.store.simSet('userPool', 'carol@contoso.com', 'lync-ber.contoso.local');
      assert.equal(await ctx.store.simGet('userPool', 'carol@contoso.com'), 'lync-ber.contoso.local');
      assert.deepEqual(await ctx.store.simList('userPool'), [
        { key: 'alice@contoso.com', value: 'lync-ber.contoso.local' },
        { key: 'carol@contoso.com', value: 'lync-ber.contoso.local' },
      ]);
      assert.deepEqual(await ctx.store.simMoves(), [move(T0, 'alice@contoso.com')]);
    });

    it('reads several facts in one call, in the order asked', async () => {
      assert.deepEqual(await ctx.store.simGetMany([]), []);
      await ctx.store.simSet('poolRetired', 'ocs-ham.contoso.local', 'true');
      await ctx.store.simSet('service', 'fe1/RTCSRV', 'Stopped');
      const got = await ctx.store.simGetMany([
        { kind: 'service', key: 'fe1/RTCSRV' },
        { kind: 'poolRetired', key: 'ocs-ber.contoso.local' },
        { kind: 'poolRetired', key: 'ocs-ham.contoso.local' },
        { kind: 'service', key: 'fe1/RTCSRV' },
      ]);
      assert.deepEqual(got, ['Stopped', undefined, 'true', 'Stopped']);
    });

    it('compare-and-set succeeds only on the expected value and records the move with it', async () => {
      assert.equal(await ctx.store.simCompareAndSet('userPool', 'bob', undefined, 'ocs-muc', move(T0, 'bob-created')), true);
      assert.equal(await ctx.store.simCompareAndSet('userPool', 'bob', undefined, 'lync-muc', move(T0 + 1, 'lost-1')), false);
      assert.equal(await ctx.store.simCompareAndSet('userPool', 'bob', 'lync-muc', 'ocs-muc', move(T0 + 2, 'lost-2')), false);
      assert.equal(await ctx.store.simCompareAndSet('userPool', 'bob', 'ocs-muc', 'lync-muc', move(T0 + 3, 'bob')), true);
      assert.equal(await ctx.store.simGet('userPool', 'bob'), 'lync-muc');
      assert.deepEqual((await ctx.store.simMoves()).map((m) => m.object), ['bob-created', 'bob']);
    });

    it('lets exactly one of 20 concurrent compare-and-sets win', async () => {
      await ctx.store.simSet('userPool', 'dave', 'ocs-fra');
      const wins = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ctx.store.simCompareAndSet('userPool', 'dave', 'ocs-fra', `pool-${i}`, move(T0 + i, `dave-${i}`))),
      );
      assert.equal(wins.filter(Boolean).length, 1);
      assert.equal((await ctx.store.simMoves()).length, 1);
    });

    it('counts facts by value and keeps moves in insertion order', async () => {
      for (let i = 0; i < 5; i++) await ctx.store.simSet('userPool', `u${i}`, i < 3 ? 'lync-ber' : 'lync-muc', move(T0 + 10 - i, `u${i}`));
      await ctx.store.simSet('confDirPool', '1', 'lync-ber');
      assert.deepEqual(await ctx.store.simCountByValue('userPool'), { 'lync-ber': 3, 'lync-muc': 2 });
      assert.deepEqual(await ctx.store.simCountByValue('nothing'), {});
      assert.deepEqual((await ctx.store.simMoves()).map((m) => m.object), ['u0', 'u1', 'u2', 'u3', 'u4']);
    });
  });
}

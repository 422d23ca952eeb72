// Store contract, BotStateStorage: botbuilder Storage semantics with eTags, all or nothing per call.
import assert from 'node:assert/strict';
import type { BotStateStorage } from '../../../migration/store';
import type { ContractContext } from './context';

export function botStateContract(ctx: ContractContext<BotStateStorage>): void {
  describe('bot state', () => {
    it('reads only present keys, each write giving a new eTag', async () => {
      assert.deepEqual(await ctx.store.readState(['a', 'b']), []);
      await ctx.store.writeState([{ key: 'a', value: { n: 1 } }, { key: 'b', value: [1, 2] }]);
      const [a1, b1] = await ctx.store.readState(['a', 'b', 'c']);
      assert.deepEqual([a1.key, a1.value, b1.key, b1.value], ['a', { n: 1 }, 'b', [1, 2]]);
      assert.ok(a1.eTag && b1.eTag && a1.eTag !== b1.eTag);
      await ctx.store.writeState([{ key: 'a', value: { n: 2 }, eTag: a1.eTag }]);
      const [a2] = await ctx.store.readState(['a']);
      assert.deepEqual(a2.value, { n: 2 });
      assert.notEqual(a2.eTag, a1.eTag);
      await ctx.store.writeState([{ key: 'a', value: { n: 3 }, eTag: '*' }]);
      assert.deepEqual((await ctx.store.readState(['a']))[0].value, { n: 3 });
      assert.deepEqual(await ctx.store.readState([]), []);
    });

    it('rejects a stale eTag and writes nothing of that call', async () => {
      await ctx.store.writeState([{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }]);
      const [a] = await ctx.store.readState(['a']);
      await ctx.store.writeState([{ key: 'a', value: 'newer' }]);
      await assert.rejects(
        ctx.store.writeState([{ key: 'b', value: 'lost' }, { key: 'a', value: 'stale', eTag: a.eTag }, { key: 'z', value: 'lost' }]),
        /eTag conflict/,
      );
      const after = await ctx.store.readState(['a', 'b', 'z']);
      assert.deepEqual(after.map((s) => [s.key, s.value]), [['a', 'newer'], ['b', 'two']]);
    });

    it('writes a new key whatever eTag comes with it (botbuilder semantics) and deletes keys', async () => {
      await ctx.store.writeState([{ key: 'fresh', value: { ok: true }, eTag: 'from-elsewhere' }]);
      assert.deepEqual((await ctx.store.readState(['fresh']))[0].value, { ok: true });
      await ctx.store.deleteState(['fresh', 'never-there']);
      assert.deepEqual(await ctx.store.readState(['fresh']), []);
      await ctx.store.deleteState([]);
    });
  });
}

// The botbuilder Storage over the Store: round trips, eTag optimistic concurrency (a stale write
// fails), deletes, and UserState on top, against the in-memory fake and the real SQLite store.
import { strict as assert } from 'node:assert';
import { TestAdapter, TurnContext } from 'botbuilder';
import { PendingCardUpdates, StoreStorage, UserPreferences, userStateKey } from '../../bot/storage';
import { openStore } from '../../adapters/store';
import type { Store } from '../../migration/ports';
import { MemoryBotStore } from './helpers/fakes';

const backends: Array<[string, () => Promise<{ store: Pick<Store, 'readState' | 'writeState' | 'deleteState'>; close(): Promise<void> }>]> = [
  ['memory fake', async () => ({ store: new MemoryBotStore(), close: async () => undefined })],
  [
    'sqlite store',
    async () => {
      const store = await openStore(':memory:');
      await store.init();
      return { store, close: () => store.close() };
    },
  ],
];

for (const [name, open] of backends) {
  describe(`bot/storage (${name})`, () => {
    let storage: StoreStorage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      const opened = await open();
      storage = new StoreStorage(opened.store);
      close = opened.close;
    });
    afterEach(() => close());

    it('reads back what it wrote, with an eTag', async () => {
      await storage.write({ 'msteams/users/u1/': { language: 'de', eTag: '*' } });
      const items = await storage.read(['msteams/users/u1/', 'missing']);
      assert.equal(items['msteams/users/u1/'].language, 'de');
      assert.equal(typeof items['msteams/users/u1/'].eTag, 'string');
      assert.ok(!('missing' in items));
    });

    it('accepts a write with the current eTag and refuses a stale one', async () => {
      await storage.write({ k: { count: 1 } });
      const first = (await storage.read(['k'])).k;
      await storage.write({ k: { count: 2, eTag: first.eTag } });
      await assert.rejects(storage.write({ k: { count: 3, eTag: first.eTag } }));
      assert.equal((await storage.read(['k'])).k.count, 2);
    });

    it('writes unconditionally with eTag "*" or none', async () => {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 2, eTag: '*' } });
      await storage.write({ k: { v: 3 } });
      assert.equal((await storage.read(['k'])).k.v, 3);
    });

    it('deletes, and treats empty key lists as no-ops', async () => {
      await storage.write({ a: { v: 1 }, b: { v: 2 } });
      await storage.delete(['a']);
      assert.deepEqual(Object.keys(await storage.read(['a', 'b'])), ['b']);
      assert.deepEqual(await storage.read([]), {});
      await storage.write({});
      await storage.delete([]);
    });

    it('keeps UserState in the store so another replica reads the same language', async () => {
      const adapter = new TestAdapter();
      const context = new TurnContext(adapter, { type: 'message', channelId: 'msteams', from: { id: '29:alice', name: 'Alice' }, conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' } });
      await new UserPreferences(storage).rememberLanguage(context, 'de');
      const otherReplica = new UserPreferences(storage);
      assert.equal(await otherReplica.languageOf('msteams', '29:alice'), 'de');
      assert.equal(await otherReplica.languageOf('msteams', '29:bob'), undefined);
      assert.ok((await storage.read([userStateKey('msteams', '29:alice')]))[userStateKey('msteams', '29:alice')]);
    });

    it('keeps the pending card updates as a set, and two writers at once lose none', async () => {
      const a = new PendingCardUpdates(storage);
      const b = new PendingCardUpdates(storage);
      assert.deepEqual(await a.list(), []);
      await a.add(['1', '2']);
      await a.add(['2']);
      assert.deepEqual(await b.list(), ['1', '2']);
      // Interleaved read-modify-write: the loser of the eTag race reads again and retries.
      await Promise.all([a.add(['3']), b.add(['4']), a.remove(['1'])]);
      assert.deepEqual((await a.list()).sort(), ['2', '3', '4']);
      await b.remove(['2', '3', '4', '99']);
      assert.deepEqual(await a.list(), []);
    });
  });
}

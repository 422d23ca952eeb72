// Remembering a user's language: one read per turn, a write only when the language changed, with
// the eTag that was read (a concurrent change elsewhere wins instead of being overwritten), and
// other properties under the same key kept.
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { TestAdapter, TurnContext } from 'botbuilder';
import { StoreStorage, UserPreferences, userStateKey } from '../../bot/storage';
import { MemoryBotStore } from './helpers/fakes';

const KEY = userStateKey('msteams', '29:alice');

function turn(): TurnContext {
  return new TurnContext(new TestAdapter(), { type: 'message', channelId: 'msteams', from: { id: '29:alice', name: 'Alice' }, conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' } });
}

describe('bot/storage UserPreferences', () => {
  it('writes only when the language changes and keeps the other properties', async () => {
    const storage = new StoreStorage(new MemoryBotStore());
    await storage.write({ [KEY]: { theme: 'dark' } });
    const write = sinon.spy(storage, 'write');
    const preferences = new UserPreferences(storage);
    await preferences.rememberLanguage(turn(), 'de');
    await preferences.rememberLanguage(turn(), 'de');
    sinon.assert.calledOnce(write);
    await preferences.rememberLanguage(turn(), 'en');
    sinon.assert.calledTwice(write);
    const stored = (await storage.read([KEY]))[KEY];
    assert.equal(stored.language, 'en');
    assert.equal(stored.theme, 'dark');
    assert.equal(await preferences.languageOf('msteams', '29:alice'), 'en');
  });

  it('writes with the eTag it read, so a change made meanwhile by another replica is not overwritten', async () => {
    const storage = new StoreStorage(new MemoryBotStore());
    await storage.write({ [KEY]: { language: 'en' } });
    const read = storage.read.bind(storage);
    sinon.stub(storage, 'read').callsFake(async (keys) => {
      const items = await read(keys);
      await storage.write({ [KEY]: { language: 'en', theme: 'set elsewhere' } });
      return items;
    });
    await assert.rejects(new UserPreferences(storage).rememberLanguage(turn(), 'de'), /eTag/);
    assert.equal((await read([KEY]))[KEY].theme, 'set elsewhere');
  });

  it('refuses an activity without a user', async () => {
    const context = new TurnContext(new TestAdapter(), { type: 'message', channelId: 'msteams', conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' } });
    await assert.rejects(new UserPreferences(new StoreStorage(new MemoryBotStore())).rememberLanguage(context, 'en'), /from\.id/);
  });
});

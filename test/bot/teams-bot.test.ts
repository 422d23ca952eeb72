// The activity handler through the real server and adapter: card actions (Action.Execute invokes,
// refreshes, Action.Submit fallback), mentions, caller resolution and conversation references.
import { strict as assert } from 'node:assert';
import { card, FakeConversation, FakeDirectory, invokeActivity, MemoryBotStore, messageActivity } from './helpers/fakes';
import { postActivity, startBotServer, startFakeConnector, type FakeConnector, type TestBotServer } from './helpers/http';
import { referenceKey, stripMentions, turnAuthenticated } from '../../bot/turn';
import type { TurnContext } from 'botbuilder';
import { userStateKey } from '../../bot/storage';


/** The card reference the bot recorded when it posted a card into the test conversation. */
const recordedAt = (activityId: string) => ({ conversation: { conversation: { id: 'conversation-1' } }, activityId });

describe('bot/teams-bot', () => {
  let connector: FakeConnector;
  let bot: TestBotServer;
  let conversation: FakeConversation;
  let directory: FakeDirectory;
  let store: MemoryBotStore;

  beforeEach(async () => {
    connector = await startFakeConnector();
    conversation = new FakeConversation();
    directory = new FakeDirectory();
    store = new MemoryBotStore();
    bot = await startBotServer({ conversation, directory, store, invokeDeadlineMs: 200 });
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
  });

  describe('Action.Execute (invoke adaptiveCard/action)', () => {
    const execute = (trigger?: string) => ({ action: { type: 'Action.Execute', verb: 'move.confirm', data: { proposalId: '5' } }, ...(trigger ? { trigger } : {}) });

    it('answers with the card from onCardAction as an invoke response', async () => {
      conversation.actWith = () => ({ card: card('Job 9 queued') });
      const { status, body } = await postActivity(bot.url, invokeActivity(execute('manual'), { serviceUrl: connector.url }));
      assert.equal(status, 200);
      assert.deepEqual(body, { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card('Job 9 queued') });
      const [turn] = conversation.actions;
      assert.equal(turn.verb, 'move.confirm');
      assert.deepEqual(turn.data, { proposalId: '5' });
      assert.equal(turn.trigger, 'manual');
      assert.equal(turn.replyToId, 'card-activity-1');
      assert.equal(turn.actor.role, 'admin');
    });

    it('on a refresh (trigger automatic) only returns the card: no activity is sent or updated', async () => {
      conversation.actWith = () => ({ card: card('current'), replies: [{ text: 'would loop' }] });
      const { status, body } = await postActivity(bot.url, invokeActivity(execute('automatic'), { serviceUrl: connector.url }));
      assert.equal(status, 200);
      assert.equal((body as { value: unknown }).value && (body as { type: string }).type, 'application/vnd.microsoft.card.adaptive');
      assert.equal(conversation.actions[0].trigger, 'automatic');
      assert.deepEqual(connector.calls, []);
    });

    it('sends the extra replies of a manual click', async () => {
      conversation.actWith = () => ({ card: card('done'), replies: [{ text: 'Job 9 started' }] });
      await postActivity(bot.url, invokeActivity(execute(), { serviceUrl: connector.url }));
      const posts = connector.calls.filter((c) => c.method === 'POST');
      assert.equal(posts.length, 1);
      assert.equal(posts[0].body.text, 'Job 9 started');
    });

    it('refuses an invoke whose value is no Action.Execute with 400', async () => {
      const { status, body } = await postActivity(bot.url, invokeActivity({ action: { type: 'Action.Submit' } }, { serviceUrl: connector.url }));
      assert.equal(status, 400);
      assert.equal((body as { type: string }).type, 'application/vnd.microsoft.error');
      assert.equal(conversation.actions.length, 0);
    });

    it('answers "still working" when the dialogs miss the deadline, then updates the card in place', async () => {
      let finish!: () => void;
      conversation.actWith = () => new Promise((resolve) => (finish = () => resolve({ card: card('late result'), recorded: recordedAt('card-activity-1') })));
      const { body } = await postActivity(bot.url, invokeActivity(execute('manual'), { serviceUrl: connector.url }));
      assert.equal((body as { type: string }).type, 'application/vnd.microsoft.activity.message');
      assert.match(String((body as { value: string }).value), /Still working/);
      finish();
      for (let i = 0; i < 50 && !connector.calls.some((c) => c.method === 'PUT'); i++) await new Promise((r) => setTimeout(r, 10));
      const put = connector.calls.find((c) => c.method === 'PUT');
      assert.ok(put, 'card updated in place');
      assert.match(put.path, /\/activities\/card-activity-1$/);
      assert.deepEqual((put.body.attachments as Array<{ content: unknown }>)[0].content, card('late result'));
    });

    it('answers a failing card action with a polite message, no error details', async () => {
      conversation.actWith = () => Promise.reject(new Error('secret detail'));
      const { status, body } = await postActivity(bot.url, invokeActivity(execute('manual'), { serviceUrl: connector.url }));
      assert.equal(status, 200);
      assert.doesNotMatch(JSON.stringify(body), /secret detail/);
    });
  });

  describe('Action.Submit fallback (message with value)', () => {
    it('passes the value to onCardAction and updates the clicked card in place', async () => {
      conversation.actWith = () => ({ card: card('cancelled'), recorded: recordedAt('card-activity-7') });
      const activity = messageActivity(undefined, { value: { verb: 'move.cancel', proposalId: '5' }, replyToId: 'card-activity-7', serviceUrl: connector.url });
      const { status } = await postActivity(bot.url, activity);
      assert.equal(status, 200);
      assert.deepEqual(conversation.actions[0].data, { verb: 'move.cancel', proposalId: '5' });
      assert.equal(conversation.messages.length, 0);
      const put = connector.calls.find((c) => c.method === 'PUT');
      assert.ok(put);
      assert.match(put.path, /\/activities\/card-activity-7$/);
    });

    it('sends the card anew when the update fails', async () => {
      conversation.actWith = () => ({ card: card('cancelled'), recorded: recordedAt('gone') });
      connector.failNext.push(404);
      await postActivity(bot.url, messageActivity(undefined, { value: { verb: 'x' }, replyToId: 'gone', serviceUrl: connector.url }));
      assert.deepEqual(connector.calls.map((c) => c.method), ['PUT', 'POST']);
    });
  });

  describe('mentions and callers', () => {
    it('strips the bot mention and leftover <at> tags before the dialogs see the text', async () => {
      const activity = messageActivity('<at>LyncOps</at> status of site <at>Someone</at>&nbsp;Berlin', {
        deliveryMode: 'expectReplies',
        entities: [{ type: 'mention', text: '<at>LyncOps</at>', mentioned: { id: 'bot-id', name: 'LyncOps' } }],
      });
      await postActivity(bot.url, activity);
      assert.equal(conversation.messages[0].text, 'status of site Berlin');
    });

    it('stripMentions copes with malformed mention entities and no recipient', () => {
      assert.equal(stripMentions({ text: '<at>Bot</at> help', entities: [{ type: 'mention' }] as never, recipient: { id: 'b', name: 'b' } }), 'help');
      assert.equal(stripMentions({ text: '  hilfe  ' }), 'hilfe');
      assert.equal(stripMentions({}), '');
    });

    it('resolves the caller by AAD object id through the directory, with role', async () => {
      await postActivity(bot.url, messageActivity('help', { deliveryMode: 'expectReplies', from: { id: '29:alice', name: 'Alice', aadObjectId: '11111111-0000-0000-0000-000000000001' } }));
      assert.deepEqual(conversation.messages[0].actor, { id: '11111111-0000-0000-0000-000000000001', name: 'Alice Schulz', sip: 'alice@contoso.com', role: 'user' });
      assert.deepEqual(directory.lookups, ['11111111-0000-0000-0000-000000000001']);
    });

    it('treats people the directory does not know as plain users (by channel id without AAD id), named unknown', async () => {
      await postActivity(bot.url, messageActivity('help', { deliveryMode: 'expectReplies', from: { id: 'user-id-9', name: 'Stranger' } }));
      assert.deepEqual(conversation.messages[0].actor, { id: 'channel:user-id-9', name: 'unknown', role: 'user' });
    });

    it('answers "directory not reachable" during a directory outage, without calling the dialogs', async () => {
      directory.down = true;
      const { status, body } = await postActivity(bot.url, messageActivity('verschiebe Gruppe Pilot', { deliveryMode: 'expectReplies' }));
      assert.equal(status, 200);
      assert.match(JSON.stringify(body), /Verzeichnis ist gerade nicht erreichbar/);
      assert.equal(conversation.messages.length, 0);
    });
  });

  describe('conversation references and user state', () => {
    it('stores the reference of a personal chat under the AAD id when the service URL is allowed', async () => {
      await postActivity(bot.url, messageActivity('help', { serviceUrl: connector.url }));
      const ref = store.refs.get('00000000-0000-0000-0000-0000000000020') as { serviceUrl: string; conversation: { id: string } };
      assert.equal(ref.serviceUrl, connector.url);
      assert.equal(ref.conversation.id, 'conversation-1');
    });

    it('stores group chat references under the conversation, not the user', async () => {
      await postActivity(bot.url, messageActivity('help', { serviceUrl: connector.url, conversation: { id: 'group-1', conversationType: 'groupChat' } }));
      assert.ok(store.refs.has('conversation:group-1'));
      assert.ok(!store.refs.has('00000000-0000-0000-0000-0000000000020'));
    });

    it('keeps no reference for a service URL outside the allowlist', async () => {
      for (const serviceUrl of ['https://evil.example.com/', 'http://smba.trafficmanager.net/', 'https://botframework.com.evil.net/']) {
        await postActivity(bot.url, messageActivity('help', { deliveryMode: 'expectReplies', serviceUrl }));
      }
      assert.equal(store.refs.size, 0);
      assert.equal(conversation.messages.length, 3);
    });

    it('remembers the language a user wrote in (UserState in the store)', async () => {
      await postActivity(bot.url, messageActivity('hilfe', { deliveryMode: 'expectReplies' }));
      const [state] = await store.readState([userStateKey('msteams', 'user-id-0')]);
      assert.equal((state.value as { language: string }).language, 'de');
    });
  });

  describe('turn helpers', () => {
    const contextWith = (identity: unknown) => {
      const key = Symbol('BotIdentity');
      return { adapter: { BotIdentityKey: key }, turnState: new Map([[key, identity]]) } as unknown as TurnContext;
    };

    it('counts a turn as authenticated only with a validated, non-anonymous identity when auth is on', () => {
      assert.equal(turnAuthenticated(contextWith({ isAuthenticated: true, authenticationType: 'https://api.botframework.com' }), true), true);
      assert.equal(turnAuthenticated(contextWith({ isAuthenticated: true, authenticationType: 'anonymous' }), true), false);
      assert.equal(turnAuthenticated(contextWith(undefined), true), false);
      assert.equal(turnAuthenticated(contextWith(undefined), false), true);
    });

    it('keys references by AAD id in personal chats, by conversation elsewhere', () => {
      const from = { id: '29:x', name: 'X', aadObjectId: 'aad-1' };
      assert.equal(referenceKey({ from, conversation: { id: 'c', conversationType: 'personal' } as never }), 'aad-1');
      assert.equal(referenceKey({ from: { id: '29:x' } as never, conversation: { id: 'c' } as never }), '29:x');
      assert.equal(referenceKey({ from, conversation: { id: 'c', conversationType: 'channel' } as never }), 'conversation:c');
      assert.equal(referenceKey({ conversation: { id: 'c' } as never }), undefined);
    });
  });
});

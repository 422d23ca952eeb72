// The real restify server on an ephemeral port, with a fake Conversation and Directory behind the
// real CloudAdapter and TeamsBot: health, activities with expectReplies, bad input, auth.
import { strict as assert } from 'node:assert';
import { MAX_INPUT_CHARS } from '../../dialogs';
import { FakeConversation, FakeDirectory, MemoryBotStore, messageActivity } from './helpers/fakes';
import { postActivity, startBotServer, startFakeConnector, type FakeConnector, type TestBotServer } from './helpers/http';

describe('bot/server (HTTP)', () => {
  let conversation: FakeConversation;
  let store: MemoryBotStore;
  let bot: TestBotServer;

  beforeEach(async () => {
    conversation = new FakeConversation();
    store = new MemoryBotStore();
    bot = await startBotServer({ conversation, directory: new FakeDirectory(), store });
  });
  afterEach(async () => {
    await bot.close();
  });

  it('answers /healthz with status and version', async () => {
    const response = await fetch(`${bot.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', version: '9.9.9' });
  });

  it('returns the replies in the HTTP body for deliveryMode expectReplies, card attached', async () => {
    const { status, body } = await postActivity(bot.url, messageActivity('status of site Berlin', { deliveryMode: 'expectReplies' }));
    assert.equal(status, 200);
    const activities = (body as { activities: Array<{ text?: string; attachments?: Array<{ contentType: string; content: { type: string; body: Array<{ text: string }> } }> }> }).activities;
    assert.equal(activities.length, 1);
    assert.equal(activities[0].text, 'echo: status of site Berlin');
    const [attachment] = activities[0].attachments!;
    assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(attachment.content.type, 'AdaptiveCard');
    assert.equal(attachment.content.body[0].text, 'echo status of site Berlin');
    assert.equal(conversation.messages[0].actor.role, 'admin');
  });

  it('refuses a body that is not JSON with 400', async () => {
    const { status, body } = await postActivity(bot.url, '{"type": "message", ');
    assert.equal(status, 400);
    assert.equal((body as { code: string }).code, 'BadRequest');
  });

  it('refuses JSON that is no activity (no type, no conversation, array) with 400', async () => {
    for (const payload of [{ text: 'hi' }, [1, 2], { type: 'message', serviceUrl: 'http://127.0.0.1:9/' }, { ...messageActivity('x'), serviceUrl: 'javascript:alert(1)' }]) {
      const { status } = await postActivity(bot.url, payload);
      assert.equal(status, 400, JSON.stringify(payload).slice(0, 80));
    }
    assert.equal(conversation.messages.length, 0);
  });

  it('refuses a wrong content type with 415', async () => {
    const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(messageActivity('hi')) });
    assert.equal(response.status, 415);
  });

  it('refuses compressed bodies with 415 (the size limit counts wire bytes)', async () => {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: Buffer.from([0x1f, 0x8b]),
    });
    assert.equal(response.status, 415);
  });

  it('answers a 1 MB text politely or with a 4xx, never a 5xx', async () => {
    const { status, body } = await postActivity(bot.url, messageActivity('a'.repeat(1_000_000), { deliveryMode: 'expectReplies' }));
    assert.ok(status < 500, `status ${status}`);
    if (status === 200) {
      const [reply] = (body as { activities: Array<{ text: string }> }).activities;
      assert.match(reply.text, /too long/);
    }
    assert.equal(conversation.messages.length, 0);
  });

  it('says in the caller\'s language that a text over the limit is too long, and how to report a problem instead', async () => {
    const long = 'Presence stays grey. '.repeat(100);
    assert.ok(long.length > MAX_INPUT_CHARS);
    const replies = async (extra: Record<string, unknown>) => {
      const { status, body } = await postActivity(bot.url, messageActivity(`report problem: ${long}`, { deliveryMode: 'expectReplies', ...extra }));
      assert.equal(status, 200);
      return (body as { activities: Array<{ text: string }> }).activities.map((a) => a.text);
    };
    assert.deepEqual(await replies({}), [
      'That message is too long for me (more than 2,000 characters). To report a problem, start with "report problem:" and keep it shorter; type "help" to see what I understand.',
    ]);
    assert.deepEqual(await replies({ locale: 'de-DE' }), [
      'Diese Nachricht ist mir zu lang (mehr als 2.000 Zeichen). Um ein Problem zu melden, beginnen Sie mit "Problem melden:" und fassen Sie sich kürzer; "Hilfe" zeigt, was ich verstehe.',
    ]);
    // The texts name the limit the host enforces.
    assert.ok((await replies({}))[0].includes(MAX_INPUT_CHARS.toLocaleString('en-US')));
    assert.ok((await replies({ locale: 'de-DE' }))[0].includes(MAX_INPUT_CHARS.toLocaleString('de-DE')));
    assert.equal(conversation.messages.length, 0);
  });

  it('refuses a 5 MB body with 413', async () => {
    const { status } = await postActivity(bot.url, messageActivity('b'.repeat(5 * 1024 * 1024)));
    assert.equal(status, 413);
  });

  it('handles a message without text without failing', async () => {
    const { status } = await postActivity(bot.url, messageActivity(undefined, { deliveryMode: 'expectReplies' }));
    assert.equal(status, 200);
    assert.equal(conversation.messages.length, 1);
    assert.equal(conversation.messages[0].text, '');
  });

  it('ignores unknown activity types politely', async () => {
    const { status, body } = await postActivity(bot.url, { ...messageActivity(undefined), type: 'somethingNew', deliveryMode: 'expectReplies' });
    assert.equal(status, 200);
    assert.deepEqual((body as { activities: unknown[] }).activities, []);
    const typing = await postActivity(bot.url, { ...messageActivity(undefined), type: 'typing' });
    assert.equal(typing.status, 200);
    assert.equal(conversation.messages.length, 0);
  });

  it('answers a failing dialog with an apology, not a 500 and not the error', async () => {
    conversation.replyWith = () => {
      throw new Error('database password=hunter2 rejected');
    };
    const { status, body } = await postActivity(bot.url, messageActivity('help', { deliveryMode: 'expectReplies' }));
    assert.equal(status, 200);
    const text = JSON.stringify(body);
    assert.match(text, /Sorry, something went wrong/);
    assert.doesNotMatch(text, /hunter2/);
  });

  it('answers HEAD probes on the endpoint', async () => {
    const response = await fetch(`${bot.url}/api/messages`, { method: 'HEAD' });
    assert.equal(response.status, 200);
  });
});

describe('bot/server with MicrosoftAppId set', () => {
  let bot: TestBotServer;
  let conversation: FakeConversation;
  beforeEach(async () => {
    conversation = new FakeConversation();
    bot = await startBotServer({
      conversation,
      directory: new FakeDirectory(),
      store: new MemoryBotStore(),
      env: { MicrosoftAppId: '5f1c7d27-0000-4000-8000-000000000001', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppTenantId: '5f1c7d27-0000-4000-8000-0000000000aa' },
    });
  });
  afterEach(() => bot.close());

  it('refuses a request without a token with 401', async () => {
    const { status, body } = await postActivity(bot.url, messageActivity('move site Berlin to lync 2013'));
    assert.equal(status, 401);
    assert.equal((body as { code: string }).code, 'Unauthorized');
    assert.equal(conversation.messages.length, 0);
  });

  it('refuses a malformed bearer token with 401', async () => {
    const { status } = await postActivity(bot.url, messageActivity('help'), { authorization: 'Bearer not.a.jwt' });
    assert.equal(status, 401);
    assert.equal(conversation.messages.length, 0);
  });
});

describe('bot/server replies through the connector', () => {
  let connector: FakeConnector;
  let bot: TestBotServer;
  let conversation: FakeConversation;
  let store: MemoryBotStore;
  beforeEach(async () => {
    connector = await startFakeConnector();
    conversation = new FakeConversation();
    store = new MemoryBotStore();
    bot = await startBotServer({ conversation, directory: new FakeDirectory(), store });
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
  });

  it('posts replies to the service URL and records the posted card id of a tracked proposal', async () => {
    conversation.replyWith = () => [{ text: 'Please confirm', card: { type: 'AdaptiveCard', version: '1.5', body: [] }, track: { kind: 'proposal', id: '12' } }];
    const { status } = await postActivity(bot.url, messageActivity('move group Pilot to lync 2013', { serviceUrl: connector.url }));
    assert.equal(status, 200);
    const posts = connector.calls.filter((c) => c.method === 'POST');
    assert.equal(posts.length, 1);
    assert.match(posts[0].path, /\/v3\/conversations\/conversation-1\/activities/);
    const recorded = store.proposalCards.get('12');
    assert.equal(recorded?.activityId, 'posted-1');
    assert.equal((recorded?.conversation as { serviceUrl: string }).serviceUrl, connector.url);
  });
});

// The job observer with sinon fake timers: throttled card edits (the final one always rendered),
// retries on throttling, fallback to the proposal's card, and personal move notices.
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import type { TurnContext } from 'botbuilder';
import { BotJobObserver } from '../../bot/job-observer';
import { ConversationPacer } from '../../bot/pacing';
import { ProactiveMessenger, type ContinuationAdapter } from '../../bot/proactive';
import { PendingCardUpdates, StoreStorage } from '../../bot/storage';
import { demoTopology } from '../../migration/demo-topology';
import type { ItemCounts } from '../../migration/model';
import { silentLogger } from '../../migration/ports';
import { TopologyIndex } from '../../migration/topology';
import { card, FakeConversation, job, MemoryBotStore, userItem } from './helpers/fakes';

const COUNTS: ItemCounts = { pending: 5, running: 1, done: 4, skipped: 0, failed: 0, cancelled: 0 };
const reference = (conversationId = 'conv-admin') => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id: conversationId },
  bot: { id: 'bot' },
  user: { id: 'user-id-0' },
});

interface Edit {
  at: number;
  conversationId: string;
  activityId?: string;
  card?: unknown;
  text?: string;
}

/** A ContinuationAdapter whose turn contexts record edits and sends; `failures` are thrown first. */
function recordingAdapter(failures: unknown[] = []) {
  const edits: Edit[] = [];
  const sends: Edit[] = [];
  const adapter: ContinuationAdapter & { calls: number } = {
    calls: 0,
    async continueConversationAsync(_appId, ref, logic) {
      adapter.calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      const conversationId = ref.conversation!.id;
      const context = {
        updateActivity: async (a: { id: string; attachments: Array<{ content: unknown }> }) => {
          edits.push({ at: Date.now(), conversationId, activityId: a.id, card: a.attachments[0].content });
        },
        sendActivity: async (a: { text?: string }) => {
          sends.push({ at: Date.now(), conversationId, text: a.text });
          return { id: `sent-${sends.length}` };
        },
      };
      await logic(context as unknown as TurnContext);
    },
  };
  return { adapter, edits, sends };
}

function setup(opts: { failures?: unknown[]; notify?: boolean; interval?: number; adapter?: ContinuationAdapter } = {}) {
  const store = new MemoryBotStore();
  const conversation = new FakeConversation();
  const { adapter, edits, sends } = recordingAdapter(opts.failures);
  const messenger = new ProactiveMessenger({
    adapter: opts.adapter ?? adapter,
    appId: '',
    pacer: new ConversationPacer(),
    logger: silentLogger,
    serviceUrlAllowed: () => true,
    random: () => 0.5,
  });
  const languages = new Map<string, 'en' | 'de'>();
  const pending = new PendingCardUpdates(new StoreStorage(store));
  const observer = new BotJobObserver({
    store,
    conversation,
    messenger,
    topology: new TopologyIndex(demoTopology()),
    logger: silentLogger,
    cardUpdateIntervalMs: opts.interval ?? 2000,
    notifyMovedUsers: opts.notify ?? true,
    languageOf: async (channelId, userId) => languages.get(`${channelId}/${userId}`),
    pending,
  });
  return { store, conversation, adapter, edits, sends, observer, languages, pending, messenger };
}

describe('bot/job-observer', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('throttles progress edits (every 100 ms for 10 s -> about 5 edits) and always renders the final card', async () => {
    const { observer, edits, conversation } = setup();
    const tracked = job({ card: { conversation: reference(), activityId: 'card-1' } });
    for (let i = 0; i < 100; i++) {
      await observer.progress(tracked, COUNTS);
      await clock.tickAsync(100);
    }
    const progressEdits = edits.length;
    assert.ok(progressEdits >= 4 && progressEdits <= 6, `${progressEdits} progress edits`);
    for (let i = 1; i < edits.length; i++) assert.ok(edits[i].at - edits[i - 1].at >= 2000, 'at most one edit per interval');

    conversation.jobCards.set('7', card('Job 7 completed'));
    await observer.finished({ ...tracked, state: 'completed' }, { ...COUNTS, pending: 0, running: 0, done: 10 });
    await clock.tickAsync(0);
    await observer.idle();
    assert.equal(edits.length, progressEdits + 1);
    const last = edits[edits.length - 1];
    assert.deepEqual(last.card, card('Job 7 completed'));
    assert.equal(last.activityId, 'card-1');
    // Nothing is pending afterwards: no late progress edit overwrites the final card.
    await clock.tickAsync(10_000);
    assert.equal(edits.length, progressEdits + 1);
  });

  it('renders the final card right after a progress edit (the last update is never dropped)', async () => {
    const { observer, edits, conversation } = setup();
    const tracked = job({ card: { conversation: reference(), activityId: 'card-1' } });
    await observer.progress(tracked, COUNTS);
    await clock.tickAsync(10);
    await observer.progress(tracked, COUNTS);
    conversation.jobCards.set('7', card('final'));
    await observer.finished({ ...tracked, state: 'completedWithErrors' }, COUNTS);
    await clock.tickAsync(0);
    await observer.idle();
    assert.equal(edits.length, 2);
    assert.deepEqual(edits[1].card, card('final'));
  });

  it('retries an edit answered with 429 with backoff, and gives up on 403 without throwing', async () => {
    const throttled = Object.assign(new Error('Too Many Requests'), { statusCode: 429 });
    const { observer, edits, adapter } = setup({ failures: [throttled, throttled] });
    const tracked = job({ card: { conversation: reference(), activityId: 'card-1' } });
    await observer.progress(tracked, COUNTS);
    await clock.tickAsync(5_000);
    assert.equal(adapter.calls, 3);
    assert.equal(edits.length, 1);

    const forbidden = setup({ failures: [Object.assign(new Error('Forbidden'), { statusCode: 403 })] });
    await forbidden.observer.finished(tracked, COUNTS);
    await clock.tickAsync(5_000);
    await forbidden.observer.idle();
    assert.equal(forbidden.adapter.calls, 1);
    assert.equal(forbidden.edits.length, 0);
  });

  it('falls back to the card of the proposal the job came from', async () => {
    const { observer, edits, store } = setup();
    store.proposals.set('3', { id: '3', card: { conversation: reference('conv-proposal'), activityId: 'proposal-card' } } as never);
    await observer.finished(job(), COUNTS);
    await clock.tickAsync(0);
    await observer.idle();
    assert.equal(edits.length, 1);
    assert.equal(edits[0].activityId, 'proposal-card');
    assert.equal(edits[0].conversationId, 'conv-proposal');
  });

  it('sends a moved user a personal notice in the language they last wrote in', async () => {
    const { observer, sends, store, languages, conversation } = setup();
    await store.saveConversationRef('11111111-0000-0000-0000-000000000001', { ...reference('conv-alice'), user: { id: '29:alice' } });
    languages.set('msteams/29:alice', 'de');
    await observer.userMoved(job(), userItem('alice@contoso.com'));
    await clock.tickAsync(0);
    await observer.idle();
    assert.equal(sends.length, 1);
    assert.equal(sends[0].conversationId, 'conv-alice');
    assert.match(sends[0].text!, /Sie wurden verschoben/);
    assert.equal(conversation.moveNotice.firstCall.args[2], 'de');
  });

  it('sends no notice when notices are off, the item failed, or the user never talked to the bot', async () => {
    const off = setup({ notify: false });
    await off.store.saveConversationRef('11111111-0000-0000-0000-000000000001', reference('conv-alice'));
    await off.observer.userMoved(job(), userItem('alice@contoso.com'));
    const on = setup();
    await on.store.saveConversationRef('11111111-0000-0000-0000-000000000001', reference('conv-alice'));
    await on.observer.userMoved(job(), userItem('alice@contoso.com', { state: 'failed' }));
    await on.observer.userMoved(job(), userItem('carol@contoso.com'));
    await on.observer.userMoved(job(), userItem('nobody@contoso.com'));
    await clock.tickAsync(0);
    await off.observer.idle();
    await on.observer.idle();
    assert.equal(off.sends.length + on.sends.length, 0);
  });

  it('never blocks the runner: userMoved and progress return while the connector hangs', async () => {
    const never = new Promise<void>(() => undefined);
    const { observer, store } = setup({ adapter: { continueConversationAsync: () => never } });
    await store.saveConversationRef('11111111-0000-0000-0000-000000000001', reference('conv-alice'));
    let returned = 0;
    await observer.userMoved(job(), userItem('alice@contoso.com')).then(() => returned++);
    await observer.progress(job({ card: { conversation: reference(), activityId: 'c' } }), COUNTS).then(() => returned++);
    assert.equal(returned, 2);
  });

  it('retries a notice answered with 502 and drops it after the bounded attempts', async () => {
    const badGateway = () => Object.assign(new Error('Bad Gateway'), { statusCode: 502 });
    const { observer, sends, store, adapter } = setup({ failures: Array.from({ length: 10 }, badGateway) });
    await store.saveConversationRef('11111111-0000-0000-0000-000000000001', reference('conv-alice'));
    await observer.userMoved(job(), userItem('alice@contoso.com'));
    await clock.tickAsync(120_000);
    await observer.idle();
    assert.equal(adapter.calls, 5);
    assert.equal(sends.length, 0);
  });

  it('stops at once while a final card is being retried, lists it, and the next start sends it', async () => {
    const unavailable = () => Object.assign(new Error('Service Unavailable'), { statusCode: 503 });
    const first = setup({ failures: Array.from({ length: 10 }, unavailable) });
    const tracked = job({ card: { conversation: reference(), activityId: 'card-1' } });
    first.conversation.jobCards.set('7', card('Job 7 completed'));
    await first.observer.finished({ ...tracked, state: 'completed' }, COUNTS);
    await clock.tickAsync(100);
    assert.equal(first.adapter.calls, 1, 'first try refused; a retry is waiting');
    assert.deepEqual(await first.pending.list(), ['7'], 'listed before the first try');
    const stopping = first.observer.stop();
    await clock.tickAsync(0);
    await stopping;
    await first.observer.idle();
    assert.equal(first.adapter.calls, 1, 'no retry after stop');
    assert.deepEqual(await first.pending.list(), ['7'], 'still listed for the next start');

    // The next start, on the same store: the connector answers again.
    const next = setup();
    next.store.jobs.set('7', { ...tracked, state: 'completed' });
    await new PendingCardUpdates(new StoreStorage(next.store)).add(await first.pending.list());
    next.conversation.jobCards.set('7', card('Job 7 completed'));
    assert.equal(await next.observer.resume(), 1);
    assert.equal(next.edits.length, 1);
    assert.deepEqual(next.edits[0].card, card('Job 7 completed'));
    assert.equal(next.edits[0].activityId, 'card-1');
    assert.deepEqual(await next.pending.list(), []);
  });

  it('lists a throttled progress edit on stop, and unlists a final card Teams accepted', async () => {
    const { observer, edits, pending } = setup();
    const tracked = job({ card: { conversation: reference(), activityId: 'card-1' } });
    await observer.progress(tracked, COUNTS);
    await clock.tickAsync(10);
    await observer.progress(tracked, COUNTS); // throttled: waits for the interval
    assert.equal(edits.length, 1);
    await observer.stop();
    assert.deepEqual(await pending.list(), ['7']);
    await clock.tickAsync(10_000);
    assert.equal(edits.length, 1, 'nothing sent after stop');

    const other = setup();
    other.conversation.jobCards.set('8', card('Job 8 completed'));
    await other.observer.finished(job({ id: '8', state: 'completed', card: { conversation: reference(), activityId: 'card-8' } }), COUNTS);
    await clock.tickAsync(0);
    await other.observer.idle();
    assert.equal(other.edits.length, 1);
    assert.deepEqual(await other.pending.list(), []);
  });

  it('drops listed cards of jobs the store no longer has on resume', async () => {
    const { observer, pending, edits } = setup();
    await pending.add(['41']);
    assert.equal(await observer.resume(), 0);
    assert.equal(edits.length, 0);
    assert.deepEqual(await pending.list(), []);
  });
});

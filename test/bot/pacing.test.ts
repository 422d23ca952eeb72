// Proactive pacing under the Teams limits (7 per second per conversation, 60 per 30 s overall),
// checked over every window with sinon fake timers; retries on throttling go through the pacer.
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import type { TurnContext } from 'botbuilder';
import { ConversationPacer } from '../../bot/pacing';
import { ProactiveMessenger, type ContinuationAdapter } from '../../bot/proactive';
import { backoffDelay, isRetryableSendError, isRetryableUpdateError, retryAfterMs, withRetry } from '../../bot/retry';
import { silentLogger } from '../../migration/ports';

/** Largest number of events inside any window of the given length. */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('bot/pacing', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('lets at most 60 messages out per 30 s overall, in order', async () => {
    const pacer = new ConversationPacer();
    const granted: Array<{ n: number; at: number }> = [];
    for (let n = 0; n < 150; n++) void pacer.acquire(`conversation-${n}`).then(() => granted.push({ n, at: Date.now() }));
    await clock.tickAsync(0);
    assert.equal(granted.length, 60);
    await clock.tickAsync(29_999);
    assert.equal(granted.length, 60);
    await clock.tickAsync(1);
    assert.equal(granted.length, 120);
    await clock.tickAsync(30_000);
    assert.equal(granted.length, 150);
    assert.deepEqual(granted.map((g) => g.n), [...Array(150).keys()]);
    assert.ok(busiestWindow(granted.map((g) => g.at), 30_000) <= 60);
  });

  it('lets at most 7 messages per second into one conversation without holding up others', async () => {
    const pacer = new ConversationPacer();
    const times: number[] = [];
    let other = -1;
    for (let n = 0; n < 20; n++) void pacer.acquire('busy').then(() => times.push(Date.now()));
    void pacer.acquire('quiet').then(() => (other = Date.now()));
    await clock.tickAsync(0);
    assert.equal(times.length, 7);
    assert.equal(other, 0, 'another conversation is not stuck behind the busy one');
    await clock.tickAsync(3_000);
    assert.equal(times.length, 20);
    assert.ok(busiestWindow(times, 1000) <= 7);
  });

  it('card edits (overall: false) do not use the overall budget', async () => {
    const pacer = new ConversationPacer();
    for (let n = 0; n < 60; n++) await pacer.acquire(`c-${n}`);
    let edited = false;
    void pacer.acquire('c-edit', { overall: false }).then(() => (edited = true));
    let noticed = false;
    void pacer.acquire('c-notice').then(() => (noticed = true));
    await clock.tickAsync(0);
    assert.equal(edited, true);
    assert.equal(noticed, false);
  });

  it('rejects waiters on close', async () => {
    const pacer = new ConversationPacer({ perConversation: { limit: 1, windowMs: 1000 }, overall: { limit: 10, windowMs: 1000 } });
    await pacer.acquire('a');
    const waiting = pacer.acquire('a');
    pacer.close();
    await assert.rejects(waiting, /pacer closed/);
    await assert.rejects(pacer.acquire('b'), /pacer closed/);
  });

  it('paces retries of throttled notices too, and delivers after 429s', async () => {
    const attempts: number[] = [];
    let failures = 2;
    const adapter: ContinuationAdapter = {
      async continueConversationAsync(_id, _ref, logic) {
        attempts.push(Date.now());
        if (failures-- > 0) throw Object.assign(new Error('throttled'), { statusCode: 429 });
        await logic({ sendActivity: async () => ({ id: 'sent' }) } as unknown as TurnContext);
      },
    };
    const messenger = new ProactiveMessenger({
      adapter,
      appId: '',
      pacer: new ConversationPacer({ perConversation: { limit: 1, windowMs: 1000 }, overall: { limit: 60, windowMs: 30_000 } }),
      logger: silentLogger,
      serviceUrlAllowed: () => true,
      random: () => 0,
    });
    const reference = { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/', conversation: { id: 'c' } };
    let id: string | null | undefined;
    void messenger.send(reference, { text: 'moved' }).then((r) => (id = r));
    await clock.tickAsync(10_000);
    assert.equal(id, 'sent');
    assert.equal(attempts.length, 3);
    assert.ok(busiestWindow(attempts, 1000) <= 1, 'each retry waited for a slot');
  });

  it('refuses proactive traffic to a stored service URL outside the allowlist', async () => {
    const adapter = { continueConversationAsync: sinon.spy(async () => undefined) };
    const messenger = new ProactiveMessenger({ adapter, appId: '', pacer: new ConversationPacer(), logger: silentLogger, serviceUrlAllowed: () => false });
    const reference = { channelId: 'msteams', serviceUrl: 'https://evil.example.com/', conversation: { id: 'c' } };
    assert.equal(await messenger.send(reference, { text: 'x' }), null);
    assert.equal(await messenger.updateCard(reference, 'a', { type: 'AdaptiveCard', version: '1.5', body: [] }), false);
    assert.equal(adapter.continueConversationAsync.callCount, 0);
  });
});

describe('bot/retry', () => {
  it('classifies connector failures', () => {
    const status = (statusCode: number) => Object.assign(new Error('x'), { statusCode });
    assert.ok(isRetryableUpdateError(status(429)) && isRetryableUpdateError(status(412)) && isRetryableUpdateError(status(500)));
    assert.ok(!isRetryableUpdateError(status(403)) && !isRetryableUpdateError(status(404)));
    assert.ok(isRetryableSendError(status(502)) && isRetryableSendError(status(504)) && !isRetryableSendError(status(400)));
    assert.ok(isRetryableSendError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })));
  });

  it('grows the delay exponentially with jitter, capped', () => {
    const policy = { attempts: 10, baseMs: 500, maxMs: 8000 };
    assert.equal(backoffDelay(1, policy, () => 0), 250);
    assert.equal(backoffDelay(1, policy, () => 1), 500);
    assert.equal(backoffDelay(3, policy, () => 1), 2000);
    assert.equal(backoffDelay(9, policy, () => 1), 8000);
  });

  it('reads Retry-After from plain and Headers-like responses', () => {
    assert.equal(retryAfterMs({ response: { headers: { 'retry-after': '2' } } }), 2000);
    assert.equal(retryAfterMs({ response: { headers: new Map([['retry-after', '1']]) } }), 1000);
    assert.equal(retryAfterMs(new Error('none')), undefined);
  });

  it('stops waiting between tries as soon as its signal aborts, and tries no more', async () => {
    const stop = new AbortController();
    let tries = 0;
    const started = Date.now();
    const run = withRetry(
      async () => {
        tries++;
        throw Object.assign(new Error('Service Unavailable'), { statusCode: 503 });
      },
      { attempts: 5, baseMs: 60_000, maxMs: 60_000, retryable: isRetryableUpdateError, signal: stop.signal },
    );
    setTimeout(() => stop.abort(), 20);
    await assert.rejects(run, /Service Unavailable/);
    assert.equal(tries, 1);
    assert.ok(Date.now() - started < 5000, 'the 30-60 s backoff was cut short');
    await assert.rejects(withRetry(async () => 'never', { attempts: 1, baseMs: 1, maxMs: 1, retryable: () => true, signal: stop.signal }));
  });
});

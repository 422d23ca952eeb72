// The membership cache: values live for the TTL on the injected clock, concurrent callers share
// one load, failures are not kept, and a value may set its own lifetime.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { TtlCache } from '../../../../adapters/directory/graph/ttl-cache';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('TtlCache', () => {
  let now: number;
  const clock = { now: () => now };
  beforeEach(() => {
    now = 1_000;
  });

  it('keeps a value for the TTL and loads again after it', async () => {
    const cache = new TtlCache<number>(100, clock);
    const load = sinon.stub().onFirstCall().resolves(1).onSecondCall().resolves(2);
    assert.equal(await cache.get('k', load), 1);
    now += 99;
    assert.equal(await cache.get('k', load), 1);
    now += 1;
    assert.equal(await cache.get('k', load), 2);
    assert.equal(load.callCount, 2);
  });

  it('shares one in-flight load between concurrent callers', async () => {
    const cache = new TtlCache<string>(100, clock);
    const pending = deferred<string>();
    const load = sinon.stub().returns(pending.promise);
    const calls = [cache.get('k', load), cache.get('k', load), cache.get('k', load)];
    pending.resolve('v');
    assert.deepEqual(await Promise.all(calls), ['v', 'v', 'v']);
    assert.equal(load.callCount, 1);
  });

  it('does not keep a failed load, so the next caller tries again', async () => {
    const cache = new TtlCache<string>(100, clock);
    const pending = deferred<string>();
    const first = cache.get('k', () => pending.promise);
    const second = cache.get('k', () => Promise.resolve('never'));
    pending.reject(new Error('boom'));
    await assert.rejects(first, /boom/);
    await assert.rejects(second, /boom/);
    assert.equal(await cache.get('k', () => Promise.resolve('fresh')), 'fresh');
  });

  it('lets a value choose its lifetime, and forgets on request', async () => {
    const cache = new TtlCache<string>(100, clock);
    await cache.get('forever', async () => 'x', () => Number.POSITIVE_INFINITY);
    await cache.get('never', async () => 'y', () => 0);
    now += 1_000_000;
    const load = sinon.stub().resolves('z');
    assert.equal(await cache.get('forever', load), 'x');
    assert.equal(await cache.get('never', load), 'z');
    cache.invalidate('forever');
    assert.equal(await cache.get('forever', load), 'z');
    cache.invalidate();
    assert.equal(cache.size, 0);
  });
});

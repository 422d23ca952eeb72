// The inventory status and runbook turns share (INVENTORY_TTL_SECONDS) on the real simulator and
// SQLite store: one backend read per TTL however many turns ask, concurrent turns share one
// refresh, a finished job throws it away (a refresh that started before the job ended is not
// kept), and the status and runbook cards say how old what they show is.
import assert from 'node:assert/strict';
import { createConversation } from '../../dialogs';
import type { Reply } from '../../dialogs/types';
import { InventoryCache, invalidatingObserver } from '../../migration/inventory-cache';
import type { ItemCounts, Job } from '../../migration/model';
import { silentLogger, type LyncBackend } from '../../migration/ports';
import { cardText } from '../helpers/turns/card-check';
import { ALEX, makeWorld, type World } from '../helpers/world';

/** The world's simulator, counting the full inventory reads (Get-CsPool) that reach it. */
function counting(backend: LyncBackend): { backend: LyncBackend; reads: () => number } {
  let reads = 0;
  const wrapped = Object.assign(Object.create(backend) as LyncBackend, {
    listPools: () => {
      reads++;
      return backend.listPools();
    },
  });
  return { backend: wrapped, reads: () => reads };
}

describe('migration/inventory-cache', () => {
  let w: World;
  let now = Date.parse('2026-12-07T10:00:00Z');
  const clock = { now: () => now };
  beforeEach(async () => {
    now = Date.parse('2026-12-07T10:00:00Z');
    w = await makeWorld({ startRunner: false });
  });
  afterEach(() => w.close());

  it('reads the backend once per TTL, shares one refresh between concurrent readers, and reads again when it expires', async () => {
    const { backend, reads } = counting(w.backend);
    const cache = new InventoryCache(backend, clock, 60_000);
    const [a, b, c] = await Promise.all([cache.read(), cache.read(), cache.read()]);
    assert.equal(reads(), 1);
    assert.ok(a === b && b === c);
    now += 59_000;
    assert.equal(await cache.read(), a);
    assert.equal(reads(), 1);
    assert.equal(a.services.get('ocs-ber-fe01.contoso.local')?.find((s) => s.name === 'RTCSRV')?.status, 'Running', 'services are part of it');
    now += 2_000;
    const fresh = await cache.read();
    assert.equal(reads(), 2);
    assert.equal(fresh.at, now);
  });

  it('is thrown away after every finished job, and a refresh started before the job ended is not kept', async () => {
    const { backend, reads } = counting(w.backend);
    const cache = new InventoryCache(backend, clock, 60_000);
    const before = await cache.read();
    const pendingOld = cache.refresh();
    const finished: string[] = [];
    const observer = invalidatingObserver({ progress: async () => undefined, finished: async (job: Job) => void finished.push(job.id) }, cache);
    await w.backend.moveLegacyUser('alice@contoso.com', 'lync-ber.contoso.local');
    await observer.finished({ id: '7' } as Job, {} as ItemCounts);
    assert.deepEqual(finished, ['7'], 'the runner\'s observer still hears it');
    await pendingOld;
    const after = await cache.read();
    assert.notEqual(after, before);
    assert.equal(after.snapshot.usersByPool['lync-ber.contoso.local'], (before.snapshot.usersByPool['lync-ber.contoso.local'] ?? 0) + 1);
    assert.ok(reads() >= 2);
  });

  it('serves status and runbook turns from it and says how old it is', async () => {
    const { backend, reads } = counting(w.backend);
    const inventory = new InventoryCache(backend, clock, 60_000);
    const conversation = createConversation({
      store: w.store,
      backend,
      directory: w.directory,
      topology: w.index,
      runner: { wake: () => undefined },
      clock,
      logger: silentLogger,
      settings: { proposalTtlMs: 900_000, requireSecondApprover: false, adminUserIds: [ALEX.id] },
      inventory,
    });
    let n = 0;
    const say = async (text: string, locale = 'en-US') =>
      cardText((await conversation.onMessage({ text, actor: ALEX, locale, conversationId: 'c', conversationRef: {}, correlationId: `t${++n}` })).find((r: Reply) => r.card)?.card);
    assert.match(await say('status of site Berlin'), /Read from the backend just now/);
    now += 12_000;
    assert.match(await say('status of site Munich'), /Read from the backend 12 s ago/);
    assert.match(await say('runbook for site Hamburg'), /Read from the backend 12 s ago/);
    assert.match(await say('Status von Standort Berlin'), /Vom Backend gelesen vor 12 s/);
    assert.equal(reads(), 1, 'four turns, one inventory');
  });
});

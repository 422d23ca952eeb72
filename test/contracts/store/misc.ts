// Store contract, part 4: audit log, conversation references, coexistence results, bot state with
// eTags (botbuilder Storage semantics, all-or-nothing per call), simulator facts and close().
import assert from 'node:assert/strict';
import type { AuditEvent, CheckResult, CoexistenceResult } from '../../../migration/model';
import type { SimMoveRecord } from '../../../migration/ports';
import type { ContractContext } from './context';
import { T0, alex } from '../../helpers/store/fixtures';

const system = { id: 'system', name: 'lyncops', role: 'system' } as const;

function audit(at: number, event: string, site?: string): AuditEvent {
  const e: AuditEvent = { at, actor: { id: alex.id, name: alex.name, role: alex.role }, event, outcome: 'ok' };
  if (site) e.site = site;
  return e;
}

function coexistence(site: string, at: number, passed: boolean): CoexistenceResult {
  const check: CheckResult = { check: 'replication', passed, latencyMs: 12, target: 'lync-ber.contoso.local' };
  if (!passed) check.error = '404, Not Found';
  return { site, at, passed, jobId: '7', checks: [check, { check: 'imLegacyToLync', passed: true }] };
}

function move(at: number, object: string): SimMoveRecord {
  return { at, cmdlet: 'Move-CsLegacyUser', object, fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local' };
}

export function miscContract(ctx: ContractContext): void {
  describe('audit', () => {
    it('lists events newest first, filtered by site, with ids and details', async () => {
      await ctx.store.appendAudit(audit(T0 + 2, 'proposal.created', 'Berlin'));
      await ctx.store.appendAudit({ ...audit(T0 + 1, 'job.started', 'Munich'), actor: system, target: 'job 1', details: { items: 3, forced: false } });
      await ctx.store.appendAudit({ ...audit(T0 + 3, 'item.failed', 'Berlin'), outcome: 'failed', target: 'alice@contoso.com' });
      await ctx.store.appendAudit(audit(T0 + 3, 'command.received'));
      const all = await ctx.store.listAudit({ limit: 10 });
      assert.deepEqual(all.map((e) => e.event), ['command.received', 'item.failed', 'proposal.created', 'job.started']);
      assert.ok(all.every((e) => typeof e.id === 'number'));
      assert.deepEqual(all[3], { id: all[3].id, at: T0 + 1, actor: system, event: 'job.started', site: 'Munich', target: 'job 1', outcome: 'ok', details: { items: 3, forced: false } });
      assert.deepEqual((await ctx.store.listAudit({ site: 'Berlin', limit: 10 })).map((e) => e.event), ['item.failed', 'proposal.created']);
      assert.deepEqual((await ctx.store.listAudit({ site: 'Berlin', limit: 1 })).map((e) => e.event), ['item.failed']);
      assert.deepEqual(await ctx.store.listAudit({ site: 'Atlantis', limit: 10 }), []);
    });
  });

  describe('conversation references', () => {
    it('saves, overwrites and reads references by user key', async () => {
      assert.equal(await ctx.store.getConversationRef('u1'), null);
      await ctx.store.saveConversationRef('u1', { conversation: { id: 'a' }, serviceUrl: 'https://one/' });
      await ctx.store.saveConversationRef('u2', { conversation: { id: 'b' } });
      await ctx.store.saveConversationRef('u1', { conversation: { id: 'c' }, locale: 'de-DE' });
      assert.deepEqual(await ctx.store.getConversationRef('u1'), { conversation: { id: 'c' }, locale: 'de-DE' });
      assert.deepEqual(await ctx.store.getConversationRef('u2'), { conversation: { id: 'b' } });
    });
  });

  describe('coexistence results', () => {
    it('returns the newest result of a site by time, not by insertion', async () => {
      assert.equal(await ctx.store.lastCoexistenceResult('Berlin'), null);
      const newer = coexistence('Berlin', T0 + 10, true);
      await ctx.store.saveCoexistenceResult(newer);
      await ctx.store.saveCoexistenceResult(coexistence('Berlin', T0, false));
      await ctx.store.saveCoexistenceResult(coexistence('Munich', T0 + 20, false));
      assert.deepEqual(await ctx.store.lastCoexistenceResult('Berlin'), newer);
      assert.equal((await ctx.store.lastCoexistenceResult('Munich'))?.passed, false);
      assert.equal(await ctx.store.lastCoexistenceResult('Frankfurt'), null);
    });
  });

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

  describe('close', () => {
    it('releases the store: later calls fail, a second close is harmless', async () => {
      await ctx.store.close();
      await ctx.store.close();
      await assert.rejects(ctx.store.getProposal('1'));
    });
  });
}

// Store contract, AuditLog: events newest first, filtered by site, with ids and details.
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../../migration/model';
import type { AuditLog } from '../../../migration/store';
import { T0, alex } from '../../helpers/store/fixtures';
import type { ContractContext } from './context';

const system = { id: 'system', name: 'lyncops', role: 'system' } as const;

function audit(at: number, event: string, site?: string): AuditEvent {
  const e: AuditEvent = { at, actor: { id: alex.id, name: alex.name, role: alex.role }, event, outcome: 'ok' };
  if (site) e.site = site;
  return e;
}

export function auditLogContract(ctx: ContractContext<AuditLog>): void {
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
}

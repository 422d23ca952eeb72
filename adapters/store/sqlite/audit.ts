// SQLite audit log: events newest first, by site (site_key is the lower-cased site). The AuditLog role.
import type { AuditEvent } from '../../../migration/model';
import type { AuditLog } from '../../../migration/store';
import { toAuditEvent } from '../common/records';
import { bindRole } from '../common/roles';
import { Statements, decodeSqliteJson as decode, json } from './statements';

export function appendAudit(s: Statements, e: AuditEvent): void {
  s.get(
    `INSERT INTO audit (at, actor, event, site, site_key, target, outcome, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.at, json(e.actor), e.event, e.site ?? null, e.site?.toLowerCase() ?? null, e.target ?? null, e.outcome, json(e.details));
}

export function listAudit(s: Statements, opts: { site?: string; limit: number }): AuditEvent[] {
  const limit = Math.max(0, Math.floor(opts.limit));
  const rows =
    opts.site === undefined
      ? s.get('SELECT * FROM audit ORDER BY at DESC, id DESC LIMIT ?').all(limit)
      : s.get('SELECT * FROM audit WHERE site_key = ? ORDER BY at DESC, id DESC LIMIT ?').all(opts.site.toLowerCase(), limit);
  return rows.map((r) => toAuditEvent(r, decode));
}

export function auditLog(s: Statements): AuditLog {
  return bindRole(s, { appendAudit, listAudit });
}

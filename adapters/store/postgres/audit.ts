// PostgreSQL audit log: events newest first, by site (site_key is the lower-cased site). The AuditLog role.
import type pg from 'pg';
import type { AuditEvent } from '../../../migration/model';
import type { AuditLog } from '../../../migration/store';
import { toAuditEvent } from '../common/records';
import { bindRole } from '../common/roles';
import { type Queryable, decodePgJson as decode, json } from './db';

export async function appendAudit(db: Queryable, e: AuditEvent): Promise<void> {
  await db.query(
    `INSERT INTO audit (at, actor, event, site, site_key, target, outcome, details) VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8::jsonb)`,
    [e.at, json(e.actor), e.event, e.site ?? null, e.site?.toLowerCase() ?? null, e.target ?? null, e.outcome, json(e.details)],
  );
}

export async function listAudit(db: Queryable, opts: { site?: string; limit: number }): Promise<AuditEvent[]> {
  const limit = Math.max(0, Math.floor(opts.limit));
  const { rows } =
    opts.site === undefined
      ? await db.query('SELECT * FROM audit ORDER BY at DESC, id DESC LIMIT $1', [limit])
      : await db.query('SELECT * FROM audit WHERE site_key = $1 ORDER BY at DESC, id DESC LIMIT $2', [opts.site.toLowerCase(), limit]);
  return rows.map((r) => toAuditEvent(r, decode));
}

export function auditLog(pool: pg.Pool): AuditLog {
  return bindRole(pool, { appendAudit, listAudit });
}

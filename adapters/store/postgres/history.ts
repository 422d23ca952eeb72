// PostgreSQL answers about what jobs did: a site-wide move started, a decommission completed, when
// a user was last moved. The JobHistory role.
import type pg from 'pg';
import type { JobHistory } from '../../../migration/store';
import { TimeRow } from '../common/records';
import { bindRole } from '../common/roles';
import type { Queryable } from './db';

/** A site-wide move counts once it exists, unless it was cancelled before it ever ran. */
export async function siteWideMoveStarted(db: Queryable, site: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM jobs
     WHERE operation = 'move' AND site_wide
       AND (state <> 'cancelled' OR started_at IS NOT NULL)
       AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(jobs.sites) AS s(name) WHERE lower(s.name) = lower($1))
     LIMIT 1`,
    [site],
  );
  return rows.length > 0;
}

export async function decommissionCompleted(db: Queryable, site: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM jobs
     WHERE operation = 'decommission' AND state = 'completed'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(jobs.sites) AS s(name) WHERE lower(s.name) = lower($1))
     LIMIT 1`,
    [site],
  );
  return rows.length > 0;
}

/** Latest finished move of the user, unless a rollback of that user finished at or after it. */
export async function lastMovedAt(db: Queryable, sip: string): Promise<number | undefined> {
  const { rows } = await db.query(
    `SELECT MAX(i.updated_at) FILTER (WHERE j.operation = 'move') AS t,
            MAX(i.updated_at) FILTER (WHERE j.operation = 'rollback') AS r
     FROM items i JOIN jobs j ON j.id = i.job_id
     WHERE i.kind = 'user' AND i.state = 'done' AND i.key = $1`,
    [sip.toLowerCase()],
  );
  const moved = TimeRow.parse({ t: rows[0]?.t ?? null }).t;
  const rolledBack = TimeRow.parse({ t: rows[0]?.r ?? null }).t;
  if (moved === null) return undefined;
  return rolledBack !== null && rolledBack >= moved ? undefined : moved;
}

export function jobHistory(pool: pg.Pool): JobHistory {
  return bindRole(pool, { siteWideMoveStarted, decommissionCompleted, lastMovedAt });
}

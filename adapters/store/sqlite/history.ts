// SQLite answers about what jobs did: a site-wide move started, a decommission completed, when a
// user was last moved. The JobHistory role.
import type { JobHistory } from '../../../migration/store';
import { TimeRow } from '../common/records';
import { bindRole } from '../common/roles';
import type { Statements } from './statements';

/** A site-wide move counts once it exists, unless it was cancelled before it ever ran. */
export function siteWideMoveStarted(s: Statements, site: string): boolean {
  const row = s
    .get(
      `SELECT 1 AS found FROM jobs
       WHERE operation = 'move' AND site_wide = 1
         AND (state <> 'cancelled' OR started_at IS NOT NULL)
         AND EXISTS (SELECT 1 FROM json_each(jobs.sites) WHERE lower(value) = lower(?))
       LIMIT 1`,
    )
    .get(site);
  return row !== undefined;
}

export function decommissionCompleted(s: Statements, site: string): boolean {
  const row = s
    .get(
      `SELECT 1 AS found FROM jobs
       WHERE operation = 'decommission' AND state = 'completed'
         AND EXISTS (SELECT 1 FROM json_each(jobs.sites) WHERE lower(value) = lower(?))
       LIMIT 1`,
    )
    .get(site);
  return row !== undefined;
}

/** Latest finished move of the user, unless a rollback of that user finished at or after it. */
export function lastMovedAt(s: Statements, sip: string): number | undefined {
  const latest = (operation: string) =>
    TimeRow.parse(
      s
        .get(
          `SELECT MAX(i.updated_at) AS t FROM items i JOIN jobs j ON j.id = i.job_id
           WHERE i.kind = 'user' AND i.state = 'done' AND i.key = ? AND j.operation = ?`,
        )
        .get(sip.toLowerCase(), operation),
    ).t;
  const moved = latest('move');
  if (moved === null) return undefined;
  const rolledBack = latest('rollback');
  return rolledBack !== null && rolledBack >= moved ? undefined : moved;
}

export function jobHistory(s: Statements): JobHistory {
  return bindRole(s, { siteWideMoveStarted, decommissionCompleted, lastMovedAt });
}

// SQLite read models of the dashboard: jobs with their item counts, moves per time bucket, failed
// items of a site, the audit trail of a time range, the move time of every moved user — each one
// or two grouped statements. With the access records (signing secret, used sign-in links), the
// DashboardQueries and DashboardAccess roles.
import type { AuditEvent, JobState } from '../../../migration/model';
import type { DashboardAccess, DashboardQueries, FailedItem, JobProgress, MoveBucket } from '../../../migration/store';
import { BucketMs, JobOperationRow, USER_MOVE_SQL, MovedRow, ScheduleStartRow, SecretRow, TotalRow, clampLimit, foldBuckets, foldJobCounts } from '../common/dashboard-records';
import { toAuditEvent, toItem, toJob } from '../common/records';
import { bindRole } from '../common/roles';
import { Statements, decodeSqliteJson as decode } from './statements';

export function jobBoard(s: Statements, opts: { states: JobState[]; limit: number; site?: string }): JobProgress[] {
  const jobs = s
    .get(
      `SELECT * FROM jobs WHERE state IN (SELECT value FROM json_each(@states))
         AND (@site IS NULL OR EXISTS (SELECT 1 FROM json_each(jobs.sites) WHERE lower(value) = lower(@site)))
       ORDER BY created_at DESC, id DESC LIMIT @limit`,
    )
    .all({ states: JSON.stringify(opts.states), site: opts.site ?? null, limit: clampLimit(opts.limit, 500) })
    .map((r) => toJob(r, decode));
  if (!jobs.length) return [];
  const ids = jobs.map((j) => Number(j.id));
  const counts = foldJobCounts(
    ids,
    s.get('SELECT job_id, state, count(*) AS n FROM items WHERE job_id IN (SELECT value FROM json_each(?)) GROUP BY job_id, state').all(JSON.stringify(ids)),
  );
  const starts = new Map<number, number>();
  for (const raw of s
    .get(`SELECT job_id, start_at FROM job_schedules WHERE job_id IN (SELECT value FROM json_each(?)) AND state IN ('waiting', 'starting')`)
    .all(JSON.stringify(ids))) {
    const row = ScheduleStartRow.parse(raw);
    starts.set(row.job_id, row.start_at);
  }
  return jobs.map((job) => {
    const at = starts.get(Number(job.id));
    return { job, counts: counts.get(Number(job.id))!, ...(at !== undefined ? { scheduledAt: at } : {}) };
  });
}

export function moveTimeline(s: Statements, opts: { bucketMs: number; since: number; until: number }): MoveBucket[] {
  const bucketMs = BucketMs.parse(opts.bucketMs);
  const rows = s
    .get(
      `SELECT (i.updated_at / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS at, j.operation AS operation, count(*) AS n
       FROM items i JOIN jobs j ON j.id = i.job_id
       WHERE i.kind = 'user' AND i.state = 'done' AND i.updated_at >= @since AND i.updated_at < @until
         AND j.operation IN ${USER_MOVE_SQL}
       GROUP BY 1, 2`,
    )
    .all({ bucket: bucketMs, since: Math.floor(opts.since), until: Math.floor(opts.until) });
  return foldBuckets(rows);
}

export function failedItems(s: Statements, opts: { site: string; limit: number; offset: number }): { total: number; items: FailedItem[] } {
  const total = TotalRow.parse(s.get(`SELECT count(*) AS n FROM items WHERE state = 'failed' AND site = ?`).get(opts.site)).n;
  const items = s
    .get(
      `SELECT i.*, j.operation AS job_operation FROM items i JOIN jobs j ON j.id = i.job_id
       WHERE i.state = 'failed' AND i.site = ? ORDER BY i.updated_at DESC, i.id DESC LIMIT ? OFFSET ?`,
    )
    .all(opts.site, clampLimit(opts.limit, 1000), Math.max(0, Math.floor(opts.offset)))
    .map((raw) => {
      const item = toItem(raw, decode);
      return { jobId: item.jobId, operation: JobOperationRow.parse(raw).job_operation, item };
    });
  return { total, items };
}

export function auditTrail(s: Statements, opts: { site?: string; from: number; to: number; limit: number }): AuditEvent[] {
  return s
    .get(
      `SELECT * FROM audit WHERE at >= @from AND at < @to AND (@site IS NULL OR site_key = @site)
       ORDER BY at, id LIMIT @limit`,
    )
    .all({ from: Math.floor(opts.from), to: Math.floor(opts.to), site: opts.site?.toLowerCase() ?? null, limit: clampLimit(opts.limit, 100_000) })
    .map((r) => toAuditEvent(r, decode));
}

/** Latest finished move per user, unless a rollback of that user finished at or after it (as lastMovedAt). */
export function movedTimes(s: Statements): Map<string, number> {
  const rows = s
    .get(
      `SELECT sip, moved FROM (
         SELECT i.key AS sip,
                max(CASE WHEN j.operation = 'move' THEN i.updated_at END) AS moved,
                max(CASE WHEN j.operation = 'rollback' THEN i.updated_at END) AS back
         FROM items i JOIN jobs j ON j.id = i.job_id
         WHERE i.kind = 'user' AND i.state = 'done' AND j.operation IN ${USER_MOVE_SQL}
         GROUP BY i.key)
       WHERE moved IS NOT NULL AND (back IS NULL OR back < moved)`,
    )
    .all();
  return new Map(rows.map((raw) => MovedRow.parse(raw)).map((r) => [r.sip, r.moved]));
}

export function dashboardSecret(s: Statements, candidate: string): string {
  s.get(`INSERT INTO dashboard_keys (name, value) VALUES ('secret', ?) ON CONFLICT (name) DO NOTHING`).run(candidate);
  return SecretRow.parse(s.get(`SELECT value FROM dashboard_keys WHERE name = 'secret'`).get()).value;
}

function consumeLink(s: Statements, linkId: string, expiresAt: number, now: number): boolean {
  s.get('DELETE FROM dashboard_links WHERE expires_at < ?').run(now);
  return s.get('INSERT INTO dashboard_links (link_id, expires_at) VALUES (?, ?) ON CONFLICT (link_id) DO NOTHING').run(linkId, expiresAt).changes > 0;
}

export function consumeDashboardLink(s: Statements, linkId: string, expiresAt: number, now: number): boolean {
  return s.transaction(consumeLink).immediate(s, linkId, expiresAt, now);
}

export function dashboardQueries(s: Statements): DashboardQueries {
  return bindRole(s, { jobBoard, moveTimeline, failedItems, auditTrail, movedTimes });
}

export function dashboardAccess(s: Statements): DashboardAccess {
  return bindRole(s, { dashboardSecret, consumeDashboardLink });
}

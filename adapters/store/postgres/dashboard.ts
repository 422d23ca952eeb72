// PostgreSQL read models of the dashboard: jobs with their item counts, moves per time bucket,
// failed items of a site, the audit trail of a time range, the move time of every moved user —
// each one or two grouped statements. With the access records (signing secret, used sign-in
// links), the DashboardQueries and DashboardAccess roles.
import type pg from 'pg';
import type { AuditEvent, JobState } from '../../../migration/model';
import type { DashboardAccess, DashboardQueries, FailedItem, JobProgress, MoveBucket } from '../../../migration/store';
import { BucketMs, JobOperationRow, USER_MOVE_SQL, MovedRow, ScheduleStartRow, SecretRow, TotalRow, clampLimit, foldBuckets, foldJobCounts } from '../common/dashboard-records';
import { toAuditEvent, toItem, toJob } from '../common/records';
import { bindRole } from '../common/roles';
import { type Queryable, decodePgJson as decode, inTransaction } from './db';

export async function jobBoard(db: Queryable, opts: { states: JobState[]; limit: number; site?: string }): Promise<JobProgress[]> {
  const { rows } = await db.query(
    `SELECT * FROM jobs WHERE state = ANY($1::text[])
       AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(jobs.sites) AS s(name) WHERE lower(s.name) = lower($2)))
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [opts.states, opts.site ?? null, clampLimit(opts.limit, 500)],
  );
  const jobs = rows.map((r) => toJob(r, decode));
  if (!jobs.length) return [];
  const ids = jobs.map((j) => Number(j.id));
  const [counted, scheduled] = await Promise.all([
    db.query('SELECT job_id, state, count(*)::int AS n FROM items WHERE job_id = ANY($1::bigint[]) GROUP BY job_id, state', [ids]),
    db.query(`SELECT job_id, start_at FROM job_schedules WHERE job_id = ANY($1::bigint[]) AND state IN ('waiting', 'starting')`, [ids]),
  ]);
  const counts = foldJobCounts(ids, counted.rows);
  const starts = new Map(scheduled.rows.map((raw) => ScheduleStartRow.parse(raw)).map((r) => [r.job_id, r.start_at]));
  return jobs.map((job) => {
    const at = starts.get(Number(job.id));
    return { job, counts: counts.get(Number(job.id))!, ...(at !== undefined ? { scheduledAt: at } : {}) };
  });
}

export async function moveTimeline(db: Queryable, opts: { bucketMs: number; since: number; until: number }): Promise<MoveBucket[]> {
  const bucketMs = BucketMs.parse(opts.bucketMs);
  const { rows } = await db.query(
    `SELECT (i.updated_at / $1::bigint) * $1::bigint AS at, j.operation AS operation, count(*)::int AS n
     FROM items i JOIN jobs j ON j.id = i.job_id
     WHERE i.kind = 'user' AND i.state = 'done' AND i.updated_at >= $2 AND i.updated_at < $3
       AND j.operation IN ${USER_MOVE_SQL}
     GROUP BY 1, 2`,
    [bucketMs, Math.floor(opts.since), Math.floor(opts.until)],
  );
  return foldBuckets(rows);
}

export async function failedItems(db: Queryable, opts: { site: string; limit: number; offset: number }): Promise<{ total: number; items: FailedItem[] }> {
  const [total, page] = await Promise.all([
    db.query(`SELECT count(*)::int AS n FROM items WHERE state = 'failed' AND site = $1`, [opts.site]),
    db.query(
      `SELECT i.*, j.operation AS job_operation FROM items i JOIN jobs j ON j.id = i.job_id
       WHERE i.state = 'failed' AND i.site = $1 ORDER BY i.updated_at DESC, i.id DESC LIMIT $2 OFFSET $3`,
      [opts.site, clampLimit(opts.limit, 1000), Math.max(0, Math.floor(opts.offset))],
    ),
  ]);
  return {
    total: TotalRow.parse(total.rows[0]).n,
    items: page.rows.map((raw) => {
      const item = toItem(raw, decode);
      return { jobId: item.jobId, operation: JobOperationRow.parse(raw).job_operation, item };
    }),
  };
}

export async function auditTrail(db: Queryable, opts: { site?: string; from: number; to: number; limit: number }): Promise<AuditEvent[]> {
  const { rows } = await db.query(
    `SELECT * FROM audit WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR site_key = $3) ORDER BY at, id LIMIT $4`,
    [Math.floor(opts.from), Math.floor(opts.to), opts.site?.toLowerCase() ?? null, clampLimit(opts.limit, 100_000)],
  );
  return rows.map((r) => toAuditEvent(r, decode));
}

/** Latest finished move per user, unless a rollback of that user finished at or after it (as lastMovedAt). */
export async function movedTimes(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query(
    `SELECT sip, moved FROM (
       SELECT i.key AS sip,
              max(i.updated_at) FILTER (WHERE j.operation = 'move') AS moved,
              max(i.updated_at) FILTER (WHERE j.operation = 'rollback') AS back
       FROM items i JOIN jobs j ON j.id = i.job_id
       WHERE i.kind = 'user' AND i.state = 'done' AND j.operation IN ${USER_MOVE_SQL}
       GROUP BY i.key) m
     WHERE moved IS NOT NULL AND (back IS NULL OR back < moved)`,
  );
  return new Map(rows.map((raw) => MovedRow.parse(raw)).map((r) => [r.sip, r.moved]));
}

export async function dashboardSecret(db: Queryable, candidate: string): Promise<string> {
  await db.query(`INSERT INTO dashboard_keys (name, value) VALUES ('secret', $1) ON CONFLICT (name) DO NOTHING`, [candidate]);
  const { rows } = await db.query(`SELECT value FROM dashboard_keys WHERE name = 'secret'`);
  return SecretRow.parse(rows[0]).value;
}

export async function consumeDashboardLink(pool: pg.Pool, linkId: string, expiresAt: number, now: number): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    await client.query('DELETE FROM dashboard_links WHERE expires_at < $1', [now]);
    const inserted = await client.query('INSERT INTO dashboard_links (link_id, expires_at) VALUES ($1, $2) ON CONFLICT (link_id) DO NOTHING', [linkId, expiresAt]);
    return (inserted.rowCount ?? 0) > 0;
  });
}

export function dashboardQueries(pool: pg.Pool): DashboardQueries {
  return bindRole(pool, { jobBoard, moveTimeline, failedItems, auditTrail, movedTimes });
}

export function dashboardAccess(pool: pg.Pool): DashboardAccess {
  return bindRole(pool, { dashboardSecret, consumeDashboardLink });
}

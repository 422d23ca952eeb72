// PostgreSQL schedules: written with the job in the approval transaction, leased when due by one
// UPDATE … FOR UPDATE SKIP LOCKED … RETURNING (so two replicas never lease the same schedule), and
// started or stopped in one transaction with the audit event.
import type pg from 'pg';
import type { GateResult } from '../../../migration/model';
import { BLOCKED_UNTIL, type DueClaim, type JobSchedule, type ScheduleLedger, type ScheduleRequest } from '../../../migration/schedule/model';
import { bindRole } from '../common/roles';
import { parseId } from '../common/rules';
import { SYSTEM_ACTOR } from '../../../migration/jobs';
import { stoppedAtStartEvent, toSchedule } from '../common/schedule-records';
import { decodePgJson as decode, inTransaction, json, type Queryable } from './db';
import { appendAudit } from './audit';

/** Inside the approval transaction: the schedule row, and the job's items blocked until it starts. */
export async function insertSchedule(db: Queryable, jobId: number, schedule: ScheduleRequest): Promise<void> {
  await db.query(
    `INSERT INTO job_schedules (job_id, start_at, time_zone, words, rate_users, rate_minutes, state)
     VALUES ($1, $2, $3, $4, $5, $6, 'waiting')`,
    [jobId, schedule.startAt, schedule.timeZone, schedule.words ?? null, schedule.rate?.users ?? null, schedule.rate?.perMinutes ?? null],
  );
  await db.query(`UPDATE items SET not_before = $1 WHERE job_id = $2 AND state = 'pending'`, [BLOCKED_UNTIL, jobId]);
}

export async function getSchedule(db: Queryable, jobId: string): Promise<JobSchedule | null> {
  const key = parseId(jobId);
  if (key === null) return null;
  const { rows } = await db.query('SELECT * FROM job_schedules WHERE job_id = $1', [key]);
  return rows.length ? toSchedule(rows[0], decode) : null;
}

export async function listSchedules(db: Queryable, jobIds: string[]): Promise<JobSchedule[]> {
  const keys = jobIds.map(parseId).filter((k): k is number => k !== null);
  if (!keys.length) return [];
  const { rows } = await db.query('SELECT * FROM job_schedules WHERE job_id = ANY($1::bigint[]) ORDER BY job_id', [keys]);
  return rows.map((r) => toSchedule(r, decode));
}

export async function claimDueSchedules(db: Queryable, req: DueClaim): Promise<JobSchedule[]> {
  const { rows } = await db.query(
    `UPDATE job_schedules SET state = 'starting', lease_owner = $1, lease_until = $2
     WHERE job_id IN (
       SELECT sc.job_id FROM job_schedules sc JOIN jobs j ON j.id = sc.job_id
       WHERE j.state = 'queued'
         AND ((sc.state = 'waiting' AND sc.start_at <= $3) OR (sc.state = 'starting' AND sc.lease_until < $3))
       ORDER BY sc.start_at, sc.job_id LIMIT $4
       FOR UPDATE OF sc SKIP LOCKED)
     RETURNING *`,
    [req.workerId, req.now + req.leaseMs, req.now, Math.max(0, Math.floor(req.limit))],
  );
  return rows.map((r) => toSchedule(r, decode));
}

/**
 * One statement (so one round trip, atomic without an explicit transaction): the schedule is marked
 * started only while this worker holds its lease, its pending items are released (in waves when
 * paced) and the job.scheduledStart audit event is written.
 */
export async function startScheduledJob(pool: pg.Pool, jobId: string, workerId: string, now: number, outcome: { alreadyThere: number }): Promise<boolean> {
  const key = parseId(jobId);
  if (key === null) return false;
  const { rows } = await pool.query(
    `WITH s AS (
       UPDATE job_schedules SET state = 'started', started_at = $1, already_there = $2, lease_owner = NULL, lease_until = NULL
       WHERE job_id = $3 AND state = 'starting' AND lease_owner = $4
       RETURNING job_id, start_at, rate_users, rate_minutes),
     released AS (
       UPDATE items i SET not_before = $1::bigint + COALESCE(((r.rn - 1) / s.rate_users::bigint) * s.rate_minutes::bigint * 60000, 0)
       FROM s, (SELECT id, row_number() OVER (ORDER BY seq) AS rn FROM items WHERE job_id = $3 AND state = 'pending') r
       WHERE i.id = r.id
       RETURNING i.id),
     audited AS (
       INSERT INTO audit (at, actor, event, site, site_key, target, outcome, details)
       SELECT $1, $5::jsonb, 'job.scheduledStart', NULL, NULL, s.job_id::text, 'info',
              jsonb_build_object('startAt', s.start_at, 'lateMs', GREATEST(0, $1::bigint - s.start_at), 'alreadyThere', $2::int, 'worker', $4::text)
       FROM s
       RETURNING id)
     SELECT (SELECT count(*) FROM s)::int AS started, (SELECT count(*) FROM released)::int AS released, (SELECT count(*) FROM audited)::int AS audited`,
    [now, outcome.alreadyThere, key, workerId, json(SYSTEM_ACTOR)],
  );
  return rows[0].started === 1;
}

export function stopScheduledJob(pool: pg.Pool, jobId: string, workerId: string, now: number, gates: GateResult[]): Promise<boolean> {
  const key = parseId(jobId);
  if (key === null) return Promise.resolve(false);
  return inTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      `UPDATE job_schedules SET state = 'stopped', stop_gates = $1::jsonb, lease_owner = NULL, lease_until = NULL
       WHERE job_id = $2 AND state = 'starting' AND lease_owner = $3`,
      [json(gates), key, workerId],
    );
    if (!rowCount) return false;
    await client.query(`UPDATE jobs SET state = 'cancelling' WHERE id = $1 AND state = 'queued'`, [key]);
    await client.query(`UPDATE items SET state = 'cancelled', updated_at = $1 WHERE job_id = $2 AND state = 'pending'`, [now, key]);
    await appendAudit(client, stoppedAtStartEvent(key, gates, now));
    return true;
  });
}

/** The ScheduleLedger role. */
export function scheduleLedger(pool: pg.Pool): ScheduleLedger {
  return bindRole(pool, { getSchedule, listSchedules, claimDueSchedules, startScheduledJob, stopScheduledJob });
}

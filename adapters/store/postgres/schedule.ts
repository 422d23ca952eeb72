// PostgreSQL schedules: written with the job in the approval transaction, leased when due by one
// UPDATE … FOR UPDATE SKIP LOCKED … RETURNING (so two replicas never lease the same schedule), and
// started or stopped in one transaction with the audit event.
import type pg from 'pg';
import type { GateResult } from '../../../migration/model';
import { BLOCKED_UNTIL, type DueClaim, type JobSchedule, type ScheduleRequest } from '../../../migration/schedule/model';
import { parseId } from '../common/rules';
import { toSchedule } from '../common/schedule-records';
import { decodePgJson as decode, inTransaction, json, type Queryable } from './db';
import { appendAudit } from './misc';

const SYSTEM = { id: 'system', name: 'lyncops', role: 'system' } as const;

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

export function startScheduledJob(pool: pg.Pool, jobId: string, workerId: string, now: number, outcome: { alreadyThere: number }): Promise<boolean> {
  const key = parseId(jobId);
  if (key === null) return Promise.resolve(false);
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `UPDATE job_schedules SET state = 'started', started_at = $1, already_there = $2, lease_owner = NULL, lease_until = NULL
       WHERE job_id = $3 AND state = 'starting' AND lease_owner = $4 RETURNING *`,
      [now, outcome.alreadyThere, key, workerId],
    );
    if (!rows.length) return false;
    const schedule = toSchedule(rows[0], decode);
    if (schedule.rate) {
      await client.query(
        `UPDATE items i SET not_before = $1::bigint + ((r.rn - 1) / $2::bigint) * $3::bigint
         FROM (SELECT id, row_number() OVER (ORDER BY seq) AS rn FROM items WHERE job_id = $4 AND state = 'pending') r
         WHERE i.id = r.id`,
        [now, schedule.rate.users, schedule.rate.perMinutes * 60_000, key],
      );
    } else {
      await client.query(`UPDATE items SET not_before = $1 WHERE job_id = $2 AND state = 'pending'`, [now, key]);
    }
    await appendAudit(client, {
      at: now,
      actor: SYSTEM,
      event: 'job.scheduledStart',
      target: String(key),
      outcome: 'info',
      details: { startAt: schedule.startAt, lateMs: Math.max(0, now - schedule.startAt), alreadyThere: outcome.alreadyThere, worker: workerId },
    });
    return true;
  });
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
    await appendAudit(client, {
      at: now,
      actor: SYSTEM,
      event: 'job.stoppedAtStart',
      site: gates[0]?.site,
      target: String(key),
      outcome: 'refused',
      details: { gates: gates.map((g) => `${g.gate}@${g.site}`) },
    });
    return true;
  });
}

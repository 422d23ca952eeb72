// SQLite schedules: written with the job in the approval transaction, leased when due by one
// UPDATE … RETURNING, and started or stopped in one transaction with the audit event.
import type { GateResult } from '../../../migration/model';
import { BLOCKED_UNTIL, type DueClaim, type JobSchedule, type ScheduleLedger, type ScheduleRequest } from '../../../migration/schedule/model';
import { bindRole } from '../common/roles';
import { parseId } from '../common/rules';
import { SYSTEM_ACTOR } from '../../../migration/jobs';
import { stoppedAtStartEvent, toSchedule } from '../common/schedule-records';
import { appendAudit } from './audit';
import { Statements, decodeSqliteJson as decode, json } from './statements';


/** Inside the approval transaction: the schedule row, and the job's items blocked until it starts. */
export function insertSchedule(s: Statements, jobId: number, schedule: ScheduleRequest): void {
  s.get(
    `INSERT INTO job_schedules (job_id, start_at, time_zone, words, rate_users, rate_minutes, state)
     VALUES (?, ?, ?, ?, ?, ?, 'waiting')`,
  ).run(jobId, schedule.startAt, schedule.timeZone, schedule.words ?? null, schedule.rate?.users ?? null, schedule.rate?.perMinutes ?? null);
  s.get(`UPDATE items SET not_before = ? WHERE job_id = ? AND state = 'pending'`).run(BLOCKED_UNTIL, jobId);
}

export function getSchedule(s: Statements, jobId: string): JobSchedule | null {
  const key = parseId(jobId);
  if (key === null) return null;
  const row = s.get('SELECT * FROM job_schedules WHERE job_id = ?').get(key);
  return row ? toSchedule(row, decode) : null;
}

export function listSchedules(s: Statements, jobIds: string[]): JobSchedule[] {
  const keys = jobIds.map(parseId).filter((k): k is number => k !== null);
  if (!keys.length) return [];
  return s
    .get('SELECT * FROM job_schedules WHERE job_id IN (SELECT value FROM json_each(?)) ORDER BY job_id')
    .all(JSON.stringify(keys))
    .map((r) => toSchedule(r, decode));
}

export function claimDueSchedules(s: Statements, req: DueClaim): JobSchedule[] {
  return s
    .get(
      `UPDATE job_schedules SET state = 'starting', lease_owner = @worker, lease_until = @until
       WHERE job_id IN (
         SELECT sc.job_id FROM job_schedules sc JOIN jobs j ON j.id = sc.job_id
         WHERE j.state = 'queued'
           AND ((sc.state = 'waiting' AND sc.start_at <= @now) OR (sc.state = 'starting' AND sc.lease_until < @now))
         ORDER BY sc.start_at, sc.job_id LIMIT @limit)
       RETURNING *`,
    )
    .all({ worker: req.workerId, until: req.now + req.leaseMs, now: req.now, limit: Math.max(0, Math.floor(req.limit)) })
    .map((r) => toSchedule(r, decode));
}

function startBody(s: Statements, key: number, workerId: string, now: number, alreadyThere: number): boolean {
  const row = s
    .get(
      `UPDATE job_schedules SET state = 'started', started_at = ?, already_there = ?, lease_owner = NULL, lease_until = NULL
       WHERE job_id = ? AND state = 'starting' AND lease_owner = ? RETURNING *`,
    )
    .get(now, alreadyThere, key, workerId);
  if (!row) return false;
  const schedule = toSchedule(row, decode);
  if (schedule.rate) {
    s.get(
      `UPDATE items SET not_before = @now + ((r.rn - 1) / CAST(@users AS INTEGER)) * @period
       FROM (SELECT id AS item_id, row_number() OVER (ORDER BY seq) AS rn FROM items WHERE job_id = @job AND state = 'pending') r
       WHERE items.id = r.item_id`,
    ).run({ now, users: schedule.rate.users, period: schedule.rate.perMinutes * 60_000, job: key });
  } else {
    s.get(`UPDATE items SET not_before = ? WHERE job_id = ? AND state = 'pending'`).run(now, key);
  }
  appendAudit(s, {
    at: now,
    actor: SYSTEM_ACTOR,
    event: 'job.scheduledStart',
    target: String(key),
    outcome: 'info',
    details: { startAt: schedule.startAt, lateMs: Math.max(0, now - schedule.startAt), alreadyThere, worker: workerId },
  });
  return true;
}

export function startScheduledJob(s: Statements, jobId: string, workerId: string, now: number, outcome: { alreadyThere: number }): boolean {
  const key = parseId(jobId);
  if (key === null) return false;
  return s.transaction(startBody).immediate(s, key, workerId, now, outcome.alreadyThere);
}

function stopBody(s: Statements, key: number, workerId: string, now: number, gates: GateResult[]): boolean {
  const info = s
    .get(
      `UPDATE job_schedules SET state = 'stopped', stop_gates = ?, lease_owner = NULL, lease_until = NULL
       WHERE job_id = ? AND state = 'starting' AND lease_owner = ?`,
    )
    .run(json(gates), key, workerId);
  if (info.changes === 0) return false;
  s.get(`UPDATE jobs SET state = 'cancelling' WHERE id = ? AND state = 'queued'`).run(key);
  s.get(`UPDATE items SET state = 'cancelled', updated_at = ? WHERE job_id = ? AND state = 'pending'`).run(now, key);
  appendAudit(s, stoppedAtStartEvent(key, gates, now));
  return true;
}

export function stopScheduledJob(s: Statements, jobId: string, workerId: string, now: number, gates: GateResult[]): boolean {
  const key = parseId(jobId);
  if (key === null) return false;
  return s.transaction(stopBody).immediate(s, key, workerId, now, gates);
}

/** The ScheduleLedger role. */
export function scheduleLedger(s: Statements): ScheduleLedger {
  return bindRole(s, { getSchedule, listSchedules, claimDueSchedules, startScheduledJob, stopScheduledJob });
}

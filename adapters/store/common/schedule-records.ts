// Schedule rows of both stores, validated with zod before they become domain records.
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../../migration/jobs';
import type { AuditEvent, GateResult } from '../../../migration/model';
import { SCHEDULE_STATES, type JobSchedule } from '../../../migration/schedule/model';
import type { JsonDecoder } from './records';

const int = z.number().int();

const ScheduleRow = z.object({
  job_id: int,
  start_at: int,
  time_zone: z.string(),
  words: z.string().nullable(),
  rate_users: int.nullable(),
  rate_minutes: int.nullable(),
  state: z.enum(SCHEDULE_STATES),
  lease_owner: z.string().nullable(),
  lease_until: int.nullable(),
  started_at: int.nullable(),
  stop_gates: z.unknown(),
  already_there: int.nullable(),
});

const GatesSchema = z.array(z.looseObject({ gate: z.string(), site: z.string(), passed: z.boolean(), forcable: z.boolean() }));

/** The audit event of a scheduled job stopped at its start because gates failed on the re-check. */
export function stoppedAtStartEvent(jobKey: number, gates: GateResult[], now: number): AuditEvent {
  return {
    at: now,
    actor: SYSTEM_ACTOR,
    event: 'job.stoppedAtStart',
    site: gates[0]?.site,
    target: String(jobKey),
    outcome: 'refused',
    details: { gates: gates.map((g) => `${g.gate}@${g.site}`) },
  };
}

export function toSchedule(row: unknown, decode: JsonDecoder): JobSchedule {
  const r = ScheduleRow.parse(row);
  const s: JobSchedule = { jobId: String(r.job_id), startAt: r.start_at, timeZone: r.time_zone, state: r.state };
  if (r.words !== null) s.words = r.words;
  if (r.rate_users !== null && r.rate_minutes !== null) s.rate = { users: r.rate_users, perMinutes: r.rate_minutes };
  if (r.lease_owner !== null) s.leaseOwner = r.lease_owner;
  if (r.lease_until !== null) s.leaseUntil = r.lease_until;
  if (r.started_at !== null) s.startedAt = r.started_at;
  const gates = decode(r.stop_gates);
  if (gates !== null) s.stopGates = GatesSchema.parse(gates) as GateResult[];
  if (r.already_there !== null) s.alreadyThere = r.already_there;
  return s;
}

export const SCHEDULE_TABLE_SQLITE = `
  CREATE TABLE job_schedules (
    job_id INTEGER PRIMARY KEY REFERENCES jobs(id),
    start_at INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    words TEXT,
    rate_users INTEGER,
    rate_minutes INTEGER,
    state TEXT NOT NULL DEFAULT 'waiting',
    lease_owner TEXT,
    lease_until INTEGER,
    started_at INTEGER,
    stop_gates TEXT,
    already_there INTEGER
  );
  CREATE INDEX job_schedules_due ON job_schedules(start_at) WHERE state IN ('waiting', 'starting');
`;

export const SCHEDULE_TABLE_PG = `
  CREATE TABLE job_schedules (
    job_id bigint PRIMARY KEY REFERENCES jobs(id),
    start_at bigint NOT NULL,
    time_zone text NOT NULL,
    words text,
    rate_users integer,
    rate_minutes integer,
    state text NOT NULL DEFAULT 'waiting',
    lease_owner text,
    lease_until bigint,
    started_at bigint,
    stop_gates jsonb,
    already_there integer
  );
  CREATE INDEX job_schedules_due ON job_schedules(start_at) WHERE state IN ('waiting', 'starting');
`;

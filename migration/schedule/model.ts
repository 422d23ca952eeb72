// Scheduled and paced jobs: when a confirmed job may start, at what pace its items run, and what
// happened at its start. The schedule lives in the store next to the job; a job with a schedule
// keeps its items blocked (not_before at the end of time) until a replica has leased the
// schedule, re-checked the plan and released the items, so no in-memory timer is ever the only
// record of a promise and no job starts twice.
import type { Rate } from '../commands';
import type { GateResult, Proposal } from '../model';

/** `not_before` of the items of a job that has not started yet (the largest valid epoch ms). */
export const BLOCKED_UNTIL = 8_640_000_000_000_000;

export interface ScheduleRequest {
  /** The instant the job may start (epoch ms). */
  startAt: number;
  /** The admin's time zone, for showing the start as they said it. */
  timeZone: string;
  /** The words that were understood ("tonight at 22:00"), when the start was typed. */
  words?: string;
  /** Pacing: at most `users` items start per `perMinutes` minutes, in waves. */
  rate?: Rate;
}

/** A schedule's states, as a value so that the store's row validation derives from it. */
export const SCHEDULE_STATES = ['waiting', 'starting', 'started', 'stopped'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export interface JobSchedule extends ScheduleRequest {
  jobId: string;
  state: ScheduleState;
  /** When a replica actually started it (compare with startAt for a late start). */
  startedAt?: number;
  /** Gates that failed when the plan was re-checked at the start. */
  stopGates?: GateResult[];
  /** Users and objects the re-check found already on their target. */
  alreadyThere?: number;
  leaseOwner?: string;
  leaseUntil?: number;
}

export interface DueClaim {
  workerId: string;
  now: number;
  leaseMs: number;
  limit: number;
}

/** What the store keeps about schedules; the contract suite runs it against every store. */
export interface ScheduleLedger {
  getSchedule(jobId: string): Promise<JobSchedule | null>;
  listSchedules(jobIds: string[]): Promise<JobSchedule[]>;
  /**
   * Leases schedules that are due (waiting with startAt <= now, or starting with an expired lease)
   * of jobs still queued, in one statement; a schedule leased by one worker is not returned to another.
   */
  claimDueSchedules(req: DueClaim): Promise<JobSchedule[]>;
  /**
   * The leased job starts: its pending items are released (in waves when paced), the schedule is
   * marked started and a `job.scheduledStart` audit event written, in one transaction; false when the
   * worker no longer holds the lease.
   */
  startScheduledJob(jobId: string, workerId: string, now: number, outcome: { alreadyThere: number }): Promise<boolean>;
  /** The re-check failed: the job is cancelled with the failed gates as its reason, in one transaction. */
  stopScheduledJob(jobId: string, workerId: string, now: number, gates: GateResult[]): Promise<boolean>;
}

/** When the last wave of a paced job starts: `items` released from `start` at `rate`. */
export function lastWaveAt(start: number, items: number, rate: Rate | undefined): number {
  if (!rate || items <= 0) return start;
  return start + Math.floor((items - 1) / rate.users) * rate.perMinutes * 60_000;
}

/**
 * The schedule a confirmed proposal's job gets: the start and pace the admin asked for (a paced job
 * without a start time is due at the confirmation); none for a job that starts at once at full pace.
 */
export function scheduleFor(proposal: Proposal, confirmedAt: number): ScheduleRequest | undefined {
  const planned = proposal.plan.schedule;
  if (!planned) return undefined;
  const schedule: ScheduleRequest = { startAt: planned.startAt ?? confirmedAt, timeZone: planned.timeZone };
  if (planned.words) schedule.words = planned.words;
  if (planned.rate) schedule.rate = planned.rate;
  return schedule;
}

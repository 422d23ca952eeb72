// SQLite jobs: reads, the state compare-and-set and the transitions of the job state machine (state,
// item effect and audit event in one BEGIN IMMEDIATE transaction). With items.ts, the JobLedger role.
import { transitionAudit, transitionTarget, type JobTransition, type JobTransitionOutcome } from '../../../migration/jobs';
import type { CardRef, Job, JobState } from '../../../migration/model';
import type { JobLedger } from '../../../migration/store';
import { toJob } from '../common/records';
import { bindRole } from '../common/roles';
import { FINISHED_JOB_STATE_LIST, parseId } from '../common/rules';
import { appendAudit } from './audit';
import { cancelPendingItems, claimItems, failureGroups, heartbeat, itemCounts, listItems, markRunning, releaseLeases, requeueItems, updateItem } from './items';
import { Statements, bool, decodeSqliteJson as decode, json } from './statements';

export function getJob(s: Statements, id: string): Job | null {
  const key = parseId(id);
  if (key === null) return null;
  const row = s.get('SELECT * FROM jobs WHERE id = ?').get(key);
  return row ? toJob(row, decode) : null;
}

export function listJobs(s: Statements, limit: number): Job[] {
  return s
    .get('SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?')
    .all(Math.max(0, Math.floor(limit)))
    .map((r) => toJob(r, decode));
}

export function listUnfinishedJobs(s: Statements): Job[] {
  return s
    .get('SELECT * FROM jobs WHERE state NOT IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(JSON.stringify(FINISHED_JOB_STATE_LIST))
    .map((r) => toJob(r, decode));
}

/**
 * Compare-and-set on the job state. startedAt is kept from the first move to running; finishedAt
 * follows the state, so a finished job that is resumed (retry of failed items) loses it again.
 */
export function transitionJob(s: Statements, id: string, from: JobState[], to: JobState, now: number): boolean {
  const key = parseId(id);
  if (key === null || from.length === 0) return false;
  const finished = FINISHED_JOB_STATE_LIST.includes(to);
  const info = s
    .get(
      `UPDATE jobs SET state = @to,
         started_at = CASE WHEN @to = 'running' AND started_at IS NULL THEN @now ELSE started_at END,
         finished_at = CASE WHEN @finished THEN @now ELSE NULL END
       WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`,
    )
    .run({ to, now, finished: bool(finished), id: key, from: JSON.stringify(from) });
  return info.changes > 0;
}

function applyTransition(s: Statements, id: string, t: JobTransition, now: number): JobTransitionOutcome {
  const job = getJob(s, id);
  if (!job) return { outcome: 'notFound' };
  if (!t.from.includes(job.state)) return { outcome: 'refused', job, reason: 'state' };
  const items = t.items === 'cancelPending' ? cancelPendingItems(s, id, now) : t.items === 'requeueFailed' ? requeueItems(s, id, ['failed'], now) : 0;
  if (t.requireItems && items === 0) return { outcome: 'refused', job, reason: 'noItems' };
  transitionJob(s, id, [job.state], transitionTarget(t, job), now);
  appendAudit(s, transitionAudit(t, job, items, now));
  return { outcome: 'applied', job: getJob(s, id) ?? job, items };
}

/** One transition of the job state machine: state, item effect and audit event in one transaction. */
export function applyJobTransition(s: Statements, id: string, t: JobTransition, now: number): JobTransitionOutcome {
  return s.transaction(applyTransition).immediate(s, id, t, now);
}

export function setJobCard(s: Statements, id: string, card: CardRef): void {
  const key = parseId(id);
  if (key !== null) s.get('UPDATE jobs SET card = ? WHERE id = ?').run(json(card), key);
}

export function jobLedger(s: Statements): JobLedger {
  return bindRole(s, {
    getJob,
    listJobs,
    listUnfinishedJobs,
    transitionJob,
    applyJobTransition,
    setJobCard,
    itemCounts,
    listItems,
    failureGroups,
    claimItems,
    releaseLeases,
    markRunning,
    heartbeat,
    updateItem,
    cancelPendingItems,
    requeueItems,
  });
}

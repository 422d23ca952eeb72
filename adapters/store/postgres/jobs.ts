// PostgreSQL jobs: reads, the state compare-and-set and the transitions of the job state machine
// (the job row locked; state, item effect and audit event in one transaction). With items.ts, the
// JobLedger role.
import type pg from 'pg';
import { transitionAudit, transitionTarget, type JobTransition, type JobTransitionOutcome } from '../../../migration/jobs';
import type { CardRef, Job, JobState } from '../../../migration/model';
import type { JobLedger } from '../../../migration/store';
import { toJob } from '../common/records';
import { bindRole } from '../common/roles';
import { FINISHED_JOB_STATE_LIST, parseId } from '../common/rules';
import { appendAudit } from './audit';
import { type Queryable, decodePgJson as decode, inTransaction, json } from './db';
import { cancelPendingItems, claimItems, failureGroups, heartbeat, itemCounts, listItems, markRunning, releaseLeases, requeueItems, updateItem } from './items';

export async function getJob(db: Queryable, id: string): Promise<Job | null> {
  const key = parseId(id);
  if (key === null) return null;
  const { rows } = await db.query('SELECT * FROM jobs WHERE id = $1', [key]);
  return rows.length ? toJob(rows[0], decode) : null;
}

export async function listJobs(db: Queryable, limit: number): Promise<Job[]> {
  const { rows } = await db.query('SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT $1', [Math.max(0, Math.floor(limit))]);
  return rows.map((r) => toJob(r, decode));
}

export async function listUnfinishedJobs(db: Queryable): Promise<Job[]> {
  const { rows } = await db.query('SELECT * FROM jobs WHERE state <> ALL($1::text[]) ORDER BY id', [FINISHED_JOB_STATE_LIST]);
  return rows.map((r) => toJob(r, decode));
}

/**
 * Compare-and-set on the job state. startedAt is kept from the first move to running; finishedAt
 * follows the state, so a finished job that is resumed (retry of failed items) loses it again.
 */
export async function transitionJob(db: Queryable, id: string, from: JobState[], to: JobState, now: number): Promise<boolean> {
  const key = parseId(id);
  if (key === null || from.length === 0) return false;
  const { rowCount } = await db.query(
    `UPDATE jobs SET state = $1,
       started_at = CASE WHEN $1 = 'running' AND started_at IS NULL THEN $2 ELSE started_at END,
       finished_at = CASE WHEN $3 THEN $2 ELSE NULL END
     WHERE id = $4 AND state = ANY($5::text[])`,
    [to, now, FINISHED_JOB_STATE_LIST.includes(to), key, from],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * One transition of the job state machine in one transaction: the job row is locked, the item
 * effect, the state change and the audit event commit together.
 */
export function applyJobTransition(pool: pg.Pool, id: string, t: JobTransition, now: number): Promise<JobTransitionOutcome> {
  const key = parseId(id);
  if (key === null) return Promise.resolve({ outcome: 'notFound' });
  return inTransaction(pool, async (client): Promise<JobTransitionOutcome> => {
    const { rows } = await client.query('SELECT * FROM jobs WHERE id = $1 FOR UPDATE', [key]);
    if (rows.length === 0) return { outcome: 'notFound' };
    const job = toJob(rows[0], decode);
    if (!t.from.includes(job.state)) return { outcome: 'refused', job, reason: 'state' };
    const items =
      t.items === 'cancelPending' ? await cancelPendingItems(client, id, now) : t.items === 'requeueFailed' ? await requeueItems(client, id, ['failed'], now) : 0;
    if (t.requireItems && items === 0) return { outcome: 'refused', job, reason: 'noItems' };
    await transitionJob(client, id, [job.state], transitionTarget(t, job), now);
    await appendAudit(client, transitionAudit(t, job, items, now));
    return { outcome: 'applied', job: (await getJob(client, id)) ?? job, items };
  });
}

export async function setJobCard(db: Queryable, id: string, card: CardRef): Promise<void> {
  const key = parseId(id);
  if (key !== null) await db.query('UPDATE jobs SET card = $1::jsonb WHERE id = $2', [json(card), key]);
}

/** `hot`: the pool of the item hot path (see postgres/index.ts). */
export function jobLedger(pool: pg.Pool, hot: pg.Pool = pool): JobLedger {
  return {
    ...bindRole(pool, {
      getJob,
      listJobs,
      listUnfinishedJobs,
      transitionJob,
      applyJobTransition,
      setJobCard,
      itemCounts,
      listItems,
      failureGroups,
      cancelPendingItems,
      requeueItems,
    }),
    ...bindRole(hot, { claimItems, releaseLeases, markRunning, heartbeat, updateItem }),
  };
}

// PostgreSQL plan and job items: batched inserts of plan items through unnest(), their set-based
// copy into job items, claiming a batch in one statement with FOR UPDATE SKIP LOCKED (two
// replicas never lease the same item; a dead worker's items come back once its lease expires),
// owner-checked updates writing their audit events in the same statement, counts, paging and
// failure groups.
import type { ItemAudit } from '../../../migration/jobs';
import type { FailureGroup, ItemCounts, ItemState, JobItem, PlanItem } from '../../../migration/model';
import type { ClaimRequest, ItemUpdate } from '../../../migration/ports';
import { CountRow, FailureRow, toItem, toPlanItem } from '../common/records';
import {
  CLAIMABLE_JOB_STATES,
  ITEM_INSERT_BATCH,
  UNKNOWN_ERROR_CODE,
  emptyCounts,
  foldFailureGroups,
  itemUpdateParams,
  parseId,
} from '../common/rules';
import { type Queryable, decodePgJson as decode, prepared } from './db';

/** Writes a proposal's plan items (seq = position in the plan); the caller holds the transaction. */
export async function insertProposalItems(db: Queryable, proposalId: number, items: PlanItem[]): Promise<void> {
  for (let start = 0; start < items.length; start += ITEM_INSERT_BATCH) {
    const batch = items.slice(start, start + ITEM_INSERT_BATCH);
    await db.query(
      `INSERT INTO proposal_items (proposal_id, seq, kind, key, label, site, from_pool, to_pool)
       SELECT $1, t.seq, t.kind, t.key, t.label, t.site, t.from_pool, t.to_pool
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS t(seq, kind, key, label, site, from_pool, to_pool)`,
      [
        proposalId,
        batch.map((_, i) => start + i),
        batch.map((it) => it.kind),
        batch.map((it) => it.key),
        batch.map((it) => it.label),
        batch.map((it) => it.site),
        batch.map((it) => it.fromPool),
        batch.map((it) => it.toPool),
      ],
    );
  }
}

/** The job's items are the proposal's plan items: one INSERT … SELECT, inside the caller's transaction. */
export async function copyProposalItems(db: Queryable, proposalId: number, jobId: number, now: number): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO items (job_id, seq, kind, key, label, site, from_pool, to_pool, state, attempts, not_before, updated_at)
     SELECT $1, seq, kind, key, label, site, from_pool, to_pool, 'pending', 0, 0, $2
     FROM proposal_items WHERE proposal_id = $3 ORDER BY seq`,
    [jobId, now, proposalId],
  );
  return rowCount ?? 0;
}

export async function listProposalItems(db: Queryable, proposalId: string, opts: { limit?: number; offset?: number } = {}): Promise<PlanItem[]> {
  const key = parseId(proposalId);
  if (key === null) return [];
  const { rows } = await db.query(
    `SELECT kind, key, label, site, from_pool, to_pool FROM proposal_items
     WHERE proposal_id = $1 ORDER BY seq LIMIT $2 OFFSET $3`,
    [key, opts.limit ?? null, opts.offset ?? 0],
  );
  return rows.map(toPlanItem);
}

export async function itemCounts(db: Queryable, jobId: string): Promise<ItemCounts> {
  const counts = emptyCounts();
  const key = parseId(jobId);
  if (key === null) return counts;
  const { rows } = await db.query('SELECT state, count(*) AS n FROM items WHERE job_id = $1 GROUP BY state', [key]);
  for (const raw of rows) {
    const row = CountRow.parse(raw);
    counts[row.state] = row.n;
  }
  return counts;
}

export async function listItems(db: Queryable, jobId: string, opts: { states?: ItemState[]; limit?: number; offset?: number } = {}): Promise<JobItem[]> {
  const key = parseId(jobId);
  if (key === null) return [];
  const { rows } = await db.query(
    `SELECT * FROM items
     WHERE job_id = $1 AND ($2::text[] IS NULL OR state = ANY($2::text[]))
     ORDER BY seq LIMIT $3 OFFSET $4`,
    [key, opts.states ?? null, opts.limit ?? null, opts.offset ?? 0],
  );
  return rows.map((r) => toItem(r, decode));
}

export async function failureGroups(db: Queryable, jobId: string, examples: number): Promise<FailureGroup[]> {
  const key = parseId(jobId);
  if (key === null) return [];
  const { rows } = await db.query(
    `SELECT code, n, label, rank FROM (
       SELECT COALESCE(error_code, $2) AS code, label,
              count(*) OVER (PARTITION BY COALESCE(error_code, $2)) AS n,
              row_number() OVER (PARTITION BY COALESCE(error_code, $2) ORDER BY seq) AS rank
       FROM items WHERE job_id = $1 AND state = 'failed') ranked
     WHERE rank <= GREATEST($3::int, 1)`,
    [key, UNKNOWN_ERROR_CODE, Math.floor(examples)],
  );
  return foldFailureGroups(rows.map((r) => FailureRow.parse(r)), examples);
}

export async function claimItems(db: Queryable, req: ClaimRequest): Promise<JobItem[]> {
  const jobIds = req.jobIds?.map(parseId).filter((id): id is number => id !== null);
  if (req.limit <= 0 || (jobIds && jobIds.length === 0)) return [];
  const { rows } = await db.query(
    prepared('claimItems', `WITH picked AS (
       SELECT i.id, i.job_id, i.seq FROM items i JOIN jobs j ON j.id = i.job_id
       WHERE i.state IN ('pending', 'running')
         AND ((i.state = 'pending' AND i.not_before <= $3 AND (i.lease_until IS NULL OR i.lease_until < $3)) OR (i.state = 'running' AND i.lease_until < $3))
         AND j.state = ANY($4::text[])
         AND ($5::text IS NULL OR i.to_pool = $5)
         AND ($6::bigint[] IS NULL OR i.job_id = ANY($6::bigint[]))
       ORDER BY i.job_id, i.seq
       LIMIT $7
       FOR UPDATE OF i SKIP LOCKED),
     ranked AS (SELECT id, row_number() OVER (ORDER BY job_id, seq) AS n FROM picked)
     UPDATE items SET state = CASE WHEN ranked.n <= $9 THEN 'running' ELSE 'pending' END,
       lease_owner = $1, lease_until = $2, updated_at = $3,
       attempts = attempts + CASE WHEN $8::boolean THEN 1 ELSE 0 END
     FROM ranked WHERE items.id = ranked.id
     RETURNING items.*`,
    [req.workerId, req.now + req.leaseMs, req.now, CLAIMABLE_JOB_STATES, req.toPool ?? null, jobIds ?? null, Math.floor(req.limit), req.countAttempt === true, Math.floor(req.start ?? req.limit)]),
  );
  return rows.map((r) => toItem(r, decode)).sort((a, b) => Number(a.jobId) - Number(b.jobId) || a.seq - b.seq);
}

export async function releaseLeases(db: Queryable, workerId: string, now: number): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE items SET state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = $1 WHERE lease_owner = $2 AND state IN ('pending', 'running')`,
    [now, workerId],
  );
  return rowCount ?? 0;
}

export async function heartbeat(db: Queryable, workerId: string, itemIds: number[], leaseUntil: number): Promise<number[]> {
  if (itemIds.length === 0) return [];
  const { rows } = await db.query(
    prepared('heartbeat', `UPDATE items SET lease_until = $1 WHERE id = ANY($2::bigint[]) AND lease_owner = $3 AND state IN ('pending', 'running') RETURNING id`, [leaseUntil, itemIds, workerId]),
  );
  const kept = new Set(rows.map((r) => Number((r as { id: number }).id)));
  return itemIds.filter((id) => !kept.has(id));
}

const MARK_RUNNING_SQL = `UPDATE items SET state = 'running', updated_at = $1 WHERE id = ANY($2::bigint[]) AND lease_owner = $3 AND state = 'pending'`;

export async function markRunning(db: Queryable, workerId: string, itemIds: number[], now: number): Promise<number> {
  if (itemIds.length === 0) return 0;
  const { rowCount } = await db.query(prepared('markRunning', MARK_RUNNING_SQL, [now, itemIds, workerId]));
  return rowCount ?? 0;
}

// A 'pending' update (a retry) of an item whose job is cancelling cancels it instead: a cancelling
// job never gets items back, so it can finish. The job row is read FOR SHARE, so a cancel that is
// committing is waited for and seen. Only the lease holder's update matches; the audit event for
// the state the item ends in ($14: events by state) is inserted by the same statement, so the
// two commit together without a transaction around them (one round trip). Items of the worker
// leased ahead that started meanwhile ($15) are marked running by the same statement.
const UPDATE_ITEM_SQL = `WITH started AS (
     UPDATE items SET state = 'running', updated_at = $11
     WHERE $15::bigint[] IS NOT NULL AND id = ANY($15::bigint[]) AND id <> $12 AND lease_owner = $13 AND state = 'pending'),
   updated AS (
     UPDATE items SET
       state = CASE WHEN $1 = 'pending' AND (SELECT state FROM jobs WHERE id = items.job_id FOR SHARE) = 'cancelling' THEN 'cancelled' ELSE $1 END,
       attempts = COALESCE($2::int, attempts),
       not_before = COALESCE($3::bigint, not_before),
       error_code = CASE WHEN $4::boolean THEN $5::text ELSE error_code END,
       error_message = CASE WHEN $6::boolean THEN $7::text ELSE error_message END,
       result = CASE WHEN $8::boolean THEN $9::jsonb ELSE result END,
       lease_owner = CASE WHEN $10::boolean THEN lease_owner ELSE NULL END,
       lease_until = CASE WHEN $10::boolean THEN lease_until ELSE NULL END,
       updated_at = $11
     WHERE id = $12 AND lease_owner = $13
     RETURNING state),
   audited AS (
     INSERT INTO audit (at, actor, event, site, site_key, target, outcome, details)
     SELECT (e.v->>'at')::bigint, e.v->'actor', e.v->>'event', e.v->>'site', lower(e.v->>'site'), e.v->>'target', e.v->>'outcome', e.v->'details'
     FROM updated CROSS JOIN LATERAL (SELECT $14::jsonb -> updated.state AS v) e
     WHERE e.v IS NOT NULL)
   SELECT state FROM updated`;

/** The item's new state and the audit event for it, in one guarded statement. */
export async function updateItem(db: Queryable, itemId: number, workerId: string, update: ItemUpdate, now: number, audit?: ItemAudit, started?: number[]): Promise<boolean> {
  const p = itemUpdateParams(update);
  const { rows } = await db.query(
    prepared('updateItem', UPDATE_ITEM_SQL, [
      p.state, p.attempts, p.notBefore, p.setErrorCode, p.errorCode, p.setErrorMessage, p.errorMessage, p.setResult, p.result, p.keepLease, now, itemId, workerId,
      audit && Object.keys(audit).length ? JSON.stringify(audit) : null,
      started?.length ? started : null,
    ]),
  );
  return rows.length > 0;
}

export async function cancelPendingItems(db: Queryable, jobId: string, now: number): Promise<number> {
  const key = parseId(jobId);
  if (key === null) return 0;
  const { rowCount } = await db.query(
    `UPDATE items SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = $1
     WHERE job_id = $2 AND state = 'pending' AND (lease_until IS NULL OR lease_until < $1)`,
    [now, key],
  );
  return rowCount ?? 0;
}

export async function requeueItems(db: Queryable, jobId: string, states: ItemState[], now: number): Promise<number> {
  const key = parseId(jobId);
  if (key === null || states.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE items SET state = 'pending', attempts = 0, not_before = $1, error_code = NULL, error_message = NULL,
       lease_owner = NULL, lease_until = NULL, updated_at = $1
     WHERE job_id = $2 AND state = ANY($3::text[])`,
    [now, key, states],
  );
  return rowCount ?? 0;
}

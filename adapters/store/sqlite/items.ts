// SQLite plan and job items: batched inserts of a proposal's plan items, their set-based copy into
// job items, lease-based claiming (a dead worker's items come back once its lease expires),
// owner-checked updates with their audit events, counts, paging and failure groups.
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
import { appendAudit } from './audit';
import { Statements, bool, decodeSqliteJson as decode } from './statements';

const PLAN_ITEM_COLUMNS = 8;

function insertPlanItemsStatement(rows: number): string {
  const tuple = `(${Array.from({ length: PLAN_ITEM_COLUMNS }, () => '?').join(', ')})`;
  return `INSERT INTO proposal_items (proposal_id, seq, kind, key, label, site, from_pool, to_pool)
          VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

/**
 * Writes a proposal's plan items (seq = position in the plan); the caller holds the write
 * transaction. Full batches go through one multi-row statement, the remainder row by row, so
 * only two statements are ever prepared whatever the plan sizes.
 */
export function insertProposalItems(s: Statements, proposalId: number, items: PlanItem[]): void {
  const full = s.get(insertPlanItemsStatement(ITEM_INSERT_BATCH));
  const params: unknown[] = new Array(ITEM_INSERT_BATCH * PLAN_ITEM_COLUMNS);
  let start = 0;
  for (; start + ITEM_INSERT_BATCH <= items.length; start += ITEM_INSERT_BATCH) {
    for (let i = 0; i < ITEM_INSERT_BATCH; i++) writeRow(params, i * PLAN_ITEM_COLUMNS, proposalId, start + i, items[start + i]);
    full.run(params);
  }
  const single = s.get(insertPlanItemsStatement(1));
  const row: unknown[] = new Array(PLAN_ITEM_COLUMNS);
  for (; start < items.length; start++) {
    writeRow(row, 0, proposalId, start, items[start]);
    single.run(row);
  }
}

function writeRow(params: unknown[], at: number, proposalId: number, seq: number, it: PlanItem): void {
  params[at] = proposalId;
  params[at + 1] = seq;
  params[at + 2] = it.kind;
  params[at + 3] = it.key;
  params[at + 4] = it.label;
  params[at + 5] = it.site;
  params[at + 6] = it.fromPool;
  params[at + 7] = it.toPool;
}

/** The job's items are the proposal's plan items: one INSERT … SELECT, inside the caller's transaction. */
export function copyProposalItems(s: Statements, proposalId: number, jobId: number, now: number): number {
  return s
    .get(
      `INSERT INTO items (job_id, seq, kind, key, label, site, from_pool, to_pool, state, attempts, not_before, updated_at)
       SELECT ?, seq, kind, key, label, site, from_pool, to_pool, 'pending', 0, 0, ?
       FROM proposal_items WHERE proposal_id = ? ORDER BY seq`,
    )
    .run(jobId, now, proposalId).changes;
}

export function listProposalItems(s: Statements, proposalId: string, opts: { limit?: number; offset?: number } = {}): PlanItem[] {
  const key = parseId(proposalId);
  if (key === null) return [];
  return s
    .get(
      `SELECT kind, key, label, site, from_pool, to_pool FROM proposal_items
       WHERE proposal_id = ? ORDER BY seq LIMIT ? OFFSET ?`,
    )
    .all(key, opts.limit ?? -1, opts.offset ?? 0)
    .map(toPlanItem);
}

export function itemCounts(s: Statements, jobId: string): ItemCounts {
  const counts = emptyCounts();
  const key = parseId(jobId);
  if (key === null) return counts;
  for (const raw of s.get('SELECT state, count(*) AS n FROM items WHERE job_id = ? GROUP BY state').all(key)) {
    const row = CountRow.parse(raw);
    counts[row.state] = row.n;
  }
  return counts;
}

export function listItems(s: Statements, jobId: string, opts: { states?: ItemState[]; limit?: number; offset?: number } = {}): JobItem[] {
  const key = parseId(jobId);
  if (key === null) return [];
  return s
    .get(
      `SELECT * FROM items
       WHERE job_id = @job AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
       ORDER BY seq LIMIT @limit OFFSET @offset`,
    )
    .all({
      job: key,
      states: opts.states ? JSON.stringify(opts.states) : null,
      limit: opts.limit ?? -1,
      offset: opts.offset ?? 0,
    })
    .map((r) => toItem(r, decode));
}

export function failureGroups(s: Statements, jobId: string, examples: number): FailureGroup[] {
  const key = parseId(jobId);
  if (key === null) return [];
  const rows = s
    .get(
      `SELECT code, n, label, rank FROM (
         SELECT COALESCE(error_code, @unknown) AS code, label,
                count(*) OVER (PARTITION BY COALESCE(error_code, @unknown)) AS n,
                row_number() OVER (PARTITION BY COALESCE(error_code, @unknown) ORDER BY seq) AS rank
         FROM items WHERE job_id = @job AND state = 'failed')
       WHERE rank <= MAX(@examples, 1)`,
    )
    .all({ job: key, unknown: UNKNOWN_ERROR_CODE, examples: Math.floor(examples) })
    .map((r) => FailureRow.parse(r));
  return foldFailureGroups(rows, examples);
}

interface ClaimParams {
  worker: string;
  until: number;
  now: number;
  toPool: string | null;
  jobIds: string | null;
  limit: number;
  attempt: number;
  start: number;
}

// The claimable job states are constants of the code, spelled into the SQL: a json_each list
// costs more than the rest of the lookup, and a claim runs for every item a job moves.
const CLAIMABLE_STATES_SQL = CLAIMABLE_JOB_STATES.map((state) => `'${state}'`).join(', ');

/**
 * The runnable items for the filters in use (four fixed texts, each prepared once), walked in
 * (job, seq) order along their partial index, items first (CROSS JOIN keeps that order): a claim
 * stops at the first free items instead of sorting every pending item of every claimable job,
 * which made a claim cost grow with the job.
 */
function candidatesSql(byPool: boolean, byJobs: boolean): string {
  return `SELECT i.id FROM items i INDEXED BY items_runnable CROSS JOIN jobs j ON j.id = i.job_id
     WHERE i.state IN ('pending', 'running')
       AND ((i.state = 'pending' AND i.not_before <= @now AND (i.lease_until IS NULL OR i.lease_until < @now)) OR (i.state = 'running' AND i.lease_until < @now))
       AND j.state IN (${CLAIMABLE_STATES_SQL})
       ${byPool ? 'AND i.to_pool = @toPool' : ''}
       ${byJobs ? 'AND i.job_id IN (SELECT value FROM json_each(@jobIds))' : ''}
     ORDER BY i.job_id, i.seq
     LIMIT @limit`;
}

/**
 * Runs inside the claim's write transaction, so the candidates cannot change before they are
 * leased. Leasing them one by one by id is several times cheaper than one UPDATE … WHERE id IN
 * (SELECT …) over the same table, and a claim takes one item most of the time.
 */
function leaseRows(s: Statements, params: ClaimParams): unknown[] {
  const candidates = s.get(candidatesSql(params.toPool !== null, params.jobIds !== null)).all(params) as Array<{ id: number }>;
  const lease = s.get(`UPDATE items SET state = @state, lease_owner = @worker, lease_until = @until, updated_at = @now, attempts = attempts + @attempt WHERE id = @id RETURNING *`);
  return candidates.map(({ id }, n) =>
    lease.get({ state: n < params.start ? 'running' : 'pending', worker: params.worker, until: params.until, now: params.now, attempt: params.attempt, id }),
  );
}

export function claimItems(s: Statements, req: ClaimRequest): JobItem[] {
  const jobIds = req.jobIds?.map(parseId).filter((id): id is number => id !== null);
  if (req.limit <= 0 || (jobIds && jobIds.length === 0)) return [];
  const rows = s.transaction(leaseRows).immediate(s, {
    worker: req.workerId,
    until: req.now + req.leaseMs,
    now: req.now,
    toPool: req.toPool ?? null,
    jobIds: jobIds ? JSON.stringify(jobIds) : null,
    limit: Math.floor(req.limit),
    attempt: req.countAttempt ? 1 : 0,
    start: Math.floor(req.start ?? req.limit),
  });
  return rows.map((r) => toItem(r, decode)).sort((a, b) => Number(a.jobId) - Number(b.jobId) || a.seq - b.seq);
}

export function releaseLeases(s: Statements, workerId: string, now: number): number {
  return s
    .get(`UPDATE items SET state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE lease_owner = ? AND state IN ('pending', 'running')`)
    .run(now, workerId).changes;
}

export function heartbeat(s: Statements, workerId: string, itemIds: number[], leaseUntil: number): number[] {
  if (itemIds.length === 0) return [];
  const kept = new Set(
    s
      .get(
        `UPDATE items SET lease_until = ?
         WHERE id IN (SELECT value FROM json_each(?)) AND lease_owner = ? AND state IN ('pending', 'running')
         RETURNING id`,
      )
      .all(leaseUntil, JSON.stringify(itemIds), workerId)
      .map((r) => (r as { id: number }).id),
  );
  return itemIds.filter((id) => !kept.has(id));
}

export function markRunning(s: Statements, workerId: string, itemIds: number[], now: number): number {
  if (itemIds.length === 0) return 0;
  return s
    .get(`UPDATE items SET state = 'running', updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND lease_owner = ? AND state = 'pending'`)
    .run(now, JSON.stringify(itemIds), workerId).changes;
}

// A 'pending' update (a retry) of an item whose job is cancelling cancels it instead: a cancelling
// job never gets items back, so it can finish.
const UPDATE_ITEM_SQL = `UPDATE items SET
     state = CASE WHEN @state = 'pending' AND (SELECT state FROM jobs WHERE id = items.job_id) = 'cancelling' THEN 'cancelled' ELSE @state END,
     attempts = COALESCE(@attempts, attempts),
     not_before = COALESCE(@notBefore, not_before),
     error_code = CASE WHEN @setErrorCode THEN @errorCode ELSE error_code END,
     error_message = CASE WHEN @setErrorMessage THEN @errorMessage ELSE error_message END,
     result = CASE WHEN @setResult THEN @result ELSE result END,
     lease_owner = CASE WHEN @keepLease THEN lease_owner ELSE NULL END,
     lease_until = CASE WHEN @keepLease THEN lease_until ELSE NULL END,
     updated_at = @now
   WHERE id = @id AND lease_owner = @worker
   RETURNING state`;

function writeItem(s: Statements, itemId: number, workerId: string, update: ItemUpdate, now: number, audit: ItemAudit | undefined, started: number[]): boolean {
  markRunning(s, workerId, started.filter((id) => id !== itemId), now);
  const p = itemUpdateParams(update);
  const row = s.get(UPDATE_ITEM_SQL).get({
    state: p.state,
    attempts: p.attempts,
    notBefore: p.notBefore,
    setErrorCode: bool(p.setErrorCode),
    errorCode: p.errorCode,
    setErrorMessage: bool(p.setErrorMessage),
    errorMessage: p.errorMessage,
    setResult: bool(p.setResult),
    result: p.result,
    keepLease: bool(p.keepLease),
    now,
    id: itemId,
    worker: workerId,
  }) as { state: ItemState } | undefined;
  if (!row) return false;
  const event = audit?.[row.state];
  if (event) appendAudit(s, event);
  return true;
}

/**
 * The item's new state and the audit event for it commit together, with the running marks of the
 * worker's items started meanwhile (one transaction when there is more than the item's row).
 */
export function updateItem(s: Statements, itemId: number, workerId: string, update: ItemUpdate, now: number, audit?: ItemAudit, started: number[] = []): boolean {
  if (!audit && started.length === 0) return writeItem(s, itemId, workerId, update, now, undefined, started);
  return s.transaction(writeItem).immediate(s, itemId, workerId, update, now, audit, started);
}

export function cancelPendingItems(s: Statements, jobId: string, now: number): number {
  const key = parseId(jobId);
  if (key === null) return 0;
  return s
    .get(
      `UPDATE items SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = ?
       WHERE job_id = ? AND state = 'pending' AND (lease_until IS NULL OR lease_until < ?)`,
    )
    .run(now, key, now).changes;
}

export function requeueItems(s: Statements, jobId: string, states: ItemState[], now: number): number {
  const key = parseId(jobId);
  if (key === null || states.length === 0) return 0;
  return s
    .get(
      `UPDATE items SET state = 'pending', attempts = 0, not_before = ?, error_code = NULL, error_message = NULL,
         lease_owner = NULL, lease_until = NULL, updated_at = ?
       WHERE job_id = ? AND state IN (SELECT value FROM json_each(?))`,
    )
    .run(now, now, key, JSON.stringify(states)).changes;
}

// SQLite job items: batched inserts, lease-based claiming (a dead worker's items come back once its
// lease expires), owner-checked updates, counts, paging and failure groups.
import type { FailureGroup, ItemCounts, ItemState, JobItem, PlanItem } from '../../../migration/model';
import type { ClaimRequest, ItemUpdate } from '../../../migration/ports';
import { CountRow, FailureRow, TimeRow, toItem } from '../common/records';
import {
  CLAIMABLE_JOB_STATES,
  ITEM_INSERT_BATCH,
  UNKNOWN_ERROR_CODE,
  emptyCounts,
  foldFailureGroups,
  itemUpdateParams,
  parseId,
} from '../common/rules';
import { Statements, bool, decodeSqliteJson as decode } from './statements';

const COLUMNS = 8;

function insertStatement(rows: number): string {
  const tuple = `(${Array.from({ length: COLUMNS }, () => '?').join(', ')}, 'pending', 0, 0, ?)`;
  return `INSERT INTO items (job_id, seq, kind, key, label, site, from_pool, to_pool, state, attempts, not_before, updated_at)
          VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

/**
 * Writes a job's items (seq = position in the plan); the caller holds the write transaction.
 * Full batches go through one multi-row statement, the remainder row by row, so only two
 * statements are ever prepared whatever the job sizes.
 */
export function insertItems(s: Statements, jobId: number, items: PlanItem[], now: number): void {
  const row = (it: PlanItem, seq: number) => [jobId, seq, it.kind, it.key, it.label, it.site, it.fromPool, it.toPool, now];
  let start = 0;
  for (; start + ITEM_INSERT_BATCH <= items.length; start += ITEM_INSERT_BATCH) {
    const params = items.slice(start, start + ITEM_INSERT_BATCH).flatMap((it, i) => row(it, start + i));
    s.get(insertStatement(ITEM_INSERT_BATCH)).run(params);
  }
  for (; start < items.length; start++) s.get(insertStatement(1)).run(row(items[start], start));
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

export function claimItems(s: Statements, req: ClaimRequest): JobItem[] {
  const jobIds = req.jobIds?.map(parseId).filter((id): id is number => id !== null);
  if (req.limit <= 0 || (jobIds && jobIds.length === 0)) return [];
  const run = s.db.transaction(() =>
    s
      .get(
        `UPDATE items SET state = 'running', lease_owner = @worker, lease_until = @until, updated_at = @now
         WHERE id IN (
           SELECT i.id FROM items i JOIN jobs j ON j.id = i.job_id
           WHERE i.state IN ('pending', 'running')
             AND ((i.state = 'pending' AND i.not_before <= @now) OR (i.state = 'running' AND i.lease_until < @now))
             AND j.state IN (SELECT value FROM json_each(@jobStates))
             AND (@toPool IS NULL OR i.to_pool = @toPool)
             AND (@jobIds IS NULL OR i.job_id IN (SELECT value FROM json_each(@jobIds)))
           ORDER BY i.job_id, i.seq
           LIMIT @limit)
         RETURNING *`,
      )
      .all({
        worker: req.workerId,
        until: req.now + req.leaseMs,
        now: req.now,
        jobStates: JSON.stringify(CLAIMABLE_JOB_STATES),
        toPool: req.toPool ?? null,
        jobIds: jobIds ? JSON.stringify(jobIds) : null,
        limit: Math.floor(req.limit),
      })
      .map((r) => toItem(r, decode)),
  );
  return run.immediate().sort((a, b) => Number(a.jobId) - Number(b.jobId) || a.seq - b.seq);
}

export function releaseLeases(s: Statements, workerId: string, now: number): number {
  return s
    .get(`UPDATE items SET state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE lease_owner = ? AND state = 'running'`)
    .run(now, workerId).changes;
}

export function heartbeat(s: Statements, workerId: string, itemIds: number[], leaseUntil: number): number[] {
  if (itemIds.length === 0) return [];
  const kept = new Set(
    s
      .get(
        `UPDATE items SET lease_until = ?
         WHERE id IN (SELECT value FROM json_each(?)) AND lease_owner = ? AND state = 'running'
         RETURNING id`,
      )
      .all(leaseUntil, JSON.stringify(itemIds), workerId)
      .map((r) => (r as { id: number }).id),
  );
  return itemIds.filter((id) => !kept.has(id));
}

export function updateItem(s: Statements, itemId: number, workerId: string, update: ItemUpdate, now: number): boolean {
  const p = itemUpdateParams(update);
  const info = s
    .get(
      `UPDATE items SET state = @state,
         attempts = COALESCE(@attempts, attempts),
         not_before = COALESCE(@notBefore, not_before),
         error_code = CASE WHEN @setErrorCode THEN @errorCode ELSE error_code END,
         error_message = CASE WHEN @setErrorMessage THEN @errorMessage ELSE error_message END,
         result = CASE WHEN @setResult THEN @result ELSE result END,
         lease_owner = CASE WHEN @keepLease THEN lease_owner ELSE NULL END,
         lease_until = CASE WHEN @keepLease THEN lease_until ELSE NULL END,
         updated_at = @now
       WHERE id = @id AND lease_owner = @worker`,
    )
    .run({
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
    });
  return info.changes > 0;
}

export function cancelPendingItems(s: Statements, jobId: string, now: number): number {
  const key = parseId(jobId);
  if (key === null) return 0;
  return s
    .get(`UPDATE items SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE job_id = ? AND state = 'pending'`)
    .run(now, key).changes;
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

/** Latest finished move of the user, unless a rollback of that user finished at or after it. */
export function lastMovedAt(s: Statements, sip: string): number | undefined {
  const latest = (operation: string) =>
    TimeRow.parse(
      s
        .get(
          `SELECT MAX(i.updated_at) AS t FROM items i JOIN jobs j ON j.id = i.job_id
           WHERE i.kind = 'user' AND i.state = 'done' AND i.key = ? AND j.operation = ?`,
        )
        .get(sip.toLowerCase(), operation),
    ).t;
  const moved = latest('move');
  if (moved === null) return undefined;
  const rolledBack = latest('rollback');
  return rolledBack !== null && rolledBack >= moved ? undefined : moved;
}

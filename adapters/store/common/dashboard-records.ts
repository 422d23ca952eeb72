// Rows of the dashboard's aggregate queries, validated with zod before they become read models,
// and the folding both engines share (counts per job, moves per bucket).
import { z } from 'zod';
import { ITEM_STATES, OPERATIONS, USER_MOVE_OPERATIONS, type ItemCounts } from '../../../migration/model';
import type { MoveBucket } from '../../../migration/store';
import { emptyCounts } from './rules';

const int = z.number().int();

export const JobCountRow = z.object({ job_id: int, state: z.enum(ITEM_STATES), n: int });
export const ScheduleStartRow = z.object({ job_id: int, start_at: int });
/** The operations that move users, as an SQL list (constants of the domain, never input). */
export const USER_MOVE_SQL = `(${USER_MOVE_OPERATIONS.map((o) => `'${o}'`).join(', ')})`;

export const BucketRow = z.object({ at: int, operation: z.enum(USER_MOVE_OPERATIONS), n: int });
export const MovedRow = z.object({ sip: z.string(), moved: int });
export const JobOperationRow = z.object({ job_operation: z.enum(OPERATIONS) });
export const TotalRow = z.object({ n: int });
export const SecretRow = z.object({ value: z.string().min(1) });

/** Item counts per job id from (job_id, state, n) rows; every listed job gets a full record. */
export function foldJobCounts(jobIds: number[], rows: unknown[]): Map<number, ItemCounts> {
  const counts = new Map<number, ItemCounts>(jobIds.map((id) => [id, emptyCounts()]));
  for (const raw of rows) {
    const row = JobCountRow.parse(raw);
    const c = counts.get(row.job_id);
    if (c) c[row.state] = row.n;
  }
  return counts;
}

/** Buckets in time order from (at, operation, n) rows. */
export function foldBuckets(rows: unknown[]): MoveBucket[] {
  const byAt = new Map<number, MoveBucket>();
  for (const raw of rows) {
    const row = BucketRow.parse(raw);
    const bucket = byAt.get(row.at) ?? { at: row.at, moved: 0, rolledBack: 0 };
    if (row.operation === 'move') bucket.moved += row.n;
    else bucket.rolledBack += row.n;
    byAt.set(row.at, bucket);
  }
  return [...byAt.values()].sort((a, b) => a.at - b.at);
}

/** Bucket sizes are whole minutes (an hour, a day); anything else is refused before it reaches SQL. */
export const BucketMs = z.number().int().min(60_000).max(31 * 24 * 3_600_000);

export const clampLimit = (n: number, max = 10_000) => Math.max(0, Math.min(max, Math.floor(n)));

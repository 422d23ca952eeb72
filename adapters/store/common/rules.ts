// The store semantics both engines share, as pure functions: the job columns a confirmed proposal
// produces, how an item update maps onto columns, how bot-state eTags are made. The domain rules
// they rely on (approvals, job transitions) live in migration/; each engine adds the SQL.
import { randomUUID } from 'node:crypto';
import { newJobFor } from '../../../migration/jobs';
import { ITEM_STATES, type Actor, type FailureGroup, type ItemCounts, type Proposal } from '../../../migration/model';
import type { ItemUpdate } from '../../../migration/ports';

/** Rows per INSERT when a proposal writes its plan items (plans can hold 100,000 items). */
export const ITEM_INSERT_BATCH = 1000;

export { CLAIMABLE_JOB_STATES, FINISHED_JOB_STATE_LIST } from '../../../migration/jobs';

/** Proposal and job ids are short decimal strings; anything else cannot name a row. */
export function parseId(id: string): number | null {
  return /^\d{1,15}$/.test(id) ? Number(id) : null;
}

/**
 * Column values of the job a confirmed proposal creates (ids and engine encodings left to the
 * caller). Its items are the proposal's plan items, which never change after createProposal.
 */
export function jobFields(proposal: Proposal, approvals: Actor[], now: number) {
  const built = newJobFor(proposal);
  return {
    operation: built.operation,
    subject: built.subject,
    sites: built.sites,
    siteWide: built.siteWide,
    forced: built.forced,
    requestedBy: proposal.requestedBy,
    approvedBy: approvals,
    locale: built.locale,
    createdAt: now,
    card: built.card ?? null,
    totalItems: proposal.plan.itemCount,
  };
}

/**
 * Column parameters for updateItem. Absent fields keep their stored value; null clears an error.
 * Any state but 'running' ends the lease, so a retried item can be claimed by any worker.
 */
export function itemUpdateParams(update: ItemUpdate) {
  return {
    state: update.state,
    attempts: update.attempts ?? null,
    notBefore: update.notBefore ?? null,
    setErrorCode: update.errorCode !== undefined,
    errorCode: update.errorCode ?? null,
    setErrorMessage: update.errorMessage !== undefined,
    errorMessage: update.errorMessage ?? null,
    setResult: update.result !== undefined,
    result: update.result === undefined ? null : JSON.stringify(update.result),
    keepLease: update.state === 'running',
  };
}

export function emptyCounts(): ItemCounts {
  return Object.fromEntries(ITEM_STATES.map((s) => [s, 0])) as ItemCounts;
}

/** Folds rows ranked per error code (rank 1 = first by seq) into groups, largest first. */
export function foldFailureGroups(rows: Array<{ code: string; n: number; label: string; rank: number }>, examples: number): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const row of rows) {
    let group = groups.get(row.code);
    if (!group) {
      group = { code: row.code, count: row.n, examples: [] };
      groups.set(row.code, group);
    }
    if (row.rank <= examples) group.examples.push(row.label);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Error code recorded for a failed item that carries none. */
export const UNKNOWN_ERROR_CODE = 'UNKNOWN';

/** A fresh bot-state eTag; random so that a deleted and re-created key never reuses one. */
export function newETag(): string {
  return randomUUID();
}

/** Stable order for multi-key state writes so two concurrent writers lock rows in the same order. */
export function orderStateChanges<T extends { key: string }>(changes: T[]): T[] {
  return changes.map((c, i) => ({ c, i })).sort((a, b) => (a.c.key < b.c.key ? -1 : a.c.key > b.c.key ? 1 : a.i - b.i)).map((x) => x.c);
}

export function eTagConflict(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

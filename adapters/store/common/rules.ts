// The store semantics both engines share, as pure functions: when an approval starts a job, when a
// cancel is refused, which job fields a confirmed proposal produces, how an item update maps onto
// columns, how bot-state eTags are made. Each engine only adds the SQL around them.
import { randomUUID } from 'node:crypto';
import type { Actor, FailureGroup, ItemCounts, JobState, Proposal } from '../../../migration/model';
import type { ApproveOutcome, CancelProposalOutcome, ItemUpdate, NewJob } from '../../../migration/ports';
import { ITEM_STATES } from './records';

/** Rows per INSERT when a proposal writes its plan items (plans can hold 100,000 items). */
export const ITEM_INSERT_BATCH = 1000;

/** Job states whose items may be claimed; a cancelling job lets running items finish but starts no more. */
export const CLAIMABLE_JOB_STATES: readonly JobState[] = ['queued', 'running'];
export const FINISHED_JOB_STATE_LIST: readonly JobState[] = ['completed', 'completedWithErrors', 'cancelled'];

/** Proposal and job ids are short decimal strings; anything else cannot name a row. */
export function parseId(id: string): number | null {
  return /^\d{1,15}$/.test(id) ? Number(id) : null;
}

export type ApprovalStep =
  | { kind: 'answer'; outcome: Extract<ApproveOutcome, { outcome: 'notFound' | 'cancelled' | 'expired' | 'alreadyApprovedByYou' }> }
  | { kind: 'alreadyConfirmed'; proposal: Proposal }
  | { kind: 'record'; proposal: Proposal; approvals: Actor[]; confirm: boolean };

/** What an approval click does to a proposal, read inside the engine's write transaction. */
export function decideApproval(proposal: Proposal | null, actor: Actor, now: number, requiredApprovals: number): ApprovalStep {
  if (!proposal) return { kind: 'answer', outcome: { outcome: 'notFound' } };
  if (proposal.state === 'confirmed') return { kind: 'alreadyConfirmed', proposal };
  if (proposal.state === 'cancelled') return { kind: 'answer', outcome: { outcome: 'cancelled', proposal } };
  if (now >= proposal.expiresAt) return { kind: 'answer', outcome: { outcome: 'expired', proposal } };
  if (proposal.approvals.some((a) => a.id === actor.id)) return { kind: 'answer', outcome: { outcome: 'alreadyApprovedByYou', proposal } };
  const approvals = [...proposal.approvals, actor];
  return { kind: 'record', proposal, approvals, confirm: approvals.length >= Math.max(1, requiredApprovals) };
}

export type CancelStep =
  | { kind: 'answer'; outcome: CancelProposalOutcome }
  | { kind: 'cancel'; proposal: Proposal };

export function decideCancel(proposal: Proposal | null, now: number): CancelStep {
  if (!proposal) return { kind: 'answer', outcome: { outcome: 'notFound' } };
  if (proposal.state === 'confirmed') return { kind: 'answer', outcome: { outcome: 'alreadyConfirmed', proposal } };
  if (proposal.state === 'cancelled') return { kind: 'answer', outcome: { outcome: 'alreadyCancelled', proposal } };
  if (now >= proposal.expiresAt) return { kind: 'answer', outcome: { outcome: 'expired', proposal } };
  return { kind: 'cancel', proposal };
}

/**
 * Column values of the job a confirmed proposal creates (ids and engine encodings left to the
 * caller). Its items are the proposal's plan items, which never change after createProposal.
 */
export function jobFields(proposal: Proposal, built: NewJob, approvals: Actor[], now: number) {
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

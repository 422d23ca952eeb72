// The life of a job, as the Exchange migration batch has it: a confirmed proposal creates it
// (queued), the first worker to take one of its items starts it, an admin may pause (stop) and
// resume it, cancel it or, once it finished, retry its failed items; the runner completes it.
// Each transition is one store transaction that changes the job, its items where the transition
// says so, and writes the transition's audit event; callers ask for one and render the outcome.
import type { AuditEventName } from './audit-events';
import type { Actor, AuditEvent, CheckResult, ItemCounts, ItemState, Job, JobItem, JobState, Proposal } from './model';
import { FINISHED_JOB_STATES } from './model';
import type { NewJob } from './ports';

/** The job a confirmed proposal starts: the plan's operation, subject and sites, in the proposal's language. */
export function newJobFor(proposal: Proposal): NewJob {
  const { plan } = proposal;
  return {
    operation: plan.operation,
    subject: plan.subject,
    sites: plan.sites,
    siteWide: plan.siteWide,
    forced: plan.forced,
    locale: proposal.locale,
    ...(proposal.card ? { card: proposal.card } : {}),
  };
}

export type AuditActor = AuditEvent['actor'];
export const SYSTEM_ACTOR: AuditActor = { id: 'system', name: 'lyncops', role: 'system' };

/** What a transition does to the job's items in the same transaction. */
export type ItemEffect =
  /** Pending items become cancelled (running ones finish). */
  | 'cancelPending'
  /** Failed items go back to pending with attempts and errors reset. */
  | 'requeueFailed';

export interface JobTransition {
  name: 'start' | 'pause' | 'resume' | 'cancel' | 'retryFailed' | 'complete';
  /** The job states it starts from; in any other state it is refused and nothing changes. */
  from: readonly JobState[];
  to: JobState;
  /** The state to take instead when the job never started (no startedAt). */
  toBeforeStart?: JobState;
  items?: ItemEffect;
  /** Refused (nothing changes) when the item effect touched no item. */
  requireItems?: boolean;
  /**
   * The audit event written in the same transaction. The store fills in the time, the job's first
   * site and its id as target; the number of items the effect touched goes into details[countAs].
   */
  audit: { actor: AuditActor; event: AuditEventName; outcome: AuditEvent['outcome']; details?: Record<string, unknown>; countAs?: string };
}

export type JobTransitionOutcome =
  | { outcome: 'applied'; job: Job; items: number }
  | { outcome: 'refused'; job: Job; reason: 'state' | 'noItems' }
  | { outcome: 'notFound' };

/** The state an applied transition leaves the job in. */
export function transitionTarget(t: JobTransition, job: Job): JobState {
  return t.toBeforeStart !== undefined && job.startedAt === undefined ? t.toBeforeStart : t.to;
}

/** The audit event of an applied transition (both store engines write exactly this). */
export function transitionAudit(t: JobTransition, job: Job, items: number, now: number): AuditEvent {
  const details = t.audit.countAs ? { ...t.audit.details, [t.audit.countAs]: items } : t.audit.details;
  const event: AuditEvent = { at: now, actor: t.audit.actor, event: t.audit.event, target: job.id, outcome: t.audit.outcome };
  if (job.sites[0] !== undefined) event.site = job.sites[0];
  if (details !== undefined) event.details = details;
  return event;
}

const actorOf = (a: Actor): AuditActor => ({ id: a.id, name: a.name, role: a.role });

/** Job states whose pending items workers claim. */
export const CLAIMABLE_JOB_STATES: readonly JobState[] = ['queued', 'running'];
export const FINISHED_JOB_STATE_LIST: readonly JobState[] = [...FINISHED_JOB_STATES];

export const jobTransitions = {
  /** A worker took the first item of a queued job. */
  start(job: Job): JobTransition {
    return { name: 'start', from: ['queued'], to: 'running', audit: { actor: SYSTEM_ACTOR, event: 'job.started', outcome: 'info', details: { operation: job.operation, items: job.totalItems } } };
  },
  /** Stop: items in flight finish, no new item is claimed until the job is resumed. */
  pause(actor: Actor): JobTransition {
    return { name: 'pause', from: ['queued', 'running'], to: 'paused', audit: { actor: actorOf(actor), event: 'job.paused', outcome: 'ok' } };
  },
  /** A paused job becomes runnable again (running, or queued when it never started); workers carry on. */
  resume(actor: Actor): JobTransition {
    return { name: 'resume', from: ['paused'], to: 'running', toBeforeStart: 'queued', audit: { actor: actorOf(actor), event: 'job.resumed', outcome: 'ok' } };
  },
  /** Nothing new starts; pending items are cancelled, items in flight finish, then the runner completes it as cancelled. */
  cancel(actor: Actor): JobTransition {
    return {
      name: 'cancel',
      from: ['queued', 'running', 'paused'],
      to: 'cancelling',
      items: 'cancelPending',
      audit: { actor: actorOf(actor), event: 'job.cancelRequested', outcome: 'ok', countAs: 'cancelledItems' },
    };
  },
  /** A finished job's failed items are queued again (refused when there are none). */
  retryFailed(actor: Actor): JobTransition {
    return {
      name: 'retryFailed',
      from: FINISHED_JOB_STATE_LIST,
      to: 'queued',
      items: 'requeueFailed',
      requireItems: true,
      audit: { actor: actorOf(actor), event: 'job.retryFailed', outcome: 'ok', countAs: 'requeued' },
    };
  },
  /**
   * Nothing pending or running is left: the job gets its final state. Only from the state it was
   * seen in, so a cancel that lands in between is not overwritten. A paused job stays paused.
   */
  complete(job: Job, counts: ItemCounts): JobTransition | null {
    if (job.state === 'paused' || FINISHED_JOB_STATES.has(job.state) || counts.pending + counts.running > 0) return null;
    const to: JobState = job.state === 'cancelling' ? 'cancelled' : counts.failed > 0 ? 'completedWithErrors' : 'completed';
    return {
      name: 'complete',
      from: [job.state],
      to,
      audit: {
        actor: SYSTEM_ACTOR,
        event: 'job.finished',
        outcome: to === 'completedWithErrors' ? 'failed' : 'ok',
        details: { state: to, done: counts.done, failed: counts.failed, cancelled: counts.cancelled, skipped: counts.skipped },
      },
    };
  },
};

/** The first admin's retry of a job that needs two: an approval, kept in the audit log. */
export const RETRY_APPROVED_EVENT: AuditEventName = 'job.retryApproved';

/** `go`: retry now; `firstApproval`: recorded as this admin's approval, another admin must retry too; `alreadyApproved`: this admin approved already. */
export type RetryApproval = 'go' | 'firstApproval' | 'alreadyApproved';

/**
 * Whether a retry of a finished job's failed items may go ahead. A job that needed two admins to
 * start needs two to run again (REQUIRE_SECOND_APPROVER): the first admin's retry is recorded as
 * an approval (an audit event), and a different admin's retry after it goes ahead. An approval
 * counts only since the job last finished and for `approvalTtlMs` (a proposal's lifetime).
 */
export async function approveRetry(
  audit: { listAudit(opts: { site?: string; limit: number }): Promise<AuditEvent[]>; appendAudit(e: AuditEvent): Promise<void> },
  job: Job,
  actor: Actor,
  now: number,
  policy: { requireSecondApprover: boolean; approvalTtlMs: number },
): Promise<RetryApproval> {
  if (!policy.requireSecondApprover || job.approvedBy.length < 2) return 'go';
  const since = Math.max(job.finishedAt ?? 0, now - policy.approvalTtlMs);
  const events = await audit.listAudit({ ...(job.sites[0] ? { site: job.sites[0] } : {}), limit: 200 });
  const approvals = events.filter((e) => e.event === RETRY_APPROVED_EVENT && e.target === job.id && e.at >= since);
  if (approvals.some((e) => e.actor.id !== actor.id)) return 'go';
  if (approvals.length > 0) return 'alreadyApproved';
  await audit.appendAudit({ at: now, actor: actorOf(actor), event: RETRY_APPROVED_EVENT, outcome: 'ok', target: job.id, ...(job.sites[0] !== undefined ? { site: job.sites[0] } : {}) });
  return 'firstApproval';
}

/**
 * The audit event for each state an attempt's outcome may leave the item in, written in the same
 * transaction as the item. A transient failure asks for 'pending'; when the job is cancelling by
 * then, the store cancels the item instead (a cancelling job never gets items back), and the
 * event for 'cancelled' is written.
 */
export type ItemAudit = Partial<Record<ItemState, AuditEvent>>;

export function itemDoneAudit(item: JobItem, changed: boolean, now: number): AuditEvent {
  return { at: now, actor: SYSTEM_ACTOR, event: 'item.done', site: item.site, target: item.key, outcome: 'ok', details: { jobId: item.jobId, from: item.fromPool, to: item.toPool, changed } };
}

export function itemFailureAudit(item: JobItem, retry: boolean, failure: { code: string; message: string; attempts: number }, now: number): ItemAudit {
  const details = { jobId: item.jobId, code: failure.code, message: failure.message, attempts: failure.attempts };
  const base = { at: now, actor: SYSTEM_ACTOR, site: item.site, target: item.key, details };
  if (!retry) return { failed: { ...base, event: 'item.failed', outcome: 'failed' } };
  return {
    pending: { ...base, event: 'item.retryScheduled', outcome: 'info' },
    cancelled: { ...base, event: 'item.cancelled', outcome: 'info' },
  };
}

/**
 * A coexistence-test item as a check result: a finished check is what the backend reported; a
 * failed one carries the item's error code as `error` and the backend's message as `diagnosis`.
 * The one mapping for the stored result (runner) and the job card (dialogs).
 */
export function checkResultOf(item: JobItem): CheckResult {
  if (item.state === 'done' && item.result) return item.result as CheckResult;
  return { check: item.key as CheckResult['check'], passed: false, error: item.errorCode ?? item.state, ...(item.errorMessage ? { diagnosis: item.errorMessage } : {}) };
}

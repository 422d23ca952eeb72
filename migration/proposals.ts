// The rules of a stored proposal: single use, expiring, confirmed by one or two distinct admins.
// The store reads the proposal inside its write transaction, asks these functions what an
// approval or a cancel does, and writes the result together with the audit events below.
import type { AuditEventName } from './audit-events';
import type { Actor, AuditEvent, Job, Proposal } from './model';
import type { ApproveOutcome, CancelProposalOutcome } from './ports';

export type ApprovalStep =
  | { kind: 'answer'; outcome: Extract<ApproveOutcome, { outcome: 'notFound' | 'cancelled' | 'expired' | 'alreadyApprovedByYou' }> }
  | { kind: 'alreadyConfirmed'; proposal: Proposal }
  | { kind: 'record'; proposal: Proposal; approvals: Actor[]; confirm: boolean };

/** What an approval click does to a proposal. */
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

function event(actor: Actor, now: number, name: AuditEventName, proposal: Proposal, target: string, details?: Record<string, unknown>): AuditEvent {
  const e: AuditEvent = { at: now, actor: { id: actor.id, name: actor.name, role: actor.role }, event: name, target, outcome: 'ok' };
  if (proposal.plan.sites[0] !== undefined) e.site = proposal.plan.sites[0];
  if (details) e.details = details;
  return e;
}

/** An approval that was recorded but does not start the job yet (a second admin must confirm). */
export function approvalRecordedAudit(proposal: Proposal, actor: Actor, now: number, required: number): AuditEvent[] {
  return [event(actor, now, 'proposal.approved', proposal, proposal.id, { approvals: proposal.approvals.length, required })];
}

/** The approval that consumed the proposal and queued its job. */
export function approvalStartedAudit(proposal: Proposal, job: Job, actor: Actor, now: number): AuditEvent[] {
  return [
    event(actor, now, 'proposal.confirmed', proposal, proposal.id, { jobId: job.id }),
    event(actor, now, 'job.queued', proposal, job.id, { operation: job.operation, items: job.totalItems }),
  ];
}

export function proposalCancelledAudit(proposal: Proposal, actor: Actor, now: number): AuditEvent {
  return event(actor, now, 'proposal.cancelled', proposal, proposal.id);
}

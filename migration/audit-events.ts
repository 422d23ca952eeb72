// Every kind of audit event lyncops writes. The history card has a sentence for each (in EN and
// DE, checked by the compiler through the texts' type), and a test fails when the code writes a
// kind that is not listed here.
export const AUDIT_EVENTS = [
  'command.received',
  'command.refused',
  'command.unresolved',
  'command.timeUnclear',
  'command.ambiguousGroup',
  'cardAction.invalid',
  'cardAction.refused',
  'request.refused',
  'user.lookup',
  'plan.nothingToDo',
  'plan.blocked',
  'plan.dryRun',
  'proposal.created',
  'proposal.approved',
  'proposal.confirmed',
  'proposal.cancelled',
  'proposal.confirmUnknown',
  'proposal.confirmRefused',
  'proposal.confirmRepeated',
  'proposal.confirmCancelled',
  'proposal.confirmExpired',
  'proposal.cancelUnknown',
  'proposal.cancelRefused',
  'job.queued',
  'job.started',
  'job.scheduledStart',
  'job.stoppedAtStart',
  'job.paused',
  'job.resumed',
  'job.cancelRequested',
  'job.retryFailed',
  'job.retryApproved',
  'job.finished',
  'item.done',
  'item.failed',
  'item.retryScheduled',
  'item.cancelled',
  'runbook.stepRecorded',
  'runbook.stepUndone',
  'runbook.pilotSignOff',
  'runbook.pilotSignedOff',
  'problem.reported',
  'problem.resolved',
  'dashboard.linkIssued',
  'dashboard.opened',
  'dashboard.refused',
  'dashboard.export',
] as const;
export type AuditEventName = (typeof AUDIT_EVENTS)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_EVENTS);

export function isAuditEventName(name: string): name is AuditEventName {
  return KNOWN.has(name);
}

/** What a history sentence may use of an event: its target, site and details, as plain strings. */
export interface AuditFacts {
  target: string;
  site: string;
  details: Record<string, unknown>;
}

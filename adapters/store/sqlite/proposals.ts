// SQLite proposals: single-use proposals consumed inside a BEGIN IMMEDIATE transaction (the job is
// written, the proposal's plan items copied into its items and the audit events written in that
// same transaction). The ProposalStore role.
import { summarisePlan, type Actor, type CardRef, type Job, type Proposal } from '../../../migration/model';
import type { ApproveOutcome, CancelProposalOutcome, NewProposal, ProposalStore } from '../../../migration/store';
import { approvalRecordedAudit, approvalStartedAudit, decideApproval, decideCancel, proposalCancelledAudit } from '../../../migration/proposals';
import { toJob, toProposal } from '../common/records';
import { bindRole } from '../common/roles';
import { jobFields, parseId } from '../common/rules';
import { appendAudit } from './audit';
import { copyProposalItems, insertProposalItems, listProposalItems } from './items';
import { getJob } from './jobs';
import { insertSchedule } from './schedule';
import { scheduleFor } from '../../../migration/schedule/model';
import { Statements, bool, decodeSqliteJson as decode, json } from './statements';

/** The proposal row keeps the plan summary; its items go to proposal_items in the same transaction. */
export function createProposal(s: Statements, p: NewProposal): Proposal {
  const run = s.db.transaction((): Proposal => {
    const row = s
      .get(
        `INSERT INTO proposals (state, plan, requested_by, approvals, created_at, expires_at, cancelled_by, locale, card)
         VALUES ('pending', ?, ?, '[]', ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(json(summarisePlan(p.plan)), json(p.requestedBy), p.createdAt, p.expiresAt, json(p.cancelledBy), p.locale, json(p.card));
    const proposal = toProposal(row, decode);
    insertProposalItems(s, Number(proposal.id), p.plan.items);
    return proposal;
  });
  return run.immediate();
}

export function getProposal(s: Statements, id: string): Proposal | null {
  const key = parseId(id);
  if (key === null) return null;
  const row = s.get('SELECT * FROM proposals WHERE id = ?').get(key);
  return row ? toProposal(row, decode) : null;
}

export function setProposalCard(s: Statements, id: string, card: CardRef): void {
  const key = parseId(id);
  if (key !== null) s.get('UPDATE proposals SET card = ? WHERE id = ?').run(json(card), key);
}

function insertJob(s: Statements, proposal: Proposal, approvals: Actor[], now: number): Job {
  const f = jobFields(proposal, approvals, now);
  const row = s
    .get(
      `INSERT INTO jobs (proposal_id, operation, subject, sites, site_wide, forced, state, requested_by, approved_by,
                         locale, created_at, card, total_items)
       VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(
      Number(proposal.id), f.operation, json(f.subject), json(f.sites), bool(f.siteWide), bool(f.forced),
      json(f.requestedBy), json(f.approvedBy), f.locale, f.createdAt, json(f.card), f.totalItems,
    );
  const job = toJob(row, decode);
  copyProposalItems(s, Number(proposal.id), Number(job.id), now);
  const schedule = scheduleFor(proposal, now);
  if (schedule) insertSchedule(s, Number(job.id), schedule);
  return job;
}

export function approveProposal(s: Statements, id: string, actor: Actor, now: number, requiredApprovals: number): ApproveOutcome {
  const run = s.db.transaction((): ApproveOutcome => {
    const proposal = getProposal(s, id);
    const step = decideApproval(proposal, actor, now, requiredApprovals);
    if (step.kind === 'answer') return step.outcome;
    if (step.kind === 'alreadyConfirmed') {
      const job = step.proposal.jobId ? getJob(s, step.proposal.jobId) : null;
      return job ? { outcome: 'alreadyConfirmed', proposal: step.proposal, job } : { outcome: 'alreadyConfirmed', proposal: step.proposal };
    }
    const current = step.proposal;
    if (!step.confirm) {
      const row = s
        .get(`UPDATE proposals SET approvals = ? WHERE id = ? AND state = 'pending' RETURNING *`)
        .get(json(step.approvals), Number(current.id));
      const recorded = toProposal(row, decode);
      for (const e of approvalRecordedAudit(recorded, actor, now, requiredApprovals)) appendAudit(s, e);
      return { outcome: 'awaitingSecondApprover', proposal: recorded };
    }
    const job = insertJob(s, current, step.approvals, now);
    const row = s
      .get(`UPDATE proposals SET approvals = ?, state = 'confirmed', job_id = ? WHERE id = ? AND state = 'pending' RETURNING *`)
      .get(json(step.approvals), Number(job.id), Number(current.id));
    const confirmed = toProposal(row, decode);
    for (const e of approvalStartedAudit(confirmed, job, actor, now)) appendAudit(s, e);
    return { outcome: 'started', proposal: confirmed, job };
  });
  return run.immediate();
}

export function cancelProposal(s: Statements, id: string, actor: Actor, now: number): CancelProposalOutcome {
  const run = s.db.transaction((): CancelProposalOutcome => {
    const proposal = getProposal(s, id);
    const step = decideCancel(proposal, now);
    if (step.kind === 'answer') return step.outcome;
    const row = s
      .get(`UPDATE proposals SET state = 'cancelled', cancelled_by = ? WHERE id = ? AND state = 'pending' RETURNING *`)
      .get(json(actor), Number(step.proposal.id));
    const cancelled = toProposal(row, decode);
    appendAudit(s, proposalCancelledAudit(cancelled, actor, now));
    return { outcome: 'cancelled', proposal: cancelled };
  });
  return run.immediate();
}

export function proposalStore(s: Statements): ProposalStore {
  return bindRole(s, { createProposal, getProposal, listProposalItems, setProposalCard, approveProposal, cancelProposal });
}

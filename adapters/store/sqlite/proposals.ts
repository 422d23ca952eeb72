// SQLite proposals and jobs: single-use proposals consumed inside a BEGIN IMMEDIATE transaction
// (the job is written, the proposal's plan items copied into its items and the audit events
// written in that same transaction), job state compare-and-set and job state transitions.
import { transitionAudit, transitionTarget, type JobTransition, type JobTransitionOutcome } from '../../../migration/jobs';
import { summarisePlan, type Actor, type CardRef, type Job, type JobState, type Proposal } from '../../../migration/model';
import type { ApproveOutcome, CancelProposalOutcome, NewProposal } from '../../../migration/ports';
import { approvalRecordedAudit, approvalStartedAudit, decideApproval, decideCancel, proposalCancelledAudit } from '../../../migration/proposals';
import { toJob, toProposal } from '../common/records';
import { FINISHED_JOB_STATE_LIST, jobFields, parseId } from '../common/rules';
import { cancelPendingItems, copyProposalItems, insertProposalItems, requeueItems } from './items';
import { appendAudit } from './misc';
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

export function getJob(s: Statements, id: string): Job | null {
  const key = parseId(id);
  if (key === null) return null;
  const row = s.get('SELECT * FROM jobs WHERE id = ?').get(key);
  return row ? toJob(row, decode) : null;
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

export function listJobs(s: Statements, limit: number): Job[] {
  return s
    .get('SELECT * FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?')
    .all(Math.max(0, Math.floor(limit)))
    .map((r) => toJob(r, decode));
}

export function listUnfinishedJobs(s: Statements): Job[] {
  return s
    .get('SELECT * FROM jobs WHERE state NOT IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(JSON.stringify(FINISHED_JOB_STATE_LIST))
    .map((r) => toJob(r, decode));
}

/**
 * Compare-and-set on the job state. startedAt is kept from the first move to running; finishedAt
 * follows the state, so a finished job that is resumed (retry of failed items) loses it again.
 */
export function transitionJob(s: Statements, id: string, from: JobState[], to: JobState, now: number): boolean {
  const key = parseId(id);
  if (key === null || from.length === 0) return false;
  const finished = FINISHED_JOB_STATE_LIST.includes(to);
  const info = s
    .get(
      `UPDATE jobs SET state = @to,
         started_at = CASE WHEN @to = 'running' AND started_at IS NULL THEN @now ELSE started_at END,
         finished_at = CASE WHEN @finished THEN @now ELSE NULL END
       WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`,
    )
    .run({ to, now, finished: bool(finished), id: key, from: JSON.stringify(from) });
  return info.changes > 0;
}

function applyTransition(s: Statements, id: string, t: JobTransition, now: number): JobTransitionOutcome {
  const job = getJob(s, id);
  if (!job) return { outcome: 'notFound' };
  if (!t.from.includes(job.state)) return { outcome: 'refused', job, reason: 'state' };
  const items = t.items === 'cancelPending' ? cancelPendingItems(s, id, now) : t.items === 'requeueFailed' ? requeueItems(s, id, ['failed'], now) : 0;
  if (t.requireItems && items === 0) return { outcome: 'refused', job, reason: 'noItems' };
  transitionJob(s, id, [job.state], transitionTarget(t, job), now);
  appendAudit(s, transitionAudit(t, job, items, now));
  return { outcome: 'applied', job: getJob(s, id) ?? job, items };
}

/** One transition of the job state machine: state, item effect and audit event in one transaction. */
export function applyJobTransition(s: Statements, id: string, t: JobTransition, now: number): JobTransitionOutcome {
  return s.transaction(applyTransition).immediate(s, id, t, now);
}

export function setJobCard(s: Statements, id: string, card: CardRef): void {
  const key = parseId(id);
  if (key !== null) s.get('UPDATE jobs SET card = ? WHERE id = ?').run(json(card), key);
}

/** A site-wide move counts once it exists, unless it was cancelled before it ever ran. */
export function decommissionCompleted(s: Statements, site: string): boolean {
  const row = s
    .get(
      `SELECT 1 AS found FROM jobs
       WHERE operation = 'decommission' AND state = 'completed'
         AND EXISTS (SELECT 1 FROM json_each(jobs.sites) WHERE lower(value) = lower(?))
       LIMIT 1`,
    )
    .get(site);
  return row !== undefined;
}

export function siteWideMoveStarted(s: Statements, site: string): boolean {
  const row = s
    .get(
      `SELECT 1 AS found FROM jobs
       WHERE operation = 'move' AND site_wide = 1
         AND (state <> 'cancelled' OR started_at IS NOT NULL)
         AND EXISTS (SELECT 1 FROM json_each(jobs.sites) WHERE lower(value) = lower(?))
       LIMIT 1`,
    )
    .get(site);
  return row !== undefined;
}

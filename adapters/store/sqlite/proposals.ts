// SQLite proposals and jobs: single-use proposals consumed inside a BEGIN IMMEDIATE transaction
// (the job is written and the proposal's plan items copied into its items in that same
// transaction), job state compare-and-set.
import { summarisePlan, type Actor, type CardRef, type Job, type JobState, type Proposal } from '../../../migration/model';
import type { ApproveOutcome, CancelProposalOutcome, NewJob, NewProposal } from '../../../migration/ports';
import { toJob, toProposal } from '../common/records';
import { FINISHED_JOB_STATE_LIST, decideApproval, decideCancel, jobFields, parseId } from '../common/rules';
import { copyProposalItems, insertProposalItems } from './items';
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

function insertJob(s: Statements, proposal: Proposal, built: NewJob, approvals: Actor[], now: number): Job {
  const f = jobFields(proposal, built, approvals, now);
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
  return job;
}

export function approveProposal(
  s: Statements,
  id: string,
  actor: Actor,
  now: number,
  requiredApprovals: number,
  buildJob: (p: Proposal) => NewJob,
): ApproveOutcome {
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
      return { outcome: 'awaitingSecondApprover', proposal: toProposal(row, decode) };
    }
    const approved: Proposal = { ...current, approvals: step.approvals };
    const job = insertJob(s, approved, buildJob(approved), step.approvals, now);
    const row = s
      .get(`UPDATE proposals SET approvals = ?, state = 'confirmed', job_id = ? WHERE id = ? AND state = 'pending' RETURNING *`)
      .get(json(step.approvals), Number(job.id), Number(current.id));
    return { outcome: 'started', proposal: toProposal(row, decode), job };
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
    return { outcome: 'cancelled', proposal: toProposal(row, decode) };
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

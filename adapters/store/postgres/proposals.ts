// PostgreSQL proposals. A proposal row is locked (SELECT … FOR UPDATE) and consumed with a
// compare-and-set on its state inside one transaction that also writes the job, copies the
// proposal's plan items into its items and writes the audit events, so two confirm clicks on two
// replicas start exactly one job. The ProposalStore role.
import type pg from 'pg';
import { summarisePlan, type Actor, type CardRef, type Job, type Proposal } from '../../../migration/model';
import type { ApproveOutcome, CancelProposalOutcome, NewProposal, ProposalStore } from '../../../migration/store';
import { approvalRecordedAudit, approvalStartedAudit, decideApproval, decideCancel, proposalCancelledAudit } from '../../../migration/proposals';
import { toJob, toProposal } from '../common/records';
import { bindRole } from '../common/roles';
import { jobFields, parseId } from '../common/rules';
import { appendAudit } from './audit';
import { type Queryable, decodePgJson as decode, inTransaction, json } from './db';
import { copyProposalItems, insertProposalItems, listProposalItems } from './items';
import { getJob } from './jobs';
import { insertSchedule } from './schedule';
import { scheduleFor } from '../../../migration/schedule/model';

/** The proposal row keeps the plan summary; its items go to proposal_items in the same transaction. */
export function createProposal(pool: pg.Pool, p: NewProposal): Promise<Proposal> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `INSERT INTO proposals (state, plan, requested_by, approvals, created_at, expires_at, cancelled_by, locale, card)
       VALUES ('pending', $1::jsonb, $2::jsonb, '[]', $3, $4, $5::jsonb, $6, $7::jsonb) RETURNING *`,
      [json(summarisePlan(p.plan)), json(p.requestedBy), p.createdAt, p.expiresAt, json(p.cancelledBy), p.locale, json(p.card)],
    );
    const proposal = toProposal(rows[0], decode);
    await insertProposalItems(client, Number(proposal.id), p.plan.items);
    return proposal;
  });
}

async function readProposal(db: Queryable, id: string, lock: boolean): Promise<Proposal | null> {
  const key = parseId(id);
  if (key === null) return null;
  const { rows } = await db.query(`SELECT * FROM proposals WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [key]);
  return rows.length ? toProposal(rows[0], decode) : null;
}

export function getProposal(db: Queryable, id: string): Promise<Proposal | null> {
  return readProposal(db, id, false);
}

export async function setProposalCard(db: Queryable, id: string, card: CardRef): Promise<void> {
  const key = parseId(id);
  if (key !== null) await db.query('UPDATE proposals SET card = $1::jsonb WHERE id = $2', [json(card), key]);
}

async function insertJob(db: pg.PoolClient, proposal: Proposal, approvals: Actor[], now: number): Promise<Job> {
  const f = jobFields(proposal, approvals, now);
  const { rows } = await db.query(
    `INSERT INTO jobs (proposal_id, operation, subject, sites, site_wide, forced, state, requested_by, approved_by,
                       locale, created_at, card, total_items)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, 'queued', $7::jsonb, $8::jsonb, $9, $10, $11::jsonb, $12) RETURNING *`,
    [
      Number(proposal.id), f.operation, json(f.subject), json(f.sites), f.siteWide, f.forced,
      json(f.requestedBy), json(f.approvedBy), f.locale, f.createdAt, json(f.card), f.totalItems,
    ],
  );
  const job = toJob(rows[0], decode);
  await copyProposalItems(db, Number(proposal.id), Number(job.id), now);
  const schedule = scheduleFor(proposal, now);
  if (schedule) await insertSchedule(db, Number(job.id), schedule);
  return job;
}

export function approveProposal(pool: pg.Pool, id: string, actor: Actor, now: number, requiredApprovals: number): Promise<ApproveOutcome> {
  return inTransaction(pool, async (client): Promise<ApproveOutcome> => {
    const proposal = await readProposal(client, id, true);
    const step = decideApproval(proposal, actor, now, requiredApprovals);
    if (step.kind === 'answer') return step.outcome;
    if (step.kind === 'alreadyConfirmed') {
      const job = step.proposal.jobId ? await getJob(client, step.proposal.jobId) : null;
      return job ? { outcome: 'alreadyConfirmed', proposal: step.proposal, job } : { outcome: 'alreadyConfirmed', proposal: step.proposal };
    }
    const current = step.proposal;
    if (!step.confirm) {
      const { rows } = await client.query(
        `UPDATE proposals SET approvals = $1::jsonb WHERE id = $2 AND state = 'pending' RETURNING *`,
        [json(step.approvals), Number(current.id)],
      );
      const recorded = toProposal(rows[0], decode);
      for (const e of approvalRecordedAudit(recorded, actor, now, requiredApprovals)) await appendAudit(client, e);
      return { outcome: 'awaitingSecondApprover', proposal: recorded };
    }
    const job = await insertJob(client, current, step.approvals, now);
    const { rows } = await client.query(
      `UPDATE proposals SET approvals = $1::jsonb, state = 'confirmed', job_id = $2 WHERE id = $3 AND state = 'pending' RETURNING *`,
      [json(step.approvals), Number(job.id), Number(current.id)],
    );
    // The row lock makes this unreachable; if it ever happens the job must not survive.
    if (rows.length !== 1) throw new Error(`proposal ${current.id} changed while it was being confirmed`);
    const confirmed = toProposal(rows[0], decode);
    for (const e of approvalStartedAudit(confirmed, job, actor, now)) await appendAudit(client, e);
    return { outcome: 'started', proposal: confirmed, job };
  });
}

export function cancelProposal(pool: pg.Pool, id: string, actor: Actor, now: number): Promise<CancelProposalOutcome> {
  return inTransaction(pool, async (client): Promise<CancelProposalOutcome> => {
    const proposal = await readProposal(client, id, true);
    const step = decideCancel(proposal, now);
    if (step.kind === 'answer') return step.outcome;
    const { rows } = await client.query(
      `UPDATE proposals SET state = 'cancelled', cancelled_by = $1::jsonb WHERE id = $2 AND state = 'pending' RETURNING *`,
      [json(actor), Number(step.proposal.id)],
    );
    const cancelled = toProposal(rows[0], decode);
    await appendAudit(client, proposalCancelledAudit(cancelled, actor, now));
    return { outcome: 'cancelled', proposal: cancelled };
  });
}

export function proposalStore(pool: pg.Pool): ProposalStore {
  return bindRole(pool, { createProposal, getProposal, listProposalItems, setProposalCard, approveProposal, cancelProposal });
}

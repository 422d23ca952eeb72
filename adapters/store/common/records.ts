// Row decoding shared by the SQLite and PostgreSQL stores: every row read back from a database is
// validated with zod before it becomes a domain record, so a corrupt or foreign row fails loudly
// at the store boundary instead of deep inside the job runner or a card builder.
import { z } from 'zod';
import {
  AUDIT_OUTCOMES,
  ITEM_KINDS,
  ITEM_STATES,
  JOB_STATES,
  OPERATIONS,
  PROPOSAL_STATES,
  type AuditEvent,
  type CardRef,
  type CoexistenceResult,
  type Job,
  type JobItem,
  type PlanItem,
  type PlanSummary,
  type Proposal,
} from '../../../migration/model';
import { ROLES } from '../../../migration/topology';

/** Turns a stored JSON column into a value (SQLite keeps text, PostgreSQL hands back parsed jsonb). */
export type JsonDecoder = (column: unknown) => unknown;


const ActorSchema = z.object({
  id: z.string(),
  name: z.string(),
  sip: z.string().optional(),
  role: z.enum(ROLES),
});
const AuditActorSchema = z.union([
  z.object({ id: z.literal('system'), name: z.literal('lyncops'), role: z.literal('system') }),
  z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }),
]);
const CardRefSchema = z.object({
  conversation: z.record(z.string(), z.unknown()),
  activityId: z.string().optional(),
});
const PlanItemSchema = z.object({
  kind: z.enum(ITEM_KINDS),
  key: z.string(),
  label: z.string(),
  site: z.string(),
  fromPool: z.string(),
  toPool: z.string(),
});
// The plan is written by the planner and only carried through; its outline is checked here.
const PlanSummarySchema = z.looseObject({
  operation: z.enum(OPERATIONS),
  sites: z.array(z.string()),
  itemCount: z.number().int().nonnegative(),
  itemKinds: z.array(z.enum(ITEM_KINDS)),
  previewItems: z.array(PlanItemSchema),
});
const SubjectSchema = z.object({ kind: z.string(), name: z.string(), id: z.string().optional() });
const CheckSchema = z.looseObject({ check: z.string(), passed: z.boolean() });
const CoexistenceSchema = z.object({
  site: z.string(),
  at: z.number(),
  passed: z.boolean(),
  jobId: z.string().optional(),
  checks: z.array(CheckSchema),
});

const int = z.number().int();
const optionalInt = int.nullable();
const flag = z.union([z.boolean(), z.number()]).transform((v) => v === true || v === 1);

const ProposalRow = z.object({
  id: int,
  state: z.enum(PROPOSAL_STATES),
  plan: z.unknown(),
  requested_by: z.unknown(),
  approvals: z.unknown(),
  created_at: int,
  expires_at: int,
  job_id: optionalInt,
  cancelled_by: z.unknown(),
  locale: z.string(),
  card: z.unknown(),
});

const JobRow = z.object({
  id: int,
  proposal_id: int,
  operation: z.enum(OPERATIONS),
  subject: z.unknown(),
  sites: z.unknown(),
  site_wide: flag,
  forced: flag,
  state: z.enum(JOB_STATES),
  requested_by: z.unknown(),
  approved_by: z.unknown(),
  locale: z.string(),
  created_at: int,
  started_at: optionalInt,
  finished_at: optionalInt,
  card: z.unknown(),
  total_items: int,
});

const ItemRow = z.object({
  id: int,
  job_id: int,
  seq: int,
  kind: z.enum(ITEM_KINDS),
  key: z.string(),
  label: z.string(),
  site: z.string(),
  from_pool: z.string(),
  to_pool: z.string(),
  state: z.enum(ITEM_STATES),
  attempts: int,
  not_before: int,
  lease_owner: z.string().nullable(),
  lease_until: optionalInt,
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  result: z.unknown(),
  updated_at: int,
});

const AuditRow = z.object({
  id: int,
  at: int,
  actor: z.unknown(),
  event: z.string(),
  site: z.string().nullable(),
  target: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  details: z.unknown(),
});

function decodeCard(decode: JsonDecoder, column: unknown): CardRef | undefined {
  const value = decode(column);
  return value === null || value === undefined ? undefined : CardRefSchema.parse(value);
}

export function toProposal(raw: unknown, decode: JsonDecoder): Proposal {
  const row = ProposalRow.parse(raw);
  const proposal: Proposal = {
    id: String(row.id),
    state: row.state,
    plan: PlanSummarySchema.parse(decode(row.plan)) as unknown as PlanSummary,
    requestedBy: ActorSchema.parse(decode(row.requested_by)),
    approvals: z.array(ActorSchema).parse(decode(row.approvals)),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    locale: row.locale,
  };
  if (row.job_id !== null) proposal.jobId = String(row.job_id);
  const cancelledBy = decode(row.cancelled_by);
  if (cancelledBy !== null && cancelledBy !== undefined) proposal.cancelledBy = ActorSchema.parse(cancelledBy);
  const card = decodeCard(decode, row.card);
  if (card) proposal.card = card;
  return proposal;
}

export function toJob(raw: unknown, decode: JsonDecoder): Job {
  const row = JobRow.parse(raw);
  const job: Job = {
    id: String(row.id),
    proposalId: String(row.proposal_id),
    operation: row.operation,
    subject: SubjectSchema.parse(decode(row.subject)),
    sites: z.array(z.string()).parse(decode(row.sites)),
    siteWide: row.site_wide,
    forced: row.forced,
    state: row.state,
    requestedBy: ActorSchema.parse(decode(row.requested_by)),
    approvedBy: z.array(ActorSchema).parse(decode(row.approved_by)),
    locale: row.locale,
    createdAt: row.created_at,
    totalItems: row.total_items,
  };
  if (row.started_at !== null) job.startedAt = row.started_at;
  if (row.finished_at !== null) job.finishedAt = row.finished_at;
  const card = decodeCard(decode, row.card);
  if (card) job.card = card;
  return job;
}

export function toItem(raw: unknown, decode: JsonDecoder): JobItem {
  const row = ItemRow.parse(raw);
  const item: JobItem = {
    id: row.id,
    jobId: String(row.job_id),
    seq: row.seq,
    kind: row.kind,
    key: row.key,
    label: row.label,
    site: row.site,
    fromPool: row.from_pool,
    toPool: row.to_pool,
    state: row.state,
    attempts: row.attempts,
    notBefore: row.not_before,
    updatedAt: row.updated_at,
  };
  if (row.lease_owner !== null) item.leaseOwner = row.lease_owner;
  if (row.lease_until !== null) item.leaseUntil = row.lease_until;
  if (row.error_code !== null) item.errorCode = row.error_code;
  if (row.error_message !== null) item.errorMessage = row.error_message;
  const result = decode(row.result);
  if (result !== null && result !== undefined) item.result = result;
  return item;
}

const PlanItemRow = z.object({
  kind: z.enum(ITEM_KINDS),
  key: z.string(),
  label: z.string(),
  site: z.string(),
  from_pool: z.string(),
  to_pool: z.string(),
});

export function toPlanItem(raw: unknown): PlanItem {
  const row = PlanItemRow.parse(raw);
  return { kind: row.kind, key: row.key, label: row.label, site: row.site, fromPool: row.from_pool, toPool: row.to_pool };
}

export function toAuditEvent(raw: unknown, decode: JsonDecoder): AuditEvent {
  const row = AuditRow.parse(raw);
  const event: AuditEvent = {
    id: row.id,
    at: row.at,
    actor: AuditActorSchema.parse(decode(row.actor)),
    event: row.event,
    outcome: row.outcome,
  };
  if (row.site !== null) event.site = row.site;
  if (row.target !== null) event.target = row.target;
  const details = decode(row.details);
  if (details !== null && details !== undefined) event.details = z.record(z.string(), z.unknown()).parse(details);
  return event;
}

export function toCoexistenceResult(column: unknown, decode: JsonDecoder): CoexistenceResult {
  return CoexistenceSchema.parse(decode(column)) as CoexistenceResult;
}

export function toConversationRef(column: unknown, decode: JsonDecoder): Record<string, unknown> {
  return z.record(z.string(), z.unknown()).parse(decode(column));
}

export const CountRow = z.object({ state: z.enum(ITEM_STATES), n: int });
export const FailureRow = z.object({ code: z.string(), n: int, label: z.string(), rank: int });
export const StateRow = z.object({ key: z.string(), value: z.unknown(), etag: z.string() });
export const SimFactRow = z.object({ key: z.string(), value: z.string() });
export const SimKindFactRow = SimFactRow.extend({ kind: z.string() });
export const SimCountRow = z.object({ value: z.string(), n: int });
export const SimMoveRow = z.object({ at: int, cmdlet: z.string(), object: z.string(), from_pool: z.string(), to_pool: z.string() });
export const TimeRow = z.object({ t: optionalInt });

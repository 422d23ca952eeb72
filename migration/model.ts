// Domain records shared by the planner, the job runner, the store and the dialogs.
// Plain data (JSON-serialisable) so every store keeps them as they are.
import type { MutatingCommand } from './commands';
import type { PoolVersion, Role, WindowsService } from './topology';
import type { ErrorCode } from './errors';

export interface Actor {
  /** Stable key: AAD object id when known, else the channel user id. */
  id: string;
  name: string;
  sip?: string;
  role: Role;
}

// Enumerations as values, so that the store's row validation and the texts derive from them.
/** The operations that take users from one pool to the other (there, and back): the dashboard's moves per bucket. */
export const USER_MOVE_OPERATIONS = ['move', 'rollback'] as const;
export const OPERATIONS = [...USER_MOVE_OPERATIONS, 'coexistenceTest', 'decommission'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const ITEM_KINDS = ['user', 'conferenceDirectory', 'applicationEndpoint', 'responseGroups', 'exUmContact', 'check', 'decommissionPool'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export interface PlanItem {
  kind: ItemKind;
  /** SIP address, conference directory identity, endpoint SIP, check id or pool FQDN. */
  key: string;
  label: string;
  site: string;
  fromPool: string;
  toPool: string;
}

export interface GateResult {
  gate:
    | 'topologyMerged'
    | 'legacyConfigImported'
    | 'replicationReady'
    | 'conferenceDirectoriesImported'
    | 'pilotSignedOff'
    | 'clientVersionFilter'
    | 'edgeFederation'
    | 'coexistenceVerified'
    | 'coexistenceRecent'
    | 'exUmOneWay'
    | 'ocsFrontEndRunning'
    | 'noExUmContactsLeft' | 'pilotOnSite' | 'lyncPoolDeployed' | 'notDecommissioned' | 'ocsPoolEmpty' | 'conferenceDirectoriesMoved' | 'coexistencePassed' | 'noUsersLeft' | 'noApplicationEndpointsLeft';
  site: string;
  passed: boolean;
  /** Whether an admin may override a failed gate with `force` (never for data loss or a missing pool). */
  forcable: boolean;
  /** Shown as a warning until done, never blocks (site-wide move: client filter, Edge cut-over). */
  warning?: boolean;
  /** Parameters for the texts (counts, names). */
  detail?: Record<string, string | number>;
}

export type CaveatCode =
  | 'moveCommunicatorKeepsImPresence'
  | 'moveMeetingsViaLyncWebApp'
  | 'moveMeetingsMoveWithUser'
  | 'moveArchivingStaysOnOcs'
  | 'rollbackMeetingsStopWorking'
  | 'rollbackDowngradeClients'
  | 'rollbackOcsFrontEndRunning'
  | 'rollbackUcsContacts'
  | 'rollbackExUmStays'
  | 'decommissionCwaEnds'
  | 'decommissionManualSteps'
  | 'decommissionDialInBreaks'
  | 'decommissionIrreversible'
  | 'siteWideFederationWindow';

export interface PoolFlow {
  fromPool: string;
  toPool: string;
  count: number;
}

/** Why the planner leaves someone out, when it is no backend error code. */
export const SKIP_REASONS = ['noLyncPool', 'notOnLync', 'testUser'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface Plan {
  operation: Operation;
  command: MutatingCommand;
  /** Human subject, e.g. "group Pilot" or "site Berlin" (rendered by dialogs); `id` is a group's object id. */
  subject: { kind: string; name: string; id?: string };
  sites: string[];
  items: PlanItem[];
  flows: PoolFlow[];
  alreadyThere: number;
  unresolved: string[];
  /** Users found but not movable (disabled, spaces in name, no pool for their site). */
  skipped: Array<{ key: string; reason: ErrorCode | SkipReason }>;
  gates: GateResult[];
  blocked: boolean;
  forced: boolean;
  siteWide: boolean;
  dryRun: boolean;
  caveats: CaveatCode[];
  /** True when the configured policy wants a second admin to confirm. */
  needsSecondApprover: boolean;
  /** A plan for several subjects ("erin and carol"): each subject's own counts. */
  parts?: PlanPart[];
  /** Start later and/or paced, as the admin asked (startAt absent: at confirmation). */
  schedule?: PlannedStart;
}

export interface PlanPart {
  subject: { kind: string; name: string };
  items: number;
  alreadyThere: number;
  /** The name resolved to nothing. */
  unresolved: boolean;
  /** This part alone would be blocked by a gate. */
  blocked: boolean;
}

/** When and at what pace a confirmed plan runs (the dialogs add it to the plan). */
export interface PlannedStart {
  startAt?: number;
  timeZone: string;
  words?: string;
  rate?: { users: number; perMinutes: number };
  rateWords?: string;
}

/** How many of a plan's items a stored proposal carries inline (cards show the first names). */
export const PLAN_PREVIEW_ITEMS = 20;

/**
 * A plan as a stored proposal carries it: everything but the item list, which the store keeps
 * row by row (a site-wide plan can hold 100,000 users), plus what cards show of the items.
 */
export interface PlanSummary extends Omit<Plan, 'items'> {
  itemCount: number;
  /** Kinds of the items, in order of first appearance. */
  itemKinds: ItemKind[];
  /** The first PLAN_PREVIEW_ITEMS items in plan order. */
  previewItems: PlanItem[];
}

export function summarisePlan(plan: Plan): PlanSummary {
  const { items, ...rest } = plan;
  const kinds = new Set<ItemKind>();
  for (const item of items) kinds.add(item.kind);
  return { ...rest, itemCount: items.length, itemKinds: [...kinds], previewItems: items.slice(0, PLAN_PREVIEW_ITEMS) };
}

export const PROPOSAL_STATES = ['pending', 'confirmed', 'cancelled'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
export interface CardRef {
  /** Serialised Bot Framework conversation reference (bot/ owns its shape). */
  conversation: Record<string, unknown>;
  activityId?: string;
}

export interface Proposal {
  id: string;
  state: ProposalState;
  /** The plan without its items (listProposalItems in the store pages through them). */
  plan: PlanSummary;
  requestedBy: Actor;
  approvals: Actor[];
  createdAt: number;
  expiresAt: number;
  jobId?: string;
  cancelledBy?: Actor;
  locale: string;
  card?: CardRef;
}

export const JOB_STATES = ['queued', 'running', 'paused', 'cancelling', 'completed', 'completedWithErrors', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const FINISHED_JOB_STATES: ReadonlySet<JobState> = new Set(['completed', 'completedWithErrors', 'cancelled']);

export interface Job {
  id: string;
  proposalId: string;
  operation: Operation;
  /** What the step is about; `id` is the directory object id of a group subject. */
  subject: { kind: string; name: string; id?: string };
  sites: string[];
  siteWide: boolean;
  forced: boolean;
  state: JobState;
  requestedBy: Actor;
  approvedBy: Actor[];
  locale: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  card?: CardRef;
  totalItems: number;
}

export const ITEM_STATES = ['pending', 'running', 'done', 'skipped', 'failed', 'cancelled'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const FINISHED_ITEM_STATES: ReadonlySet<ItemState> = new Set(['done', 'skipped', 'failed', 'cancelled']);

export interface JobItem extends PlanItem {
  id: number;
  jobId: string;
  seq: number;
  state: ItemState;
  attempts: number;
  /** Earliest time (epoch ms) the item may run again after a transient failure. */
  notBefore: number;
  leaseOwner?: string;
  leaseUntil?: number;
  errorCode?: string;
  errorMessage?: string;
  /** Outcome details (check results for coexistence tests). */
  result?: unknown;
  updatedAt: number;
}

export type ItemCounts = Record<ItemState, number>;

export interface FailureGroup {
  code: string;
  count: number;
  examples: string[];
}

export interface AuditEvent {
  id?: number;
  at: number;
  actor: Pick<Actor, 'id' | 'name' | 'role'> | { id: 'system'; name: 'lyncops'; role: 'system' };
  /** Dotted event name: command.received, proposal.created, proposal.confirmed, job.started, item.failed, ... */
  event: string;
  site?: string;
  target?: string;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

export const AUDIT_OUTCOMES = ['ok', 'refused', 'failed', 'info'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type CheckId =
  | 'servicesOcs'
  | 'servicesLync'
  | 'replication'
  | 'registrationLync'
  | 'registrationOcs'
  | 'imLegacyToLync'
  | 'imLyncToLegacy'
  | 'presenceLegacyToLync'
  | 'presenceLyncToLegacy';

export interface CheckResult {
  check: CheckId;
  passed: boolean;
  latencyMs?: number;
  error?: string;
  diagnosis?: string;
  target?: string;
}

export interface CoexistenceResult {
  site: string;
  at: number;
  passed: boolean;
  jobId?: string;
  checks: CheckResult[];
}

/** What the backend reports about a pool (Get-CsPool). */
export interface LyncPoolInfo {
  fqdn: string;
  site: string;
  version: PoolVersion;
  computers: string[];
  decommissioned: boolean;
}

/** What the backend reports about a user (Get-CsUser). */
export interface LyncUser {
  sip: string;
  displayName: string;
  registrarPool: string;
  enabled: boolean;
  /**
   * Contacts kept in Exchange's unified contact store (Lync 2013 users only): a rollback runs
   * Invoke-CsUcsRollback first. Absent when the backend cannot tell (then the rollback runs it anyway).
   */
  contactsInUcs?: boolean;
}

export interface ReplicaStatus {
  replicaFqdn: string;
  upToDate: boolean;
  lastUpdateCreation?: string;
}

export interface SyntheticTestResult {
  targetFqdn: string;
  result: 'Success' | 'Failure';
  latencyMs: number;
  error?: string;
  diagnosis?: string;
}

export type { WindowsService };

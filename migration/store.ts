// The store's ports, one per role. Each engine (SQLite, PostgreSQL) provides every role over one
// connection; openStore composes them into a Store. Consumers name the roles they use, and one
// contract suite per role runs against every engine.
import type { ItemAudit, JobTransition, JobTransitionOutcome } from './jobs';
import type {
  Actor,
  AuditEvent,
  CardRef,
  CoexistenceResult,
  FailureGroup,
  ItemCounts,
  ItemState,
  Job,
  JobItem,
  JobState,
  Plan,
  PlanItem,
  Proposal,
} from './model';
import type { ScheduleLedger } from './schedule/model';

/** A proposal as the dialogs hand it over: with the whole plan, items included. */
export type NewProposal = Omit<Proposal, 'id' | 'state' | 'approvals' | 'jobId' | 'plan'> & { plan: Plan };

/** The job a confirmed proposal starts; its items are the proposal's, copied inside the store. */
export interface NewJob {
  operation: Job['operation'];
  subject: Job['subject'];
  sites: string[];
  siteWide: boolean;
  forced: boolean;
  locale: string;
  card?: CardRef;
}

export type ApproveOutcome =
  | { outcome: 'started'; proposal: Proposal; job: Job }
  | { outcome: 'awaitingSecondApprover'; proposal: Proposal }
  | { outcome: 'alreadyApprovedByYou'; proposal: Proposal }
  | { outcome: 'alreadyConfirmed'; proposal: Proposal; job?: Job }
  | { outcome: 'cancelled'; proposal: Proposal }
  | { outcome: 'expired'; proposal: Proposal }
  | { outcome: 'notFound' };

export type CancelProposalOutcome =
  | { outcome: 'cancelled'; proposal: Proposal }
  | { outcome: 'alreadyConfirmed'; proposal: Proposal }
  | { outcome: 'alreadyCancelled'; proposal: Proposal }
  | { outcome: 'expired'; proposal: Proposal }
  | { outcome: 'notFound' };

export interface ItemUpdate {
  state: ItemState;
  attempts?: number;
  notBefore?: number;
  errorCode?: string | null;
  errorMessage?: string | null;
  result?: unknown;
}

export interface ClaimRequest {
  workerId: string;
  now: number;
  leaseMs: number;
  limit: number;
  /** Claim only items whose target pool is this one (per-pool concurrency). */
  toPool?: string;
  /** Claim only items of these jobs. */
  jobIds?: string[];
  /**
   * Count an attempt with the lease (attempts + 1, durable before any backend call): the runner
   * claims in batches and writes nothing more until the item's outcome.
   */
  countAttempt?: boolean;
  /**
   * How many of the claimed items (in job, seq order) start their backend call now: those are
   * marked running; the rest stay pending (queued on the cards and counts) under the worker's
   * lease until the runner starts them and marks them with markRunning or with another item's
   * outcome. All of them when absent.
   */
  start?: number;
}

export interface StoredState {
  key: string;
  value: unknown;
  eTag: string;
}

export interface SimMoveRecord {
  at: number;
  cmdlet: string;
  object: string;
  fromPool: string;
  toPool: string;
}

/** Durable state of the Lync simulator, so replicas share one simulated deployment. */
export interface SimulatorStateStore {
  /** Current value of a simulator fact (kind: userPool, confDirPool, appEndpointPool, poolRetired, ...). */
  simGet(kind: string, key: string): Promise<string | undefined>;
  /** Several facts at once (one round trip), in the order asked; undefined where absent. */
  simGetMany(facts: ReadonlyArray<{ kind: string; key: string }>): Promise<Array<string | undefined>>;
  simList(kind: string): Promise<Array<{ key: string; value: string }>>;
  /** Sets a fact and, when given, appends a move record, atomically. */
  simSet(kind: string, key: string, value: string, move?: SimMoveRecord): Promise<void>;
  /** Atomically: sets the fact to `value` only when it currently equals `expected` (undefined = absent). */
  simCompareAndSet(kind: string, key: string, expected: string | undefined, value: string, move?: SimMoveRecord): Promise<boolean>;
  /** Counts of facts of a kind grouped by value (users per pool among moved users). */
  simCountByValue(kind: string): Promise<Record<string, number>>;
  simMoves(): Promise<SimMoveRecord[]>;
}

/** Opening and closing the engine (schema migrations run in init). */
export interface StoreLifecycle {
  /** Which engine this is ('sqlite', 'postgres'), for logs and diagnostics. */
  readonly engine: string;
  init(): Promise<void>;
  close(): Promise<void>;
}

/** Proposals: stored, expiring, single use; confirming one starts its job. */
export interface ProposalStore {
  /** Stores the proposal with its plan items (row by row, in one transaction); returns it with the plan summarised. */
  createProposal(p: NewProposal): Promise<Proposal>;
  getProposal(id: string): Promise<Proposal | null>;
  /** A proposal's plan items in plan order, a page at a time; empty for an unknown proposal. */
  listProposalItems(id: string, opts?: { limit?: number; offset?: number }): Promise<PlanItem[]>;
  setProposalCard(id: string, card: CardRef): Promise<void>;
  /**
   * Records the actor's approval with a compare-and-set; when the approvals reach
   * `requiredApprovals` (distinct actors) the proposal is consumed and the job (newJobFor in
   * migration/jobs.ts) is created in the same transaction, with the proposal's plan items copied
   * into job items by one set-based statement (they never travel through the process), so
   * concurrent clicks start exactly one job. The approval's audit events (approvalAudit in
   * migration/proposals.ts) are written in that transaction too.
   */
  approveProposal(id: string, actor: Actor, now: number, requiredApprovals: number): Promise<ApproveOutcome>;
  /** Cancels a pending proposal and writes its audit event, in one transaction. */
  cancelProposal(id: string, actor: Actor, now: number): Promise<CancelProposalOutcome>;
}

/** Jobs and their items: what the runner leases, updates and finishes, and what cards read. */
export interface JobLedger {
  getJob(id: string): Promise<Job | null>;
  listJobs(limit: number): Promise<Job[]>;
  listUnfinishedJobs(): Promise<Job[]>;
  /** Compare-and-set of the job state; returns false when the job was not in one of `from`. */
  transitionJob(id: string, from: JobState[], to: JobState, now: number): Promise<boolean>;
  /**
   * One transition of the job state machine (migration/jobs.ts) in one transaction: the state
   * compare-and-set, the transition's effect on the job's items and its audit event.
   */
  applyJobTransition(id: string, transition: JobTransition, now: number): Promise<JobTransitionOutcome>;
  setJobCard(id: string, card: CardRef): Promise<void>;
  itemCounts(jobId: string): Promise<ItemCounts>;
  listItems(jobId: string, opts?: { states?: ItemState[]; limit?: number; offset?: number }): Promise<JobItem[]>;
  failureGroups(jobId: string, examples: number): Promise<FailureGroup[]>;
  /**
   * Leases up to `limit` runnable items (pending with notBefore <= now and no live lease, or
   * running with an expired lease) of jobs that are queued or running, owned by workerId, with
   * the attempt counted, in one statement (one transaction on SQLite). The first `start` of them
   * are set running; the others stay pending, leased ahead.
   */
  claimItems(req: ClaimRequest): Promise<JobItem[]>;
  /**
   * A restarted worker (same id) hands back the items its previous life left running, so they
   * resume at once instead of after the lease expiry. Returns how many went back to pending.
   */
  releaseLeases(workerId: string, now: number): Promise<number>;
  /**
   * Items leased ahead (pending, owned by workerId) whose backend call has started become running;
   * returns how many. Others' items and finished ones are left alone.
   */
  markRunning(workerId: string, itemIds: number[], now: number): Promise<number>;
  /** Extends the leases the worker still holds (running or leased ahead); returns the ids it no longer owns. */
  heartbeat(workerId: string, itemIds: number[], leaseUntil: number): Promise<number[]>;
  /**
   * Writes an item's new state when the worker still owns its lease; false otherwise. A 'pending'
   * update of an item whose job is cancelling cancels the item instead. The audit event for the
   * state the item ends in, when given, is written in the same transaction (on PostgreSQL in the
   * same statement). `started`: the worker's items leased ahead whose backend call has started
   * meanwhile are marked running by the same statement (as markRunning does), saving a round trip.
   */
  updateItem(itemId: number, workerId: string, update: ItemUpdate, now: number, audit?: ItemAudit, started?: number[]): Promise<boolean>;
  /**
   * Pending items of a job become cancelled; returns how many. Items leased ahead by a live worker
   * are left to it: it may have started them already (their running mark follows the call), and
   * it hands them back unstarted when it sees the job cancelling.
   */
  cancelPendingItems(jobId: string, now: number): Promise<number>;
  /** Failed (and cancelled) items go back to pending with attempts reset; returns how many. */
  requeueItems(jobId: string, states: ItemState[], now: number): Promise<number>;
}

/** Questions about what finished jobs did, for the phases and the planner. */
export interface JobHistory {
  /** Whether a site-wide move job was ever started for the site (the production phase). */
  siteWideMoveStarted(site: string): Promise<boolean>;
  /**
   * Whether a decommission job for the site completed: the Management Shell cannot remove a pool
   * (Topology Builder does), so this record is what keeps rollback refused afterwards.
   */
  decommissionCompleted(site: string): Promise<boolean>;
  /** When a user was last moved to Lync by a job (epoch ms), if ever. */
  lastMovedAt(sip: string): Promise<number | undefined>;
}

/** The audit log: who did what, when, where, with what outcome. */
export interface AuditLog {
  appendAudit(e: AuditEvent): Promise<void>;
  listAudit(opts: { site?: string; limit: number }): Promise<AuditEvent[]>;
}

/** Conversation references (for proactive messages), keyed by user id (AAD object id). */
export interface ConversationRefs {
  saveConversationRef(userKey: string, ref: Record<string, unknown>): Promise<void>;
  getConversationRef(userKey: string): Promise<Record<string, unknown> | null>;
}

/** Results of coexistence tests, per site. */
export interface CoexistenceResults {
  saveCoexistenceResult(r: CoexistenceResult): Promise<void>;
  lastCoexistenceResult(site: string): Promise<CoexistenceResult | null>;
}

/** Bot state, with botbuilder Storage semantics (eTag optimistic concurrency). */
export interface BotStateStorage {
  readState(keys: string[]): Promise<StoredState[]>;
  /** Writes each value; an eTag other than '*' or undefined must match, else the whole call throws. */
  writeState(changes: Array<{ key: string; value: unknown; eTag?: string }>): Promise<void>;
  deleteState(keys: string[]): Promise<void>;
}

/** A job with its item counts (one grouped query for a page of jobs). */
export interface JobProgress {
  job: Job;
  counts: ItemCounts;
  /** Start time of a scheduled job still waiting for it (epoch ms). */
  scheduledAt?: number;
}

/** Moves finished in one time bucket (job items of move and rollback jobs that ended done). */
export interface MoveBucket {
  /** Start of the bucket (epoch ms, UTC-aligned to the bucket size). */
  at: number;
  moved: number;
  rolledBack: number;
}

/** A failed job item with its job, for the site page and the job export. */
export interface FailedItem {
  jobId: string;
  operation: Job['operation'];
  item: JobItem;
}

/**
 * Read models of the dashboard, as aggregates computed by the engine (never by loading every
 * item or event into the process): jobs with their counts, moves per time bucket, failed items,
 * the audit trail of a time range and the move time of every moved user.
 */
export interface DashboardQueries {
  /** Jobs in the given states (newest first), each with its item counts; only jobs touching `site` when given. */
  jobBoard(opts: { states: JobState[]; limit: number; site?: string }): Promise<JobProgress[]>;
  /** Done user items of move and rollback jobs, counted per bucket of `bucketMs` in [since, until). */
  moveTimeline(opts: { bucketMs: number; since: number; until: number }): Promise<MoveBucket[]>;
  /** Failed items of a site, newest first, a page at a time, with the total. */
  failedItems(opts: { site: string; limit: number; offset: number }): Promise<{ total: number; items: FailedItem[] }>;
  /** Audit events of a time range [from, to), oldest first; of one site when given. */
  auditTrail(opts: { site?: string; from: number; to: number; limit: number }): Promise<AuditEvent[]>;
  /** Every user whose last finished move went to Lync and was not rolled back since, with that time. */
  movedTimes(): Promise<Map<string, number>>;
}

/**
 * What the dashboard's access needs from the store: its signing secret when the configuration
 * gives none (made once, shared by replicas) and the single use of sign-in links.
 */
export interface DashboardAccess {
  /** The stored secret, or `candidate` stored now when there is none yet (the first writer wins). */
  dashboardSecret(candidate: string): Promise<string>;
  /** Records a link's id; false when it was used before (a replay). Ids past `expiresAt` may be forgotten. */
  consumeDashboardLink(linkId: string, expiresAt: number, now: number): Promise<boolean>;
}

/** Every role, as one engine provides them (over one connection or pool). */
export interface StoreRoles {
  lifecycle: StoreLifecycle;
  proposals: ProposalStore;
  jobs: JobLedger;
  history: JobHistory;
  audit: AuditLog;
  conversationRefs: ConversationRefs;
  coexistence: CoexistenceResults;
  botState: BotStateStorage;
  simulator: SimulatorStateStore;
  schedules: ScheduleLedger;
  dashboard: DashboardQueries;
  dashboardAccess: DashboardAccess;
}

/** Everything lyncops keeps: the roles of one engine, composed (openStore). */
export interface Store
  extends StoreLifecycle,
    ProposalStore,
    JobLedger,
    JobHistory,
    AuditLog,
    ConversationRefs,
    CoexistenceResults,
    BotStateStorage,
    SimulatorStateStore,
    ScheduleLedger,
    DashboardQueries,
    DashboardAccess {}

/** One Store object from an engine's roles (each role is a plain object of its own operations). */
export function composeStore(roles: StoreRoles): Store {
  return {
    ...roles.lifecycle,
    ...roles.proposals,
    ...roles.jobs,
    ...roles.history,
    ...roles.audit,
    ...roles.conversationRefs,
    ...roles.coexistence,
    ...roles.botState,
    ...roles.simulator,
    ...roles.schedules,
    ...roles.dashboard,
    ...roles.dashboardAccess,
  };
}

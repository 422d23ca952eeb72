// The interfaces migration/ needs from the outside world. adapters/ implement them,
// bot/ wires them; every implementation of a port passes the same contract suite in test/.
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
  LyncPoolInfo,
  LyncUser,
  Plan,
  PlanItem,
  Proposal,
  ReplicaStatus,
  SyntheticTestResult,
  WindowsService,
} from './model';
import type { ItemAudit, JobTransition, JobTransitionOutcome } from './jobs';
import type { ConferenceDirectory, ApplicationEndpoint, ExUmContact, Role } from './topology';
import type { ScheduleLedger } from './schedule/model';
import type { MigrationState } from './runbook/state';

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

export interface MoveOptions {
  /** -WhatIf: validate and report, change nothing. */
  whatIf?: boolean;
}

export type SyntheticTestKind = 'registration' | 'im' | 'presence';

/**
 * Lync Server Management Shell, as far as the migration needs it. Methods throw LyncOpsError
 * with a catalogue code; `transient` tells the runner whether a retry can help.
 */
export interface LyncBackend {
  /** Get-CsPool: every registrar pool of both versions. */
  listPools(): Promise<LyncPoolInfo[]>;
  /** Get-CsUser -Identity: null when the user does not exist. */
  getUser(sip: string): Promise<LyncUser | null>;
  /** Get-CsUser -Filter {RegistrarPool -eq ...}: users homed on a pool. */
  listUsers(poolFqdn: string): Promise<LyncUser[]>;
  /** Users per registrar pool (counts only, cheap enough for a status turn). */
  countUsersByPool(): Promise<Record<string, number>>;
  /** Move-CsLegacyUser -Identity sip -Target pool (OCS -> Lync 2013). */
  moveLegacyUser(sip: string, targetPool: string, options?: MoveOptions): Promise<void>;
  /** Move-CsUser -Identity sip -Target pool (Lync 2013 -> OCS rollback), never with -Force. */
  moveUser(sip: string, targetPool: string, options?: MoveOptions): Promise<void>;
  /** Get-CsConferenceDirectory. */
  listConferenceDirectories(): Promise<ConferenceDirectory[]>;
  /** Move-CsConferenceDirectory -Identity n -TargetPool pool. */
  moveConferenceDirectory(identity: number, targetPool: string, options?: MoveOptions): Promise<void>;
  /** Get-CsApplicationEndpoint. */
  listApplicationEndpoints(): Promise<ApplicationEndpoint[]>;
  /** Move-CsApplicationEndpoint -Identity sip -TargetApplicationPool pool. */
  moveApplicationEndpoint(sip: string, targetPool: string, options?: MoveOptions): Promise<void>;
  /** Move-CsRgsConfiguration -Source pool -Destination pool: every response group of a pool (workflows, queues, audio, contacts). */
  moveResponseGroups(sourcePool: string, targetPool: string, options?: MoveOptions): Promise<void>;
  /** Get-CsExUmContact. */
  listExUmContacts(): Promise<ExUmContact[]>;
  /** Move-CsExUmContact -Identity sip -Target pool: one way (OCS -> Lync, Lync -> Lync), never back to OCS. */
  moveExUmContact(sip: string, targetPool: string, options?: MoveOptions): Promise<void>;
  /** Get-CsWindowsService -ComputerName fqdn. */
  getServiceStatus(computerFqdn: string): Promise<WindowsService[]>;
  /** Get-CsManagementStoreReplicationStatus. */
  getReplicationStatus(): Promise<ReplicaStatus[]>;
  /** Test-CsRegistration / Test-CsIM / Test-CsPresence against a pool with two test users. */
  runSyntheticTest(
    kind: SyntheticTestKind,
    args: { targetFqdn: string; senderSip: string; receiverSip?: string },
  ): Promise<SyntheticTestResult>;
  /**
   * The preparation steps of the Microsoft sequence as the deployment shows them: BackCompatSite
   * (Get-CsSite), imported legacy configuration, first User Replicator sync, imported legacy
   * conference directories.
   */
  getMigrationState(): Promise<MigrationState>;
  /** Retire a legacy pool after every prerequisite passed. */
  decommissionPool(fqdn: string): Promise<void>;
  close?(): Promise<void>;
  /** The view the job runner uses when it differs (a backend that puts job work ahead of status reads). */
  forJobs?(): LyncBackend;
}

export interface DirectoryUser {
  aadObjectId: string;
  displayName: string;
  /** SIP address, lower case without "sip:" (absent when the account has none). */
  sip?: string;
  userPrincipalName?: string;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
}

/** Entra ID (or the topology file): who people are, which groups they are in, what they may do. */
export interface Directory {
  userByAadObjectId(id: string): Promise<DirectoryUser | null>;
  /** The role follows configured admin / helpdesk groups (or the topology file's role field). */
  roleOf(user: DirectoryUser): Promise<Role>;
  /**
   * Group by display name (case-insensitive) or object id; null when there is none. A name that
   * several groups share throws GROUP_AMBIGUOUS with their ids in `details.ids`: guessing would let
   * anyone who can create a same-named group choose the members.
   */
  groupByName(name: string): Promise<DirectoryGroup | null>;
  /** Checks at start that the configured role groups each name exactly one group (throws otherwise). */
  checkRoleGroups?(): Promise<void>;
  /** Transitive members that are users, all pages. */
  transitiveMembers(groupId: string): Promise<DirectoryUser[]>;
  isMember(aadObjectId: string, groupId: string): Promise<boolean>;
}

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
  simList(kind: string): Promise<Array<{ key: string; value: string }>>;
  /** Sets a fact and, when given, appends a move record, atomically. */
  simSet(kind: string, key: string, value: string, move?: SimMoveRecord): Promise<void>;
  /** Atomically: sets the fact to `value` only when it currently equals `expected` (undefined = absent). */
  simCompareAndSet(kind: string, key: string, expected: string | undefined, value: string, move?: SimMoveRecord): Promise<boolean>;
  /** Counts of facts of a kind grouped by value (users per pool among moved users). */
  simCountByValue(kind: string): Promise<Record<string, number>>;
  simMoves(): Promise<SimMoveRecord[]>;
}

/** Everything lyncops keeps. One contract suite runs against every implementation. */
export interface Store extends SimulatorStateStore, ScheduleLedger {
  init(): Promise<void>;
  close(): Promise<void>;

  // proposals (stored, expiring, single use)
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

  // jobs and items
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
   * Leases up to `limit` runnable items (pending with notBefore <= now, or running with an
   * expired lease) of jobs that are queued or running; sets them running, owned by workerId.
   */
  claimItems(req: ClaimRequest): Promise<JobItem[]>;
  /**
   * A restarted worker (same id) hands back the items its previous life left running, so they
   * resume at once instead of after the lease expiry. Returns how many went back to pending.
   */
  releaseLeases(workerId: string, now: number): Promise<number>;
  /** Extends the leases the worker still holds; returns the ids it no longer owns. */
  heartbeat(workerId: string, itemIds: number[], leaseUntil: number): Promise<number[]>;
  /**
   * Writes an item's new state when the worker still owns its lease; false otherwise. A 'pending'
   * update of an item whose job is cancelling cancels the item instead. The audit event for the
   * state the item ends in, when given, is written in the same transaction.
   */
  updateItem(itemId: number, workerId: string, update: ItemUpdate, now: number, audit?: ItemAudit): Promise<boolean>;
  /** Pending items of a job become cancelled; returns how many. */
  cancelPendingItems(jobId: string, now: number): Promise<number>;
  /** Failed (and cancelled) items go back to pending with attempts reset; returns how many. */
  requeueItems(jobId: string, states: ItemState[], now: number): Promise<number>;
  /** Whether a site-wide move job was ever started for the site (the production phase). */
  siteWideMoveStarted(site: string): Promise<boolean>;
  /**
   * Whether a decommission job for the site completed: the Management Shell cannot remove a pool
   * (Topology Builder does), so this record is what keeps rollback refused afterwards.
   */
  decommissionCompleted(site: string): Promise<boolean>;
  /** When a user was last moved to Lync by a job (epoch ms), if ever. */
  lastMovedAt(sip: string): Promise<number | undefined>;

  // audit
  appendAudit(e: AuditEvent): Promise<void>;
  listAudit(opts: { site?: string; limit: number }): Promise<AuditEvent[]>;

  // conversation references (proactive messages), keyed by user id (AAD object id)
  saveConversationRef(userKey: string, ref: Record<string, unknown>): Promise<void>;
  getConversationRef(userKey: string): Promise<Record<string, unknown> | null>;

  // coexistence results
  saveCoexistenceResult(r: CoexistenceResult): Promise<void>;
  lastCoexistenceResult(site: string): Promise<CoexistenceResult | null>;

  // bot state (botbuilder Storage semantics with eTag optimistic concurrency)
  readState(keys: string[]): Promise<StoredState[]>;
  /** Writes each value; an eTag other than '*' or undefined must match, else the whole call throws. */
  writeState(changes: Array<{ key: string; value: unknown; eTag?: string }>): Promise<void>;
  deleteState(keys: string[]): Promise<void>;
}

/** Told about job progress; bot/ turns it into card updates and notices. */
export interface JobObserver {
  progress(job: Job, counts: ItemCounts): Promise<void>;
  finished(job: Job, counts: ItemCounts): Promise<void>;
  /** A user's item finished moving (for optional personal notices). */
  userMoved?(job: Job, item: JobItem): Promise<void>;
}

export interface Logger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

export type { Actor };

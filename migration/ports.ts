// The interfaces migration/ needs from the outside world. adapters/ implement them,
// bot/ wires them; every implementation of a port passes the same contract suite in test/.
import type { Actor, ItemCounts, Job, JobItem, LyncPoolInfo, LyncUser, ReplicaStatus, SyntheticTestResult, WindowsService } from './model';
import type { ConferenceDirectory, ApplicationEndpoint, ExUmContact, Role } from './topology';
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
  /**
   * Invoke-CsUcsRollback -Identity sip: the user's contacts back from Exchange's unified contact
   * store into Lync Server, before a rollback to OCS (which cannot keep them otherwise).
   */
  rollbackUcsContacts(sip: string, options?: MoveOptions): Promise<void>;
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

// The store's ports, one per role (proposals, job ledger, audit log, ...), live in store.ts.
export type * from './store';

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

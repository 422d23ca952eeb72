// LyncBackend over the Lync Server Management Shell: one long-lived pwsh process with a remote
// session (session.ts), commands serialised one at a time (Lync 2013 moves are sequential per
// pipeline), every port operation mapped to its cmdlet (scripts.ts), output validated
// (parse.ts) and failures mapped to catalogue codes (error-map.ts).
import { z } from 'zod';
import { LyncOpsError } from '../../../migration/errors';
import type { LyncPoolInfo, LyncUser, ReplicaStatus, SyntheticTestResult, WindowsService } from '../../../migration/model';
import { silentLogger, type Logger, type LyncBackend, type MoveOptions, type SyntheticTestKind } from '../../../migration/ports';
import { fqdnKey, type ApplicationEndpoint, type ConferenceDirectory, type ExUmContact, type PoolVersion } from '../../../migration/topology';
import { checkDecommission, type DecommissionCheck } from './decommission';
import { toBackendError } from './error-map';
import {
  ApplicationEndpointRow,
  ConferenceDirectoryRow,
  parseRows,
  PoolRow,
  ReplicaRow,
  ServiceRow,
  SyntheticRow,
  UserCountRow,
  UserRow,
} from './parse';
import { checkInput, FqdnInput, SipInput } from './quote';
import * as scripts from './scripts';
import { parseOptions, type BackendSettings, type PowerShellLyncBackendOptions } from './options';
import { SerialQueue, type Lane } from './serial-queue';
import { ExUmContactRow, listExUmContactsScript, moveExUmContactScript, moveResponseGroupsScript } from './applications';
import { ConferencingPolicyRow, IdentityRow, listConferencingPoliciesScript, listDialPlansScript, listSitesScript, migrationStateFrom, SiteRow } from './migration-state';
import type { MigrationState } from '../../../migration/runbook/state';
import { PwshSession } from './session';

export { psQuote } from './quote';
export type { DecommissionCheck } from './decommission';
export type { PowerShellLyncBackendOptions } from './options';

const CLOSE_GRACE_MS = 5_000;

export class PowerShellLyncBackend implements LyncBackend {
  private readonly options: BackendSettings;
  private readonly env?: NodeJS.ProcessEnv;
  private readonly logger: Logger;
  private readonly queue = new SerialQueue();
  private readonly poolSites: Map<string, string>;
  private session?: PwshSession;
  private pools = new Map<string, LyncPoolInfo>();
  /** Status-lane inventory output by script, while fresh; cleared by every move. */
  private readonly inventory = new Map<string, { at: number; output: Promise<string> }>();
  private closed = false;

  constructor(options: PowerShellLyncBackendOptions) {
    this.options = parseOptions(options);
    this.env = options.env;
    this.logger = (options.logger ?? silentLogger).child({ component: 'lync-powershell' });
    this.poolSites = new Map(Object.entries(this.options.poolSites).map(([fqdn, site]) => [fqdnKey(fqdn), site]));
  }

  async listPools(): Promise<LyncPoolInfo[]> {
    return this.fetchPools('status');
  }

  private async fetchPools(lane: Lane): Promise<LyncPoolInfo[]> {
    const rows = lane === 'status' ? await this.readInventory(scripts.listPoolsScript(), PoolRow) : await this.read(scripts.listPoolsScript(), PoolRow, 'job');
    // Only pools that home users (UserServer service): not directors, edges, SQL or file stores.
    const pools = rows.filter((r) => r.Services.some((s) => /^UserServer:/i.test(s))).map((r) => this.poolInfo(r));
    this.pools = new Map(pools.map((p) => [p.fqdn, p]));
    return pools;
  }

  async getUser(sip: string): Promise<LyncUser | null> {
    return this.findUser(sip, 'status');
  }

  private async findUser(sip: string, lane: Lane): Promise<LyncUser | null> {
    try {
      const rows = await this.read(scripts.getUserScript(sip), UserRow, lane);
      return rows[0] ?? null;
    } catch (e) {
      if (e instanceof LyncOpsError && e.code === 'USER_NOT_FOUND') return null;
      throw e;
    }
  }

  async listUsers(poolFqdn: string): Promise<LyncUser[]> {
    const pool = await this.knownPool(poolFqdn, 'Get-CsUser -Filter RegistrarPool');
    return this.readInventory(scripts.listUsersScript(pool.fqdn, pool.version === 'OCS2007R2'), UserRow);
  }

  async countUsersByPool(): Promise<Record<string, number>> {
    const rows = await this.readInventory(scripts.countUsersByPoolScript(), UserCountRow);
    const counts: Record<string, number> = {};
    for (const row of rows) if (row.Pool) counts[row.Pool] = (counts[row.Pool] ?? 0) + row.Count;
    return counts;
  }

  async moveLegacyUser(sip: string, targetPool: string, options?: MoveOptions): Promise<void> {
    await this.moveUserTo(scripts.moveLegacyUserScript(sip, targetPool, options), sip, targetPool, 'Lync2013');
  }

  async moveUser(sip: string, targetPool: string, options?: MoveOptions): Promise<void> {
    await this.moveUserTo(scripts.moveUserScript(sip, targetPool, options), sip, targetPool, 'OCS2007R2');
  }

  /**
   * Invoke-CsUcsRollback in the job lane. Get-CsUser does not say where a user's contacts are,
   * so getUser leaves contactsInUcs unset and a rollback runs this for every user it moves back.
   */
  async rollbackUcsContacts(sip: string, options?: MoveOptions): Promise<void> {
    const command = scripts.ucsRollbackScript(sip, options);
    if (!(await this.findUser(sip, 'job'))) throw new LyncOpsError('USER_NOT_FOUND', `Invoke-CsUcsRollback: user "${sip}" does not exist`, { cmdlet: command.cmdlet });
    await this.move(command);
  }

  async listConferenceDirectories(): Promise<ConferenceDirectory[]> {
    return this.readInventory(scripts.listConferenceDirectoriesScript(), ConferenceDirectoryRow);
  }

  async moveConferenceDirectory(identity: number, targetPool: string, options?: MoveOptions): Promise<void> {
    const command = scripts.moveConferenceDirectoryScript(identity, targetPool, options);
    const target = await this.knownPool(targetPool, 'Move-CsConferenceDirectory -TargetPool', undefined, 'job');
    const current = (await this.read(scripts.listConferenceDirectoriesScript(), ConferenceDirectoryRow, 'job')).find((d) => d.identity === identity);
    if (current?.pool === target.fqdn) return;
    await this.move(command);
  }

  async listApplicationEndpoints(): Promise<ApplicationEndpoint[]> {
    return this.readInventory(scripts.listApplicationEndpointsScript(), ApplicationEndpointRow);
  }

  async moveApplicationEndpoint(sip: string, targetPool: string, options?: MoveOptions): Promise<void> {
    const command = scripts.moveApplicationEndpointScript(sip, targetPool, options);
    const id = checkInput(SipInput, sip, 'Move-CsApplicationEndpoint -Identity');
    const target = await this.knownPool(targetPool, 'Move-CsApplicationEndpoint -TargetApplicationPool', undefined, 'job');
    const current = (await this.read(scripts.listApplicationEndpointsScript(), ApplicationEndpointRow, 'job')).find((e) => e.sip === id);
    if (current?.pool === target.fqdn) return;
    await this.move(command);
  }

  async moveResponseGroups(sourcePool: string, targetPool: string, options?: MoveOptions): Promise<void> {
    const command = moveResponseGroupsScript(sourcePool, targetPool, options);
    const target = await this.knownPool(targetPool, 'Move-CsRgsConfiguration -Destination', undefined, 'job');
    const source = await this.knownPool(sourcePool, 'Move-CsRgsConfiguration -Source', undefined, 'job');
    // Nothing left on the source: a repeated call after a completed move is a no-op.
    const left = (await this.read(scripts.listApplicationEndpointsScript(), ApplicationEndpointRow, 'job')).filter((e) => e.application === 'responseGroup' && e.pool === source.fqdn);
    if (left.length === 0 && source.fqdn !== target.fqdn) return;
    await this.move(command);
  }

  async listExUmContacts(): Promise<ExUmContact[]> {
    return this.read(listExUmContactsScript(), ExUmContactRow);
  }

  async moveExUmContact(sip: string, targetPool: string, options?: MoveOptions): Promise<void> {
    const command = moveExUmContactScript(sip, targetPool, options);
    const id = checkInput(SipInput, sip, 'Move-CsExUmContact -Identity');
    const target = await this.knownPool(targetPool, 'Move-CsExUmContact -Target', undefined, 'job');
    if (target.version !== 'Lync2013') {
      throw new LyncOpsError('EXUM_ONE_WAY', `Move-CsExUmContact: ${target.fqdn} is not a Lync Server 2013 pool; Exchange UM contacts never move back to OCS 2007 R2`, { target: target.fqdn });
    }
    const current = (await this.read(listExUmContactsScript(), ExUmContactRow, 'job')).find((c) => c.sip === id);
    if (current?.pool === target.fqdn) return;
    await this.move(command);
  }

  async getServiceStatus(computerFqdn: string): Promise<WindowsService[]> {
    return this.read(scripts.getServiceStatusScript(computerFqdn), ServiceRow);
  }

  async getReplicationStatus(): Promise<ReplicaStatus[]> {
    return this.read(scripts.getReplicationStatusScript(), ReplicaRow);
  }

  async runSyntheticTest(
    kind: SyntheticTestKind,
    args: { targetFqdn: string; senderSip: string; receiverSip?: string },
  ): Promise<SyntheticTestResult> {
    const form = this.credentialForm(args?.targetFqdn, [args?.senderSip, args?.receiverSip]);
    if ('missing' in form) {
      // Not the pool's own health-monitoring users and no account configured: say so, run nothing.
      return {
        targetFqdn: String(args.targetFqdn),
        result: 'Failure',
        latencyMs: 0,
        error: 'credentials required',
        diagnosis: `${form.missing.join(', ')} is not a health-monitoring test user of ${String(args.targetFqdn)}; add its account to LYNC_TEST_CREDENTIALS`,
      };
    }
    const command = scripts.syntheticTestScript(kind, args ?? {}, form.credentials);
    const [result] = await this.read(command, SyntheticRow);
    if (!result) throw new LyncOpsError('BACKEND_OUTPUT_INVALID', `${command.cmdlet}: no result`, { cmdlet: command.cmdlet });
    return result;
  }

  /**
   * The plain form when every participant is one of the target pool's configured health-monitoring
   * users (or nothing is configured for the pool); otherwise the credential form, naming the
   * bootstrap's variable of each participant's account.
   */
  private credentialForm(target: unknown, participants: unknown[]): { credentials?: scripts.SyntheticCredentials } | { missing: string[] } {
    const own = this.options.healthMonitoringUsers?.[String(target).toLowerCase()];
    const sips = participants.filter((p): p is string => typeof p === 'string').map((p) => p.replace(/^sip:/i, '').toLowerCase());
    if (!own || sips.every((sip) => own.includes(sip))) return {};
    const index = (sip: string) => this.options.testCredentials.findIndex((c) => c.sip === sip);
    const missing = sips.filter((sip) => index(sip) < 0);
    if (missing.length) return { missing };
    return { credentials: { sender: index(sips[0]), ...(sips[1] ? { receiver: index(sips[1]) } : {}) } };
  }

  async getMigrationState(): Promise<MigrationState> {
    const sites = await this.read(listSitesScript(), SiteRow);
    const dialPlans = await this.read(listDialPlansScript(), IdentityRow);
    const conferencingPolicies = await this.read(listConferencingPoliciesScript(), ConferencingPolicyRow);
    const directories = await this.listConferenceDirectories();
    const ocsPools = (this.pools.size ? [...this.pools.values()] : await this.listPools()).filter((p) => p.version === 'OCS2007R2').map((p) => p.fqdn);
    return migrationStateFrom({ sites, dialPlans, conferencingPolicies, directories, ocsPools });
  }

  /**
   * Verifies that a legacy pool is empty. Removing the pool itself is done in Topology Builder
   * (publish the topology without it, then run the Deployment Wizard on its servers); the Shell
   * has no cmdlet for it, so this only reports that the pool may go.
   */
  async decommissionPool(fqdn: string): Promise<void> {
    const check = await this.checkDecommission(fqdn);
    this.logger.info({ ...check }, 'legacy pool is empty; remove it from the topology in Topology Builder');
  }

  /** What decommissionPool checks, with counts; throws POOL_NOT_EMPTY when anything is left. */
  async checkDecommission(fqdn: string): Promise<DecommissionCheck> {
    const pool = await this.knownPool(fqdn, 'decommission pool');
    return checkDecommission(pool, this.options.healthTestUsers, {
      users: () => this.listUsers(pool.fqdn),
      applicationEndpoints: () => this.listApplicationEndpoints(),
      conferenceDirectories: () => this.listConferenceDirectories(),
    });
  }

  /**
   * The same backend as the job runner should use it: every call in the job lane (ahead of status
   * turns) and no cached inventory, so a job decides on what the shell says now.
   */
  forJobs(): LyncBackend {
    return {
      listPools: () => this.fetchPools('job'),
      getUser: (sip) => this.findUser(sip, 'job'),
      listUsers: async (poolFqdn) => {
        const pool = await this.knownPool(poolFqdn, 'Get-CsUser -Filter RegistrarPool', undefined, 'job');
        return this.read(scripts.listUsersScript(pool.fqdn, pool.version === 'OCS2007R2'), UserRow, 'job');
      },
      countUsersByPool: () => this.countUsersByPool(),
      moveLegacyUser: (sip, pool, options) => this.moveLegacyUser(sip, pool, options),
      moveUser: (sip, pool, options) => this.moveUser(sip, pool, options),
      rollbackUcsContacts: (sip, options) => this.rollbackUcsContacts(sip, options),
      listConferenceDirectories: () => this.read(scripts.listConferenceDirectoriesScript(), ConferenceDirectoryRow, 'job'),
      moveConferenceDirectory: (identity, pool, options) => this.moveConferenceDirectory(identity, pool, options),
      listApplicationEndpoints: () => this.read(scripts.listApplicationEndpointsScript(), ApplicationEndpointRow, 'job'),
      moveApplicationEndpoint: (sip, pool, options) => this.moveApplicationEndpoint(sip, pool, options),
      getServiceStatus: (computer) => this.read(scripts.getServiceStatusScript(computer), ServiceRow, 'job'),
      getReplicationStatus: () => this.read(scripts.getReplicationStatusScript(), ReplicaRow, 'job'),
      runSyntheticTest: (kind, args) => this.runSyntheticTest(kind, args),
      decommissionPool: (fqdn) => this.decommissionPool(fqdn),
      moveResponseGroups: (source, target, options) => this.moveResponseGroups(source, target, options),
      listExUmContacts: () => this.read(listExUmContactsScript(), ExUmContactRow, 'job'),
      moveExUmContact: (sip, pool, options) => this.moveExUmContact(sip, pool, options),
      getMigrationState: () => this.getMigrationState(),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.run(async () => {
      await this.session?.close(CLOSE_GRACE_MS);
      this.session = undefined;
    }, 'job');
  }

  /** The pwsh process currently serving calls, if one is running. */
  get sessionPid(): number | undefined {
    return this.session?.alive ? this.session.pid : undefined;
  }

  // ---- internals ----

  private poolInfo(row: PoolRow): LyncPoolInfo {
    const site = row.Site.replace(/^Site:/i, '');
    const legacy = /^BackCompatSite$/i.test(site);
    return {
      fqdn: row.Fqdn,
      site: this.poolSites.get(fqdnKey(row.Fqdn)) ?? site,
      version: legacy ? 'OCS2007R2' : 'Lync2013',
      computers: row.Computers.map((c) => c.toLowerCase()),
      // Get-CsPool lists only pools still in the published topology.
      decommissioned: false,
    };
  }

  /** A pool that homes users, from Get-CsPool (cached per session, refreshed on a miss). */
  private async knownPool(fqdn: unknown, what: string, version?: PoolVersion, lane: Lane = 'status'): Promise<LyncPoolInfo> {
    const name = checkInput(FqdnInput, fqdn, what);
    const pool = this.pools.get(name) ?? (await this.fetchPools(lane)).find((p) => p.fqdn === name);
    if (!pool || (version && pool.version !== version)) {
      const kind = version === 'Lync2013' ? 'a Lync Server 2013 pool' : version === 'OCS2007R2' ? 'an OCS 2007 R2 pool' : 'a registrar pool';
      throw new LyncOpsError('POOL_NOT_FOUND', `${what}: "${name}" is not ${kind} of the topology.`, { pool: name, requiredVersion: version });
    }
    return pool;
  }

  /**
   * The target must be a pool of the other version; a user already on it is a no-op (a retry
   * after an answer that got lost lands here).
   */
  private async moveUserTo(command: scripts.PsCommand, sip: string, targetPool: string, version: PoolVersion): Promise<void> {
    const target = await this.knownPool(targetPool, `${command.cmdlet} -Target`, version, 'job');
    const user = await this.findUser(sip, 'job');
    if (!user) throw new LyncOpsError('USER_NOT_FOUND', `${command.cmdlet}: user "${sip}" does not exist`, { cmdlet: command.cmdlet });
    if (user.registrarPool === target.fqdn) return;
    await this.move(command);
  }

  /** Runs a move in the job lane; the inventory it changes is read afresh afterwards. */
  private async move(command: scripts.PsCommand): Promise<void> {
    try {
      await this.execute(command, 'job');
    } finally {
      this.inventory.clear();
    }
  }

  private async read<S extends z.ZodType>(command: scripts.PsCommand, schema: S, lane: Lane = 'status'): Promise<Array<z.output<S>>> {
    return parseRows(await this.execute(command, lane), schema, command.cmdlet);
  }

  /**
   * An inventory read for a status turn: served from memory for a few seconds, so a crowd asking
   * for site status shares one Get-CsUser instead of queueing one each in the single session.
   */
  private async readInventory<S extends z.ZodType>(command: scripts.PsCommand, schema: S): Promise<Array<z.output<S>>> {
    const ttl = this.options.inventoryCacheMs;
    if (ttl <= 0) return this.read(command, schema);
    const now = Date.now();
    let entry = this.inventory.get(command.script);
    if (!entry || now - entry.at > ttl) {
      const output = this.execute(command, 'status');
      entry = { at: now, output };
      this.inventory.set(command.script, entry);
      // A failed read is not kept: the next caller asks the shell again.
      output.catch(() => {
        if (this.inventory.get(command.script) === entry) this.inventory.delete(command.script);
      });
    }
    return parseRows(await entry.output, schema, command.cmdlet);
  }

  private execute(command: scripts.PsCommand, lane: Lane): Promise<string> {
    return this.queue.run(async () => {
      if (this.closed) throw new LyncOpsError('BACKEND_FAILED', 'the PowerShell backend has been closed');
      const session = await this.currentSession();
      const started = Date.now();
      let envelope;
      try {
        envelope = await session.run(command.script, this.options.commandTimeoutMs);
      } catch (e) {
        this.drop(session);
        throw e;
      }
      this.logger.debug({ cmdlet: command.cmdlet, ok: envelope.ok, durationMs: Date.now() - started }, 'cmdlet finished');
      if (envelope.ok) return envelope.output;
      const error = toBackendError(envelope.error, command.cmdlet, command.subject);
      if (error.code === 'SESSION_LOST') this.drop(session);
      throw error;
    }, lane);
  }

  private async currentSession(): Promise<PwshSession> {
    if (this.session?.alive) return this.session;
    this.session = undefined;
    this.pools = new Map();
    this.session = await PwshSession.open({
      pwshPath: this.options.pwshPath,
      env: this.env,
      connect: {
        connectionUri: this.options.connectionUri,
        username: this.options.username,
        password: this.options.password,
        skipCertificateChecks: this.options.skipCertificateChecks,
        ...(this.options.testCredentials.length ? { testCredentials: this.options.testCredentials.map(({ username, password }) => ({ username, password })) } : {}),
      },
      connectTimeoutMs: this.options.connectTimeoutMs,
      logger: this.logger,
    });
    return this.session;
  }

  private drop(session: PwshSession): void {
    session.kill();
    if (this.session === session) this.session = undefined;
  }
}

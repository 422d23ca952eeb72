// The embedded default LyncBackend: a simulated Lync Server 2013 / OCS 2007 R2 deployment that
// behaves like the Management Shell cmdlets (README "Lync Server 2013 Management Shell"). The topology is the starting point;
// every change lives in the SimulatorStateStore, so a restarted bot or another replica on the
// same store finds users where the last moves left them.
import { z } from 'zod';
import { LyncOpsError } from '../../../migration/errors';
import type { LyncPoolInfo, LyncUser, ReplicaStatus, SyntheticTestResult, WindowsService } from '../../../migration/model';
import type { MigrationState } from '../../../migration/runbook/state';
import {
  systemClock,
  type LyncBackend,
  type MoveOptions,
  type SimMoveRecord,
  type SimulatorStateStore,
  type SyntheticTestKind,
} from '../../../migration/ports';
import { sameFqdn, ServiceStatusSchema, type ApplicationEndpoint, type ConferenceDirectory, type ExUmContact, type Pool, type PoolVersion, type ServiceStatus, type User } from '../../../migration/topology';
import { encodeUserPool, KIND, serviceKey, SimDeployment, userKey } from './deployment';
import { cmdletError, type SimCmdlet } from './messages';
import { Mover } from './mover';
import { defaultSleep, FaultInjector, SimTuningSchema, TransientDice, type InjectableOp, type SimulatedLyncBackendOptions } from './options';
import { runSyntheticTest } from './synthetic';

export { MemorySimulatorState } from './memory-state';
export type { Injection, SimulatedLyncBackendOptions } from './options';

const Sip = z.string().trim().min(3).max(256);
const Fqdn = z.string().trim().min(1).max(255);
const Identity = z.number().int().nonnegative();
const MoveOptionsSchema = z.object({ whatIf: z.boolean().optional() }).optional();

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new LyncOpsError('INVALID_INPUT', `${what}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  return result.data;
}

export class SimulatedLyncBackend implements LyncBackend {
  private readonly deployment: SimDeployment;
  private readonly state: SimulatorStateStore;
  private readonly mover: Mover;
  private readonly injector: FaultInjector;
  private readonly testUsers: User[];

  constructor(options: SimulatedLyncBackendOptions) {
    const tuning = parse(SimTuningSchema, {
      moveLatencyMs: options.moveLatencyMs,
      transientFailureRate: options.transientFailureRate,
      seed: options.seed,
      inject: options.inject,
    }, 'simulated Lync backend options');
    this.state = options.state;
    this.deployment = new SimDeployment(options.topology, options.state);
    this.injector = new FaultInjector(tuning.inject);
    this.mover = new Mover(
      this.deployment,
      options.state,
      options.clock ?? systemClock,
      options.sleep ?? defaultSleep,
      tuning.moveLatencyMs,
      new TransientDice(tuning.transientFailureRate, tuning.seed),
    );
    this.testUsers = options.topology.users.filter((u) => u.testUser);
  }

  async listPools(): Promise<LyncPoolInfo[]> {
    const retired = await this.deployment.retiredPools();
    return this.deployment.index.topology.pools.map((p) => ({
      fqdn: p.fqdn,
      site: p.site,
      version: p.version,
      computers: p.computers.map((c) => c.fqdn),
      decommissioned: retired.has(p.fqdn),
    }));
  }

  async getUser(sip: string): Promise<LyncUser | null> {
    const id = parse(Sip, sip, 'Get-CsUser -Identity');
    this.injector.check('getUser', id);
    const user = this.deployment.index.user(id);
    if (!user) return null;
    const pool = (await this.deployment.userPool(user)).pool;
    // Only a Lync 2013 user can keep contacts in Exchange's unified contact store.
    const lync = this.deployment.index.pool(pool)?.version === 'Lync2013';
    return { ...this.lyncUser(user, pool), ...(lync ? { contactsInUcs: await this.deployment.contactsInUcs(user) } : {}) };
  }

  async listUsers(poolFqdn: string): Promise<LyncUser[]> {
    const pool = this.deployment.canonicalPool(parse(Fqdn, poolFqdn, 'Get-CsUser -Filter RegistrarPool'));
    return (await this.deployment.listUsers(pool)).map((u) => this.lyncUser(u, pool));
  }

  countUsersByPool(): Promise<Record<string, number>> {
    return this.deployment.countUsersByPool();
  }

  async moveLegacyUser(sip: string, targetPool: string, options?: MoveOptions): Promise<void> {
    await this.moveUserBetweenVersions('moveLegacyUser', 'Move-CsLegacyUser', 'OCS2007R2', 'Lync2013', sip, targetPool, options);
  }

  async moveUser(sip: string, targetPool: string, options?: MoveOptions): Promise<void> {
    await this.moveUserBetweenVersions('moveUser', 'Move-CsUser', 'Lync2013', 'OCS2007R2', sip, targetPool, options);
  }

  /**
   * Invoke-CsUcsRollback: the contacts of a Lync 2013 user come back from Exchange into Lync
   * Server (nothing to do when they are not in the unified contact store, as for a whole pool
   * piped into the cmdlet).
   */
  async rollbackUcsContacts(sip: string, options?: MoveOptions): Promise<void> {
    const cmdlet = 'Invoke-CsUcsRollback';
    const id = parse(Sip, sip, `${cmdlet} -Identity`);
    const whatIf = parse(MoveOptionsSchema, options, 'move options')?.whatIf === true;
    if (!whatIf) this.injector.check('rollbackUcsContacts', id);
    const user = this.deployment.index.user(id);
    if (!user) throw cmdletError(cmdlet, 'USER_NOT_FOUND', id);
    if (whatIf || !(await this.deployment.contactsInUcs(user))) return;
    await this.state.simSet(KIND.ucsContacts, userKey(user), 'lync');
  }

  /** Directories on an OCS pool stay invisible until Import-CsLegacyConferenceDirectory ran for it. */
  async listConferenceDirectories(): Promise<ConferenceDirectory[]> {
    const imports = await this.deployment.directoryImports();
    const visible = (pool: string) => this.deployment.index.pool(pool)?.version !== 'OCS2007R2' || imports.has(pool);
    return (await this.allConferenceDirectories()).filter((d) => visible(d.pool));
  }

  private async allConferenceDirectories(): Promise<ConferenceDirectory[]> {
    const moved = new Map((await this.state.simList(KIND.confDirPool)).map((r) => [r.key, r.value]));
    return [...this.deployment.conferenceDirectories.values()].map((d) => ({
      identity: d.identity,
      pool: moved.get(String(d.identity)) ?? this.deployment.canonicalPool(d.pool),
    }));
  }

  async getMigrationState(): Promise<MigrationState> {
    const [backCompatSite, legacyConfigImported, userReplicatorSynced, imports, anonymousMeetingsAllowed] = await Promise.all([
      this.deployment.topologyMerged(),
      this.deployment.legacyConfigImported(),
      this.deployment.userReplicatorSynced(),
      this.deployment.directoryImports(),
      this.deployment.anonymousMeetingsAllowed(),
    ]);
    return {
      backCompatSite,
      legacyConfigImported,
      userReplicatorSynced,
      anonymousMeetingsAllowed,
      legacyDirectoryImports: [...imports].map(([pool, state]) => ({ pool, stale: state === 'stale' })),
    };
  }

  async moveConferenceDirectory(identity: number, targetPool: string, options?: MoveOptions): Promise<void> {
    const id = parse(Identity, identity, 'Move-CsConferenceDirectory -Identity');
    const whatIf = parse(MoveOptionsSchema, options, 'move options')?.whatIf === true;
    const cmdlet = 'Move-CsConferenceDirectory';
    if (!whatIf) this.injector.check('moveConferenceDirectory', String(id));
    const directory = this.deployment.conferenceDirectories.get(id);
    if (!directory) throw cmdletError(cmdlet, 'NOT_FOUND', String(id));
    await this.mover.move(
      {
        cmdlet,
        object: String(id),
        kind: KIND.confDirPool,
        key: String(id),
        target: this.targetPool(cmdlet, targetPool),
        home: directory.pool,
        encode: (pool) => pool,
        transientCodes: ['BACKEND_STORE_ERROR'],
      },
      whatIf,
    );
  }

  async listApplicationEndpoints(): Promise<ApplicationEndpoint[]> {
    const moved = new Map((await this.state.simList(KIND.appEndpointPool)).map((r) => [r.key, r.value]));
    return [...this.deployment.applicationEndpoints.values()].map((e) => ({
      sip: e.sip,
      displayName: e.displayName,
      pool: moved.get(e.sip.toLowerCase()) ?? this.deployment.canonicalPool(e.pool),
      application: e.application,
    }));
  }

  async moveApplicationEndpoint(sip: string, targetPool: string, options?: MoveOptions): Promise<void> {
    const id = parse(Sip, sip, 'Move-CsApplicationEndpoint -Identity').replace(/^sip:/i, '').toLowerCase();
    const whatIf = parse(MoveOptionsSchema, options, 'move options')?.whatIf === true;
    const cmdlet = 'Move-CsApplicationEndpoint';
    if (!whatIf) this.injector.check('moveApplicationEndpoint', id);
    const endpoint = this.deployment.applicationEndpoints.get(id);
    if (!endpoint) throw cmdletError(cmdlet, 'NOT_FOUND', id);
    await this.mover.move(
      {
        cmdlet,
        object: id,
        kind: KIND.appEndpointPool,
        key: id,
        target: this.targetPool(cmdlet, targetPool),
        home: endpoint.pool,
        encode: (pool) => pool,
        transientCodes: ['BACKEND_STORE_ERROR'],
      },
      whatIf,
    );
  }

  /**
   * Move-CsRgsConfiguration: the response groups of a pool move together (workflows, queues,
   * audio files and their contact objects); each contact moves like an endpoint, so a repeated
   * call after a partial failure finishes the rest.
   */
  async moveResponseGroups(sourcePool: string, targetPool: string, options?: MoveOptions): Promise<void> {
    const cmdlet = 'Move-CsRgsConfiguration';
    const whatIf = parse(MoveOptionsSchema, options, 'move options')?.whatIf === true;
    const source = this.deployment.index.pool(parse(Fqdn, sourcePool, `${cmdlet} -Source`));
    if (!source) throw cmdletError(cmdlet, 'POOL_NOT_FOUND', sourcePool);
    const target = this.targetPool(cmdlet, targetPool);
    if (!whatIf) this.injector.check('moveResponseGroups', source.fqdn);
    const contacts = (await this.listApplicationEndpoints()).filter((e) => e.application === 'responseGroup' && e.pool === source.fqdn);
    for (const contact of contacts) {
      const endpoint = this.deployment.applicationEndpoints.get(contact.sip.toLowerCase())!;
      await this.mover.move(
        {
          cmdlet,
          object: contact.sip,
          kind: KIND.appEndpointPool,
          key: contact.sip.toLowerCase(),
          target,
          home: endpoint.pool,
          encode: (pool) => pool,
          transientCodes: ['BACKEND_STORE_ERROR'],
        },
        whatIf,
      );
    }
  }

  async listExUmContacts(): Promise<ExUmContact[]> {
    const moved = new Map((await this.state.simList(KIND.exUmPool)).map((r) => [r.key, r.value]));
    return [...this.deployment.exUmContacts.values()].map((c) => ({
      sip: c.sip,
      displayName: c.displayName,
      pool: moved.get(c.sip.toLowerCase()) ?? this.deployment.canonicalPool(c.pool),
      autoAttendant: c.autoAttendant,
    }));
  }

  /** Move-CsExUmContact: OCS -> Lync or Lync -> Lync; the cmdlet cannot move a contact to OCS. */
  async moveExUmContact(sip: string, targetPool: string, options?: MoveOptions): Promise<void> {
    const cmdlet = 'Move-CsExUmContact';
    const id = parse(Sip, sip, `${cmdlet} -Identity`).replace(/^sip:/i, '').toLowerCase();
    const whatIf = parse(MoveOptionsSchema, options, 'move options')?.whatIf === true;
    if (!whatIf) this.injector.check('moveExUmContact', id);
    const contact = this.deployment.exUmContacts.get(id);
    if (!contact) throw cmdletError(cmdlet, 'NOT_FOUND', id);
    const target = this.targetPool(cmdlet, targetPool);
    if (target.version !== 'Lync2013') throw cmdletError(cmdlet, 'EXUM_ONE_WAY', id, { target: target.fqdn });
    await this.mover.move(
      {
        cmdlet,
        object: id,
        kind: KIND.exUmPool,
        key: id,
        target,
        home: contact.pool,
        encode: (pool) => pool,
        transientCodes: ['BACKEND_STORE_ERROR'],
      },
      whatIf,
    );
  }

  getServiceStatus(computerFqdn: string): Promise<WindowsService[]> {
    return this.deployment.services(parse(Fqdn, computerFqdn, 'Get-CsWindowsService -ComputerName'));
  }

  async getReplicationStatus(): Promise<ReplicaStatus[]> {
    this.injector.check('getReplicationStatus', '*');
    return this.deployment.replicas();
  }

  async runSyntheticTest(
    kind: SyntheticTestKind,
    args: { targetFqdn: string; senderSip: string; receiverSip?: string },
  ): Promise<SyntheticTestResult> {
    if (typeof args?.targetFqdn === 'string') this.injector.check('runSyntheticTest', args.targetFqdn);
    return runSyntheticTest(this.deployment, kind, args);
  }

  async decommissionPool(fqdn: string): Promise<void> {
    const cmdlet = 'Remove-CsPool';
    const name = parse(Fqdn, fqdn, 'decommission pool');
    const pool = this.deployment.index.pool(name);
    if (!pool) throw cmdletError(cmdlet, 'POOL_NOT_FOUND', name);
    if (pool.version !== 'OCS2007R2') throw new LyncOpsError('INVALID_INPUT', `${pool.fqdn} is not an OCS 2007 R2 pool; only legacy pools are decommissioned`);
    if (await this.deployment.isRetired(pool.fqdn)) return;
    // Health-monitoring test users belong to the pool's monitoring configuration and go with it.
    let testUsersHere = 0;
    for (const u of this.testUsers) if ((await this.deployment.userPool(u)).pool === pool.fqdn) testUsersHere += 1;
    const users = ((await this.deployment.countUsersByPool())[pool.fqdn] ?? 0) - testUsersHere;
    const applicationEndpoints = (await this.listApplicationEndpoints()).filter((e) => e.pool === pool.fqdn).length;
    const exUmContacts = (await this.listExUmContacts()).filter((c) => c.pool === pool.fqdn).length;
    // Every directory counts here, imported or not: retiring the pool would strand them all.
    const conferenceDirectories = (await this.allConferenceDirectories()).filter((d) => d.pool === pool.fqdn).length;
    if (users > 0 || applicationEndpoints > 0 || conferenceDirectories > 0 || exUmContacts > 0) {
      throw new LyncOpsError(
        'POOL_NOT_EMPTY',
        `Pool "${pool.fqdn}" still holds ${users} users, ${applicationEndpoints} application endpoints, ${conferenceDirectories} conference directories and ${exUmContacts} Exchange UM contacts.`,
        { pool: pool.fqdn, users, applicationEndpoints, conferenceDirectories, exUmContacts },
      );
    }
    await this.state.simSet(KIND.poolRetired, pool.fqdn, 'true');
  }

  // ---- drills and tests ----

  /** Sets a Windows service's status on a computer (durable, seen by every replica). */
  async setServiceStatus(computerFqdn: string, serviceName: string, status: ServiceStatus): Promise<void> {
    const found = this.deployment.computer(parse(Fqdn, computerFqdn, 'computer'));
    const value = parse(ServiceStatusSchema, status, 'service status');
    if (!found) throw new LyncOpsError('NOT_FOUND', `Computer "${computerFqdn}" was not found in the topology.`);
    const service = found.computer.services.find((s) => s.name.toUpperCase() === serviceName.toUpperCase());
    if (!service) throw new LyncOpsError('NOT_FOUND', `Service "${serviceName}" does not run on ${found.computer.fqdn}.`);
    await this.state.simSet(KIND.service, serviceKey(found.computer.fqdn, service.name), value);
  }

  /** Marks one replica (or '*' every replica) as up to date or lagging. */
  async setReplicationUpToDate(replicaFqdn: string, upToDate: boolean): Promise<void> {
    const name = parse(Fqdn, replicaFqdn, 'replica');
    const replicas = name === '*' ? this.deployment.lyncComputers : this.deployment.lyncComputers.filter((c) => sameFqdn(c, name));
    if (replicas.length === 0) throw new LyncOpsError('NOT_FOUND', `Replica "${replicaFqdn}" is not a Lync Server 2013 computer of the topology.`);
    for (const replica of replicas) await this.state.simSet(KIND.replication, replica, String(upToDate === true));
  }

  /** Whether Import-CsLegacyConfiguration has run (moves of legacy users need it). */
  async setLegacyConfigImported(imported: boolean): Promise<void> {
    await this.state.simSet(KIND.legacyConfig, 'imported', String(imported === true));
  }

  /** Merge-CsLegacyTopology published (true) or not yet (false). */
  async setTopologyMerged(merged: boolean): Promise<void> {
    await this.state.simSet(KIND.preparation, 'topologyMerged', String(merged === true));
  }

  /** Set-CsConferencingPolicy -Identity Global -AllowAnonymousParticipantsInMeetings. */
  async setAnonymousMeetingsAllowed(allowed: boolean): Promise<void> {
    await this.state.simSet(KIND.preparation, 'anonymousMeetingsAllowed', String(allowed === true));
  }

  /** Whether the first User Replicator sync has finished (moves fail transiently until it has). */
  async setUserReplicatorSynced(synced: boolean): Promise<void> {
    await this.state.simSet(KIND.preparation, 'userReplicatorSynced', String(synced === true));
  }

  /** Import-CsLegacyConferenceDirectory for an OCS pool: its directories become visible. */
  async importLegacyConferenceDirectories(ocsPool: string): Promise<void> {
    const pool = this.legacyPool(ocsPool);
    await this.state.simSet(KIND.confDirImport, pool.fqdn, 'current');
  }

  /** Something changed on the OCS side after the import: the import must run again. */
  async markLegacyChanged(ocsPool: string): Promise<void> {
    const pool = this.legacyPool(ocsPool);
    if ((await this.deployment.directoryImports()).has(pool.fqdn)) await this.state.simSet(KIND.confDirImport, pool.fqdn, 'stale');
  }

  private legacyPool(fqdn: string): Pool {
    const pool = this.deployment.index.pool(parse(Fqdn, fqdn, 'OCS pool'));
    if (!pool || pool.version !== 'OCS2007R2') throw new LyncOpsError('NOT_FOUND', `"${fqdn}" is not an OCS 2007 R2 pool of the topology.`);
    return pool;
  }

  /** Every move this deployment performed, in order (`lyncops sim moves`). */
  moves(): Promise<SimMoveRecord[]> {
    return this.state.simMoves();
  }

  // ---- internals ----

  private lyncUser(user: User, registrarPool: string): LyncUser {
    return { sip: user.sip, displayName: user.displayName, registrarPool, enabled: user.enabled };
  }

  private targetPool(cmdlet: SimCmdlet, fqdn: string, version?: PoolVersion): Pool {
    const name = parse(Fqdn, fqdn, `${cmdlet} -Target`);
    const pool = this.deployment.index.pool(name);
    if (!pool || (version && pool.version !== version)) throw cmdletError(cmdlet, 'POOL_NOT_FOUND', name, { requiredVersion: version });
    return pool;
  }

  private async moveUserBetweenVersions(
    op: InjectableOp,
    cmdlet: SimCmdlet,
    fromVersion: PoolVersion,
    toVersion: PoolVersion,
    sip: string,
    targetPool: string,
    options?: MoveOptions,
  ): Promise<void> {
    const id = parse(Sip, sip, `${cmdlet} -Identity`);
    const whatIf = parse(MoveOptionsSchema, options, 'move options')?.whatIf === true;
    if (!whatIf) this.injector.check(op, id);
    const user = this.deployment.index.user(id);
    if (!user) throw cmdletError(cmdlet, 'USER_NOT_FOUND', id);
    if (!user.enabled) throw cmdletError(cmdlet, 'USER_DISABLED', user.sip);
    if (user.displayName !== user.displayName.trim()) throw cmdletError(cmdlet, 'NAME_HAS_SPACES', user.sip);
    const basePool = this.deployment.canonicalPool(user.homePool);
    await this.mover.move(
      {
        cmdlet,
        object: user.sip,
        kind: KIND.userPool,
        key: userKey(user),
        target: this.targetPool(cmdlet, targetPool, toVersion),
        home: user.homePool,
        encode: (pool) => encodeUserPool(basePool, pool),
        checkFacts: this.deployment.preparationFacts,
        check: async (currentPool, facts) => {
          if (this.deployment.index.pool(currentPool)?.version !== fromVersion) {
            throw new LyncOpsError('BACKEND_FAILED', `${cmdlet} : User "sip:${user.sip}" is homed on ${currentPool}, not on a ${fromVersion} pool.`, { cmdlet, object: user.sip, currentPool });
          }
          const preparation = this.deployment.preparationFrom(facts);
          if (toVersion === 'Lync2013' && !preparation.legacyConfigImported) throw cmdletError(cmdlet, 'LEGACY_CONFIG_NOT_IMPORTED', user.sip);
          if (!preparation.userReplicatorSynced) throw cmdletError(cmdlet, 'REPLICATION_NOT_SYNCED', user.sip);
          // OCS 2007 R2 has no unified contact store: contacts still in Exchange would be lost.
          if (toVersion === 'OCS2007R2' && (await this.deployment.contactsInUcs(user))) throw cmdletError(cmdlet, 'UCS_CONTACTS_IN_EXCHANGE', user.sip);
        },
        transientCodes: ['REPLICATION_NOT_SYNCED', 'BACKEND_STORE_ERROR'],
      },
      whatIf,
    );
  }
}

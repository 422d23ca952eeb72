// The simulated deployment's facts. The topology is the starting point and is indexed once in
// memory (it never changes); every mutable fact (where a user, conference directory or endpoint
// lives now, retired pools, service and replication overrides, legacy configuration) is read
// from the SimulatorStateStore on every call, because another replica may have changed it.
import { LyncOpsError } from '../../../migration/errors';
import type { ReplicaStatus, WindowsService } from '../../../migration/model';
import type { SimulatorStateStore } from '../../../migration/ports';
import {
  fqdnKey,
  normaliseSip,
  ServiceStatusSchema,
  TopologyIndex,
  type ApplicationEndpoint,
  type Computer,
  type ExUmContact,
  type ConferenceDirectory,
  type Pool,
  type ServiceStatus,
  type Topology,
  type User,
} from '../../../migration/topology';

/** State kinds in the SimulatorStateStore. */
export const KIND = {
  /** key: user SIP; value: `<topology pool>><current pool>` (see encodeUserPool). */
  userPool: 'userPool',
  /** key: conference directory identity; value: current pool. */
  confDirPool: 'confDirPool',
  /** key: endpoint SIP; value: current pool. */
  appEndpointPool: 'appEndpointPool',
  /** key: Exchange UM contact SIP; value: current pool. */
  exUmPool: 'exUmPool',
  /** key: pool FQDN; value: 'true' once retired. */
  poolRetired: 'poolRetired',
  /** key: `<computer>/<service name>`; value: ServiceStatus. */
  service: 'service',
  /** key: replica FQDN; value: 'true' | 'false'. */
  replication: 'replication',
  /** key: 'imported'; value: 'true' | 'false'. */
  legacyConfig: 'legacyConfig',
  /** key: 'topologyMerged' | 'userReplicatorSynced'; value: 'true' | 'false'. */
  preparation: 'preparation',
  /** key: OCS pool FQDN; value: 'current' | 'stale' (Import-CsLegacyConferenceDirectory ran). */
  confDirImport: 'confDirImport',
  /** key: user SIP; value: 'exchange' | 'lync' (where the contacts are; the topology's contactsInUcs until set). */
  ucsContacts: 'ucsContacts',
} as const;

const USER_POOL_SEPARATOR = '>';
const FRONT_END_SERVICE = 'RTCSRV';

/**
 * A moved user's value carries the topology pool as well as the current one, so one
 * simCountByValue call tells how many users left and entered each pool: counting users per
 * pool never lists the override rows (a 100,000-user status turn stays cheap).
 */
export function encodeUserPool(basePool: string, currentPool: string): string {
  return `${basePool}${USER_POOL_SEPARATOR}${currentPool}`;
}

export function decodeUserPool(value: string): { basePool: string; currentPool: string } {
  const parts = value.split(USER_POOL_SEPARATOR);
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new LyncOpsError('BACKEND_OUTPUT_INVALID', `simulator state: malformed userPool value "${value.slice(0, 200)}"`);
  }
  return { basePool: parts[0], currentPool: parts[1] };
}

export const userKey = (user: User) => normaliseSip(user.sip);

export const serviceKey = (computerFqdn: string, serviceName: string) => `${computerFqdn}/${serviceName.toUpperCase()}`;

/** A mutable fact as read: the raw stored value (for compare-and-set) and its meaning. */
export interface PoolFact {
  raw: string | undefined;
  pool: string;
}

export class SimDeployment {
  readonly index: TopologyIndex;
  private readonly computers = new Map<string, { computer: Computer; pool: Pool }>();
  private readonly usersByBasePool = new Map<string, User[]>();
  private readonly baseCounts: Record<string, number> = {};
  readonly conferenceDirectories = new Map<number, ConferenceDirectory>();
  readonly applicationEndpoints = new Map<string, ApplicationEndpoint>();
  readonly exUmContacts = new Map<string, ExUmContact>();
  readonly lyncComputers: string[];

  constructor(
    topology: Topology,
    private readonly state: SimulatorStateStore,
  ) {
    this.index = new TopologyIndex(topology);
    for (const pool of topology.pools) {
      this.baseCounts[pool.fqdn] = 0;
      for (const computer of pool.computers) this.computers.set(fqdnKey(computer.fqdn), { computer, pool });
    }
    for (const user of topology.users) {
      const base = this.canonicalPool(user.homePool);
      this.baseCounts[base] = (this.baseCounts[base] ?? 0) + 1;
      const list = this.usersByBasePool.get(base) ?? [];
      list.push(user);
      this.usersByBasePool.set(base, list);
    }
    for (const d of topology.conferenceDirectories) this.conferenceDirectories.set(d.identity, d);
    for (const e of topology.applicationEndpoints) this.applicationEndpoints.set(e.sip.toLowerCase(), e);
    for (const c of topology.exUmContacts) this.exUmContacts.set(c.sip.toLowerCase(), c);
    this.lyncComputers = topology.pools.filter((p) => p.version === 'Lync2013').flatMap((p) => p.computers.map((c) => c.fqdn));
  }

  canonicalPool(fqdn: string): string {
    return this.index.pool(fqdn)?.fqdn ?? fqdnKey(fqdn);
  }

  computer(fqdn: string): { computer: Computer; pool: Pool } | undefined {
    return this.computers.get(fqdnKey(fqdn));
  }

  async userPool(user: User): Promise<PoolFact> {
    const raw = await this.state.simGet(KIND.userPool, userKey(user));
    return { raw, pool: raw === undefined ? this.canonicalPool(user.homePool) : decodeUserPool(raw).currentPool };
  }

  async conferenceDirectoryPool(d: ConferenceDirectory): Promise<PoolFact> {
    const raw = await this.state.simGet(KIND.confDirPool, String(d.identity));
    return { raw, pool: raw ?? this.canonicalPool(d.pool) };
  }

  async applicationEndpointPool(e: ApplicationEndpoint): Promise<PoolFact> {
    const raw = await this.state.simGet(KIND.appEndpointPool, e.sip.toLowerCase());
    return { raw, pool: raw ?? this.canonicalPool(e.pool) };
  }

  async exUmContactPool(c: ExUmContact): Promise<PoolFact> {
    const raw = await this.state.simGet(KIND.exUmPool, c.sip.toLowerCase());
    return { raw, pool: raw ?? this.canonicalPool(c.pool) };
  }

  async isRetired(poolFqdn: string): Promise<boolean> {
    return (await this.state.simGet(KIND.poolRetired, this.canonicalPool(poolFqdn))) === 'true';
  }

  async retiredPools(): Promise<Set<string>> {
    const rows = await this.state.simList(KIND.poolRetired);
    return new Set(rows.filter((r) => r.value === 'true').map((r) => r.key));
  }

  /** A preparation fact: the stored value when a drill or an import set one, else the topology's. */
  private async fact(kind: string, key: string, initial: boolean): Promise<boolean> {
    const raw = await this.state.simGet(kind, key);
    return raw === undefined ? initial : raw === 'true';
  }

  legacyConfigImported(): Promise<boolean> {
    return this.fact(KIND.legacyConfig, 'imported', this.index.topology.migration.legacyConfigImported);
  }

  topologyMerged(): Promise<boolean> {
    return this.fact(KIND.preparation, 'topologyMerged', this.index.topology.migration.topologyMerged);
  }

  /** Get-CsConferencingPolicy Global: AllowAnonymousParticipantsInMeetings (true in the demo). */
  anonymousMeetingsAllowed(): Promise<boolean> {
    return this.fact(KIND.preparation, 'anonymousMeetingsAllowed', true);
  }

  userReplicatorSynced(): Promise<boolean> {
    return this.fact(KIND.preparation, 'userReplicatorSynced', this.index.topology.migration.userReplicatorSynced);
  }

  /** OCS pools whose directories were imported: 'current', or 'stale' once OCS changed since. */
  async directoryImports(): Promise<Map<string, 'current' | 'stale'>> {
    const imports = new Map<string, 'current' | 'stale'>();
    for (const pool of this.index.topology.migration.legacyDirectoriesImported) imports.set(this.canonicalPool(pool), 'current');
    for (const row of await this.state.simList(KIND.confDirImport)) if (row.value === 'current' || row.value === 'stale') imports.set(row.key, row.value);
    return imports;
  }

  /** Services of a computer: topology status, overridden by state; a retired pool's are stopped. */
  async services(computerFqdn: string): Promise<WindowsService[]> {
    const found = this.computer(computerFqdn);
    if (!found) throw new LyncOpsError('NOT_FOUND', `Get-CsWindowsService : Computer "${computerFqdn}" was not found in the topology.`);
    const retired = await this.isRetired(found.pool.fqdn);
    const prefix = `${found.computer.fqdn}/`;
    const overrides = new Map<string, string>();
    for (const r of await this.state.simList(KIND.service)) if (r.key.startsWith(prefix)) overrides.set(r.key.slice(prefix.length), r.value);
    return found.computer.services.map((s) => {
      // Only a stored override is validated: a failed parse builds an error object, and this runs
      // for every computer of the target pool on every move.
      const raw = overrides.get(s.name.toUpperCase());
      const override = raw === undefined ? undefined : ServiceStatusSchema.safeParse(raw);
      const status = retired ? 'Stopped' : override?.success ? override.data : s.status;
      return { name: s.name, displayName: s.displayName, status };
    });
  }

  /**
   * Computers of a pool whose front end (RTCSRV) is not running. Asked before every move, so it
   * reads just the RTCSRV override of each computer instead of listing every service.
   */
  async stoppedFrontEnds(poolFqdn: string): Promise<string[]> {
    const pool = this.index.pool(poolFqdn);
    if (!pool) return [];
    const retired = await this.isRetired(pool.fqdn);
    const stopped: string[] = [];
    for (const c of pool.computers) {
      const rtcsrv = c.services.find((s) => s.name.toUpperCase() === FRONT_END_SERVICE);
      if (!rtcsrv) continue;
      if (retired || (await this.serviceStatus(c.fqdn, rtcsrv.name, rtcsrv.status)) !== 'Running') stopped.push(c.fqdn);
    }
    return stopped;
  }

  /** Whether the user's contacts are in Exchange's unified contact store now. */
  async contactsInUcs(user: User): Promise<boolean> {
    const raw = await this.state.simGet(KIND.ucsContacts, userKey(user));
    return raw === undefined ? user.contactsInUcs === true : raw === 'exchange';
  }

  /**
   * Everything a move looks at before it starts, in one read: the object's stored fact, whether
   * the target pool is retired, the computers of the target and of the object's topology pool
   * (its usual source) whose front end is not running, and any further facts the move's checks
   * need (in the order given).
   */
  async moveSnapshot(
    object: { kind: string; key: string },
    targetFqdn: string,
    homeFqdn: string,
    extra: ReadonlyArray<{ kind: string; key: string }> = [],
  ): Promise<{ raw: string | undefined; targetRetired: boolean; targetStopped: string[]; homeStopped: string[]; extra: Array<string | undefined> }> {
    const pools = [this.index.pool(targetFqdn), this.index.pool(homeFqdn)];
    const frontEnds = pools.map((pool) =>
      (pool?.computers ?? []).flatMap((c) => {
        const rtcsrv = c.services.find((s) => s.name.toUpperCase() === FRONT_END_SERVICE);
        return rtcsrv ? [{ computer: c.fqdn, service: rtcsrv }] : [];
      }),
    );
    const wanted = [
      object,
      ...pools.map((pool, i) => ({ kind: KIND.poolRetired, key: pool?.fqdn ?? this.canonicalPool(i === 0 ? targetFqdn : homeFqdn) })),
      ...frontEnds.flat().map((f) => ({ kind: KIND.service, key: serviceKey(f.computer, f.service.name) })),
      ...extra,
    ];
    const values = await this.state.simGetMany(wanted);
    const retired = [values[1] === 'true', values[2] === 'true'];
    let next = 3;
    const stopped = frontEnds.map((list, i) =>
      list.flatMap((f) => {
        const raw = values[next++];
        const override = raw === undefined ? undefined : ServiceStatusSchema.safeParse(raw);
        const status = override?.success ? override.data : f.service.status;
        return retired[i] || status !== 'Running' ? [f.computer] : [];
      }),
    );
    return { raw: values[0], targetRetired: retired[0], targetStopped: stopped[0], homeStopped: stopped[1], extra: values.slice(next) };
  }

  /** Where an object is, from its stored fact (`raw`) and its topology pool. */
  poolFact(kind: string, raw: string | undefined, topologyPool: string): PoolFact {
    if (raw === undefined) return { raw, pool: this.canonicalPool(topologyPool) };
    return { raw, pool: kind === KIND.userPool ? decodeUserPool(raw).currentPool : raw };
  }

  /** The facts of legacyConfigImported() and userReplicatorSynced(), to read along with a move. */
  readonly preparationFacts = [
    { kind: KIND.legacyConfig, key: 'imported' },
    { kind: KIND.preparation, key: 'userReplicatorSynced' },
  ] as const;

  /** legacyConfigImported() and userReplicatorSynced() from their facts as read (preparationFacts order). */
  preparationFrom(values: ReadonlyArray<string | undefined>): { legacyConfigImported: boolean; userReplicatorSynced: boolean } {
    const { legacyConfigImported, userReplicatorSynced } = this.index.topology.migration;
    return {
      legacyConfigImported: values[0] === undefined ? legacyConfigImported : values[0] === 'true',
      userReplicatorSynced: values[1] === undefined ? userReplicatorSynced : values[1] === 'true',
    };
  }

  private async serviceStatus(computerFqdn: string, name: string, topologyStatus: ServiceStatus): Promise<ServiceStatus> {
    const raw = await this.state.simGet(KIND.service, serviceKey(computerFqdn, name));
    const override = raw === undefined ? undefined : ServiceStatusSchema.safeParse(raw);
    return override?.success ? override.data : topologyStatus;
  }

  async replicas(): Promise<ReplicaStatus[]> {
    const overrides = new Map((await this.state.simList(KIND.replication)).map((r) => [r.key, r.value]));
    return this.lyncComputers.map((fqdn) => ({ replicaFqdn: fqdn, upToDate: overrides.get(fqdn) !== 'false' }));
  }

  /** Users per pool: topology counts corrected by one aggregate over the moved users. */
  async countUsersByPool(): Promise<Record<string, number>> {
    const counts = { ...this.baseCounts };
    const moved = await this.state.simCountByValue(KIND.userPool);
    for (const [value, n] of Object.entries(moved)) {
      const { basePool, currentPool } = decodeUserPool(value);
      counts[basePool] = (counts[basePool] ?? 0) - n;
      counts[currentPool] = (counts[currentPool] ?? 0) + n;
    }
    return counts;
  }

  /** Users homed on a pool now (lists every override row: fine for a pool listing, not for counts). */
  async listUsers(poolFqdn: string): Promise<User[]> {
    const pool = this.canonicalPool(poolFqdn);
    const moved = new Map<string, string>();
    for (const row of await this.state.simList(KIND.userPool)) moved.set(row.key, decodeUserPool(row.value).currentPool);
    const stayed = (this.usersByBasePool.get(pool) ?? []).filter((u) => (moved.get(userKey(u)) ?? pool) === pool);
    const arrived = [...moved]
      .filter(([sip, current]) => current === pool && this.canonicalPool(this.index.user(sip)?.homePool ?? pool) !== pool)
      .map(([sip]) => this.index.user(sip))
      .filter((u): u is User => u !== undefined);
    return [...stayed, ...arrived];
  }
}

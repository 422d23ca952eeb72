// The migration's view of a deployment: sites, pools of both versions, users, groups,
// conference directories and application endpoints. Loaded from a topology file (JSON or YAML)
// and validated with zod; the demo topology (demo-topology.ts) is the embedded default.
import { z } from 'zod';
import { MigrationFactsSchema, ProblemSeedSchema, RunbookSeedSchema } from './runbook/seed';

export const POOL_VERSIONS = ['OCS2007R2', 'Lync2013'] as const;
export type PoolVersion = (typeof POOL_VERSIONS)[number];
export const ROLES = ['admin', 'helpdesk', 'user'] as const;
export type Role = (typeof ROLES)[number];

export const ServiceStatusSchema = z.enum(['Running', 'Stopped', 'StartPending', 'StopPending', 'Paused']);
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const WindowsServiceSchema = z.object({
  name: z.string(), // RTCSRV, RTCCAA, ...
  displayName: z.string(),
  status: ServiceStatusSchema,
});
export type WindowsService = z.infer<typeof WindowsServiceSchema>;

export const ComputerSchema = z.object({
  fqdn: z.string(),
  services: z.array(WindowsServiceSchema),
});
export type Computer = z.infer<typeof ComputerSchema>;

export const PoolSchema = z.object({
  fqdn: z.string(),
  version: z.enum(POOL_VERSIONS),
  site: z.string(),
  computers: z.array(ComputerSchema),
});
export type Pool = z.infer<typeof PoolSchema>;

export const SiteSchema = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  /** The site's name in a reply language where it differs ("München" in German sentences); the canonical name stays the key. */
  localNames: z.object({ de: z.string().trim().min(1).max(100).optional(), en: z.string().trim().min(1).max(100).optional() }).strict().default({}),
  ocsPool: z.string(), // fqdn of the OCS 2007 R2 pool
  lyncPool: z.string().optional(), // fqdn of the Lync 2013 pool, absent while legacy
  /** Health-monitoring test users (one homed on each pool), used by coexistence tests. */
  testUsers: z.array(z.string()).default([]),
});
export type Site = z.infer<typeof SiteSchema>;

export const UserSchema = z.object({
  sip: z.string(), // lower-case, without "sip:"
  displayName: z.string(),
  aadObjectId: z.string(),
  homePool: z.string(),
  role: z.enum(ROLES).default('user'),
  enabled: z.boolean().default(true),
  testUser: z.boolean().default(false),
  /** When the user was moved to Lync 2013, if known (ISO time). */
  movedAt: z.string().optional(),
  /** Contacts kept in Exchange 2013 (unified contact store): a rollback to OCS needs Invoke-CsUcsRollback first. */
  contactsInUcs: z.boolean().optional(),
});
export type User = z.infer<typeof UserSchema>;

/** The pilot group's display name unless PILOT_GROUP names another (the demo topology's group). */
export const DEFAULT_PILOT_GROUP = 'Pilot';

export const GroupSchema = z.object({
  id: z.string(), // AAD object id
  name: z.string(),
  aliases: z.array(z.string()).default([]),
  members: z.array(z.string()), // SIP addresses
});
export type Group = z.infer<typeof GroupSchema>;

export const ConferenceDirectorySchema = z.object({
  identity: z.number().int().nonnegative(),
  pool: z.string(),
});
export type ConferenceDirectory = z.infer<typeof ConferenceDirectorySchema>;

export const APPLICATION_KINDS = ['responseGroup', 'dialIn', 'other'] as const;
export const ApplicationEndpointSchema = z.object({
  sip: z.string(),
  displayName: z.string(),
  pool: z.string(),
  /**
   * Whose contact object it is (Get-CsApplicationEndpoint OwnerUrn): a response group's contact
   * moves with Move-CsRgsConfiguration (the whole pool's workflows), never on its own.
   */
  application: z.enum(APPLICATION_KINDS).default('other'),
});
export type ApplicationEndpoint = z.infer<typeof ApplicationEndpointSchema>;

/** Exchange UM auto attendant and subscriber access contacts (Get-CsExUmContact). */
export const ExUmContactSchema = z.object({
  sip: z.string(),
  displayName: z.string(),
  pool: z.string(),
  autoAttendant: z.boolean().default(false),
});
export type ExUmContact = z.infer<typeof ExUmContactSchema>;

/** A coexistence result known before the bot started (seeded into the store once). */
export const SeedCoexistenceSchema = z
  .object({
    site: z.string(),
    passed: z.boolean(),
    at: z.string().optional(),
    /** Relative to the first start instead of `at`: a demo's results stay recent when it is installed. */
    hoursAgo: z.number().nonnegative().optional(),
  })
  .refine((e) => (e.at === undefined) !== (e.hoursAgo === undefined), { message: 'a coexistence history entry needs either at or hoursAgo' });

/** When a seeded coexistence result was taken (NaN for an unreadable `at`). */
export function seededCoexistenceTime(entry: z.infer<typeof SeedCoexistenceSchema>, now: number): number {
  return entry.hoursAgo !== undefined ? now - entry.hoursAgo * 3_600_000 : Date.parse(entry.at ?? '');
}

export const TopologySchema = z.object({
  name: z.string().default('custom'),
  sipDomain: z.string(),
  sites: z.array(SiteSchema).min(1),
  pools: z.array(PoolSchema).min(1),
  users: z.array(UserSchema),
  groups: z.array(GroupSchema).default([]),
  conferenceDirectories: z.array(ConferenceDirectorySchema).default([]),
  applicationEndpoints: z.array(ApplicationEndpointSchema).default([]),
  exUmContacts: z.array(ExUmContactSchema).default([]),
  coexistenceHistory: z.array(SeedCoexistenceSchema).default([]),
  /** Preparation facts of the deployment (the simulator's starting point); absent = not done. */
  migration: MigrationFactsSchema.default(() => MigrationFactsSchema.parse({})),
  /** Manual runbook steps and pilot sign-offs done before lyncops was installed. */
  runbookHistory: z.array(RunbookSeedSchema).default([]),
  /** Pilot problem reports made before lyncops was installed. */
  problemReports: z.array(ProblemSeedSchema).default([]),
});
export type Topology = z.infer<typeof TopologySchema>;
export type TopologyInput = z.input<typeof TopologySchema>;

/** Normalises a SIP address as the command contract wants it: lower case, no "sip:". */
export function normaliseSip(value: string): string {
  return value.trim().replace(/^sip:/i, '').toLowerCase();
}

/** The key a pool or computer FQDN is compared and looked up by: DNS names ignore case. */
export function fqdnKey(fqdn: string): string {
  return fqdn.toLowerCase();
}

/** Two FQDNs name the same host; a missing one matches nothing. */
export function sameFqdn(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && fqdnKey(a) === fqdnKey(b);
}

/** Fast lookups over a validated topology; built once, never mutated. */
export class TopologyIndex {
  readonly sitesByName = new Map<string, Site>();
  readonly poolsByFqdn = new Map<string, Pool>();
  readonly usersBySip = new Map<string, User>();
  readonly usersByAadId = new Map<string, User>();
  readonly groupsByName = new Map<string, Group>();
  readonly groupsById = new Map<string, Group>();

  constructor(readonly topology: Topology) {
    for (const s of topology.sites) this.sitesByName.set(s.name.toLowerCase(), s);
    for (const p of topology.pools) this.poolsByFqdn.set(fqdnKey(p.fqdn), p);
    for (const u of topology.users) {
      this.usersBySip.set(u.sip.toLowerCase(), u);
      this.usersByAadId.set(u.aadObjectId.toLowerCase(), u);
    }
    for (const g of topology.groups) {
      this.groupsByName.set(g.name.toLowerCase(), g);
      this.groupsById.set(g.id.toLowerCase(), g);
    }
  }

  site(name: string): Site | undefined {
    return this.sitesByName.get(name.toLowerCase());
  }
  pool(fqdn: string): Pool | undefined {
    return this.poolsByFqdn.get(fqdnKey(fqdn));
  }
  /** A site's name as `language` says it ("München"), or the name as given when no site has it. */
  localName(name: string, language: 'en' | 'de'): string {
    return localSiteName(this.site(name), language) || name;
  }
  siteOfPool(fqdn: string): Site | undefined {
    const pool = this.pool(fqdn);
    return pool ? this.site(pool.site) : undefined;
  }
  user(sip: string): User | undefined {
    return this.usersBySip.get(normaliseSip(sip));
  }
}

export function parseTopology(input: unknown): Topology {
  const topology = TopologySchema.parse(input);
  const problems = checkTopology(topology);
  if (problems.length) throw new Error(`invalid topology: ${problems.join('; ')}`);
  return topology;
}

/**
 * A topology this code built itself, already in TopologySchema's output form (no default left to
 * fill in): only the cross-reference checks run, not the schema. External topologies (TOPOLOGY_FILE)
 * always go through parseTopology.
 */
export function ownTopology(input: TopologyInput): Topology {
  const topology = input as Topology;
  const problems = checkTopology(topology);
  if (problems.length) throw new Error(`invalid topology: ${problems.join('; ')}`);
  return topology;
}

/** Cross-reference checks zod cannot express. */
export function checkTopology(t: Topology): string[] {
  const problems: string[] = [];
  const pools = new Map(t.pools.map((p) => [fqdnKey(p.fqdn), p]));
  const siteNames = new Set(t.sites.map((s) => s.name.toLowerCase()));
  for (const s of t.sites) {
    const ocs = pools.get(fqdnKey(s.ocsPool));
    if (!ocs || ocs.version !== 'OCS2007R2') problems.push(`site ${s.name}: ocsPool ${s.ocsPool} is not an OCS2007R2 pool`);
    if (s.lyncPool) {
      const lync = pools.get(fqdnKey(s.lyncPool));
      if (!lync || lync.version !== 'Lync2013') problems.push(`site ${s.name}: lyncPool ${s.lyncPool} is not a Lync2013 pool`);
      if (sameFqdn(s.lyncPool, s.ocsPool)) problems.push(`site ${s.name}: Lync pool FQDN must differ from the OCS pool`);
    }
  }
  for (const p of t.pools) if (!siteNames.has(p.site.toLowerCase())) problems.push(`pool ${p.fqdn}: unknown site ${p.site}`);
  for (const u of t.users) if (!pools.has(fqdnKey(u.homePool))) problems.push(`user ${u.sip}: unknown pool ${u.homePool}`);
  return problems.slice(0, 20);
}

/** A site's name as a sentence in `language` says it ("München" in German), else its canonical name. */
export function localSiteName(site: Pick<Site, 'name' | 'localNames'> | undefined, language: 'en' | 'de'): string {
  return site?.localNames?.[language] ?? site?.name ?? '';
}

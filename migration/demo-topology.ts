// The embedded demo deployment (README "Try it locally"): four sites in four phases, the fixed
// people outside checks rely on, and deterministic generated users. `generateTopology` also
// builds larger deployments for drills and benchmarks (same shape, more users).
import type { Computer, Pool, PoolVersion, TopologyInput, User } from './topology';
import { ownTopology, parseTopology, type Topology } from './topology';

const DOMAIN = 'contoso.com';
const MOVED_AT = '2026-10-12T09:00:00.000Z';

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Karla', 'Lukas', 'Mia', 'Noah', 'Olivia', 'Paul', 'Quirin', 'Rosa', 'Simon', 'Tina', 'Uwe', 'Vera', 'Willi', 'Xenia', 'Yusuf', 'Zoe', 'Liam', 'Sophie', 'Elias', 'Lena', 'Max', 'Nora'];
const LAST = ['Schmidt', 'Mueller', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Walker', 'Young', 'King', 'Hall', 'Lewis', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Rogers', 'Reed'];

const OCS_SERVICES: Array<[string, string]> = [
  ['RTCSRV', 'Office Communications Server Front-End'],
  ['RTCMEETINGMCU', 'Office Communications Server Web Conferencing'],
  ['RTCAVMCU', 'Office Communications Server Audio/Video Conferencing'],
  ['RTCIMMCU', 'Office Communications Server IM Conferencing'],
  ['RTCASMCU', 'Office Communications Server Application Sharing'],
  ['RTCCAA', 'Office Communications Server Conferencing Attendant'],
  ['RTCRGS', 'Office Communications Server Response Group'],
];
const LYNC_SERVICES: Array<[string, string]> = [
  ['RTCSRV', 'Lync Server Front-End'],
  ['RTCREPLICA', 'Lync Server Replica Replicator Agent'],
  ['RTCCLSAGT', 'Lync Server Centralized Logging Service Agent'],
  ['RTCDATAMCU', 'Lync Server Web Conferencing'],
  ['RTCAVMCU', 'Lync Server Audio/Video Conferencing'],
  ['RTCIMMCU', 'Lync Server IM Conferencing'],
  ['RTCASMCU', 'Lync Server Application Sharing'],
  ['RTCMEDSRV', 'Lync Server Mediation'],
  ['RTCCAA', 'Lync Server Conferencing Attendant'],
  ['RTCRGS', 'Lync Server Response Group'],
];

/** mulberry32: small deterministic PRNG, so the same seed gives the same deployment. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function computers(poolFqdn: string, version: PoolVersion, count: number): Computer[] {
  const [host, ...rest] = poolFqdn.split('.');
  const services = version === 'OCS2007R2' ? OCS_SERVICES : LYNC_SERVICES;
  return Array.from({ length: count }, (_, i) => ({
    fqdn: `${host}-fe${String(i + 1).padStart(2, '0')}.${rest.join('.')}`,
    services: services.map(([name, displayName]) => ({ name, displayName, status: 'Running' as const })),
  }));
}

function pool(fqdn: string, version: PoolVersion, site: string): Pool {
  return { fqdn, version, site, computers: computers(fqdn, version, 2) };
}

interface SiteSpec {
  name: string;
  code: string;
  aliases: string[];
  localNames?: { de?: string };
  lync: boolean;
  /** Share of generated users already on Lync 2013 at start. */
  movedShare: number;
}

const SITES: SiteSpec[] = [
  { name: 'Berlin', code: 'ber', aliases: [], lync: true, movedShare: 0 },
  { name: 'Munich', code: 'muc', aliases: ['München', 'Muenchen'], localNames: { de: 'München' }, lync: true, movedShare: 0.15 },
  { name: 'Hamburg', code: 'ham', aliases: [], lync: true, movedShare: 1 },
  { name: 'Frankfurt', code: 'fra', aliases: [], lync: false, movedShare: 0 },
];

const hex12 = (n: number) => n.toString(16).padStart(12, '0');

export interface GenerateOptions {
  usersPerSite?: number;
  /** Per-site overrides of usersPerSite, e.g. { Berlin: 100000 } for a one-site drill. */
  usersBySite?: Record<string, number>;
  seed?: number;
  /** Include the demo's awkward accounts (disabled user, name with spaces). */
  quirks?: boolean;
  name?: string;
}

export function generateTopologyInput(options: GenerateOptions = {}): TopologyInput {
  const usersPerSite = options.usersPerSite ?? 300;
  const random = seededRandom(options.seed ?? 2013);
  const quirks = options.quirks ?? true;
  const pools: Pool[] = [];
  const users: User[] = [];
  const bySite = new Map<string, User[]>();
  const sipTaken = new Set<string>();
  let serial = 0;

  const fixed: Array<Omit<User, 'enabled' | 'testUser'> & { site: string; pilot?: boolean; helpdesk?: boolean }> = [
    { sip: 'alex.wilber@contoso.com', displayName: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020', role: 'admin', site: 'Munich', homePool: 'lync-muc.contoso.local', movedAt: MOVED_AT },
    { sip: 'alice@contoso.com', displayName: 'Alice Schulz', aadObjectId: '11111111-0000-0000-0000-000000000001', role: 'user', site: 'Berlin', homePool: 'ocs-ber.contoso.local', pilot: true },
    { sip: 'bob@contoso.com', displayName: 'Bob Keller', aadObjectId: '11111111-0000-0000-0000-000000000002', role: 'user', site: 'Munich', homePool: 'lync-muc.contoso.local', pilot: true, movedAt: MOVED_AT, contactsInUcs: true },
    { sip: 'carol@contoso.com', displayName: 'Carol Braun', aadObjectId: '11111111-0000-0000-0000-000000000003', role: 'user', site: 'Berlin', homePool: 'ocs-ber.contoso.local' },
    { sip: 'dave@contoso.com', displayName: 'Dave Jansen', aadObjectId: '11111111-0000-0000-0000-000000000004', role: 'user', site: 'Frankfurt', homePool: 'ocs-fra.contoso.local' },
    { sip: 'helga@contoso.com', displayName: 'Helga Lorenz', aadObjectId: '11111111-0000-0000-0000-000000000005', role: 'helpdesk', site: 'Hamburg', homePool: 'lync-ham.contoso.local', helpdesk: true, movedAt: MOVED_AT },
    { sip: 'erin@contoso.com', displayName: 'Erin Hartmann', aadObjectId: '11111111-0000-0000-0000-000000000006', role: 'admin', site: 'Berlin', homePool: 'ocs-ber.contoso.local', pilot: true },
  ];

  const pilot: string[] = [];
  const helpdesk: string[] = [];
  for (const f of fixed) {
    const { site, pilot: isPilot, helpdesk: isHelpdesk, ...u } = f;
    const user: User = { ...u, enabled: true, testUser: false };
    users.push(user);
    sipTaken.add(user.sip);
    if (!bySite.has(site)) bySite.set(site, []);
    if (isPilot) pilot.push(user.sip);
    if (isHelpdesk) helpdesk.push(user.sip);
  }

  const sites = SITES.map((s) => {
    const ocsPool = `ocs-${s.code}.contoso.local`;
    const lyncPool = s.lync ? `lync-${s.code}.contoso.local` : undefined;
    pools.push(pool(ocsPool, 'OCS2007R2', s.name));
    if (lyncPool) pools.push(pool(lyncPool, 'Lync2013', s.name));
    const testUsers = [`test-${s.code}-ocs@contoso.com`, ...(lyncPool ? [`test-${s.code}-lync@contoso.com`] : [])];
    testUsers.forEach((sip, i) => {
      users.push({
        sip,
        displayName: `Health Test ${s.name} ${i === 0 ? 'OCS' : 'Lync'}`,
        aadObjectId: `33333333-0000-4000-8000-${hex12(++serial)}`,
        homePool: i === 0 ? ocsPool : lyncPool!,
        role: 'user',
        enabled: true,
        testUser: true,
      });
    });
    const generated: User[] = [];
    const count = options.usersBySite?.[s.name] ?? usersPerSite;
    for (let i = 0; i < count; i++) {
      const first = FIRST[Math.floor(random() * FIRST.length)];
      const last = LAST[Math.floor(random() * LAST.length)];
      let sip = `${first}.${last}`.toLowerCase() + `@${DOMAIN}`;
      for (let n = 2; sipTaken.has(sip); n++) sip = `${first}.${last}${n}`.toLowerCase() + `@${DOMAIN}`;
      sipTaken.add(sip);
      const moved = lyncPool !== undefined && i < Math.round(count * s.movedShare);
      const u: User = {
        sip,
        displayName: `${first} ${last}`,
        aadObjectId: `22222222-0000-4000-8000-${hex12(++serial)}`,
        homePool: moved ? lyncPool! : ocsPool,
        role: 'user',
        enabled: true,
        testUser: false,
        ...(moved ? { movedAt: MOVED_AT } : {}),
        // Every fourth moved user signed in with Lync 2013 against Exchange 2013: contacts in UCS.
        ...(moved && i % 4 === 0 ? { contactsInUcs: true } : {}),
      };
      generated.push(u);
      users.push(u);
    }
    bySite.set(s.name, generated);
    return { name: s.name, aliases: s.aliases, localNames: s.localNames ?? {}, ocsPool, ...(lyncPool ? { lyncPool } : {}), testUsers };
  });

  if (quirks && usersPerSite >= 10) {
    // Accounts a real deployment has: one whose name carries trailing spaces, one disabled.
    users.push({ sip: 'kai.leerzeichen@contoso.com', displayName: 'Kai Leerzeichen ', aadObjectId: `22222222-0000-4000-8000-${hex12(++serial)}`, homePool: 'ocs-ber.contoso.local', role: 'user', enabled: true, testUser: false });
    users.push({ sip: 'former.employee@contoso.com', displayName: 'Former Employee', aadObjectId: `22222222-0000-4000-8000-${hex12(++serial)}`, homePool: 'ocs-fra.contoso.local', role: 'user', enabled: false, testUser: false });
  }

  const take = (site: string, from: number, count: number) => (bySite.get(site) ?? []).slice(from, from + count).map((u) => u.sip);
  const pilotCount = Math.min(12, Math.floor(usersPerSite / 10));
  // Munich's pilot: the first generated users are the moved ones, so half of these are on Lync.
  const mucMoved = Math.round(usersPerSite * 0.15);
  const groups = [
    { id: '44444444-0000-4000-8000-000000000001', name: 'Pilot', aliases: ['Pilotgruppe', 'Pilot group', 'Pilot users', 'Pilotbenutzer'], members: [...pilot, ...take('Berlin', 0, pilotCount), ...take('Munich', Math.max(0, mucMoved - pilotCount / 2), pilotCount)] },
    { id: '44444444-0000-4000-8000-000000000002', name: 'Sales Berlin', aliases: ['Vertrieb Berlin'], members: take('Berlin', pilotCount, Math.min(40, Math.floor(usersPerSite / 5))) },
    { id: '44444444-0000-4000-8000-000000000003', name: 'Finance', aliases: ['Finanzen', 'Buchhaltung'], members: SITES.flatMap((s) => take(s.name, (bySite.get(s.name)?.length ?? 0) - 10, 10)) },
    { id: '44444444-0000-4000-8000-000000000004', name: 'Helpdesk', aliases: ['Service Desk'], members: [...helpdesk, ...take('Hamburg', 0, 4)] },
    { id: '44444444-0000-4000-8000-000000000005', name: 'LyncOps Admins', aliases: [], members: ['alex.wilber@contoso.com', 'erin@contoso.com'] },
  ];

  const conferenceDirectories = [
    { identity: 1, pool: 'ocs-ber.contoso.local' },
    { identity: 2, pool: 'ocs-ber.contoso.local' },
    { identity: 3, pool: 'ocs-muc.contoso.local' },
    { identity: 4, pool: 'ocs-muc.contoso.local' },
    { identity: 5, pool: 'lync-ham.contoso.local' },
    { identity: 6, pool: 'ocs-fra.contoso.local' },
  ];
  const applicationEndpoints = [
    { sip: 'rgs-ber-helpdesk@contoso.com', displayName: 'Berlin Helpdesk (Response Group)', pool: 'ocs-ber.contoso.local', application: 'responseGroup' as const },
    { sip: 'dialin-ber@contoso.com', displayName: 'Berlin Dial-in Access Number', pool: 'ocs-ber.contoso.local', application: 'dialIn' as const },
    { sip: 'rgs-muc-empfang@contoso.com', displayName: 'Munich Reception (Response Group)', pool: 'ocs-muc.contoso.local', application: 'responseGroup' as const },
    { sip: 'dialin-muc@contoso.com', displayName: 'Munich Dial-in Access Number', pool: 'ocs-muc.contoso.local', application: 'dialIn' as const },
    { sip: 'dialin-ham@contoso.com', displayName: 'Hamburg Dial-in Access Number', pool: 'lync-ham.contoso.local', application: 'dialIn' as const },
    { sip: 'dialin-fra@contoso.com', displayName: 'Frankfurt Dial-in Access Number', pool: 'ocs-fra.contoso.local', application: 'dialIn' as const },
  ];
  // Exchange UM contacts: Berlin's auto attendant and subscriber access still on OCS, Munich's
  // auto attendant on OCS, Hamburg's already moved (they never move back).
  const exUmContacts = [
    { sip: 'exum-aa-ber@contoso.com', displayName: 'Berlin Auto Attendant (Exchange UM)', pool: 'ocs-ber.contoso.local', autoAttendant: true },
    { sip: 'exum-sa-ber@contoso.com', displayName: 'Berlin Subscriber Access (Exchange UM)', pool: 'ocs-ber.contoso.local', autoAttendant: false },
    { sip: 'exum-aa-muc@contoso.com', displayName: 'Munich Auto Attendant (Exchange UM)', pool: 'ocs-muc.contoso.local', autoAttendant: true },
    { sip: 'exum-aa-ham@contoso.com', displayName: 'Hamburg Auto Attendant (Exchange UM)', pool: 'lync-ham.contoso.local', autoAttendant: true },
  ];

  return {
    name: options.name ?? 'demo',
    sipDomain: DOMAIN,
    sites,
    pools,
    users,
    groups,
    conferenceDirectories,
    applicationEndpoints,
    exUmContacts,
    coexistenceHistory: [
      // Relative, so a freshly installed demo can still move Munich and retire Hamburg's pool
      // within COEXISTENCE_MAX_AGE_HOURS; a long-running one has to test again, as a real site would.
      { site: 'Munich', passed: true, hoursAgo: 20 },
      { site: 'Hamburg', passed: true, hoursAgo: 30 },
    ],
    // Topology merged and legacy configuration imported once for the deployment; conference
    // directories imported for Munich and Hamburg only, so Berlin's and Frankfurt's stay unseen.
    migration: {
      topologyMerged: true,
      legacyConfigImported: true,
      userReplicatorSynced: true,
      legacyDirectoriesImported: ['ocs-muc.contoso.local', 'ocs-ham.contoso.local'],
    },
    // Munich's pilot is signed off (the site-wide move is open); its reports were resolved.
    // Hamburg is done up to the decommission; Munich's pilot runs and is not signed off yet.
    runbookHistory: [
      { site: 'Hamburg', step: 'clientVersionFilter', by: 'Erin Hartmann', hoursAgo: 2000, comment: 'OC 15.* blocked on ocs-ham' },
      { site: 'Hamburg', step: 'pilotSignOff', by: 'Alex Wilber', hoursAgo: 1500 },
      { site: 'Hamburg', step: 'edgeFederation', by: 'Alex Wilber', hoursAgo: 1200, comment: 'federation route on lync-edge-ham' },
      { site: 'Munich', step: 'clientVersionFilter', by: 'Alex Wilber', hoursAgo: 1700 },
      { site: 'Munich', step: 'pilotSignOff', by: 'Alex Wilber', hoursAgo: 48 },
    ],
    // One open report at Munich, filed after the sign-off (which it therefore did not block): the
    // status card and the runbook show it, and the site-wide move stays open.
    problemReports: [{ reporter: 'bob@contoso.com', text: 'Presence of colleagues still on OCS shows as unknown since yesterday', hoursAgo: 5, lang: 'en' }],
  };
}

let demo: Topology | undefined;
/**
 * The embedded default deployment (300 generated users per site). It is written in the schema's
 * output form, so every start skips the zod pass over its 1,216 users (about 10 ms before the first
 * answer) and keeps the cross-reference checks; test/migration/demo-topology.test.ts holds the
 * schema's parse to change nothing in it.
 */
export function demoTopology(): Topology {
  demo ??= ownTopology(generateTopologyInput());
  return demo;
}

export function generateTopology(options: GenerateOptions): Topology {
  return parseTopology(generateTopologyInput(options));
}

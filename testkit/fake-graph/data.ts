// The directory the fake Microsoft Graph serves, built from a Topology: users as Graph user
// objects (SIP in imAddresses or only as a SIP: proxy address, as real tenants mix both), groups
// with direct and nested members, and the role groups the bot's ADMIN_GROUP / HELPDESK_GROUP name.
import type { Group, Topology } from '../../migration/topology';

export interface FakeGraphUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string;
  accountEnabled: boolean;
  imAddresses: string[];
  proxyAddresses: string[];
  businessPhones: string[];
  jobTitle: string | null;
  mobilePhone: string | null;
  officeLocation: string | null;
  preferredLanguage: string | null;
}

export interface FakeGraphGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  mailNickname: string;
}

/** A group to add to the topology's: members by SIP, nested groups by id. */
export interface FakeGroupSpec {
  id: string;
  name: string;
  members?: string[];
  groups?: string[];
}

export const ADMIN_GROUP_NAME = 'LyncOps Admins';
export const HELPDESK_GROUP_NAME = 'LyncOps Helpdesk';
const SYNTH_ADMIN_ID = '55555555-0000-4000-8000-000000000001';
const SYNTH_HELPDESK_ID = '55555555-0000-4000-8000-000000000002';

/** Properties Graph returns for a user when the request has no $select. */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone',
  'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id',
];

function capitalised(sip: string): string {
  return sip.charAt(0).toUpperCase() + sip.slice(1);
}

/** Three shapes of the same SIP address, so clients must cope with each. */
function addresses(sip: string, index: number): Pick<FakeGraphUser, 'imAddresses' | 'proxyAddresses'> {
  const smtp = `SMTP:${sip}`;
  switch (index % 3) {
    case 0:
      return { imAddresses: [sip], proxyAddresses: [smtp, `SIP:${sip}`] };
    case 1:
      return { imAddresses: [`sip:${sip}`], proxyAddresses: [smtp] };
    default:
      return { imAddresses: [], proxyAddresses: [smtp, `smtp:${sip.replace('@', '.alias@')}`, `SIP:${capitalised(sip)}`] };
  }
}

export class FakeDirectoryData {
  readonly users: FakeGraphUser[] = [];
  readonly groups: FakeGraphGroup[] = [];
  private readonly usersByKey = new Map<string, FakeGraphUser>();
  private readonly groupsById = new Map<string, FakeGraphGroup>();
  private readonly memberUsers = new Map<string, string[]>();
  private readonly memberGroups = new Map<string, string[]>();
  private readonly transitiveCache = new Map<string, FakeGraphUser[]>();

  constructor(topology: Topology, extraGroups: FakeGroupSpec[] = []) {
    topology.users.forEach((u, i) => {
      const [given, ...rest] = u.displayName.trim().split(/\s+/);
      const user: FakeGraphUser = {
        id: u.aadObjectId,
        displayName: u.displayName,
        givenName: given ?? null,
        surname: rest.join(' ') || null,
        userPrincipalName: u.sip,
        mail: u.sip,
        accountEnabled: u.enabled,
        ...addresses(u.sip, i),
        businessPhones: [],
        jobTitle: null,
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: 'de-DE',
      };
      this.users.push(user);
      this.usersByKey.set(user.id.toLowerCase(), user);
      this.usersByKey.set(user.userPrincipalName.toLowerCase(), user);
    });
    const specs: FakeGroupSpec[] = topology.groups.map((g: Group) => ({ id: g.id, name: g.name, members: g.members }));
    const names = new Set(specs.map((g) => g.name.toLowerCase()));
    const withRole = (role: string) => topology.users.filter((u) => u.role === role).map((u) => u.sip);
    if (!names.has(ADMIN_GROUP_NAME.toLowerCase())) specs.push({ id: SYNTH_ADMIN_ID, name: ADMIN_GROUP_NAME, members: withRole('admin') });
    if (!names.has(HELPDESK_GROUP_NAME.toLowerCase())) specs.push({ id: SYNTH_HELPDESK_ID, name: HELPDESK_GROUP_NAME, members: withRole('helpdesk') });
    for (const spec of [...specs, ...extraGroups]) this.addGroup(spec);
  }

  private addGroup(spec: FakeGroupSpec): void {
    const group: FakeGraphGroup = {
      id: spec.id,
      displayName: spec.name,
      description: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      mailNickname: spec.name.replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'group',
    };
    this.groups.push(group);
    this.groupsById.set(group.id.toLowerCase(), group);
    const userIds = (spec.members ?? []).flatMap((sip) => {
      const user = this.usersByKey.get(sip.toLowerCase());
      return user ? [user.id] : [];
    });
    this.memberUsers.set(group.id.toLowerCase(), userIds);
    this.memberGroups.set(group.id.toLowerCase(), (spec.groups ?? []).map((g) => g.toLowerCase()));
  }

  /** A user by object id or user principal name. */
  user(key: string): FakeGraphUser | undefined {
    return this.usersByKey.get(key.toLowerCase());
  }

  group(id: string): FakeGraphGroup | undefined {
    return this.groupsById.get(id.toLowerCase());
  }

  /** Graph compares display names in $filter case-insensitively. */
  groupsNamed(name: string): FakeGraphGroup[] {
    const wanted = name.toLowerCase();
    return this.groups.filter((g) => g.displayName.toLowerCase() === wanted);
  }

  directUsers(groupId: string): FakeGraphUser[] {
    return (this.memberUsers.get(groupId.toLowerCase()) ?? []).map((id) => this.usersByKey.get(id.toLowerCase())!);
  }

  directGroups(groupId: string): FakeGraphGroup[] {
    return (this.memberGroups.get(groupId.toLowerCase()) ?? []).flatMap((id) => this.groupsById.get(id) ?? []);
  }

  /** Every user in the group or in groups nested in it, each once, in a stable order. */
  transitiveUsers(groupId: string): FakeGraphUser[] {
    const key = groupId.toLowerCase();
    const cached = this.transitiveCache.get(key);
    if (cached) return cached;
    const users = new Map<string, FakeGraphUser>();
    const visited = new Set<string>();
    const visit = (id: string) => {
      if (visited.has(id)) return;
      visited.add(id);
      for (const u of this.directUsers(id)) users.set(u.id, u);
      for (const g of this.memberGroups.get(id) ?? []) visit(g);
    };
    visit(key);
    const result = [...users.values()];
    this.transitiveCache.set(key, result);
    return result;
  }

  /** Nested groups of a group, transitively. */
  transitiveGroups(groupId: string): FakeGraphGroup[] {
    const found = new Map<string, FakeGraphGroup>();
    const visit = (id: string) => {
      for (const g of this.directGroups(id)) {
        if (found.has(g.id)) continue;
        found.set(g.id, g);
        visit(g.id);
      }
    };
    visit(groupId);
    return [...found.values()];
  }

  /** Whether the user is a member of the group, directly or through nesting. */
  isTransitiveMember(userId: string, groupId: string): boolean {
    return this.transitiveUsers(groupId).some((u) => u.id.toLowerCase() === userId.toLowerCase());
  }
}

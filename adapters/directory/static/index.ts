// Directory port served from the topology file: people by AAD object id, groups by name, alias
// or id, transitive membership, and roles (configured admin users and groups first, then the
// topology's role field). The default directory for local runs and the demo.
import { z } from 'zod';
import { LyncOpsError } from '../../../migration/errors';
import type { Directory, DirectoryGroup, DirectoryUser } from '../../../migration/ports';
import { normaliseSip, type Group, type Role, type Topology, type User } from '../../../migration/topology';

export const StaticDirectoryOptionsSchema = z.object({
  /** Group (name, alias or id) whose members are admins. */
  adminGroup: z.string().trim().min(1).optional(),
  /** Group (name, alias or id) whose members are helpdesk. */
  helpdeskGroup: z.string().trim().min(1).optional(),
  /** Admins by SIP address or AAD object id. */
  adminUsers: z.array(z.string().trim().min(1)).default([]),
});
export type StaticDirectoryOptions = z.input<typeof StaticDirectoryOptionsSchema>;

const Id = z.string().trim().min(1).max(256);

function parse(value: unknown, what: string): string {
  const result = Id.safeParse(value);
  if (!result.success) throw new LyncOpsError('INVALID_INPUT', `${what}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  return result.data;
}

export class StaticDirectory implements Directory {
  private readonly usersByAadId = new Map<string, User>();
  private readonly usersBySip = new Map<string, User>();
  /** Groups by lower-case id, name and alias. */
  private readonly groups = new Map<string, Group>();
  /** Lower-case display names more than one group has, with those groups' ids. */
  private readonly sharedNames = new Map<string, string[]>();
  private readonly adminUsers: Set<string>;
  private readonly adminGroup?: string;
  private readonly helpdeskGroup?: string;

  constructor(topology: Topology, options: StaticDirectoryOptions = {}) {
    const parsed = StaticDirectoryOptionsSchema.safeParse(options);
    if (!parsed.success) throw new LyncOpsError('INVALID_INPUT', `static directory options: ${parsed.error.message}`);
    for (const u of topology.users) {
      this.usersByAadId.set(u.aadObjectId.toLowerCase(), u);
      this.usersBySip.set(normaliseSip(u.sip), u);
    }
    // Ids first, then names, then aliases: an exact id or name wins over someone else's alias.
    for (const g of topology.groups) for (const alias of g.aliases) this.groups.set(alias.trim().toLowerCase(), g);
    for (const g of topology.groups) this.groups.set(g.name.trim().toLowerCase(), g);
    for (const g of topology.groups) this.groups.set(g.id.toLowerCase(), g);
    // Display names several groups share: answering with one of them would be a guess.
    const byName = new Map<string, Group[]>();
    for (const g of topology.groups) byName.set(g.name.trim().toLowerCase(), [...(byName.get(g.name.trim().toLowerCase()) ?? []), g]);
    for (const [name, groups] of byName) if (groups.length > 1) this.sharedNames.set(name, groups.map((g) => g.id));
    this.adminUsers = new Set(parsed.data.adminUsers.map((a) => normaliseSip(a)));
    this.adminGroup = parsed.data.adminGroup;
    this.helpdeskGroup = parsed.data.helpdeskGroup;
  }

  async userByAadObjectId(id: string): Promise<DirectoryUser | null> {
    const user = this.usersByAadId.get(parse(id, 'AAD object id').toLowerCase());
    return user ? this.directoryUser(user) : null;
  }

  async roleOf(user: DirectoryUser): Promise<Role> {
    const known = this.usersByAadId.get(user.aadObjectId.toLowerCase()) ?? (user.sip ? this.usersBySip.get(normaliseSip(user.sip)) : undefined);
    const sip = user.sip ? normaliseSip(user.sip) : known ? normaliseSip(known.sip) : undefined;
    if (this.adminUsers.has(user.aadObjectId.toLowerCase()) || (sip && this.adminUsers.has(sip))) return 'admin';
    if (sip && this.inGroup(this.adminGroup, sip)) return 'admin';
    if (sip && this.inGroup(this.helpdeskGroup, sip)) return 'helpdesk';
    return known?.role ?? 'user';
  }

  async groupByName(name: string): Promise<DirectoryGroup | null> {
    const ids = this.sharedNames.get(parse(name, 'group name').toLowerCase());
    if (ids) throw new LyncOpsError('GROUP_AMBIGUOUS', `${ids.length} groups are named ${JSON.stringify(name.trim())}: ${ids.join(', ')}`, { name: name.trim(), ids });
    const group = this.groups.get(parse(name, 'group name').toLowerCase());
    return group ? { id: group.id, displayName: group.name } : null;
  }

  /** The configured role groups: a display name must name exactly one group of the topology. */
  async checkRoleGroups(): Promise<void> {
    for (const [configured, variable] of [
      [this.adminGroup, 'ADMIN_GROUP'],
      [this.helpdeskGroup, 'HELPDESK_GROUP'],
    ] as const) {
      if (!configured) continue;
      const ids = this.sharedNames.get(configured.trim().toLowerCase());
      if (ids) throw new LyncOpsError('GROUP_AMBIGUOUS', `${variable} ${JSON.stringify(configured)} names ${ids.length} groups (${ids.join(', ')}); give the object id of the one meant`, { ids });
      if (!this.groups.has(configured.trim().toLowerCase())) throw new LyncOpsError('GROUP_NOT_FOUND', `${variable} names no group of the topology (${JSON.stringify(configured)}); give the group's object id or name`);
    }
  }

  async transitiveMembers(groupId: string): Promise<DirectoryUser[]> {
    const group = this.groups.get(parse(groupId, 'group id').toLowerCase());
    if (!group) throw new LyncOpsError('GROUP_NOT_FOUND', `group ${groupId} does not exist in the topology`);
    return [...this.memberSips(group)]
      .map((sip) => this.usersBySip.get(sip))
      .filter((u): u is User => u !== undefined)
      .map((u) => this.directoryUser(u));
  }

  async isMember(aadObjectId: string, groupId: string): Promise<boolean> {
    const user = this.usersByAadId.get(parse(aadObjectId, 'AAD object id').toLowerCase());
    const group = this.groups.get(parse(groupId, 'group id').toLowerCase());
    if (!user || !group) return false;
    return this.memberSips(group).has(normaliseSip(user.sip));
  }

  private directoryUser(user: User): DirectoryUser {
    const sip = normaliseSip(user.sip);
    return { aadObjectId: user.aadObjectId, displayName: user.displayName, sip, userPrincipalName: sip };
  }

  private inGroup(groupRef: string | undefined, sip: string): boolean {
    const group = groupRef ? this.groups.get(groupRef.toLowerCase()) : undefined;
    return group ? this.memberSips(group).has(sip) : false;
  }

  /** Member SIP addresses, following members that name another group (cycles stop). */
  private memberSips(root: Group): Set<string> {
    const sips = new Set<string>();
    const seen = new Set<Group>();
    const visit = (group: Group) => {
      if (seen.has(group)) return;
      seen.add(group);
      for (const member of group.members) {
        const sip = normaliseSip(member);
        if (this.usersBySip.has(sip)) sips.add(sip);
        else {
          const nested = this.groups.get(member.trim().toLowerCase());
          if (nested) visit(nested);
          else sips.add(sip);
        }
      }
    };
    visit(root);
    return sips;
  }
}

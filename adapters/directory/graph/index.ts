// The Directory port over Microsoft Graph (Entra ID): callers by AAD object id, groups by name or
// id, transitive members paged and cached, roles from the configured admin / helpdesk groups.
import { LyncOpsError } from '../../../migration/errors';
import { silentLogger, systemClock, type Clock, type Directory, type DirectoryGroup, type DirectoryUser, type Logger } from '../../../migration/ports';
import { normaliseSip, type Role } from '../../../migration/topology';
import { GraphTransport, createCredential } from './client';
import { parseGraphDirectoryOptions, type GraphDirectoryOptions, type ParsedGraphDirectoryOptions } from './options';
import {
  CheckMemberGroupsSchema,
  GROUP_SELECT,
  GraphGroupSchema,
  GraphUserSchema,
  GroupListSchema,
  MEMBERS_PAGE_SIZE,
  USER_SELECT,
  UserPageSchema,
  displayNameFilter,
  looksLikeObjectId,
  toDirectoryGroup,
  toDirectoryUser,
} from './schemas';
import { TtlCache } from './ttl-cache';

export type { GraphDirectoryOptions } from './options';
export { sipOf } from './schemas';

interface RoleGroups {
  admin?: string;
  helpdesk?: string;
}

const segment = (id: string) => encodeURIComponent(id.trim());

export class GraphDirectory implements Directory {
  private readonly options: ParsedGraphDirectoryOptions;
  private readonly transport: GraphTransport;
  private readonly logger: Logger;
  private readonly members: TtlCache<DirectoryUser[]>;
  private readonly roleGroups: TtlCache<RoleGroups>;
  private readonly adminUsers: Set<string>;

  constructor(options: GraphDirectoryOptions) {
    this.options = parseGraphDirectoryOptions(options);
    const clock: Clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'directory.graph' });
    const credential = options.credential ?? createCredential(this.options);
    this.transport = new GraphTransport(this.options, credential, this.logger, clock);
    this.members = new TtlCache(this.options.cacheTtlMs, clock);
    this.roleGroups = new TtlCache(this.options.cacheTtlMs, clock);
    this.adminUsers = new Set(this.options.adminUsers.map((u) => (u.includes('@') ? normaliseSip(u) : u.toLowerCase())));
  }

  async userByAadObjectId(id: string): Promise<DirectoryUser | null> {
    if (!id.trim()) return null;
    const result = await this.transport.find(`/users/${segment(id)}?$select=${USER_SELECT}`, GraphUserSchema, 'GET /users/{id}');
    return result.found ? toDirectoryUser(result.value) : null;
  }

  async groupByName(name: string): Promise<DirectoryGroup | null> {
    const wanted = name.trim();
    if (!wanted) return null;
    if (looksLikeObjectId(wanted)) {
      const byId = await this.transport.find(`/groups/${segment(wanted)}?$select=${GROUP_SELECT}`, GraphGroupSchema, 'GET /groups/{id}');
      if (byId.found) return toDirectoryGroup(byId.value);
    }
    // The client puts query values into the URL as they are, so the filter is encoded here
    // (a name may hold '&', '#' or '+').
    const filter = encodeURIComponent(displayNameFilter(wanted));
    const list = await this.transport.get(`/groups?$filter=${filter}&$select=${GROUP_SELECT}`, GroupListSchema, 'GET /groups?$filter');
    if (list.value.length === 0) return null;
    if (list.value.length > 1) {
      const ids = list.value.map((g) => g.id);
      this.logger.warn({ group: wanted, matches: ids }, 'several groups share this display name; refused');
      throw new LyncOpsError('GROUP_AMBIGUOUS', `${list.value.length} groups are named ${JSON.stringify(wanted)}: ${ids.join(', ')}`, { name: wanted, ids });
    }
    return toDirectoryGroup(list.value[0]);
  }

  async transitiveMembers(groupId: string): Promise<DirectoryUser[]> {
    const key = groupId.trim().toLowerCase();
    const members = await this.members.get(key, () => this.fetchTransitiveMembers(groupId.trim()));
    return members.slice();
  }

  /** Forgets cached group memberships (all, or one group's). */
  invalidate(groupId?: string): void {
    this.members.invalidate(groupId?.trim().toLowerCase());
  }

  async isMember(aadObjectId: string, groupId: string): Promise<boolean> {
    let id = groupId.trim();
    if (!looksLikeObjectId(id)) {
      const group = await this.groupByName(id);
      if (!group) return false;
      id = group.id;
    }
    const memberOf = await this.checkMemberGroups(aadObjectId, [id]);
    return memberOf.has(id.toLowerCase());
  }

  async roleOf(user: DirectoryUser): Promise<Role> {
    if (this.isConfiguredAdmin(user)) return 'admin';
    const groups = await this.resolveRoleGroups();
    const ids = [groups.admin, groups.helpdesk].filter((g): g is string => g !== undefined);
    if (ids.length === 0) return 'user';
    const memberOf = await this.checkMemberGroups(user.aadObjectId, ids);
    if (groups.admin && memberOf.has(groups.admin.toLowerCase())) return 'admin';
    if (groups.helpdesk && memberOf.has(groups.helpdesk.toLowerCase())) return 'helpdesk';
    return 'user';
  }

  private isConfiguredAdmin(user: DirectoryUser): boolean {
    if (this.adminUsers.size === 0) return false;
    return this.adminUsers.has(user.aadObjectId.toLowerCase()) || (user.sip !== undefined && this.adminUsers.has(normaliseSip(user.sip)));
  }

  /** Group ids for the configured role groups; display names are resolved once, misses retried after the TTL. */
  private resolveRoleGroups(): Promise<RoleGroups> {
    const { adminGroup, helpdeskGroup } = this.options;
    return this.roleGroups.get(
      'roles',
      async () => {
        const [admin, helpdesk] = await Promise.all([this.resolveGroupId(adminGroup, 'admin'), this.resolveGroupId(helpdeskGroup, 'helpdesk')]);
        return { ...(admin ? { admin } : {}), ...(helpdesk ? { helpdesk } : {}) };
      },
      (resolved) =>
        (adminGroup && !resolved.admin) || (helpdeskGroup && !resolved.helpdesk) ? this.options.cacheTtlMs : Number.POSITIVE_INFINITY,
    );
  }

  /** Resolves ADMIN_GROUP and HELPDESK_GROUP now: a name must match exactly one group. */
  async checkRoleGroups(): Promise<void> {
    for (const [configured, variable] of [
      [this.options.adminGroup, 'ADMIN_GROUP'],
      [this.options.helpdeskGroup, 'HELPDESK_GROUP'],
    ] as const) {
      if (!configured || looksLikeObjectId(configured)) continue;
      const group = await this.groupByName(configured).catch((error: unknown) => {
        if (error instanceof LyncOpsError && error.code === 'GROUP_AMBIGUOUS') {
          const ids = (error.details?.ids as string[] | undefined) ?? [];
          throw new LyncOpsError('GROUP_AMBIGUOUS', `${variable} ${JSON.stringify(configured)} names ${ids.length} groups (${ids.join(', ')}); give the object id of the one meant`, error.details);
        }
        throw error;
      });
      if (!group) throw new LyncOpsError('GROUP_NOT_FOUND', `${variable} names no group in the directory (${JSON.stringify(configured)}); give the group's object id`);
    }
  }

  private async resolveGroupId(configured: string | undefined, role: Role): Promise<string | undefined> {
    if (!configured) return undefined;
    if (looksLikeObjectId(configured)) return configured;
    const group = await this.groupByName(configured);
    if (!group) this.logger.warn({ role, group: configured }, 'configured role group not found in the directory; nobody gets this role from it');
    return group?.id;
  }

  /** POST /users/{id}/checkMemberGroups (transitive); an unknown user is in no group. */
  private async checkMemberGroups(aadObjectId: string, groupIds: string[]): Promise<Set<string>> {
    if (!aadObjectId.trim()) return new Set();
    const result = await this.transport.postFind(
      `/users/${segment(aadObjectId)}/checkMemberGroups`,
      { groupIds },
      CheckMemberGroupsSchema,
      'POST /users/{id}/checkMemberGroups',
    );
    return new Set(result.found ? result.value.value.map((g) => g.toLowerCase()) : []);
  }

  private async fetchTransitiveMembers(groupId: string): Promise<DirectoryUser[]> {
    const what = 'GET /groups/{id}/transitiveMembers';
    const first = await this.transport.find(
      `/groups/${segment(groupId)}/transitiveMembers/microsoft.graph.user?$select=${USER_SELECT}&$top=${MEMBERS_PAGE_SIZE}`,
      UserPageSchema,
      what,
    );
    if (!first.found) throw new LyncOpsError('GROUP_NOT_FOUND', `group ${groupId} not found in the directory`, { groupId });
    const members = first.value.value.map(toDirectoryUser);
    const seen = new Set<string>();
    let next = first.value['@odata.nextLink'];
    while (next) {
      if (seen.has(next)) throw new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what}: Graph returned the same next link twice`, { groupId });
      seen.add(next);
      const page = await this.transport.getLink(next, UserPageSchema, what);
      for (const user of page.value) members.push(toDirectoryUser(user));
      next = page['@odata.nextLink'];
    }
    this.logger.debug({ groupId, members: members.length, pages: seen.size + 1 }, 'group members fetched');
    return members;
  }
}

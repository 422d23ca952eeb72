// The Microsoft Graph v1.0 resources the fake serves, as plain request -> answer functions:
// groups by $filter, group by id, (transitive) members with $top paging and absolute
// @odata.nextLink skip tokens, user by id or UPN, checkMemberGroups. Errors use Graph's envelope,
// codes and status values, so a client sees what it would see from the real service.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { USER_DEFAULT_PROPERTIES, type FakeDirectoryData, type FakeGraphGroup, type FakeGraphUser } from './data';

export interface GraphCall {
  method: string;
  /** Path below the version segment, without a leading slash ("groups/{id}"). */
  path: string;
  /** The raw query string without "?", as sent. */
  rawQuery: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** https://host:port the client used, for @odata.context and nextLinks. */
  origin: string;
}

export interface GraphAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_PAGE = 999;
const DEFAULT_PAGE = 100;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_PROPERTIES = new Set<string>([...USER_DEFAULT_PROPERTIES, 'accountEnabled', 'imAddresses', 'proxyAddresses']);
const GROUP_PROPERTIES = new Set(['id', 'displayName', 'description', 'mailEnabled', 'securityEnabled', 'groupTypes', 'mailNickname']);
const CheckMemberGroupsBody = z.object({ groupIds: z.array(z.string()).min(1).max(20) });

export function graphError(status: number, code: string, message: string): GraphAnswer {
  return {
    status,
    body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } },
  };
}

const ok = (body: unknown): GraphAnswer => ({ status: 200, body });

function selected(call: GraphCall): string[] | undefined {
  const raw = call.query.get('$select');
  return raw ? raw.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
}

/** Applies $select (id always included) or the type's default property set. */
function project(entity: FakeGraphUser | FakeGraphGroup, fields: string[] | undefined, defaults: string[] | undefined, typeName?: string): Record<string, unknown> {
  const source = entity as unknown as Record<string, unknown>;
  const keys = fields ?? defaults ?? Object.keys(source);
  const out: Record<string, unknown> = typeName ? { '@odata.type': `#microsoft.graph.${typeName}` } : {};
  for (const key of ['id', ...keys]) if (key in source) out[key] = source[key];
  return out;
}

function unknownProperty(fields: string[] | undefined, known: Set<string>, type: string): GraphAnswer | undefined {
  const bad = fields?.find((f) => !known.has(f));
  return bad ? graphError(400, 'Request_BadRequest', `Could not find a property named '${bad}' on type 'microsoft.graph.${type}'.`) : undefined;
}

function pageSize(call: GraphCall): number | GraphAnswer {
  const raw = call.query.get('$top');
  if (raw === null) return DEFAULT_PAGE;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE) {
    return graphError(400, 'Request_BadRequest', `Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_PAGE} inclusive.`);
  }
  return top;
}

function offsetOf(call: GraphCall): number | GraphAnswer {
  const token = call.query.get('$skiptoken');
  if (token === null) return 0;
  const decoded = /^RFNwd(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return decoded ? Number(decoded[1]) : graphError(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
}

/** One page of a collection, with an absolute nextLink that repeats the query and adds $skiptoken. */
function page(call: GraphCall, items: Array<Record<string, unknown>>, context: string): GraphAnswer {
  const top = pageSize(call);
  if (typeof top !== 'number') return top;
  const offset = offsetOf(call);
  if (typeof offset !== 'number') return offset;
  const body: Record<string, unknown> = { '@odata.context': `${call.origin}/v1.0/$metadata#${context}`, value: items.slice(offset, offset + top) };
  if (offset + top < items.length) {
    const kept = call.rawQuery.split('&').filter((p) => p && !/^\$skiptoken=/i.test(p));
    const token = Buffer.from(`RFNwd${offset + top}`).toString('base64url');
    body['@odata.nextLink'] = `${call.origin}/v1.0/${call.path}?${[...kept, `$skiptoken=${token}`].join('&')}`;
  }
  return ok(body);
}

/** Queries Graph accepts only as "advanced queries" (ConsistencyLevel: eventual). */
function advancedQueryRefused(call: GraphCall): GraphAnswer | undefined {
  const advanced = call.query.has('$search') || call.query.get('$count') === 'true';
  return advanced && call.headers['consistencylevel'] !== 'eventual'
    ? graphError(400, 'Request_UnsupportedQuery', "Unsupported query: $count and $search need the header 'ConsistencyLevel: eventual'.")
    : undefined;
}

function listGroups(data: FakeDirectoryData, call: GraphCall): GraphAnswer {
  const fields = selected(call);
  const refused = unknownProperty(fields, GROUP_PROPERTIES, 'group') ?? advancedQueryRefused(call);
  if (refused) return refused;
  const filter = call.query.get('$filter');
  let groups = data.groups;
  if (filter !== null) {
    const match = /^\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter);
    if (!match) return graphError(400, 'Request_UnsupportedQuery', `Invalid filter clause: ${filter}`);
    groups = data.groupsNamed(match[1].replace(/''/g, "'"));
  }
  return page(call, groups.map((g) => project(g, fields, undefined)), 'groups');
}

function groupNotFound(id: string): GraphAnswer {
  return GUID.test(id)
    ? graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`)
    : graphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);
}

function members(data: FakeDirectoryData, call: GraphCall, id: string, relation: string, cast: string | undefined): GraphAnswer {
  const group = data.group(id);
  if (!group) return groupNotFound(id);
  const fields = selected(call);
  const refused = (cast === 'microsoft.graph.user' ? unknownProperty(fields, USER_PROPERTIES, 'user') : undefined) ?? advancedQueryRefused(call);
  if (refused) return refused;
  const transitive = relation === 'transitiveMembers';
  const users = transitive ? data.transitiveUsers(id) : data.directUsers(id);
  const groups = cast ? [] : transitive ? data.transitiveGroups(id) : data.directGroups(id);
  const items = [
    ...users.map((u) => project(u, fields, USER_DEFAULT_PROPERTIES, cast ? undefined : 'user')),
    ...groups.map((g) => project(g, fields, undefined, 'group')),
  ];
  return page(call, items, cast ? 'users' : 'directoryObjects');
}

function getUser(data: FakeDirectoryData, call: GraphCall, key: string): GraphAnswer {
  const fields = selected(call);
  const refused = unknownProperty(fields, USER_PROPERTIES, 'user');
  if (refused) return refused;
  const user = data.user(key);
  if (!user) return graphError(404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
  return ok({ '@odata.context': `${call.origin}/v1.0/$metadata#users/$entity`, ...project(user, fields, USER_DEFAULT_PROPERTIES) });
}

function checkMemberGroups(data: FakeDirectoryData, call: GraphCall, key: string): GraphAnswer {
  let json: unknown;
  try {
    json = JSON.parse(call.body);
  } catch {
    return graphError(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  const body = CheckMemberGroupsBody.safeParse(json);
  if (!body.success) return graphError(400, 'Request_BadRequest', 'groupIds must hold between 1 and 20 group ids.');
  const user = data.user(key);
  if (!user) return graphError(404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
  const value = body.data.groupIds.filter((g) => data.group(g) !== undefined && data.isTransitiveMember(user.id, g));
  return ok({ '@odata.context': `${call.origin}/v1.0/$metadata#Collection(Edm.String)`, value });
}

/** Answers one authenticated Graph v1.0 call. */
export function answerGraph(data: FakeDirectoryData, call: GraphCall): GraphAnswer {
  const segments = call.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const [collection, id, relation, cast, ...rest] = segments;
  if (call.method === 'GET' && collection === 'groups') {
    if (id === undefined) return listGroups(data, call);
    if (relation === undefined) {
      const fields = selected(call);
      const group = data.group(id);
      return unknownProperty(fields, GROUP_PROPERTIES, 'group') ?? (group ? ok({ '@odata.context': `${call.origin}/v1.0/$metadata#groups/$entity`, ...project(group, fields, undefined) }) : groupNotFound(id));
    }
    if ((relation === 'members' || relation === 'transitiveMembers') && rest.length === 0 && (cast === undefined || cast === 'microsoft.graph.user')) {
      return members(data, call, id, relation, cast);
    }
  }
  if (collection === 'users' && id !== undefined) {
    if (call.method === 'GET' && relation === undefined) return getUser(data, call, id);
    if (call.method === 'POST' && relation === 'checkMemberGroups' && cast === undefined) return checkMemberGroups(data, call, id);
  }
  const last = segments[segments.length - 1] ?? '';
  return graphError(400, 'BadRequest', `Resource not found for the segment '${last}'.`);
}

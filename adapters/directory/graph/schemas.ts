// The shapes of the Microsoft Graph responses the directory adapter reads, validated with zod,
// and the pure helpers that turn them into directory records (SIP address, OData literals).
import { z } from 'zod';
import { normaliseSip } from '../../../migration/topology';
import type { DirectoryGroup, DirectoryUser } from '../../../migration/ports';

/** Properties requested for every user, so the SIP address can be derived. */
export const USER_SELECT = 'id,displayName,userPrincipalName,imAddresses,proxyAddresses';
export const GROUP_SELECT = 'id,displayName';
/** Largest page Graph serves for directory-object collections. */
export const MEMBERS_PAGE_SIZE = 999;

export const GraphUserSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  imAddresses: z.array(z.string()).nullish(),
  proxyAddresses: z.array(z.string()).nullish(),
});
export type GraphUser = z.infer<typeof GraphUserSchema>;

export const GraphGroupSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
});
export type GraphGroup = z.infer<typeof GraphGroupSchema>;

export const GroupListSchema = z.object({
  value: z.array(GraphGroupSchema),
});

export const UserPageSchema = z.object({
  value: z.array(GraphUserSchema),
  '@odata.nextLink': z.string().url().optional(),
});
export type UserPage = z.infer<typeof UserPageSchema>;

export const CheckMemberGroupsSchema = z.object({
  value: z.array(z.string()),
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entra object ids are GUIDs; anything else given as a group is a display name. */
export function looksLikeObjectId(value: string): boolean {
  return GUID.test(value.trim());
}

/** An OData string literal: single quotes around, every quote inside doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The $filter that finds groups by display name (Graph compares case-insensitively). */
export function displayNameFilter(name: string): string {
  return `displayName eq ${odataString(name)}`;
}

function asSip(value: string): string | undefined {
  const sip = normaliseSip(value);
  return sip.includes('@') && !/\s/.test(sip) ? sip : undefined;
}

/**
 * The user's SIP address: Graph keeps it in imAddresses (with or without "sip:"); accounts
 * synchronised from an on-premises Lync deployment may only carry it as the SIP: proxy
 * address, where the upper-case prefix marks the primary one.
 */
export function sipOf(user: Pick<GraphUser, 'imAddresses' | 'proxyAddresses'>): string | undefined {
  for (const address of user.imAddresses ?? []) {
    const sip = asSip(address);
    if (sip) return sip;
  }
  const proxies = (user.proxyAddresses ?? []).filter((p) => /^sip:/i.test(p));
  const primary = proxies.find((p) => p.startsWith('SIP:')) ?? proxies[0];
  return primary ? asSip(primary) : undefined;
}

export function toDirectoryUser(user: GraphUser): DirectoryUser {
  const sip = sipOf(user);
  return {
    aadObjectId: user.id,
    displayName: user.displayName?.trim() || user.userPrincipalName || user.id,
    ...(sip ? { sip } : {}),
    ...(user.userPrincipalName ? { userPrincipalName: user.userPrincipalName } : {}),
  };
}

export function toDirectoryGroup(group: GraphGroup): DirectoryGroup {
  return { id: group.id, displayName: group.displayName ?? group.id };
}

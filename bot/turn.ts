// Per-turn helpers for the activity handler: mention stripping, caller resolution through the
// Directory port, and whether a turn's conversation reference may be kept.
import type { Activity, TurnContext } from 'botbuilder';
import { TurnContext as TurnContextClass } from 'botbuilder';
import { z } from 'zod';
import type { Actor } from '../migration/model';
import type { Directory, Logger } from '../migration/ports';
import { errorFields } from './logger';

const AT_TAG = /<at\b[^>]*>[\s\S]*?<\/at>/gi;

/** The text without @mentions of the bot (or anyone else), with Teams' HTML spaces normalised. */
export function stripMentions(activity: Partial<Activity>): string {
  if (typeof activity.text !== 'string') return '';
  let text = activity.text;
  if (activity.recipient?.id) {
    try {
      // botbuilder edits the activity it is given; a copy keeps the original for the transcript.
      text = TurnContextClass.removeRecipientMention({ ...activity }) ?? text;
    } catch {
      // Malformed mention entities from a client: the tag pass below still removes <at> tags.
    }
  }
  return text
    .replace(AT_TAG, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const FromSchema = z.object({
  id: z.string().min(1).max(500),
  name: z.string().max(500).optional(),
  aadObjectId: z.string().min(1).max(100).optional(),
});

export type CallerResolution = { ok: true; actor: Actor } | { ok: false; reason: 'directoryUnavailable' };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The Agents Playground's default user has a 13-digit last group; accepted only without authentication. */
const PLAYGROUND_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{13}$/i;

/** Whether `value` is an Entra object id (a GUID): never a UPN, an e-mail address or a channel user id. */
export function isObjectId(value: string | undefined, authEnabled = true): value is string {
  return value !== undefined && (GUID.test(value) || (!authEnabled && PLAYGROUND_ID.test(value)));
}

/** Display name of a caller the directory does not know: never the client-chosen `from.name`. */
export const UNKNOWN_CALLER = 'unknown';

/**
 * Who is writing: `from.aadObjectId`, and only when it is a GUID, looked up in the directory. The
 * channel user id and any other client-chosen value never select a role: such callers are plain
 * users named "unknown". A directory that cannot answer is reported, not guessed around.
 */
export async function resolveCaller(directory: Directory, from: unknown, log: Logger, authEnabled = true): Promise<CallerResolution> {
  const parsed = FromSchema.safeParse(from);
  if (!parsed.success) return { ok: true, actor: { id: UNKNOWN_CALLER, name: UNKNOWN_CALLER, role: 'user' } };
  const objectId = parsed.data.aadObjectId?.trim();
  if (!isObjectId(objectId, authEnabled)) {
    return { ok: true, actor: { id: `channel:${parsed.data.id}`, name: UNKNOWN_CALLER, role: 'user' } };
  }
  const key = objectId;
  try {
    const user = await directory.userByAadObjectId(key);
    if (!user) return { ok: true, actor: { id: key, name: UNKNOWN_CALLER, role: 'user' } };
    const role = await directory.roleOf(user);
    return { ok: true, actor: { id: user.aadObjectId, name: user.displayName, ...(user.sip ? { sip: user.sip } : {}), role } };
  } catch (error) {
    log.warn({ ...errorFields(error), caller: key }, 'directory lookup failed');
    return { ok: false, reason: 'directoryUnavailable' };
  }
}

/** The tenant an activity comes from, as Teams states it (channelData.tenant.id, else conversation.tenantId). */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  const fromConversation = (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  const tenant = typeof fromChannelData === 'string' ? fromChannelData : typeof fromConversation === 'string' ? fromConversation : undefined;
  return tenant?.trim().toLowerCase() || undefined;
}

/**
 * Why an authenticated request is not served: only the Teams channel and the allow-listed tenants
 * are. Undefined when it is served (always without authentication: local use has no tenant).
 */
export function turnRefusal(activity: Partial<Activity>, authEnabled: boolean, allowedTenantIds: readonly string[]): 'channel' | 'tenant' | undefined {
  if (!authEnabled) return undefined;
  if (activity.channelId !== 'msteams') return 'channel';
  const tenant = tenantOf(activity);
  if (!tenant || !allowedTenantIds.includes(tenant)) return 'tenant';
  return undefined;
}

/** Whether the incoming request carried a valid token (always true when auth is off for local use). */
export function turnAuthenticated(context: TurnContext, authEnabled: boolean): boolean {
  if (!authEnabled) return true;
  const identity = context.turnState.get(context.adapter.BotIdentityKey) as { isAuthenticated?: boolean; authenticationType?: unknown } | undefined;
  return identity?.isAuthenticated === true && identity.authenticationType !== 'anonymous';
}

/**
 * The store key a turn's reference is kept under: the user's AAD id for one-to-one chats (what
 * personal notices need), the conversation for group chats and channels.
 */
export function referenceKey(activity: Partial<Activity>): string | undefined {
  const from = FromSchema.safeParse(activity.from);
  const conversationId = activity.conversation?.id;
  if (!from.success || !conversationId) return undefined;
  const type = activity.conversation?.conversationType;
  if (!type || type === 'personal') return from.data.aadObjectId ?? from.data.id;
  return `conversation:${conversationId}`;
}

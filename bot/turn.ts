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

/**
 * Who is writing: the AAD object id (else the channel user id) looked up in the directory. Unknown
 * people are plain users; a directory that cannot answer is reported, not guessed around.
 */
export async function resolveCaller(directory: Directory, from: unknown, log: Logger): Promise<CallerResolution> {
  const parsed = FromSchema.safeParse(from);
  if (!parsed.success) return { ok: true, actor: { id: 'unknown', name: 'unknown', role: 'user' } };
  const key = parsed.data.aadObjectId ?? parsed.data.id;
  try {
    const user = await directory.userByAadObjectId(key);
    if (!user) return { ok: true, actor: { id: key, name: parsed.data.name ?? key, role: 'user' } };
    const role = await directory.roleOf(user);
    return { ok: true, actor: { id: user.aadObjectId, name: user.displayName, ...(user.sip ? { sip: user.sip } : {}), role } };
  } catch (error) {
    log.warn({ ...errorFields(error), caller: key }, 'directory lookup failed');
    return { ok: false, reason: 'directoryUnavailable' };
  }
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

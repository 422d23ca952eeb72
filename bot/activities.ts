// Small translations between the dialogs' plain data and Bot Framework activities: replies to
// message activities, Adaptive Card attachments, stored conversation references.
import type { Activity, Attachment, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { AdaptiveCard, Reply } from '../dialogs/types';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function cardAttachment(card: AdaptiveCard): Attachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

export function replyActivity(reply: Reply): Partial<Activity> {
  return {
    type: 'message',
    ...(reply.text ? { text: reply.text, textFormat: 'markdown' } : {}),
    ...(reply.card ? { attachments: [cardAttachment(reply.card)] } : {}),
  };
}

/** A conversation reference as kept in the store; checked again before every proactive use. */
export const StoredReferenceSchema = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  bot: z.looseObject({ id: z.string() }).optional(),
  user: z.looseObject({ id: z.string() }).optional(),
  activityId: z.string().optional(),
  locale: z.string().optional(),
});
export type StoredReference = z.infer<typeof StoredReferenceSchema>;

export function parseStoredReference(value: unknown): StoredReference | null {
  const parsed = StoredReferenceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Plain JSON copy of a reference, fit for the store. */
export function serialiseReference(reference: Partial<ConversationReference>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
}

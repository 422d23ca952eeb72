// dashboard / Übersicht: a button that opens the migration dashboard with a link signed for the
// caller (their directory id and role), valid once and for a few minutes. Only the short requests
// below qualify; "give me an overview" or "Gib mir eine Übersicht" stay the site list.
import { z } from 'zod';
import { dashboardCard } from '../cards/dashboard';
import { STAFF, say, type CommandSpec } from '../context';
import type { Language } from '../types';
import { commandExtras } from '../contract';

const POLITE = String.raw`(?:\s+(?:please|bitte))?`;
const ENGLISH = new RegExp(String.raw`^(?:(?:please\s+)?(?:open|show)(?:\s+me)?\s+)?(?:the\s+)?(?:migration\s+)?dashboard${POLITE}$`, 'i');
const GERMAN = new RegExp(
  String.raw`^(?:(?:bitte\s+)?(?:öffne|oeffne|zeige?)(?:\s+mir)?\s+(?:die\s+|das\s+)?(?:migrations)?(?:übersicht|uebersicht|dashboard)${POLITE}|(?:die\s+|das\s+)?(?:migrations)?(?:übersicht|uebersicht|dashboard)(?:\s+(?:öffnen|oeffnen|anzeigen|zeigen))?${POLITE})$`,
  'iu',
);

/** The language of a dashboard request, or undefined when the text is something else. */
function dashboardRequest(cleaned: string): Language | undefined {
  const text = cleaned.replace(/[.!?]+$/u, '').trim();
  if (ENGLISH.test(text)) return 'en';
  if (GERMAN.test(text)) return 'de';
  return undefined;
}

/** A channel or group chat (Teams says so in the conversation's type); a personal chat or one without a type is not. */
function sharedConversation(ref: Record<string, unknown> | undefined): boolean {
  const conversation = ref?.conversation as { conversationType?: unknown } | undefined;
  return conversation?.conversationType === 'channel' || conversation?.conversationType === 'groupChat';
}

const schema = z.object({ intent: z.literal('dashboard'), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    dashboard: typeof schema;
  }
}

export const dashboard: CommandSpec<'dashboard'> = {
  intent: 'dashboard',
  schema,
  order: 40,
  roles: STAFF,
  sideEffects: false,
  // The whole message asks for the link, read before the words are tokenised.
  recognition: [
    {
      priority: 10,
      text: (cleaned) => {
        const language = dashboardRequest(cleaned);
        return language ? { command: { intent: 'dashboard' }, language, suggestions: ['dashboard', 'listSites'] } : undefined;
      },
    },
  ],
  menu: true,
  examples: { en: ['dashboard', 'open the dashboard'], de: ['Übersicht', 'Dashboard öffnen'] },
  async handle(ctx) {
    if (!ctx.deps.dashboardLink) return say(ctx.t.dashboard.unavailable);
    // The link is a one-time sign-in for the caller: in a channel or group chat anyone could open it first.
    if (sharedConversation(ctx.turn.conversationRef)) return say(ctx.t.dashboard.personalOnly);
    const link = await ctx.deps.dashboardLink(ctx.actor, ctx.lang);
    await ctx.audit('dashboard.linkIssued', 'ok');
    return [{ card: dashboardCard(link.url, link.ttlMs, ctx.lang) }];
  },
};

// Turns the registry's command menu into the bot's commandLists: one list per scope, at most ten
// commands each, titles and descriptions cut to the lengths Teams shows.
import type { MenuCommand } from '../dialogs/menu';

export const BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;
export type BotScope = (typeof BOT_SCOPES)[number];

/** Teams shows at most ten commands per scope. */
export const MAX_COMMANDS_PER_SCOPE = 10;
export const MAX_TITLE_LENGTH = 32;
export const MAX_DESCRIPTION_LENGTH = 128;

export interface ManifestCommand {
  title: string;
  description: string;
}

export interface ScopedCommandList {
  scope: BotScope;
  /** Intents in menu order, parallel to `en` and `de`. */
  intents: string[];
  en: ManifestCommand[];
  de: ManifestCommand[];
}

/**
 * In a personal chat anyone may be talking to the bot, so the commands every role may run come
 * first; in teams and group chats the people coordinating the migration work together, so the
 * registry's own order decides. Help always keeps a place: without it the rest is hard to find.
 */
const PINNED_INTENTS = ['help'];

function rank(scope: BotScope, menu: readonly MenuCommand[]): MenuCommand[] {
  const position = new Map(menu.map((c, i) => [c, i]));
  const pinned = (c: MenuCommand) => (PINNED_INTENTS.includes(c.intent) ? 0 : 1);
  const breadth = (c: MenuCommand) => (scope === 'personal' ? -new Set(c.roles).size : 0);
  return [...menu].sort((a, b) => pinned(a) - pinned(b) || breadth(a) - breadth(b) || (position.get(a) ?? 0) - (position.get(b) ?? 0));
}

/** The commands of one scope, chosen by rank and shown in registry order. */
export function selectCommands(scope: BotScope, menu: readonly MenuCommand[]): MenuCommand[] {
  const chosen = new Set(rank(scope, menu).slice(0, MAX_COMMANDS_PER_SCOPE));
  return menu.filter((c) => chosen.has(c));
}

export function buildCommandLists(menu: readonly MenuCommand[]): ScopedCommandList[] {
  return BOT_SCOPES.map((scope) => {
    const commands = selectCommands(scope, menu);
    return {
      scope,
      intents: commands.map((c) => c.intent),
      en: commands.map((c) => ({ title: fitTitle(c.title.en), description: fitDescription(c.description.en) })),
      de: commands.map((c) => ({ title: fitTitle(c.title.de), description: fitDescription(c.description.de) })),
    };
  });
}

/**
 * A title is inserted into the compose box as the command text, so it is cut at a word boundary
 * (a complete prefix of the phrase) rather than given an ellipsis.
 */
export function fitTitle(text: string): string {
  return cutAtWord(text.trim(), MAX_TITLE_LENGTH, '');
}

export function fitDescription(text: string): string {
  return cutAtWord(text.trim(), MAX_DESCRIPTION_LENGTH, '…');
}

// Works on code points so a cut never splits a surrogate pair.
function cutAtWord(text: string, max: number, marker: string): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const room = max - Array.from(marker).length;
  const head = chars.slice(0, room + 1);
  const lastSpace = head.lastIndexOf(' ');
  const kept = lastSpace > 0 ? head.slice(0, lastSpace) : chars.slice(0, room);
  return kept.join('').replace(/[\s,;:.-]+$/u, '') + marker;
}

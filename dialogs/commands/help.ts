// help: a card generated from the command registry, showing only what the caller's role may do,
// then the ways of saying things that fit the role (dry run, force, subjects, start times, pace,
// the typed twins of the buttons; for everyone the questions about their own move).
import { z } from 'zod';
import type { Role } from '../../migration/topology';
import { helpCard } from '../cards/help';
import { ALL_ROLES, type CommandSpec } from '../context';
import type { Texts } from '../i18n';
import { hasSubject, isHowTo } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { commandExtras } from '../contract';

type Tip = keyof Omit<Texts['help']['tips'], 'title'>;

const TIPS: Record<Role, Tip[]> = {
  admin: ['dryRun', 'force', 'subjects', 'schedule', 'several', 'confirm'],
  helpdesk: ['lookUp', 'ownQuestions'],
  user: ['ownQuestions'],
};

const schema = z.object({ intent: z.literal('help'), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    help: typeof schema;
  }
}

export const help: CommandSpec<'help'> = {
  intent: 'help',
  schema,
  order: 270,
  roles: ALL_ROLES,
  sideEffects: false,
  recognition: [
    // "?" alone asks what the bot can do.
    { priority: 100, match: (s) => (s.tokens.every((t) => t.kind === 'qmark') ? { intent: 'help' } : undefined) },
    // "help", "Hilfe", "what can you do" without naming anything.
    { priority: 600, match: (s) => (has(s, 'help') && !hasSubject(s) ? { intent: 'help' } : undefined) },
    // "Wie verschiebe ich eine Gruppe?": a how-question about an action that names nothing.
    { priority: 610, match: (s) => (isHowTo(s) && has(s, 'move', 'rollback', 'decommission', 'coex', 'test', 'cancel', 'retry', 'confirm', 'reject') ? { intent: 'help' } : undefined) },
  ],
  hints: { help: 0 },
  menu: true,
  examples: { en: ['help', 'what can you do?'], de: ['Hilfe', 'was kannst du?'] },
  async handle(ctx) {
    const { t, actor } = ctx;
    // Every command the role may run and that has words to type (not the inner ones: clarify, small talk, unknown).
    const visible = ctx.commands.filter((c) => c.roles.includes(actor.role) && t.command[c.intent].title);
    return [{ card: helpCard(visible.map((c) => t.command[c.intent]), ctx.lang, TIPS[actor.role].map((tip) => t.help.tips[tip])) }];
  },
};

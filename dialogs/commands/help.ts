// help: a card generated from the command registry, showing only what the caller's role may do,
// then the ways of saying things that fit the role (dry run, force, subjects, start times, pace,
// the typed twins of the buttons; for everyone the questions about their own move).
import type { Role } from '../../migration/topology';
import { helpCard } from '../cards/help';
import { ALL_ROLES, type CommandSpec } from '../context';
import type { Texts } from '../i18n';

type Tip = keyof Omit<Texts['helpTips'], 'title'>;

const TIPS: Record<Role, Tip[]> = {
  admin: ['dryRun', 'force', 'subjects', 'schedule', 'several', 'confirm'],
  helpdesk: ['lookUp', 'ownQuestions'],
  user: ['ownQuestions'],
};

export const help: CommandSpec<'help'> = {
  intent: 'help',
  roles: ALL_ROLES,
  sideEffects: false,
  menu: true,
  examples: { en: ['help', 'what can you do?'], de: ['Hilfe', 'was kannst du?'] },
  async handle(ctx) {
    const { t, actor } = ctx;
    // Every command the role may run and that has words to type (not the inner ones: clarify, small talk, unknown).
    const visible = ctx.commands.filter((c) => c.roles.includes(actor.role) && t.command[c.intent].title);
    return [{ card: helpCard(visible.map((c) => t.command[c.intent]), ctx.lang, TIPS[actor.role].map((tip) => t.helpTips[tip])) }];
  },
};

// help: a card generated from the command registry, showing only what the caller's role may do.
import { helpCard } from '../cards/help';
import { ALL_ROLES, type CommandSpec } from '../context';

export const help: CommandSpec<'help'> = {
  intent: 'help',
  roles: ALL_ROLES,
  sideEffects: false,
  menu: true,
  examples: { en: ['help', 'what can you do?'], de: ['Hilfe', 'was kannst du?'] },
  async handle(ctx) {
    const visible = ctx.commands.filter((c) => c.menu && c.roles.includes(ctx.actor.role));
    return [{ card: helpCard(visible.map((c) => ctx.t.command[c.intent]), ctx.lang) }];
  },
};

// clarify: two or more readings of the text are plausible ("move Berlin": the site, or the group
// Sales Berlin?). Nothing runs; the card offers each reading as a button and as typed words.
import { clarifyCard } from '../cards/answers';
import { ALL_ROLES, type CommandSpec } from '../context';
import { endPilotRule } from '../recognizer/runbook-rules';
import { siteOf } from '../recognizer/intents';

export const clarify: CommandSpec<'clarify'> = {
  intent: 'clarify',
  roles: ALL_ROLES,
  sideEffects: false,
  // "end the pilot in Munich": sign it off, or move the rest of the site? The bot asks.
  recognition: [{ priority: 335, match: (s) => endPilotRule(s, (x) => siteOf(x, true)) }],
  menu: false,
  examples: { en: ['move Berlin'], de: ['verschiebe Berlin'] },
  async handle(ctx, command) {
    return [{ card: clarifyCard(command.choices, ctx.turn.text ?? '', ctx.lang) }];
  },
};

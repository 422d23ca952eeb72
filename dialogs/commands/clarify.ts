// clarify: two or more readings of the text are plausible ("move Berlin": the site, or the group
// Sales Berlin?). Nothing runs; the card offers each reading as a button and as typed words.
import { z } from 'zod';
import { commandExtras, MAX_READINGS, type Reading } from '../contract';
import { clarifyCard } from '../cards/answers';
import { ALL_ROLES, siteNames, type CommandSpec } from '../context';
import { endPilotRule } from '../recognizer/runbook-rules';
import { siteOf, unknownWith, unplaced } from '../recognizer/intents';

const schema = (reading: z.ZodType<Reading>) => z.object({ intent: z.literal('clarify'), choices: z.array(reading).min(2).max(MAX_READINGS), ...commandExtras });
declare module '../contract' {
  interface CompositeCommandSchemas {
    clarify: typeof schema;
  }
}

export const clarify: CommandSpec<'clarify'> = {
  intent: 'clarify',
  schema,
  order: 300,
  roles: ALL_ROLES,
  sideEffects: false,
  // "end the pilot in Munich": sign it off, or move the rest of the site? The bot asks.
  recognition: [{ priority: 335, match: (s) => endPilotRule(s, (x) => siteOf(x, true)) }],
  // Words no reading placed (a time, a stray name) make the bot say so rather than offer readings without them.
  checks: [
    {
      priority: 300,
      check: (command, s) => {
        const stray = unplaced(s, command);
        return stray.length ? unknownWith(stray) : command;
      },
    },
  ],
  menu: false,
  examples: { en: ['move Berlin'], de: ['verschiebe Berlin'] },
  async handle(ctx, command) {
    const local = siteNames(ctx);
    // Site names as the reader's language says them ("München"); the recognizer knows them as aliases.
    const said = (c: Reading): Reading => {
      const named = 'site' in c && typeof c.site === 'string' ? { ...c, site: local(c.site) } : c;
      return 'subject' in named && 'site' in named.subject ? ({ ...named, subject: { ...named.subject, site: local(named.subject.site) } } as Reading) : (named as Reading);
    };
    return [{ card: clarifyCard(command.choices, ctx.turn.text ?? '', ctx.lang, said) }];
  },
};

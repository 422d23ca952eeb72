// clarify: two or more readings of the text are plausible ("move Berlin": the site, or the group
// Sales Berlin?). Nothing runs; the card offers each reading as a button and as typed words.
import { z } from 'zod';
import { commandExtras, MAX_READINGS, type Command, type Reading } from '../contract';
import { clarifyCard } from '../cards/answers';
import { ALL_ROLES, siteNames, type CommandSpec } from '../context';
import { namesPilotGroup, siteOf, unknownWith, unplaced, withUnresolved } from '../recognizer/intents';
import { has, type Slots } from '../recognizer/subjects';

const schema = (reading: z.ZodType<Reading>) => z.object({ intent: z.literal('clarify'), choices: z.array(reading).min(2).max(MAX_READINGS), ...commandExtras });
declare module '../contract' {
  interface CompositeCommandSchemas {
    clarify: typeof schema;
  }
}

/** "end / finish / beenden / abschließen" said of the pilot (the group, "Pilotphase", "pilot phase"), not of a job. */
function endsPilot(s: Slots): boolean {
  const ends = has(s, 'finish') || s.tokens.some((t) => t.key === 'beenden' || t.key === 'beende');
  if (!ends || s.number || has(s, 'job', 'move', 'rollback', 'decommission', 'signoff')) return false;
  return namesPilotGroup(s) || s.tokens.some((t) => t.key.startsWith('pilot'));
}

// "Pilotphase in München beenden", "end the pilot in Munich": sign the pilot off, or move the
// rest of the site? Both are plausible, so the bot asks; a question about it gets the runbook.
function pilotEnded(s: Slots): Command | undefined {
  if (!endsPilot(s)) return undefined;
  const site = siteOf(s, true);
  if (!site) return { intent: 'runbook' };
  if (s.questionMark || has(s, 'askSelf', 'question')) return withUnresolved({ intent: 'runbook', site: site.value }, site.unresolved);
  const choices: Reading[] = [
    { intent: 'signOffPilot', site: site.value },
    { intent: 'move', subject: { kind: 'site', site: site.value }, target: 'lync2013', dryRun: false },
  ];
  return withUnresolved({ intent: 'clarify', choices }, site.unresolved);
}

export const clarify: CommandSpec<'clarify'> = {
  intent: 'clarify',
  schema,
  order: 300,
  roles: ALL_ROLES,
  sideEffects: false,
  // "end the pilot in Munich": sign it off, or move the rest of the site? The bot asks.
  recognition: [{ priority: 335, match: pilotEnded }],
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

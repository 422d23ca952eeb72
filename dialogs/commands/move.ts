// move: a user, group, site, conference directories or applications to Lync 2013, through a
// plan and a confirmed proposal (Move-CsLegacyUser semantics for users).
import { ADMINS, type CommandSpec } from '../context';
import { propose } from '../proposals';
import { forcedOrSimulatedMove, MOVE_CHECKS, readMove, unknownWith } from '../recognizer/intents';
import type { CheckRule } from '../recognizer/rules';
import type { Slots } from '../recognizer/subjects';
import { MoveCommandSchema } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = MoveCommandSchema.extend(commandExtras);
declare module '../contract' {
  interface CommandSchemas {
    move: typeof schema;
  }
}

/**
 * "den Umzug von Berlin verschieben", "die Migration von München verschieben": German
 * "verschieben" also means to postpone, and with the move itself as its object and no target it
 * does: both words are named back and nothing is planned ("Berlin nach Lync 2013 verschieben"
 * and "Umzug von Berlin nach Lync 2013 verschieben" stay moves).
 */
function postponedMove(s: Slots): string[] {
  if (s.tokens.some((t) => t.concept === 'lync' || t.concept === 'to')) return [];
  const noun = s.tokens.find((t) => t.concept === 'migration');
  const verb = s.tokens.find((t) => t.concept === 'move' && t.key.startsWith('verschieb'));
  return noun && verb ? [noun.raw, verb.raw] : [];
}

const POSTPONED_CHECK: CheckRule = {
  priority: 20,
  check: (c, s) => {
    const words = postponedMove(s);
    return words.length ? unknownWith(words) : c;
  },
};

export const move: CommandSpec<'move'> = {
  intent: 'move',
  schema,
  order: 70,
  roles: ADMINS,
  sideEffects: 'plan',
  timing: 'startAndRate',
  recognition: [
    // A forced or simulated move is a move even when it mentions the tests ("… trotz fehlender Koexistenztests, erzwingen").
    { priority: 700, match: (s) => (forcedOrSimulatedMove(s) && readMove(s)?.kind === 'move' ? readMove(s)?.command : undefined) },
    { priority: 900, match: (s) => (readMove(s)?.kind === 'move' ? readMove(s)?.command : undefined) },
  ],
  // Names it would have to guess are named back; "move Berlin" asks: the site, or the group Sales Berlin?
  checks: [...MOVE_CHECKS, POSTPONED_CHECK],
  hints: { finish: 1, user: 1, group: 0, confdir: 0, apps: 0, move: 0, lync: 0, dryRun: 0, force: 0, start: 0, migration: 1, userName: 1, siteName: 1, groupName: 0 },
  menu: true,
  examples: {
    en: ['move pilot group to Lync 2013', 'move sip:carol@contoso.com to lync 2013', 'what if I move site Berlin'],
    de: ['Verschiebe die Pilotgruppe nach Lync 2013', 'Standort Berlin nach Lync 2013 umziehen'],
  },
  handle: (ctx, command) => propose(ctx, command),
};

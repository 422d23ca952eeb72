// The safety rules every deployment-changing command gets (a spec with `sideEffects: 'plan'`,
// whichever command file adds it), run with the spec's own checks once a rule has decided
// (dialogs/recognizer/rules.ts has the bands). A command that changes the deployment comes out
// only when the text asks for that action:
// - words the rules could not place (a time, "tonight at 22:00", a stray number or noun) make
//   the bot ask instead of acting without them, and so do words that negate or defer the order
//   ("don't move Berlin", "postpone the move of Berlin", "Berlin noch nicht umziehen");
// - a question ("can I move Berlin?", "muss ich …") is never an order: it gets the command's dry
//   run (the plan without buttons answers it), or what its spec's `asked` says ("can I test
//   Berlin?": the site's status), else it is not understood.
// A question about a step that changes a record or a job ("can I sign off the pilot in Munich?",
// "soll ich Auftrag 4 abbrechen?") is answered with what its spec's `asked` says, never done.
// What concerns one command (a move's guessed names, "site or group?", a read made from a free
// word) is in that command's spec.
import type { Command, Intent } from '../contract';
import type { CompiledCatalog } from './catalog';
import { UNKNOWN, unknownWith, unplaced } from './intents';
import { isQuestion } from './questions';
import { RULES } from './registry-rules';
import { QUESTION_CHECK, STRAY_CHECK, type CheckRule } from './rules';
import { has, type Slots } from './subjects';

/** A question about a deployment-changing step gets its dry run, or what its spec answers, never the step. */
function asQuestion(c: Command): Command {
  if ('dryRun' in c) return c.dryRun ? c : { ...c, dryRun: true };
  return RULES.asked.get(c.intent)?.(c) ?? UNKNOWN;
}

/**
 * Words that turn an order into its opposite, into later, or into a report of what went wrong:
 * "don't", "postpone", "remind me", "nicht", "can't", "moving Berlin failed".
 */
function holdingWords(s: Slots): string[] {
  // A forced order names what fails on purpose ("move Munich even though the gate fails, force it").
  const forced = has(s, 'force');
  const holding = s.tokens.filter((t) => t.concept === 'hold' || t.concept === 'negation' || t.concept === 'broken' || (t.concept === 'failed' && !forced));
  // Named back as typed: cleaning made "don't" two words.
  return holding.map((t) => t.raw.replace(/\b(\p{L}+n) t\b/gu, "$1't"));
}

const MUTATING_CHECKS: CheckRule[] = [
  {
    priority: STRAY_CHECK,
    check: (c, s) => {
      const stray = [...holdingWords(s), ...unplaced(s, c)];
      return stray.length ? unknownWith(stray) : c;
    },
  },
  { priority: QUESTION_CHECK, check: (c, s) => (isQuestion(s) ? asQuestion(c) : c) },
];

const ASKED_CHECK: CheckRule = {
  priority: QUESTION_CHECK,
  check: (c, s) => (isQuestion(s) ? (RULES.asked.get(c.intent)?.(c) ?? c) : c),
};

/** Every intent's checks in the order they run: the spec's own with the safety rules that apply to it. */
const CHECKS = new Map<Intent, readonly CheckRule[]>();
function checksOf(intent: Intent): readonly CheckRule[] {
  let checks = CHECKS.get(intent);
  if (!checks) {
    const safety = RULES.mutating.has(intent) ? MUTATING_CHECKS : RULES.asked.has(intent) ? [ASKED_CHECK] : [];
    checks = [...(RULES.checks.get(intent) ?? []), ...safety].sort((a, b) => a.priority - b.priority);
    CHECKS.set(intent, checks);
  }
  return checks;
}

/** The decided command after its checks: the first check that answers with another command replaces it. */
export function guard(c: Command, s: Slots, catalog: CompiledCatalog): Command {
  for (const rule of checksOf(c.intent)) {
    const checked = rule.check(c, s, catalog);
    if (checked !== c) return checked;
  }
  return c;
}

/** Whether a command would change the deployment if confirmed (dry runs never do). */
export function isMutating(c: Command): boolean {
  return RULES.mutating.has(c.intent) && !('dryRun' in c && c.dryRun);
}

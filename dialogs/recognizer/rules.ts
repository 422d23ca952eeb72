// Recognition rules as data. Every command's spec (dialogs/commands/*) lists the rules that read
// its text, each with an explicit priority; the recognizer tries all rules of the registry in
// ascending priority and the first one that answers decides. A rule answers with a command, with
// `unknown` to stop (a veto: "cancel the job" without an id is no list of jobs), or with undefined
// to let later rules try. The bands:
//    0–99  whole-text rules, before tokenising ("dashboard")
//  100–199 bare punctuation ("?" is help)
//  200–299 small talk said on its own
//  300–399 runbook records and problem reports (their words would otherwise read as a move)
//  400–499 questions about the asker's own move, what failed, who is left
//  500–599 ids: proposals and jobs
//  600–699 help and how-to questions; vetoes of the id band
//  700–999 orders: forced or simulated moves first, then site operations, then moves
// 1000–    status questions, last the fallback
// From ORDER_BAND on, an `unknown` answer to a how-question ("wie geht das …") is a request for help.
//
// Once a rule has decided, the checks of the decided command's intent run in ascending priority
// (the spec's own `checks`, and the safety rules every deployment-changing command gets,
// dialogs/recognizer/safety.ts); the first that answers with another command (a veto, a question
// back, a dry run) replaces it and ends the checks. The bands:
//    0–99  names the reading would have to guess (move, rollback)
//  100     words a deployment-changing command cannot place (safety)
//  200     a question, never an order (safety: the spec's `asked`, or its dry run)
//  300–    the spec's own doubts: site or group? a read made from a free word
import type { Command, Intent } from '../contract';
import type { CompiledCatalog } from './catalog';
import type { Concept } from './lexicon';
import type { Slots } from './subjects';
import type { Language } from '../types';

export interface SlotRule {
  priority: number;
  match(s: Slots): Command | undefined;
}

/** A rule over the cleaned text itself, run before tokenising. */
export interface TextRule {
  priority: number;
  text(cleaned: string): { command: Command; language?: Language; suggestions?: Intent[] } | undefined;
}

export type RecognitionRule = SlotRule | TextRule;

/** A check of the command a rule decided: the command itself to pass, or what answers instead. */
export interface CheckRule<C extends Command = Command> {
  priority: number;
  check(command: C, s: Slots, catalog: CompiledCatalog): Command;
}

/** The bands of the generic safety checks (dialogs/recognizer/safety.ts). */
export const STRAY_CHECK = 100;
export const QUESTION_CHECK = 200;

export const ORDER_BAND = 700;

/** Did-you-mean weights: a concept (or a kind of name) said, and this command's rank for it (0 strongest). */
export type HintKey = Concept | 'userName' | 'siteName' | 'groupName' | 'number';
export type Hints = Partial<Record<HintKey, number>>;

/** What the recognizer needs of a command's spec. */
export interface RecognitionSpec {
  intent: Intent;
  recognition?: readonly RecognitionRule[];
  hints?: Hints;
  /** A start time ("tonight at 22:00") and, with 'startAndRate', a pace ("200 an hour") apply. */
  timing?: 'start' | 'startAndRate';
  sideEffects: false | 'record' | 'plan';
  /**
   * What a question about this command ("can I cancel job 4?") is answered with instead of doing
   * it; a deployment-changing command with a dry run gets the dry run without one.
   */
  asked?(command: Command): Command | undefined;
  /** Checks of a command of this intent once a rule decided it (bands above). */
  checks?: readonly CheckRule[];
}

export interface ComposedRules {
  slotRules: SlotRule[];
  textRules: TextRule[];
  /** Intents by hint key, strongest first, with their rank. */
  hints: Map<HintKey, Array<{ intent: Intent; rank: number }>>;
  schedulable: ReadonlySet<Intent>;
  paceable: ReadonlySet<Intent>;
  mutating: ReadonlySet<Intent>;
  /** Per intent, what a question about it is answered with (specs with `asked`). */
  asked: ReadonlyMap<Intent, (command: Command) => Command | undefined>;
  /** Per intent, the spec's own checks in ascending priority (specs with `checks`). */
  checks: ReadonlyMap<Intent, readonly CheckRule[]>;
}

const isTextRule = (r: RecognitionRule): r is TextRule => 'text' in r;

/** The registry's rules in the order they run; a duplicate priority is a mistake in a spec. */
export function composeRules(specs: readonly RecognitionSpec[]): ComposedRules {
  const all = specs.flatMap((spec) => (spec.recognition ?? []).map((rule) => ({ rule, intent: spec.intent })));
  const seen = new Map<number, Intent>();
  for (const { rule, intent } of all) {
    const other = seen.get(rule.priority);
    if (other) throw new Error(`recognition rules of ${other} and ${intent} share priority ${rule.priority}`);
    seen.set(rule.priority, intent);
  }
  const ordered = all.map((x) => x.rule).sort((a, b) => a.priority - b.priority);
  const hints = new Map<HintKey, Array<{ intent: Intent; rank: number }>>();
  for (const spec of specs) {
    for (const [key, rank] of Object.entries(spec.hints ?? {}) as Array<[HintKey, number]>) {
      const list = hints.get(key) ?? [];
      list.push({ intent: spec.intent, rank });
      hints.set(key, list);
    }
  }
  for (const list of hints.values()) list.sort((a, b) => a.rank - b.rank);
  const checks = new Map<Intent, CheckRule[]>();
  for (const spec of specs) {
    if (!spec.checks?.length) continue;
    const own = [...spec.checks].sort((a, b) => a.priority - b.priority);
    own.forEach((c, i) => {
      if (i > 0 && own[i - 1].priority === c.priority) throw new Error(`checks of ${spec.intent} share priority ${c.priority}`);
      if (c.priority === STRAY_CHECK || c.priority === QUESTION_CHECK) throw new Error(`a check of ${spec.intent} takes the safety band ${c.priority}`);
    });
    checks.set(spec.intent, own);
  }
  const intentsWhere = (test: (spec: RecognitionSpec) => boolean) => new Set(specs.filter(test).map((s) => s.intent));
  return {
    slotRules: ordered.filter((r): r is SlotRule => !isTextRule(r)),
    textRules: ordered.filter(isTextRule),
    hints,
    schedulable: intentsWhere((s) => s.timing !== undefined),
    paceable: intentsWhere((s) => s.timing === 'startAndRate'),
    mutating: intentsWhere((s) => s.sideEffects === 'plan'),
    asked: new Map(specs.flatMap((s) => (s.asked ? [[s.intent, s.asked.bind(s)] as const] : []))),
    checks,
  };
}

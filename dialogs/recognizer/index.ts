// The recognizer: chat text (English or German) -> one Command of the contract in
// dialogs/contract.ts, with the wording's language and did-you-mean intents. Pipeline:
// clean and tokenise (normalise), give tokens meaning (annotate: lexicon + catalog), read the
// slots (subjects), apply the rules of the command specs in priority order (intents, rules,
// registry-rules), then the decided command's checks (its spec's and the safety rules, safety).
// Per-catalog tables are compiled once.
import { z } from 'zod';
import type { Command } from '../contract';
import { CommandSchema } from '../registry';
import { DEFAULT_PILOT_GROUP } from '../../migration/topology';
import { STEP_COMMENT_MAX_CHARS } from '../../migration/runbook/ledger';
import { PROBLEM_TEXT_MAX_CHARS } from '../../migration/runbook/problems';
import { annotate } from './annotate';
import { compileCatalog, type NameCatalog } from './catalog';
import { decide, REPORTED_TEXT } from './intents';
import { cleanText, MAX_INPUT_CHARS, tokenise } from './normalise';
import type { Recognition, TimeReference } from './recognition';
import { RULES } from './registry-rules';
import { guard } from './safety';
import { readSlots, type Slots } from './subjects';
import { detectLanguage, suggestIntents } from './suggest';
import { findWhen, resolveWhen } from './when';

export { catalogFromTopology, type NameCatalog } from './catalog';
export { MAX_INPUT_CHARS } from './normalise';
export { suggestNames } from './fuzzy';
export type { Rate, WhenProblem, WhenReading } from './when';
export type { Recognition, TimeReference } from './recognition';

const ChatText = z.string().max(MAX_INPUT_CHARS);
/** More words than any command needs: a pasted paragraph, not an instruction. */
const MAX_TOKENS = 60;
const UNKNOWN: Recognition = { command: { intent: 'unknown' }, suggestions: ['help'] };

/** A problem report carries the user's own words, minus a leading "report problem:" / "Problem melden:". */
function withReportedText(command: Command, text: string): Command {
  if (command.intent !== 'reportProblem' || command.text !== REPORTED_TEXT) return command;
  return { ...command, text: reportedWords(text) };
}

function reportedWords(text: string): string {
  const words = cleanText(text).replace(/^\s*(report (a )?problem|problem melden|melde (ein )?problem)\s*[:,-]?\s*/i, '').trim();
  return (words || cleanText(text)).slice(0, PROBLEM_TEXT_MAX_CHARS).trim();
}

/**
 * Text -> command. A start time or pace in the words of a schedulable command is read out first
 * ("move site Munich tonight at 22:00" is the move plus `startAt`); any other command is read
 * from the whole text, so "Guten Morgen" or "status of job 22" stay what they were.
 */
export function recognize(text: string, catalog: NameCatalog, reference: TimeReference = { now: Date.now(), timeZone: 'UTC' }): Recognition {
  const input = ChatText.safeParse(text);
  if (!input.success) return { command: { intent: 'unknown' }, suggestions: [...UNKNOWN.suggestions] };
  const cleaned = cleanText(input.data);
  for (const rule of RULES.textRules) {
    const answer = rule.text(cleaned);
    if (answer) return { command: answer.command, ...(answer.language ? { language: answer.language } : {}), suggestions: answer.suggestions ?? [answer.command.intent] };
  }
  const found = findWhen(cleaned);
  if (found.when || found.rate) {
    const scheduled = recognizeCleaned(found.rest, catalog);
    const command = scheduled.command;
    if (RULES.schedulable.has(command.intent)) {
      let extended: Record<string, unknown> = { ...command };
      if (found.when) {
        const reading = resolveWhen(found.when, reference.now, reference.timeZone);
        scheduled.when = reading;
        if ('startAt' in reading) extended = { ...extended, startAt: reading.startAt };
      }
      if (found.rate && RULES.paceable.has(command.intent)) {
        extended = { ...extended, rate: found.rate.rate };
        scheduled.rateWords = found.rate.words;
      }
      const checked = CommandSchema.safeParse(extended);
      if (checked.success) scheduled.command = checked.data;
      // An unclear or past start is no order: the command waits in `pending` while the bot asks.
      if (scheduled.when && 'problem' in scheduled.when) {
        scheduled.pending = scheduled.command;
        scheduled.command = { intent: 'unknown', unresolved: [scheduled.when.words] };
      }
      if (!scheduled.language && found.german) scheduled.language = 'de';
      return scheduled;
    }
  }
  return withStepComment(cleaned, () => cleanText(input.data, true), catalog) ?? withLongReport(cleaned, catalog) ?? recognizeCleaned(cleaned, catalog);
}

/** Where the first clause of a text ends: a colon, a spaced dash, or the end of a sentence. */
const FIRST_CLAUSE_END = /:\s|\s[-–—]\s|[.!?]\s/;

/**
 * A text with more words than any command is a pasted paragraph and no command, except a
 * problem report: "Problem melden: <what happened, at length>" or "I can't join meetings since
 * the move. <the details>" is one when its first clause alone reads as one, and it keeps the
 * whole text. Nothing else is read from such a text: a paragraph that starts with "move site
 * Berlin:" moves nothing.
 */
function withLongReport(cleaned: string, catalog: NameCatalog): Recognition | undefined {
  if (tokenise(cleaned, MAX_TOKENS).length <= MAX_TOKENS) return undefined;
  const end = FIRST_CLAUSE_END.exec(cleaned);
  if (!end || end.index === 0) return undefined;
  const head = recognizeCleaned(cleaned.slice(0, end.index), catalog);
  if (head.command.intent !== 'reportProblem') return undefined;
  return { ...head, command: { ...head.command, text: reportedWords(cleaned) } };
}

/** A colon or a spaced dash: "… done for site Berlin: filter set on all OCS pools" (never the colon of "22:00" or "sip:"). */
const COMMENT_SEPARATOR = /:\s|\s[-–—]\s/;

/**
 * "mark step client version filter done for site Berlin: filter set on all OCS pools": the words
 * after the separator are the evidence of the recorded step, kept as typed (its dashes too; markup
 * and extra spaces go) and never read as part of the command (its words would otherwise name
 * pools, sites or other steps). `asTyped` is the text cleaned the same way but with its dashes.
 */
function withStepComment(cleaned: string, asTyped: () => string, catalog: NameCatalog): Recognition | undefined {
  const separator = COMMENT_SEPARATOR.exec(cleaned);
  if (!separator || separator.index === 0) return undefined;
  const comment = asTyped().slice(separator.index + separator[0].length).trim();
  if (!comment) return undefined;
  const head = recognizeCleaned(cleaned.slice(0, separator.index), catalog);
  if (head.command.intent !== 'markStep') return undefined;
  return { ...head, command: { ...head.command, comment: comment.slice(0, STEP_COMMENT_MAX_CHARS) } };
}

/** "… during the maintenance window": kept on a schedulable command, so the plan can say whether the site has one. */
function withWindow(command: Command, slots: Slots): Command {
  return RULES.schedulable.has(command.intent) && slots.tokens.some((t) => t.concept === 'window') ? { ...command, inWindow: true } : command;
}

function recognizeCleaned(cleaned: string, catalog: NameCatalog): Recognition {
  const compiled = compileCatalog(catalog);
  const raw = tokenise(cleaned, MAX_TOKENS);
  const tokens = raw.length <= MAX_TOKENS ? annotate(raw, catalog) : [];
  if (!tokens.length) return { command: { intent: 'unknown' }, suggestions: [...UNKNOWN.suggestions] };
  const slots = readSlots(tokens, compiled.sipDomain, (catalog.pilotGroup ?? DEFAULT_PILOT_GROUP).toLowerCase());
  const decided = withWindow(withReportedText(guard(decide(slots, RULES.slotRules), slots, compiled), cleaned), slots);
  // The rules only build contract shapes; a value the schema still rejects (an over-long id,
  // an empty name) is no command at all.
  const command: Command = CommandSchema.safeParse(decided).success ? decided : { intent: 'unknown' };
  const language = detectLanguage(tokens);
  const recognition: Recognition = { command, suggestions: suggestIntents(tokens, command, RULES.hints) };
  if (language) recognition.language = language;
  return recognition;
}

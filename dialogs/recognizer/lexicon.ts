// The compiled vocabulary: exact words, multi-word phrases, inflection stripping, German
// compound splitting and typo matching, all built once at module load from lexicon-words.ts.
import { closeDistance } from './fuzzy';
import { CONCEPTS, ENTRIES, type Concept, type Lang } from './lexicon-words';
import { foldKey } from './normalise';

export { CONCEPTS, type Concept, type Lang };

export interface Sense {
  concept: Concept;
  lang?: Lang;
}

export interface PhraseSense extends Sense {
  words: number;
}

/** Concepts that carry no intent; they are known (never fuzzed, never names) but inert. */
const INERT: ReadonlySet<Concept> = new Set<Concept>(['word', 'filler']);
const FUZZY_MIN_LENGTH = 4;
/**
 * Concepts whose words order a change. German makes new verbs of them with a prefix: a
 * look-alike that starts otherwise is another word ("abstellen" is no "umstellen", "vorlegen" no
 * "verlegen", "importieren" no "portieren"), and a particle in front is no compound ("aufschieben"
 * postpones, "übersetzen" translates): neither is ever read as the order.
 */
const ORDERS: ReadonlySet<Concept> = new Set<Concept>(['move', 'rollback', 'decommission']);
const PARTICLES: ReadonlySet<Concept> = new Set<Concept>(['to', 'prep', 'from', 'back']);
const ORDER_TYPO_SAME_START = 2;
const ORDER_TYPO_CHECKED_FROM_LENGTH = 6;
const COMPOUND_MIN_PART = 3;
const COMPOUND_MIN_LENGTH = 7;
// Plural and case endings, longest first, so "Auftrages" and "Benutzern" find their stem.
const SUFFIXES = ['ern', 'nen', 'sen', 'es', 'en', 'er', 'em', 'se', 's', 'e', 'n'];
const WORD_SPLIT = /[\s\-'\u2019]+/;

interface Compiled {
  words: Map<string, Sense>;
  phrases: Map<string, PhraseSense>;
  maxPhraseWords: number;
  byLength: Map<number, Array<{ key: string; sense: Sense }>>;
  conflicts: string[];
}

function keysOf(entry: string): string[] {
  return entry.split(WORD_SPLIT).filter(Boolean).map(foldKey);
}

function compile(): Compiled {
  const words = new Map<string, Sense>();
  const phrases = new Map<string, PhraseSense>();
  const conflicts: string[] = [];
  let maxPhraseWords = 1;
  for (const [concept, lang, list] of ENTRIES) {
    for (const entry of list.split(',')) {
      const keys = keysOf(entry.trim());
      if (!keys.length) continue;
      const sense: Sense = lang ? { concept, lang } : { concept };
      const joined = keys.join(' ');
      const target = keys.length === 1 ? words : phrases;
      const existing = target.get(joined);
      if (existing) {
        conflicts.push(`${joined}: ${existing.concept} / ${concept}`);
        continue;
      }
      if (keys.length === 1) words.set(joined, sense);
      else {
        phrases.set(joined, { ...sense, words: keys.length });
        maxPhraseWords = Math.max(maxPhraseWords, keys.length);
      }
    }
  }
  const byLength = new Map<number, Array<{ key: string; sense: Sense }>>();
  for (const [key, sense] of words) {
    if (INERT.has(sense.concept) || key.length < FUZZY_MIN_LENGTH) continue;
    const bucket = byLength.get(key.length) ?? [];
    bucket.push({ key, sense });
    byLength.set(key.length, bucket);
  }
  return { words, phrases, maxPhraseWords, byLength, conflicts };
}

const LEXICON = compile();

/** Duplicate entries found while compiling (kept empty by the lexicon's own test). */
export function lexiconConflicts(): string[] {
  return [...LEXICON.conflicts];
}

export const MAX_PHRASE_WORDS = LEXICON.maxPhraseWords;

export function isInert(concept: Concept): boolean {
  return INERT.has(concept);
}

export function phraseSense(joinedKey: string): PhraseSense | undefined {
  return LEXICON.phrases.get(joinedKey);
}

export function exactSense(key: string): Sense | undefined {
  return LEXICON.words.get(key);
}

/** Exact word, or the word with a plural/case ending removed ("Aufträgen" -> "auftrag"). */
export function stemSense(key: string): Sense | undefined {
  const exact = LEXICON.words.get(key);
  if (exact) return exact;
  for (const suffix of SUFFIXES) {
    if (key.length - suffix.length < 4 || !key.endsWith(suffix)) continue;
    const sense = LEXICON.words.get(key.slice(0, -suffix.length));
    if (sense && !INERT.has(sense.concept)) return sense;
  }
  return undefined;
}

/**
 * Splits a German-style compound into two known words: "Standortstatus" -> site + status,
 * "Auftragsstatus" -> job + status, "Koexistenzprüfung" -> coex + verify.
 */
export function compoundSenses(key: string): [Sense, Sense] | undefined {
  if (key.length < COMPOUND_MIN_LENGTH) return undefined;
  for (let i = key.length - COMPOUND_MIN_PART; i >= COMPOUND_MIN_PART; i--) {
    const right = stemSense(key.slice(i));
    if (!right || INERT.has(right.concept)) continue;
    const head = key.slice(0, i);
    const left = LEXICON.words.get(head) ?? (head.endsWith('s') ? LEXICON.words.get(head.slice(0, -1)) : undefined);
    if (left && ORDERS.has(right.concept) && PARTICLES.has(left.concept)) return undefined;
    if (left && !INERT.has(left.concept)) return [left, right];
  }
  return undefined;
}

/** The stem-aware sense of a compound's tail, used to join an entity with a keyword ("Pilotnutzer"). */
export function tailSense(key: string, headLength: number): Sense | undefined {
  const tail = key.slice(headLength);
  if (tail.length < COMPOUND_MIN_PART) return undefined;
  return stemSense(tail) ?? (tail.startsWith('s') ? stemSense(tail.slice(1)) : undefined);
}

type FuzzyHit = { sense: Sense; distance: number } | undefined;
// Chat repeats itself; remembered answers keep typo matching off the hot path. Bounded so
// arbitrary input cannot grow it without limit.
const fuzzyMemo = new Map<string, FuzzyHit>();
const FUZZY_MEMO_LIMIT = 5000;

/** Closest meaningful word within the typo budget; ambiguous matches give nothing. */
export function fuzzySense(key: string): FuzzyHit {
  if (key.length < FUZZY_MIN_LENGTH) return undefined;
  if (fuzzyMemo.has(key)) return fuzzyMemo.get(key);
  const hit = scanFuzzy(key);
  if (fuzzyMemo.size >= FUZZY_MEMO_LIMIT) fuzzyMemo.clear();
  fuzzyMemo.set(key, hit);
  return hit;
}

function scanFuzzy(key: string): FuzzyHit {
  let best: { sense: Sense; distance: number } | undefined;
  let ambiguous = false;
  for (let len = key.length - 2; len <= key.length + 2; len++) {
    const bucket = LEXICON.byLength.get(len);
    if (!bucket) continue;
    for (const candidate of bucket) {
      const d = closeDistance(key, candidate.key);
      if (d < 0 || !typoOfOrderAllowed(key, candidate)) continue;
      if (!best || d < best.distance) {
        best = { sense: candidate.sense, distance: d };
        ambiguous = false;
      } else if (d === best.distance && candidate.sense.concept !== best.sense.concept) {
        ambiguous = true;
      }
    }
  }
  return best && !ambiguous ? best : undefined;
}

function typoOfOrderAllowed(key: string, candidate: { key: string; sense: Sense }): boolean {
  if (!ORDERS.has(candidate.sense.concept) || key.length < ORDER_TYPO_CHECKED_FROM_LENGTH) return true;
  return key.slice(0, ORDER_TYPO_SAME_START) === candidate.key.slice(0, ORDER_TYPO_SAME_START);
}

/** A looser look-alike for did-you-mean suggestions on text that matched nothing. */
export function nearestConcept(key: string): Concept | undefined {
  if (key.length < 3) return undefined;
  const budget = Math.max(1, Math.floor(key.length / 3));
  let best: { concept: Concept; distance: number } | undefined;
  for (let len = Math.max(FUZZY_MIN_LENGTH, key.length - budget); len <= key.length + budget; len++) {
    for (const candidate of LEXICON.byLength.get(len) ?? []) {
      const d = closeDistance(key, candidate.key, budget);
      if (d >= 0 && (!best || d < best.distance)) best = { concept: candidate.sense.concept, distance: d };
    }
  }
  return best?.concept;
}

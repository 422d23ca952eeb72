// Reply language and did-you-mean intents. The language comes from words only one language
// uses (loanwords like "Status" or "Job" are neutral); the suggestions rank intents by the
// concepts that were said, including near-misses of words the lexicon knows; each command's spec
// states the concepts that hint at it (`hints`).
import type { Command, Intent } from '../contract';
import type { Token } from './annotate';
import { nearestConcept } from './lexicon';
import type { ComposedRules } from './rules';

export type Language = 'en' | 'de';

/**
 * 'de' when German wording outweighs English (a tie with some German counts as German, since
 * German admins mix in English terms), 'en' for English wording, undefined when nothing tells.
 */
export function detectLanguage(tokens: Token[]): Language | undefined {
  let de = 0;
  let en = 0;
  for (const t of tokens) {
    if (t.lang === 'de') de++;
    else if (t.lang === 'en') en++;
  }
  if (de === 0 && en === 0) return undefined;
  return de >= en ? 'de' : 'en';
}

const MAX_SUGGESTIONS = 3;

function add(scores: Map<Intent, number>, intents: ReadonlyArray<{ intent: Intent; rank: number }> | undefined, weight: number): void {
  for (const { intent, rank } of intents ?? []) scores.set(intent, (scores.get(intent) ?? 0) + weight * (3 - Math.min(rank, 2)));
}

/** Up to three likely intents; the recognised one first when there is one. `hints`: the specs' did-you-mean hints. */
export function suggestIntents(tokens: Token[], command: Command, hints: ComposedRules['hints']): Intent[] {
  const scores = new Map<Intent, number>();
  for (const t of tokens) {
    if (t.concept) add(scores, hints.get(t.concept), 2);
    else if (t.kind === 'user') add(scores, hints.get('userName'), 2);
    else if (t.entity?.type === 'site') add(scores, hints.get('siteName'), 2);
    else if (t.entity?.type === 'group') add(scores, hints.get('groupName'), 2);
    else if (t.kind === 'number' && !t.version) add(scores, hints.get('number'), 1);
    else if (t.kind === 'word' && command.intent === 'unknown') {
      const near = nearestConcept(t.key);
      if (near) add(scores, hints.get(near), 1);
    }
  }
  const ranked = [...scores.entries()]
    .filter(([intent]) => intent !== command.intent)
    .sort((a, b) => b[1] - a[1])
    .map(([intent]) => intent);
  if (command.intent !== 'unknown') ranked.unshift(command.intent);
  if (!ranked.length) ranked.push('help');
  return ranked.slice(0, MAX_SUGGESTIONS);
}

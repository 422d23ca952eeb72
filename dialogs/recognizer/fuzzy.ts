// Typo tolerance, scaled to word length: short words are never fuzzed (too many real words sit
// one edit apart), longer ones tolerate one or two edits, and a swap of two neighbouring letters
// ("stauts", "cancle") counts as a single edit. Also the did-you-mean for unresolved names.
import { distance } from 'fastest-levenshtein';
import { foldKey } from './normalise';

/** Edits tolerated when matching a typed key of this length against a known word. */
export function editBudget(length: number): number {
  if (length <= 4) return 0;
  if (length <= 8) return 1;
  return 2;
}

/** True when `a` and `b` differ exactly by one swap of neighbouring characters. */
function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i >= a.length - 1) return false;
  if (a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  return a.slice(i + 2) === b.slice(i + 2);
}

/** Edit distance where a neighbour swap costs 1 (Levenshtein alone would charge 2). */
export function typoDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (isAdjacentSwap(a, b)) return 1;
  return distance(a, b);
}

/**
 * Distance of a typed key to a known key when it is within the budget, else -1.
 * Four-letter words only match through a neighbour swap ("hlep" -> "help").
 */
export function closeDistance(typed: string, known: string, budget = editBudget(Math.min(typed.length, known.length))): number {
  if (typed === known) return 0;
  if (Math.abs(typed.length - known.length) > Math.max(budget, 0)) return -1;
  if (budget === 0) {
    return typed.length === 4 && isAdjacentSwap(typed, known) ? 1 : -1;
  }
  const d = typoDistance(typed, known);
  return d <= budget ? d : -1;
}

/**
 * Did-you-mean: the candidates closest to what was typed (case, accents and umlaut spelling
 * ignored), best first, at most `max`. Prefix matches ("Berl" -> "Berlin") count as close.
 */
export function suggestNames(typed: string, candidates: string[], max = 3): string[] {
  const key = foldKey(typed.trim());
  if (!key || max <= 0) return [];
  const budget = Math.max(1, Math.ceil(key.length * 0.4));
  const scored: Array<{ name: string; score: number; order: number }> = [];
  const seen = new Set<string>();
  candidates.forEach((name, order) => {
    if (seen.has(name)) return;
    seen.add(name);
    const candidate = foldKey(name);
    let score = typoDistance(key, candidate);
    if (key.length >= 3 && candidate.startsWith(key)) score = Math.min(score, 1);
    if (score <= budget) scored.push({ name, score, order });
  });
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  return scored.slice(0, max).map((s) => s.name);
}

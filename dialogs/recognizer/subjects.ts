// Reads the slots out of annotated tokens: users, groups, sites, names typed next to a kind
// keyword ("site Atlantis"), leftover unknown words, the job or proposal number, the move
// direction and which concepts were said at all.
import { isUnknownWord, type Token } from './annotate';
import type { Concept } from './lexicon';

export type NameKind = 'site' | 'group' | 'user';

/** A name as typed that the catalog does not know. */
export interface TypedName {
  text: string;
  capitalised: boolean;
  /** The word before it was a place preposition ("in Atlantis"). */
  afterPlace: boolean;
  /** The word before it was an article ("das Wetter"): a common noun rather than a name. */
  afterArticle: boolean;
  index: number;
}

export interface Slots {
  tokens: Token[];
  /** SIP domain for names typed without one. */
  domain: string;
  /** The pilot group's name, lower case. */
  pilotGroup: string;
  concepts: Map<Concept, number>;
  users: Array<{ sip: string; known: boolean }>;
  sites: string[];
  groups: string[];
  /** Unknown names typed right next to a kind keyword, by kind. */
  named: Partial<Record<NameKind, TypedName>>;
  /** Unknown words not next to a keyword (first span only). */
  leftover?: TypedName;
  /** Quoted text that resolved to nothing. */
  quoted?: TypedName;
  number?: string;
  questionMark: boolean;
  /** Where a move points: explicit "to Lync"/"nach OCS", or undefined. */
  target?: 'lync' | 'ocs';
}

const KEYWORD_KIND: Partial<Record<Concept, NameKind>> = { site: 'site', group: 'group', user: 'user' };
const SKIPPABLE: ReadonlySet<Concept> = new Set<Concept>(['word']);
const NAME_SPAN = 4;
const PLACE_WORDS = new Set(['in', 'at', 'im', 'bei', 'am', 'von', 'vom', 'of', 'for', 'fur', 'aus']);
const SINGULAR_USER_KEYS = new Set(['user', 'account', 'person', 'employee', 'member', 'colleague', 'benutzer', 'benutzerin', 'nutzer', 'anwender', 'konto', 'kollege', 'kollegin', 'mitarbeiter', 'mitarbeiterin']);
const ARTICLES = new Set(['the', 'a', 'an', 'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer']);
const ID_KEYS: ReadonlySet<Concept> = new Set<Concept>(['job', 'proposal']);

function span(tokens: Token[], from: number, step: 1 | -1): TypedName | undefined {
  const words: Token[] = [];
  for (let i = from; i >= 0 && i < tokens.length && words.length < NAME_SPAN; i += step) {
    if (!isUnknownWord(tokens[i])) break;
    words.push(tokens[i]);
  }
  if (!words.length) return undefined;
  if (step === -1) words.reverse();
  const first = tokens.indexOf(words[0]);
  const before = tokens[first - 1];
  return {
    text: words.map((w) => w.raw).join(' '),
    capitalised: /^\p{Lu}/u.test(words[0].raw),
    afterPlace: before !== undefined && PLACE_WORDS.has(before.key),
    afterArticle: before !== undefined && ARTICLES.has(before.key),
    index: first,
  };
}

function quotedName(t: Token, index: number): TypedName {
  return { text: t.raw, capitalised: /^\p{Lu}/u.test(t.raw), afterPlace: false, afterArticle: false, index };
}

/**
 * The unknown name right after (or else right before) a kind keyword. For users only a
 * singular keyword followed by the name counts ("user frank"): "users" or "how many users"
 * are never followed or preceded by a name.
 */
function nameNextTo(tokens: Token[], i: number, kind: NameKind): TypedName | undefined {
  if (kind === 'user' && !SINGULAR_USER_KEYS.has(tokens[i].key)) return undefined;
  let j = i + 1;
  while (j < tokens.length && j <= i + 2 && tokens[j].concept && SKIPPABLE.has(tokens[j].concept!)) j++;
  const next = tokens[j];
  if (next?.kind === 'quoted' && !next.entity) return quotedName(next, j);
  const after = span(tokens, j, 1);
  if (after) {
    // A capitalised common word right before the name belongs to it ("Standort New York").
    let k = j;
    while (k > i + 1 && /^\p{Lu}/u.test(tokens[k - 1].raw)) k--;
    if (k === j) return after;
    const lead = tokens.slice(k, j).map((t) => t.raw).join(' ');
    return { ...after, text: `${lead} ${after.text}`, index: k, capitalised: true };
  }
  if (kind === 'user') return undefined;
  const prev = tokens[i - 1];
  if (prev?.kind === 'quoted' && !prev.entity) return quotedName(prev, i - 1);
  return span(tokens, i - 1, -1);
}

function direction(tokens: Token[]): 'lync' | 'ocs' | undefined {
  let target: 'lync' | 'ocs' | undefined;
  tokens.forEach((t, i) => {
    if (t.concept !== 'lync' && t.concept !== 'ocs') return;
    let j = i - 1;
    while (j >= 0 && (tokens[j].version || tokens[j].concept === 'word')) j--;
    if (tokens[j]?.concept === 'to') target = t.concept;
  });
  return target;
}

function pickNumber(tokens: Token[]): string | undefined {
  let first: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'number' || t.version) continue;
    const prev = tokens[i - 1];
    if (prev?.concept === 'last') continue;
    const value = t.key.replace(/^0+(?=\d)/, '');
    if (prev?.concept && ID_KEYS.has(prev.concept)) return value;
    first ??= value;
  }
  return first;
}

export function readSlots(tokens: Token[], domain: string, pilotGroup: string): Slots {
  const concepts = new Map<Concept, number>();
  const users: Slots['users'] = [];
  const sites: string[] = [];
  const groups: string[] = [];
  const named: Slots['named'] = {};
  let quoted: TypedName | undefined;
  tokens.forEach((t, i) => {
    if (t.concept) concepts.set(t.concept, (concepts.get(t.concept) ?? 0) + 1);
    if (t.user && !users.some((u) => u.sip === t.user)) users.push({ sip: t.user, known: t.knownUser === true });
    if (t.entity?.type === 'site' && !sites.includes(t.entity.name)) sites.push(t.entity.name);
    if (t.entity?.type === 'group' && !groups.includes(t.entity.name)) groups.push(t.entity.name);
    if (t.kind === 'quoted' && !t.entity && !quoted) quoted = quotedName(t, i);
    const kind = t.concept ? KEYWORD_KIND[t.concept] : undefined;
    if (kind && !named[kind]) {
      const name = nameNextTo(tokens, i, kind);
      if (name) named[kind] = name;
    }
  });
  // A quoted name claimed by a keyword ("site \"New Atlantis\"") is that kind, not a loose group name.
  if (quoted && Object.values(named).some((n) => n.index === quoted!.index)) quoted = undefined;
  let leftover: TypedName | undefined;
  for (let i = 0; i < tokens.length && !leftover; i++) if (isUnknownWord(tokens[i])) leftover = span(tokens, i, 1);
  return {
    tokens,
    domain,
    pilotGroup,
    concepts,
    users,
    sites,
    groups,
    named,
    leftover,
    quoted,
    number: pickNumber(tokens),
    questionMark: tokens.some((t) => t.kind === 'qmark'),
    target: direction(tokens),
  };
}

export function has(s: Slots, ...concepts: Concept[]): boolean {
  return concepts.some((c) => s.concepts.has(c));
}

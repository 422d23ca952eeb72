// Gives every token its meaning: a lexicon concept, a catalog entity (site or group), a user
// address, a product version, or nothing (an unknown word, perhaps a name). Longest matches win:
// "Sales Berlin" is a group before "Berlin" is a site, "roll back" is one concept.
import { compileCatalog, fuzzyEntity, knownUser, type CompiledCatalog, type Entity, type NameCatalog } from './catalog';
import { compoundSenses, exactSense, fuzzySense, isInert, MAX_PHRASE_WORDS, phraseSense, stemSense, tailSense, type Concept, type Lang, type Sense } from './lexicon';
import type { RawToken } from './normalise';

export interface Token {
  kind: 'word' | 'number' | 'user' | 'quoted' | 'qmark';
  /** As typed (phrases: their words joined by spaces). */
  raw: string;
  key: string;
  concept?: Concept;
  lang?: Lang;
  entity?: Entity;
  /** Lower-case SIP address (kind 'user'). */
  user?: string;
  knownUser?: boolean;
  /** A number that is a product version ("Lync 2013"), not an id. */
  version?: boolean;
  /**
   * A part of a dotted or hyphenated word that is no known name as a whole ("ocs-xyz.contoso.local"
   * is read as ocs, xyz, contoso, local): the whole word as typed, so a rule can still name it.
   */
  compound?: string;
}

const VERSION_OF: Record<string, Concept | undefined> = { '2013': 'lync', '2007': 'ocs', '2010': 'lync' };
const ID_CONTEXT: ReadonlySet<Concept> = new Set<Concept>(['job', 'proposal', 'confirm', 'reject', 'cancel', 'retry']);
const ENTITY_SUFFIXES = ['er', 'en', 'es', 's', 'n', 'e'];
/** Keywords that may be glued to a name in one German compound ("Pilotnutzer", "Finanzgruppe"). */
const GLUE_KEYWORDS: ReadonlySet<Concept> = new Set<Concept>(['group', 'user', 'site']);
const GROUP_SUFFIXES = ['sgruppe', 'gruppe', 'steam', 'team'];
const POSSESSIVE = /['\u2019]?s$/i;

function withSense(t: Token, sense: Sense): Token {
  t.concept = sense.concept;
  if (sense.lang) t.lang = sense.lang;
  return t;
}

function userToken(raw: string, sip: string, known: boolean): Token {
  return { kind: 'user', raw, key: sip, user: sip, knownUser: known };
}

/** Whole dotted/hyphenated words first: "alex.wilber", "ocs-ham.contoso.local", "carol's". */
function wholeWord(c: CompiledCatalog, whole: string): Token | undefined {
  const lower = whole.toLowerCase();
  const sip = knownUser(c, lower) ?? knownUser(c, lower.replace(POSSESSIVE, ''));
  if (sip) return userToken(whole, sip, true);
  const site = c.pools.get(lower);
  if (site) return { kind: 'word', raw: whole, key: lower, entity: { type: 'site', name: site } };
  return undefined;
}

function quotedToken(c: CompiledCatalog, t: RawToken): Token {
  if (t.raw.includes('@')) {
    const sip = t.raw.replace(/^(?:sip|mailto):/i, '').toLowerCase();
    return userToken(t.raw, sip, c.catalog.hasUser(sip));
  }
  const sip = knownUser(c, t.raw);
  if (sip) return userToken(t.raw, sip, true);
  const keys = t.key.split(/\s+/).filter(Boolean);
  const entity = c.byKey.get(keys.join(' ')) ?? c.byConcatenation.get(keys.join('')) ?? fuzzyEntity(c, keys)?.entity;
  return entity ? { kind: 'quoted', raw: t.raw, key: t.key, entity } : { kind: 'quoted', raw: t.raw, key: t.key };
}

function entityByStem(c: CompiledCatalog, key: string): Entity | undefined {
  for (const suffix of ENTITY_SUFFIXES) {
    if (key.length - suffix.length >= 4 && key.endsWith(suffix)) {
      const e = c.byKey.get(key.slice(0, -suffix.length));
      if (e) return e;
    }
  }
  return undefined;
}

/** One word that matched no phrase; may expand into two tokens (a split compound). */
function classifyWord(c: CompiledCatalog, t: RawToken): Token[] {
  const base: Token = { kind: 'word', raw: t.raw, key: t.key };
  const entity = c.byKey.get(t.key);
  if (entity) return [{ ...base, entity }];
  const exact = exactSense(t.key);
  if (exact) return [withSense(base, exact)];
  const lower = t.raw.toLowerCase();
  const sip = knownUser(c, lower) ?? (lower.endsWith('s') ? knownUser(c, lower.slice(0, -1)) : undefined);
  if (sip) return [userToken(t.raw, sip, true)];
  const stem = stemSense(t.key);
  if (stem) return [withSense(base, stem)];
  const stemEntity = entityByStem(c, t.key);
  if (stemEntity) return [{ ...base, entity: stemEntity }];
  for (const name of c.singleWordNames) {
    if (t.key.length < name.key.length + 3 || !t.key.startsWith(name.key)) continue;
    const tail = tailSense(t.key, name.key.length);
    if (tail && GLUE_KEYWORDS.has(tail.concept)) return [{ ...base, entity: name.entity }, withSense({ kind: 'word', raw: t.raw, key: '' }, tail)];
  }
  const parts = compoundSenses(t.key);
  if (parts) return [withSense({ ...base }, parts[0]), withSense({ kind: 'word', raw: t.raw, key: '' }, parts[1])];
  const lexical = fuzzySense(t.key);
  const named = fuzzyEntity(c, [t.key]);
  if (named && (!lexical || named.distance < lexical.distance)) return [{ ...base, entity: named.entity }];
  if (lexical) return [withSense(base, lexical.sense)];
  return [base];
}

function isPlainWord(t: RawToken | undefined): t is RawToken {
  return t !== undefined && (t.kind === 'word' || t.kind === 'number');
}

/** "Vertriebsgruppe Berlin": a group keyword glued to the first word of a two-word group name. */
function groupCompound(c: CompiledCatalog, first: string, second: string): Entity | undefined {
  for (const suffix of GROUP_SUFFIXES) {
    if (first.length < suffix.length + 3 || !first.endsWith(suffix)) continue;
    const entity = c.byKey.get(`${first.slice(0, -suffix.length)} ${second}`);
    if (entity?.type === 'group') return entity;
  }
  return undefined;
}

/** Tries the phrase starting at `i` with `n` words: catalog names, lexicon phrases, "Alex Wilber". */
function phraseAt(c: CompiledCatalog, raw: RawToken[], i: number, n: number): Token | undefined {
  const window = raw.slice(i, i + n);
  if (window.length < n || !window.every(isPlainWord)) return undefined;
  const keys = window.map((t) => t.key);
  const joined = keys.join(' ');
  const text = window.map((t) => t.raw).join(' ');
  const entity = c.byKey.get(joined);
  if (entity) return { kind: 'word', raw: text, key: joined, entity };
  const sense = phraseSense(joined);
  if (sense) return withSense({ kind: 'word', raw: text, key: joined }, sense);
  if (n !== 2) return undefined;
  const glued = c.byConcatenation.get(keys.join('')) ?? groupCompound(c, keys[0], keys[1]);
  if (glued) return { kind: 'word', raw: text, key: joined, entity: glued };
  const sip = knownUser(c, `${window[0].raw}.${window[1].raw}`);
  if (sip) return userToken(text, sip, true);
  return undefined;
}

/**
 * Multi-word catalog names with typos or inflection ("Sales Berln", "die frühen Nutzer" for
 * "Frühe Nutzer"); the window must start with a word that is neither a lexicon word nor a name.
 */
function fuzzyPhraseAt(c: CompiledCatalog, raw: RawToken[], i: number, n: number): Token | undefined {
  const window = raw.slice(i, i + n);
  if (window.length < n || !window.every((t) => t.kind === 'word')) return undefined;
  if (exactSense(window[0].key) || c.byKey.has(window[0].key)) return undefined;
  const found = fuzzyEntity(c, window.map((t) => t.key));
  if (!found) return undefined;
  return { kind: 'word', raw: window.map((t) => t.raw).join(' '), key: window.map((t) => t.key).join(' '), entity: found.entity };
}

function markVersions(tokens: Token[]): void {
  tokens.forEach((t, i) => {
    if (t.kind !== 'number') return;
    const versionOf = VERSION_OF[t.key];
    const prev = tokens[i - 1];
    if (!versionOf || (prev?.concept && ID_CONTEXT.has(prev.concept))) return;
    t.version = true;
    // "Lync 2013" is already one phrase; a bare "2013" after "to"/"nach" names the target.
    if (!prev || (prev.concept !== 'lync' && prev.concept !== 'ocs')) t.concept = versionOf;
  });
}

export function annotate(raw: RawToken[], catalog: NameCatalog): Token[] {
  const c = compileCatalog(catalog);
  const tokens: Token[] = [];
  const maxWords = Math.max(MAX_PHRASE_WORDS, c.maxWords);
  let i = 0;
  while (i < raw.length) {
    const t = raw[i];
    if (t.compound !== undefined && t.part === 0) {
      const whole = wholeWord(c, t.compound);
      if (whole) {
        tokens.push(whole);
        i++;
        while (i < raw.length && raw[i].compound === t.compound && (raw[i].part ?? 0) > 0) i++;
        continue;
      }
    }
    if (t.kind === 'email') {
      const sip = t.key.includes('@') || !c.sipDomain ? t.key : `${t.key}@${c.sipDomain}`;
      tokens.push(userToken(t.raw, sip, c.catalog.hasUser(sip)));
      i++;
      continue;
    }
    if (t.kind === 'quoted') {
      tokens.push(quotedToken(c, t));
      i++;
      continue;
    }
    if (t.kind === 'qmark') {
      tokens.push({ kind: 'qmark', raw: '?', key: '?' });
      i++;
      continue;
    }
    const first = tokens.length;
    let matched: { token: Token; n: number } | undefined;
    for (let n = maxWords; n >= 2 && !matched; n--) {
      const token = phraseAt(c, raw, i, n);
      if (token) matched = { token, n };
    }
    for (let n = c.maxWords; n >= 2 && !matched; n--) {
      const token = fuzzyPhraseAt(c, raw, i, n);
      if (token) matched = { token, n };
    }
    if (matched) {
      tokens.push(matched.token);
      i += matched.n;
    } else {
      if (t.kind === 'number') tokens.push({ kind: 'number', raw: t.raw, key: t.key });
      else tokens.push(...classifyWord(c, t));
      i++;
    }
    if (t.compound !== undefined) for (let k = first; k < tokens.length; k++) tokens[k].compound = t.compound;
  }
  markVersions(tokens);
  return tokens;
}

/** An unknown word: no concept, entity or user; a candidate for a name typed by the user. */
export function isUnknownWord(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'word' && !t.concept && !t.entity && t.key !== '';
}

export function isMeaningful(t: Token): boolean {
  return t.kind !== 'qmark' && !(t.concept && isInert(t.concept));
}

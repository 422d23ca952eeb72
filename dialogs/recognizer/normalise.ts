// Text clean-up and tokenising for the recognizer. Chat text arrives with Teams markup,
// mentions, typographic quotes, umlauts written either way and stray control characters; this
// module turns it into plain tokens with a folded matching key, so every later stage compares
// like with like. Nothing here knows about the topology or the lexicon.

/**
 * Longest text that can be a chat command (characters). The one limit for the whole turn: the host
 * answers longer messages politely without running the recognizer, the conversation reads no
 * further, and the recognizer's input schema refuses anything longer.
 */
export const MAX_INPUT_CHARS = 2000;

export type RawKind = 'word' | 'number' | 'email' | 'quoted' | 'qmark';

export interface RawToken {
  kind: RawKind;
  /** The text as typed (for addresses: without "sip:"/"mailto:"; "sip:frank" keeps only "frank"). */
  raw: string;
  /** Folded matching key (lower case, no diacritics, umlaut spellings unified). */
  key: string;
  /** Word carried inner separators (dots, hyphens) before it was split: the whole, as typed. */
  compound?: string;
  /** Position of this part within `compound` (0 for the first). */
  part?: number;
}

const MENTION = /<at\b[^>]*>[\s\S]*?<\/at>/gi;
const ANGLE_ADDRESS = /<(?:sip:|mailto:)?([^<>\s@]+@[^<>\s]+)>/gi;
const HTML_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi;
const ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#39|#160);/gi;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
const COMBINING = /[\u0300-\u036f]/g;
const UMLAUT_SPELLING = /([aou])e/g;
const ENTITY_TEXT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'", '#160': ' ' };

/**
 * Folds a word for matching: "München", "Muenchen" and "Munchen" all become "munchen".
 * The same fold is applied to the lexicon and the catalog, so collisions it creates in
 * English words ("queue" -> "quu") never matter.
 */
export function foldKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(COMBINING, '')
    .replace(UMLAUT_SPELLING, '$1');
}

/**
 * Removes markup, mentions, control and invisible characters; collapses whitespace. Dashes become
 * "-" for reading commands; `keepDashes` leaves them as typed (for words kept verbatim, such as a
 * step's evidence), at the same positions: every dash is one character either way.
 */
export function cleanText(text: string, keepDashes = false): string {
  const marked = text
    .replace(MENTION, ' ')
    .replace(ANGLE_ADDRESS, ' $1 ')
    .replace(HTML_TAG, ' ')
    .replace(ENTITY, (_m, name: string) => ENTITY_TEXT[name.toLowerCase()] ?? ' ')
    .replace(CONTROL, ' ')
    .replace(INVISIBLE, '');
  return (keepDashes ? marked : marked.replace(DASHES, '-')).replace(/\s+/g, ' ').trim();
}

// One pass over the cleaned text: quoted names, addresses, words (with inner separators), numbers
// and question marks. Everything else (punctuation, symbols) separates tokens.
const TOKEN = new RegExp(
  [
    '"([^"]*)"',
    '\u201c([^\u201d]*)\u201d',
    '\u201e([^\u201c\u201d"]*)[\u201c\u201d"]',
    '\u00ab([^\u00bb]*)\u00bb',
    '\u2018([^\u2019]*)\u2019',
    "(?<![\\p{L}\\p{N}])'([^']*)'(?![\\p{L}\\p{N}])",
    "((?:sip:|mailto:)?[\\p{L}\\p{N}._%+'\u2019-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+|(?:sip|mailto):[\\p{L}\\p{N}._%+-]+)",
    "([\\p{L}\\p{N}]+(?:[._'\u2019-][\\p{L}\\p{N}]+)*)",
    '(\\?)',
  ].join('|'),
  'gu',
);
const QUOTE_GROUPS = 6;
const ADDRESS_PREFIX = /^(?:sip|mailto):/i;
const DIGITS = /^\d+$/;
const LETTERS_THEN_DIGITS = /^(\p{L}{3,})(\d+)$/u;
const INNER_SEPARATOR = /[._'\u2019-]/;
const SPLIT_SEPARATORS = /[._'\u2019-]+/;

function wordToken(raw: string, compound?: string, part?: number): RawToken {
  const kind: RawKind = DIGITS.test(raw) ? 'number' : 'word';
  const token: RawToken = { kind, raw, key: kind === 'number' ? raw : foldKey(raw) };
  if (compound !== undefined && part !== undefined) {
    token.compound = compound;
    token.part = part;
  }
  return token;
}

/** Splits "lync2013" / "job42" into a word and a number; short stems like "r2" stay whole. */
function pushWord(out: RawToken[], raw: string, compound?: string, part?: number): void {
  const m = LETTERS_THEN_DIGITS.exec(raw);
  if (m) {
    out.push(wordToken(m[1], compound, part), wordToken(m[2], compound, part === undefined ? undefined : part + 1));
  } else {
    out.push(wordToken(raw, compound, part));
  }
}

/**
 * Cuts cleaned text into tokens. A word with inner separators ("alex.wilber", "OCS-Pool",
 * "carol's") is split into its parts, each remembering the whole in `compound`, so later
 * stages can still try the whole as a user name or pool FQDN. Stops once more than `limit`
 * tokens were found (the caller rejects such texts anyway).
 */
export function tokenise(text: string, limit = Number.POSITIVE_INFINITY): RawToken[] {
  const out: RawToken[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m && out.length <= limit; m = TOKEN.exec(text)) {
    let quoted: string | undefined;
    for (let g = 1; g <= QUOTE_GROUPS; g++) if (m[g] !== undefined) quoted = m[g];
    if (quoted !== undefined) {
      const inner = quoted.trim();
      if (inner) out.push({ kind: 'quoted', raw: inner, key: foldKey(inner) });
      continue;
    }
    const email = m[QUOTE_GROUPS + 1];
    if (email) {
      const address = email.replace(ADDRESS_PREFIX, '');
      out.push({ kind: 'email', raw: address, key: address.toLowerCase() });
      continue;
    }
    const word = m[QUOTE_GROUPS + 2];
    if (word) {
      if (!INNER_SEPARATOR.test(word)) {
        pushWord(out, word);
        continue;
      }
      let part = 0;
      for (const piece of word.split(SPLIT_SEPARATORS)) {
        if (!piece) continue;
        pushWord(out, piece, word, part);
        part = out[out.length - 1].part! + 1;
      }
      continue;
    }
    out.push({ kind: 'qmark', raw: '?', key: '?' });
  }
  return out;
}

// Hostile request bodies for the robustness suite: deeply nested JSON placed at every level of an
// activity, texts with control characters and bidirectional overrides, and JSON carrying the
// prototype-pollution keys (`__proto__`, `constructor.prototype`) as own properties, exactly as
// an attacker's raw body would reach JSON.parse.

/** Nesting depth of the "deeply nested" bodies. */
export const DEPTH = 100_000;

export const deepArray = (depth = DEPTH) => '['.repeat(depth) + ']'.repeat(depth);
export const deepObject = (depth = DEPTH) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const PLACEHOLDER = '"__robust_raw_json__"';

/**
 * The activity as JSON text with `raw` (any JSON text) at `path`; objects on the way are kept,
 * so the activity stays valid around the hostile part.
 */
export function withRawJson(activity: Record<string, unknown>, path: Array<string | number>, raw: string): string {
  const copy = structuredClone(activity) as Record<string, unknown>;
  let node: Record<string | number, unknown> = copy;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = PLACEHOLDER.slice(1, -1);
      return;
    }
    const next = node[key];
    node[key] = next && typeof next === 'object' ? next : typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  const text = JSON.stringify(copy);
  const at = text.indexOf(PLACEHOLDER);
  return text.slice(0, at) + raw + text.slice(at + PLACEHOLDER.length);
}

/** JSON text of `template` with each string value "<<name>>" replaced by the raw JSON `parts[name]`. */
export function rawJson(template: unknown, parts: Record<string, string>): string {
  let text = JSON.stringify(template);
  for (const [name, raw] of Object.entries(parts)) {
    const placeholder = JSON.stringify(`<<${name}>>`);
    if (!text.includes(placeholder)) throw new Error(`no placeholder <<${name}>>`);
    text = text.replace(placeholder, () => raw);
  }
  return text;
}

/** Texts a hostile or broken client might send: control characters, bidi overrides, odd Unicode. */
export const HOSTILE_TEXTS: Record<string, string> = {
  'NUL and bell inside a command': 'status of site Ber\u0000lin\u0007',
  'ANSI escape sequences': '\u001b[31mstatus\u001b[0m of site \u001b]0;owned\u0007Berlin',
  'C1 controls and DEL': 'status\u0085 of\u009b site\u007f Berlin',
  'right-to-left override spelling a site backwards': 'move site \u202enilreB\u202c to Lync 2013',
  'bidi isolates around a user name': 'is \u2067alice@contoso.com\u2069 migrated?',
  'zero-width characters between letters': 'st\u200ba\u200ctus of si\u200dte Ber\ufeffl\u2060in',
  'only control characters': '\u0001\u0002\u0003\u0004\u0005\u0006\u0008\u000b\u000c\u000e\u000f',
  'line and paragraph separators': 'status of site\u2028Berlin\u2029now',
  'lone surrogates': 'status of site \ud800Berlin\udfff',
  'combining marks flood': `status of site B${'\u0301'.repeat(1500)}erlin`,
  'mention markup with script': '<at>LyncOps</at><script>alert(1)</script> status of site Berlin',
  'CRLF header injection': 'status of site Berlin\r\nSet-Cookie: owned=1\r\n\r\n',
};

/** A raw activity body whose top level also carries the pollution keys. */
export function pollutedTopLevel(activity: Record<string, unknown>): string {
  return `{"__proto__":{"polluted":"top","role":"admin"},"constructor":{"prototype":{"polluted":"ctor"}},${JSON.stringify(activity).slice(1)}`;
}

/** `{ ...fields, "__proto__": proto, "constructor": { "prototype": proto } }` as JSON text. */
export function pollutedObject(fields: Record<string, unknown>, proto: Record<string, unknown>): string {
  const own = JSON.stringify(fields).slice(1, -1);
  const keys = `"__proto__":${JSON.stringify(proto)},"constructor":{"prototype":${JSON.stringify(proto)}}`;
  return `{${own ? `${own},` : ''}${keys}}`;
}

/** Properties of Object.prototype, to prove that none was added. */
export function objectPrototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

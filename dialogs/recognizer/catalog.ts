// The names the recognizer resolves against (sites, groups, users, pools) and their compiled,
// per-catalog lookup tables. Compiling happens once per catalog object (WeakMap cache), so a
// chat turn only does map lookups and a handful of bounded fuzzy comparisons.
import { DEFAULT_PILOT_GROUP, fqdnKey, normaliseSip, type TopologyIndex } from '../../migration/topology';
import { closeDistance } from './fuzzy';
import { tokenise } from './normalise';

export interface NameCatalog {
  sites: Array<{ name: string; aliases: string[] }>;
  groups: Array<{ name: string; aliases: string[] }>;
  /** e.g. contoso.com */
  sipDomain: string;
  /** Known SIP address (lower case, no "sip:"). */
  hasUser(sip: string): boolean;
  /** Pools by FQDN with their site, so "ocs-ham.contoso.local" names the site Hamburg. */
  pools?: Array<{ fqdn: string; site: string }>;
  /** The pilot group's name (PILOT_GROUP): "accept the pilot in Munich", "the pilot group" and "die Pilotgruppe" name it. */
  pilotGroup?: string;
}

export interface Entity {
  type: 'site' | 'group';
  /** Canonical name from the catalog ("Munich" for "München"). */
  name: string;
}

interface NameEntry {
  keys: string[];
  joined: string;
  entity: Entity;
}

export interface CompiledCatalog {
  catalog: NameCatalog;
  sipDomain: string;
  /** Every name and alias by its folded words joined with spaces. */
  byKey: Map<string, Entity>;
  /** Multi-word names also written as one word ("salesberlin", "helpdesk" from "help desk"). */
  byConcatenation: Map<string, Entity>;
  /** Single-word names by folded key, longest first (for compounds like "Pilotnutzer"). */
  singleWordNames: Array<{ key: string; entity: Entity }>;
  entries: NameEntry[];
  maxWords: number;
  /** Pool FQDNs and their host labels -> site name. */
  pools: Map<string, string>;
  /** Remembered fuzzy lookups (bounded). */
  fuzzyMemo: Map<string, { entity: Entity; distance: number } | undefined>;
}

export function catalogFromTopology(index: TopologyIndex, pilotGroup: string = DEFAULT_PILOT_GROUP): NameCatalog {
  const t = index.topology;
  return {
    sites: t.sites.map((s) => ({ name: s.name, aliases: [...s.aliases] })),
    groups: t.groups.map((g) => ({ name: g.name, aliases: [...g.aliases] })),
    sipDomain: t.sipDomain.toLowerCase(),
    hasUser: (sip: string) => index.usersBySip.has(normaliseSip(sip)),
    pools: t.pools.map((p) => ({ fqdn: p.fqdn, site: p.site })),
    pilotGroup,
  };
}

const NAME_ENDINGS = ['en', 'n', 'e', 's'];
/** Words that mean the configured pilot group in either language ("Pilot-Gruppe" is read as two words). */
const PILOT_GROUP_WORDS = ['pilot group', 'Pilotgruppe', 'Pilot Gruppe'];

/** The configured pilot group as a group entity, spelt as the topology spells it when it has a group of that name. */
function pilotEntity(catalog: NameCatalog): Entity | undefined {
  const configured = catalog.pilotGroup?.trim();
  if (!configured) return undefined;
  const named = catalog.groups.find((g) => g.name.toLowerCase() === configured.toLowerCase());
  return { type: 'group', name: named?.name ?? configured };
}
const FUZZY_MEMO_LIMIT = 5000;

function nameKeys(name: string): string[] {
  return tokenise(name).map((t) => t.key);
}

function compile(catalog: NameCatalog): CompiledCatalog {
  const byKey = new Map<string, Entity>();
  const byConcatenation = new Map<string, Entity>();
  const entries: NameEntry[] = [];
  let maxWords = 1;
  const add = (name: string, entity: Entity) => {
    const keys = nameKeys(name);
    if (!keys.length) return;
    const joined = keys.join(' ');
    // Sites are registered first, so a group named like a site never shadows the site.
    if (byKey.has(joined)) return;
    byKey.set(joined, entity);
    entries.push({ keys, joined, entity });
    maxWords = Math.max(maxWords, keys.length);
    if (keys.length > 1 && !byConcatenation.has(keys.join(''))) byConcatenation.set(keys.join(''), entity);
  };
  for (const s of catalog.sites) for (const n of [s.name, ...s.aliases]) add(n, { type: 'site', name: s.name });
  for (const g of catalog.groups) add(g.name, { type: 'group', name: g.name });
  // "the pilot group" / "die Pilotgruppe" is the configured pilot group (PILOT_GROUP), whatever it
  // is called and even when another group carries those words as an alias; the configured name
  // itself names it too, also when only the directory knows the group.
  const pilot = pilotEntity(catalog);
  if (pilot) for (const n of [pilot.name, ...PILOT_GROUP_WORDS]) add(n, pilot);
  for (const g of catalog.groups) for (const n of g.aliases) add(n, { type: 'group', name: g.name });
  for (const e of entries) if (e.keys.length === 1 && !byConcatenation.has(e.joined)) byConcatenation.set(e.joined, e.entity);
  // Inflected stems too, so "Finanzgruppe" finds the alias "Finanzen".
  const singleWordNames: CompiledCatalog['singleWordNames'] = [];
  for (const e of entries) {
    if (e.keys.length !== 1 || e.joined.length < 4) continue;
    singleWordNames.push({ key: e.joined, entity: e.entity });
    for (const ending of NAME_ENDINGS) {
      const stem = e.joined.slice(0, -ending.length);
      if (e.joined.endsWith(ending) && stem.length >= 4) singleWordNames.push({ key: stem, entity: e.entity });
    }
  }
  singleWordNames.sort((a, b) => b.key.length - a.key.length);
  const pools = new Map<string, string>();
  const siteNames = new Map(catalog.sites.map((s) => [s.name.toLowerCase(), s.name]));
  for (const p of catalog.pools ?? []) {
    const site = siteNames.get(p.site.toLowerCase());
    if (!site) continue;
    const fqdn = fqdnKey(p.fqdn);
    pools.set(fqdn, site);
    const host = fqdn.split('.')[0];
    if (host && !pools.has(host)) pools.set(host, site);
  }
  return {
    catalog,
    sipDomain: catalog.sipDomain.toLowerCase().replace(/^@/, ''),
    byKey,
    byConcatenation,
    singleWordNames,
    entries,
    maxWords,
    pools,
    fuzzyMemo: new Map(),
  };
}

const compiled = new WeakMap<NameCatalog, CompiledCatalog>();

export function compileCatalog(catalog: NameCatalog): CompiledCatalog {
  let c = compiled.get(catalog);
  if (!c) {
    c = compile(catalog);
    compiled.set(catalog, c);
  }
  return c;
}

/** The closest name with the same number of words within the typo budget, if unambiguous. */
export function fuzzyEntity(c: CompiledCatalog, keys: string[]): { entity: Entity; distance: number } | undefined {
  const joined = keys.join(' ');
  if (c.fuzzyMemo.has(joined)) return c.fuzzyMemo.get(joined);
  const hit = scanEntities(c, joined, keys.length);
  if (c.fuzzyMemo.size >= FUZZY_MEMO_LIMIT) c.fuzzyMemo.clear();
  c.fuzzyMemo.set(joined, hit);
  return hit;
}

function scanEntities(c: CompiledCatalog, joined: string, words: number): { entity: Entity; distance: number } | undefined {
  let best: { entity: Entity; distance: number } | undefined;
  let ambiguous = false;
  for (const e of c.entries) {
    if (e.keys.length !== words) continue;
    const d = closeDistance(joined, e.joined);
    if (d < 0) continue;
    if (!best || d < best.distance) {
      best = { entity: e.entity, distance: d };
      ambiguous = false;
    } else if (d === best.distance && (best.entity.name !== e.entity.name || best.entity.type !== e.entity.type)) {
      ambiguous = true;
    }
  }
  return best && !ambiguous ? best : undefined;
}

/** A known user by local part ("carol") or full address, as a lower-case SIP address. */
export function knownUser(c: CompiledCatalog, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('@')) return c.catalog.hasUser(lower) ? lower : undefined;
  if (!c.sipDomain || lower.length < 2) return undefined;
  const sip = `${lower}@${c.sipDomain}`;
  return c.catalog.hasUser(sip) ? sip : undefined;
}

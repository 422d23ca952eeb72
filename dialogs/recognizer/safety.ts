// The safety rules, applied to whatever the intent rules decided. A command that changes the
// deployment comes out only when the text asks for that action:
// - a question ("can I move Berlin?", "muss ich …") is never an order: a move or rollback becomes
//   a dry run (the plan without buttons answers it), a coexistence test becomes the site status;
// - a SIP address is never made from free words: a move of a name nobody knows is not a move;
// - words the rules could not place (a time, "tonight at 22:00", a stray number or noun) make
//   the bot ask instead of acting without them;
// - a site named bare where a group carries the same name ("move Berlin", "roll back Berlin": site
//   Berlin, or the group Sales Berlin?) is asked about;
// and a read command is not invented from a passing name ("what's the weather in Berlin") nor
// given an address made from a free word ("Status von Benutzer frank").
import type { Command, Reading } from '../../migration/commands';
import { isUnknownWord } from './annotate';
import type { CompiledCatalog } from './catalog';
import { isQuestion } from './questions';
import { RULES } from './registry-rules';
import { has, type Slots } from './subjects';

const UNKNOWN: Command = { intent: 'unknown' };

function unknownWith(words: string[]): Command {
  return words.length ? { intent: 'unknown', unresolved: [...new Set(words)] } : UNKNOWN;
}

/**
 * Names of a move's subject the rules would have to guess: a user from words that are no address
 * and no known name ("Benutzer mit Enterprise-VoIP" is not enterprise.voip@…), a group from words
 * not typed as a group ("group Marketing", a quoted name). Unknown site names stay: the bot
 * answers them with the known sites.
 */
function guessedNames(c: Command, s: Slots): string[] {
  if (c.intent !== 'move' && c.intent !== 'rollback') return [];
  const unresolved = c.unresolved ?? [];
  const typedGroups = new Set([...(s.named.group ? [s.named.group.text] : []), ...(s.quoted ? [s.quoted.text] : [])]);
  const subjects = c.subject.kind === 'list' ? c.subject.items : [c.subject];
  const guessed: string[] = [];
  for (const subject of subjects) {
    if (subject.kind === 'user') guessed.push(...unresolved.filter((u) => !u.includes('@')));
    if (subject.kind === 'group' && unresolved.includes(subject.group) && !typedGroups.has(subject.group)) guessed.push(subject.group);
  }
  return [...new Set(guessed)];
}

/** Unknown words and numbers that are not the command's typed names, and times it cannot keep. */
function unplaced(s: Slots, c: Command): string[] {
  const placed = new Set((c.unresolved ?? []).flatMap((u) => u.split(/\s+/)));
  const out: string[] = [];
  s.tokens.forEach((t, i) => {
    if (t.concept === 'time') out.push(t.raw);
    else if (t.kind === 'number' && !t.version) out.push(t.raw);
    // A capitalised word inside the sentence reads like a name the bot could not place.
    else if (i > 0 && isUnknownWord(t) && /^\p{Lu}/u.test(t.raw) && !placed.has(t.raw)) out.push(t.raw);
  });
  return out;
}

/** Groups whose name contains the site's name as a word ("Sales Berlin" for Berlin). */
function groupsNamedLike(catalog: CompiledCatalog, site: string): string[] {
  const key = site.toLowerCase();
  return [...new Set(catalog.entries.filter((e) => e.entity.type === 'group' && e.keys.length > 1 && e.keys.includes(key)).map((e) => e.entity.name))];
}

const PLACE_WORDS = new Set(['in', 'at', 'of', 'im', 'bei', 'am', 'von', 'vom', 'aus', 'fur', 'for']);

/** The site is the verb's bare object ("move Berlin"), not "site Berlin", "users in Berlin" or "Migration von Berlin". */
function siteNamedBare(s: Slots): boolean {
  if (has(s, 'site', 'sites', 'user', 'migration')) return false;
  const i = s.tokens.findIndex((t) => t.entity?.type === 'site');
  // A pool FQDN ("ocs-ber.contoso.local") names its site unmistakably.
  return i > 0 && !PLACE_WORDS.has(s.tokens[i - 1].key) && !s.tokens[i].raw.includes('.');
}

/** A question about a deployment-changing step gets its dry run, or the site's status, never the step. */
function asQuestion(c: Command): Command {
  if ('dryRun' in c) return c.dryRun ? c : { ...c, dryRun: true };
  if ('site' in c && typeof c.site === 'string') return { intent: 'siteStatus', site: c.site, ...(c.unresolved ? { unresolved: c.unresolved } : {}) };
  return UNKNOWN;
}

/** The rules for every deployment-changing intent (a spec with `sideEffects: 'plan'`), whichever command file adds it. */
function guardMutating(c: Command, s: Slots, catalog: CompiledCatalog): Command {
  const guessed = guessedNames(c, s);
  if (guessed.length) return unknownWith(guessed);
  const stray = unplaced(s, c);
  if (stray.length) return unknownWith(stray);
  if (isQuestion(s)) return asQuestion(c);
  if ((c.intent === 'move' || c.intent === 'rollback') && !c.dryRun && c.subject.kind === 'site' && siteNamedBare(s)) {
    const groups = groupsNamedLike(catalog, c.subject.site);
    if (groups.length) {
      const readings: Reading[] = [c, ...groups.map((group): Reading => ({ ...c, subject: { kind: 'group', group } }))];
      return { intent: 'clarify', choices: readings.slice(0, 4) };
    }
  }
  return c;
}

export function guard(c: Command, s: Slots, catalog: CompiledCatalog): Command {
  if (RULES.mutating.has(c.intent)) return guardMutating(c, s, catalog);
  // A question about a step that changes a record or a job ("can I sign off the pilot in Munich?",
  // "soll ich Auftrag 4 abbrechen?") is answered with what it is about (the spec's `asked`), never done.
  if (isQuestion(s)) {
    const answer = RULES.asked.get(c.intent)?.(c);
    if (answer) return answer;
  }
  if (c.intent === 'clarify') {
    const stray = unplaced(s, c);
    return stray.length ? unknownWith(stray) : c;
  }
  // "is the User Replicator done?": a server role next to "user" is not a user name.
  if (c.intent === 'userStatus' && has(s, 'infra') && c.unresolved?.length) return UNKNOWN;
  // "Status von Benutzer frank": a read command makes no address from a free word either; the
  // word is named back instead of answering about frank@<domain>, who may not exist.
  if (c.intent === 'userStatus') {
    const free = (c.unresolved ?? []).filter((u) => !u.includes('@'));
    if (free.length) return unknownWith(free);
  }
  // "what's the weather in Berlin": a common noun nobody explains, with no status word, is not a status question.
  if (c.intent === 'siteStatus' && s.leftover?.afterArticle && !has(s, 'status', 'verify', 'moved', 'where', 'site', 'list', 'overview')) return UNKNOWN;
  return c;
}

/** Whether a command would change the deployment if confirmed (dry runs never do). */
export function isMutating(c: Command): boolean {
  return RULES.mutating.has(c.intent) && !('dryRun' in c && c.dryRun);
}

// The shared vocabulary of the intent rules: how a text names a site, a user, a move's subject or
// a job, read from the slots. The rules themselves are in each command's spec (dialogs/commands/*),
// with their priorities; `decide` runs them in order (dialogs/recognizer/rules.ts has the bands).
// Rules build their command with optional fields only when they carry meaning.
import { MAX_LIST_SUBJECTS, type SingleSubject, type Subject } from '../../migration/commands';
import { MAX_READINGS, type Command, type Intent, type Reading } from '../contract';
import { isUnknownWord } from './annotate';
import type { CompiledCatalog } from './catalog';
import { ORDER_BAND, type CheckRule, type SlotRule } from './rules';
import { opensWithOrder } from './questions';
import { has, type Slots, type TypedName } from './subjects';

export interface Resolved<T> {
  value: T;
  unresolved: string[];
  /** Several subjects named without saying they go together: each is one reading to ask about. */
  readings?: SingleSubject[];
}

export const UNKNOWN: Command = { intent: 'unknown' };
/** The reported text of a problem report: a placeholder the recognizer replaces with the user's own words. */
export const REPORTED_TEXT = '\u0000';
const HOW = new Set(['how', 'wie']);

export function withUnresolved<C extends Command>(command: C, unresolved: string[]): C {
  return unresolved.length ? { ...command, unresolved: [...new Set(unresolved)] } : command;
}

/** Not understood, naming the words back (once each) when there are any. */
export function unknownWith(words: string[]): Command {
  return words.length ? { intent: 'unknown', unresolved: [...new Set(words)] } : UNKNOWN;
}

/** Unknown words and numbers that are not the command's typed names, and times it cannot keep. */
export function unplaced(s: Slots, c: Command): string[] {
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

export function hasSubject(s: Slots): boolean {
  return s.users.length > 0 || s.groups.length > 0 || s.sites.length > 0 || Object.keys(s.named).length > 0 || s.quoted !== undefined;
}

/** A leftover unknown word that reads like a place ("in Atlantis", "Atlantis status"), not "das Wetter". */
export function placeLike(name: TypedName | undefined): TypedName | undefined {
  return name && !name.afterArticle && (name.afterPlace || name.capitalised) ? name : undefined;
}

export function siteOf(s: Slots, allowLeftover: boolean): Resolved<string> | undefined {
  if (s.sites.length) return { value: s.sites[0], unresolved: [] };
  const typed = s.named.site ?? (allowLeftover ? placeLike(s.leftover) : undefined);
  return typed ? { value: typed.text, unresolved: [typed.text] } : undefined;
}

export function typedUserSip(s: Slots, name: TypedName): string {
  const local = name.text.toLowerCase().replace(/\s+/g, '.');
  return local.includes('@') || !s.domain ? local : `${local}@${s.domain}`;
}

export function userOf(s: Slots): Resolved<string> | undefined {
  const u = s.users[0];
  if (u) return { value: u.sip, unresolved: u.known ? [] : [u.sip] };
  if (s.named.user) return { value: typedUserSip(s, s.named.user), unresolved: [s.named.user.text] };
  return undefined;
}

/** What a move or rollback acts on, most specific first; leftovers are guessed by shape. */
export function subjectOf(s: Slots): Resolved<Subject> | undefined {
  if (has(s, 'confdir', 'apps', 'rgs', 'dialin', 'exum')) {
    const site = siteOf(s, true);
    if (!site) return undefined;
    const kind = has(s, 'confdir')
      ? 'conferenceDirectories'
      : has(s, 'rgs')
        ? 'responseGroups'
        : has(s, 'dialin')
          ? 'dialInNumbers'
          : has(s, 'exum')
            ? 'exUmContacts'
            : 'applications';
    return { value: { kind, site: site.value }, unresolved: site.unresolved };
  }
  const several = severalSubjects(s);
  if (several) return several;
  const user = userOf(s);
  if (user) return { value: { kind: 'user', user: user.value }, unresolved: user.unresolved };
  if (s.groups.length) return { value: { kind: 'group', group: s.groups[0] }, unresolved: [] };
  const typedGroup = s.named.group ?? s.quoted;
  if (typedGroup) return { value: { kind: 'group', group: typedGroup.text }, unresolved: [typedGroup.text] };
  const site = siteOf(s, false);
  if (site) return { value: { kind: 'site', site: site.value }, unresolved: site.unresolved };
  const left = s.leftover;
  if (!left || left.afterArticle) return undefined;
  if (left.afterPlace) return { value: { kind: 'site', site: left.text }, unresolved: [left.text] };
  if (left.text.includes(' ')) return { value: { kind: 'group', group: left.text }, unresolved: [left.text] };
  return { value: { kind: 'user', user: typedUserSip(s, left) }, unresolved: [left.text] };
}

const CONJUNCTIONS = new Set(['and', 'und', 'sowie', 'plus', 'also', 'auch']);

/**
 * Two or more names in one move: a `list` subject when they are joined ("erin and carol",
 * "Finance und Helpdesk") or all of one kind, else readings to ask about ("the pilot group at
 * Munich": the group, or the site?). A second subject is never dropped.
 */
function severalSubjects(s: Slots): Resolved<Subject> | undefined {
  const named: SingleSubject[] = [
    ...s.users.map((u): SingleSubject => ({ kind: 'user', user: u.sip })),
    ...s.groups.map((g): SingleSubject => ({ kind: 'group', group: g })),
    ...s.sites.map((site): SingleSubject => ({ kind: 'site', site })),
  ];
  if (named.length < 2) return undefined;
  const unresolved = s.users.filter((u) => !u.known).map((u) => u.sip);
  const joined = s.tokens.some((t) => CONJUNCTIONS.has(t.key));
  const oneKind = named.every((n) => n.kind === named[0].kind);
  if (joined || oneKind) return { value: { kind: 'list', items: named.slice(0, MAX_LIST_SUBJECTS) }, unresolved };
  return { value: named[0], unresolved, readings: named.slice(0, MAX_READINGS) };
}

/** Words of an operation: a number next to them is no job id ("move site 4"). */
function namesOperation(s: Slots): boolean {
  return has(s, 'move', 'rollback', 'back', 'decommission', 'coex', 'history', 'dryRun');
}

/** The number is a job's id: "job 4", or a bare number with no subject and no operation. */
export function jobIdOf(s: Slots): string | undefined {
  const id = s.number;
  // "move site Munich in batches of 100": an order's number is none of a job's ("batch" is a job word).
  if (!id || has(s, 'proposal') || opensWithOrder(s)) return undefined;
  return has(s, 'job') || (!hasSubject(s) && !namesOperation(s)) ? id : undefined;
}

/** "jobs" without an id, not their history; `veto` when a job verb is said without its id ("cancel the job"). */
export function jobsWithoutId(s: Slots): 'list' | 'veto' | undefined {
  if (!has(s, 'job') || s.number || has(s, 'history')) return undefined;
  return has(s, 'cancel', 'retry', 'pause', 'resume', 'confirm', 'reject') ? 'veto' : 'list';
}

/** "what is running?": jobs asked about without the word "job". */
export function asksWhatRuns(s: Slots): boolean {
  return has(s, 'running') && !hasSubject(s) && !namesOperation(s) && !has(s, 'me', 'status');
}

/** A move or rollback the text orders, with its kind; memoised per slots (several rules ask). */
const moves = new WeakMap<Slots, { kind: 'move' | 'rollback'; command: Command } | null>();
export function readMove(s: Slots): { kind: 'move' | 'rollback'; command: Command } | undefined {
  let read = moves.get(s);
  if (read === undefined) {
    read = moveOrRollback(s) ?? null;
    moves.set(s, read);
  }
  return read ?? undefined;
}

/** "Berlin trotz fehlender Koexistenztests verschieben, erzwingen": a forced or simulated move that mentions the tests is still a move. */
export function forcedOrSimulatedMove(s: Slots): boolean {
  return has(s, 'move', 'rollback') && has(s, 'force', 'dryRun') && !has(s, 'decommission', 'history');
}

function moveOrRollback(s: Slots): { kind: 'move' | 'rollback'; command: Command } | undefined {
  const question = has(s, 'question') || s.questionMark;
  // "what if I moved X" and "start the migration of X" ask for a move without the imperative.
  const verbMove =
    has(s, 'move') ||
    (has(s, 'dryRun') && has(s, 'moved')) ||
    (has(s, 'migration') && (has(s, 'start', 'force', 'dryRun') || (has(s, 'lync') && !question && !has(s, 'status'))));
  let kind: 'move' | 'rollback' | undefined;
  if (has(s, 'rollback')) kind = 'rollback';
  else if (verbMove) kind = (has(s, 'back') && s.target !== 'lync') || s.target === 'ocs' ? 'rollback' : 'move';
  else if (!question && !has(s, 'moved', 'status')) {
    if ((has(s, 'back') && s.target !== 'lync') || s.target === 'ocs') kind = 'rollback';
    else if (s.target === 'lync' || has(s, 'dryRun', 'force')) kind = 'move';
  }
  if (!kind) return undefined;
  if (has(s, 'cancel') && !s.number) return { kind, command: UNKNOWN };
  const subject = subjectOf(s);
  if (!subject) return undefined;
  // "test move carol": an opening "test" asks for a trial; "tests" later in a sentence do not.
  const dryRun = has(s, 'dryRun') || (s.tokens[0].concept === 'test' && !has(s, 'coex'));
  const force = has(s, 'force') ? { force: true as const } : {};
  const build = (value: Subject): Command =>
    kind === 'move' ? { intent: 'move', subject: value, target: 'lync2013', dryRun, ...force } : { intent: 'rollback', subject: value, dryRun, ...force };
  if (subject.readings) return { kind, command: withUnresolved({ intent: 'clarify', choices: subject.readings.map((r) => build(r)) as Extract<Command, { intent: 'clarify' }>['choices'] }, subject.unresolved) };
  return { kind, command: withUnresolved(build(subject.value), subject.unresolved) };
}

type MoveOrRollback = Extract<Command, { intent: 'move' | 'rollback' }>;

/**
 * Names of a move's subject the rules would have to guess: a user from words that are no address
 * and no known name ("Benutzer mit Enterprise-VoIP" is not enterprise.voip@…), a group from words
 * not typed as a group ("group Marketing", a quoted name). Unknown site names stay: the bot
 * answers them with the known sites.
 */
function guessedNames(c: MoveOrRollback, s: Slots): string[] {
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

/**
 * The checks a move and a rollback share (their specs list them): a subject whose name would be
 * guessed is not acted on; a site named bare where a group carries the same name ("move Berlin",
 * "roll back Berlin": site Berlin, or the group Sales Berlin?) is asked about.
 */
export const MOVE_CHECKS: readonly CheckRule<MoveOrRollback>[] = [
  {
    priority: 10,
    check: (c, s) => {
      const guessed = guessedNames(c, s);
      return guessed.length ? unknownWith(guessed) : c;
    },
  },
  {
    priority: 300,
    check: (c, s, catalog) => {
      if (c.dryRun || c.subject.kind !== 'site' || !siteNamedBare(s)) return c;
      const groups = groupsNamedLike(catalog, c.subject.site);
      if (!groups.length) return c;
      const readings: Reading[] = [c, ...groups.map((group): Reading => ({ ...c, subject: { kind: 'group', group } }))];
      return { intent: 'clarify', choices: readings.slice(0, 4) };
    },
  },
];

/** "test" reads as the coexistence test unless the text orders a move, rollback, decommission or dry run. */
export function asksCoexistenceTest(s: Slots): boolean {
  return has(s, 'coex') || (has(s, 'test') && !has(s, 'move', 'rollback', 'decommission', 'dryRun'));
}

/** "am I migrated?", "bin ich schon auf Lync?": the asker's own status, naming nobody else. */
export function asksAboutSelf(s: Slots): boolean {
  const resolvedSubject = s.users.length > 0 || s.groups.length > 0 || s.sites.length > 0 || Object.keys(s.named).length > 0;
  return has(s, 'me') && !resolvedSubject && (has(s, 'moved', 'status', 'where', 'lync', 'ocs', 'pool', 'site', 'question', 'migration') || s.questionMark);
}

/** The command when it is of this intent (rules of several specs share one reading). */
export function ofIntent(command: Command | undefined, intent: Intent): Command | undefined {
  return command?.intent === intent ? command : undefined;
}

/** The status a question asks for, of a user, a site or all sites (`unknown` for a group: no status of its own); memoised per slots. */
const statuses = new WeakMap<Slots, Command | null>();
export function statusOf(s: Slots): Command | undefined {
  let status = statuses.get(s);
  if (status === undefined) {
    status = readStatus(s) ?? null;
    statuses.set(s, status);
  }
  return status ?? undefined;
}

function readStatus(s: Slots): Command | undefined {
  const user = userOf(s);
  if (user) return withUnresolved({ intent: 'userStatus', user: user.value }, user.unresolved);
  if (s.groups.length || s.named.group || s.quoted) return UNKNOWN;
  const site = siteOf(s, false);
  if (site) return withUnresolved({ intent: 'siteStatus', site: site.value }, site.unresolved);
  const left = s.leftover?.afterArticle ? undefined : s.leftover;
  if (left && has(s, 'where')) return withUnresolved({ intent: 'userStatus', user: typedUserSip(s, left) }, [left.text]);
  if (left && has(s, 'moved')) {
    return left.capitalised
      ? withUnresolved({ intent: 'siteStatus', site: left.text }, [left.text])
      : withUnresolved({ intent: 'userStatus', user: typedUserSip(s, left) }, [left.text]);
  }
  if (left && placeLike(left) && has(s, 'status', 'verify', 'list')) return withUnresolved({ intent: 'siteStatus', site: left.text }, [left.text]);
  // "status" alone is the overview; "Wie ist das Wetter?" (status wording about something else) is not.
  if (has(s, 'sites', 'overview', 'site') || (has(s, 'status', 'migration', 'list') && !s.leftover)) return { intent: 'listSites' };
  // "how many users are left?", "wie viele Benutzer sind schon auf Lync?": the overview has the counts per site.
  if (asksCount(s) && has(s, 'user') && !s.leftover) return { intent: 'listSites' };
  return undefined;
}

function asksCount(s: Slots): boolean {
  return s.tokens.some((t, i) => t.key === 'how many' || t.key === 'wieviele' || (t.key === 'viele' && s.tokens[i - 1]?.key === 'wie'));
}

/** The text names the pilot group ("accept the pilot", "Pilotphase beenden" said of the group). */
export function namesPilotGroup(s: Slots): boolean {
  return s.groups.some((g) => g.toLowerCase() === s.pilotGroup);
}

/** A how-question ("Wie verschiebe ich eine Gruppe?") that names nothing. */
export function isHowTo(s: Slots): boolean {
  return HOW.has(s.tokens[0].key) && !hasSubject(s);
}

/** The command for the slots: the first rule (in priority order) that answers; `unknown` when none does. */
export function decide(s: Slots, rules: readonly SlotRule[]): Command {
  if (!s.tokens.length) return UNKNOWN;
  for (const rule of rules) {
    const command = rule.match(s);
    if (!command) continue;
    return command.intent === 'unknown' && rule.priority >= ORDER_BAND && isHowTo(s) ? { intent: 'help' } : command;
  }
  return isHowTo(s) ? { intent: 'help' } : UNKNOWN;
}

// The intent rules: from slots (what was said and which names were found) to one Command of
// the contract in migration/commands.ts. Rules run from the most specific evidence (an id with
// "confirm") to the most general ("status" alone); each builds its command with optional fields
// only when they carry meaning.
import { MAX_LIST_SUBJECTS, MAX_READINGS, type Command, type SingleSubject, type Subject } from '../../migration/commands';
import { question } from './questions';
import { runbookRule } from './runbook-rules';
import { smalltalk } from './smalltalk';
import { has, type Slots, type TypedName } from './subjects';

interface Resolved<T> {
  value: T;
  unresolved: string[];
  /** Several subjects named without saying they go together: each is one reading to ask about. */
  readings?: SingleSubject[];
}

const UNKNOWN: Command = { intent: 'unknown' };
const HOW = new Set(['how', 'wie']);

function withUnresolved<C extends Command>(command: C, unresolved: string[]): C {
  return unresolved.length ? { ...command, unresolved: [...new Set(unresolved)] } : command;
}

function hasSubject(s: Slots): boolean {
  return s.users.length > 0 || s.groups.length > 0 || s.sites.length > 0 || Object.keys(s.named).length > 0 || s.quoted !== undefined;
}

/** A leftover unknown word that reads like a place ("in Atlantis", "Atlantis status"), not "das Wetter". */
function placeLike(name: TypedName | undefined): TypedName | undefined {
  return name && !name.afterArticle && (name.afterPlace || name.capitalised) ? name : undefined;
}

function siteOf(s: Slots, allowLeftover: boolean): Resolved<string> | undefined {
  if (s.sites.length) return { value: s.sites[0], unresolved: [] };
  const typed = s.named.site ?? (allowLeftover ? placeLike(s.leftover) : undefined);
  return typed ? { value: typed.text, unresolved: [typed.text] } : undefined;
}

function typedUserSip(s: Slots, name: TypedName): string {
  const local = name.text.toLowerCase().replace(/\s+/g, '.');
  return local.includes('@') || !s.domain ? local : `${local}@${s.domain}`;
}

function userOf(s: Slots): Resolved<string> | undefined {
  const u = s.users[0];
  if (u) return { value: u.sip, unresolved: u.known ? [] : [u.sip] };
  if (s.named.user) return { value: typedUserSip(s, s.named.user), unresolved: [s.named.user.text] };
  return undefined;
}

/** What a move or rollback acts on, most specific first; leftovers are guessed by shape. */
function subjectOf(s: Slots): Resolved<Subject> | undefined {
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

function proposalOrJob(s: Slots): Command | undefined {
  const id = s.number;
  if (id && has(s, 'confirm')) return { intent: 'confirmProposal', proposalId: id };
  if (id && (has(s, 'reject') || (has(s, 'proposal') && has(s, 'cancel')))) return { intent: 'cancelProposal', proposalId: id };
  const operation = has(s, 'move', 'rollback', 'back', 'decommission', 'coex', 'history', 'dryRun');
  if (id && !has(s, 'proposal') && (has(s, 'job') || (!hasSubject(s) && !operation))) {
    if (has(s, 'pause')) return { intent: 'pauseJob', jobId: id };
    if (has(s, 'resume')) return { intent: 'resumeJob', jobId: id };
    if (has(s, 'cancel')) return { intent: 'cancelJob', jobId: id };
    if (has(s, 'retry')) return { intent: 'retryJob', jobId: id };
    return { intent: 'jobStatus', jobId: id };
  }
  if (has(s, 'job') && !id && !has(s, 'history')) {
    return has(s, 'cancel', 'retry', 'pause', 'resume', 'confirm', 'reject') ? UNKNOWN : { intent: 'listJobs' };
  }
  if (has(s, 'running') && !hasSubject(s) && !operation && !has(s, 'me', 'status')) return { intent: 'listJobs' };
  return undefined;
}

function moveOrRollback(s: Slots): Command | undefined {
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
  if (has(s, 'cancel') && !s.number) return UNKNOWN;
  const subject = subjectOf(s);
  if (!subject) return undefined;
  // "test move carol": an opening "test" asks for a trial; "tests" later in a sentence do not.
  const dryRun = has(s, 'dryRun') || (s.tokens[0].concept === 'test' && !has(s, 'coex'));
  const force = has(s, 'force') ? { force: true as const } : {};
  const build = (value: Subject): Command =>
    kind === 'move' ? { intent: 'move', subject: value, target: 'lync2013', dryRun, ...force } : { intent: 'rollback', subject: value, dryRun, ...force };
  if (subject.readings) return withUnresolved({ intent: 'clarify', choices: subject.readings.map((r) => build(r)) as Extract<Command, { intent: 'clarify' }>['choices'] }, subject.unresolved);
  return withUnresolved(build(subject.value), subject.unresolved);
}

function siteOperation(s: Slots): Command | undefined {
  if (has(s, 'history')) {
    const site = s.sites[0] ? { value: s.sites[0], unresolved: [] } : siteOf(s, s.leftover?.afterPlace === true);
    return site ? withUnresolved({ intent: 'history', site: site.value }, site.unresolved) : { intent: 'history' };
  }
  const coexistence = has(s, 'coex') || (has(s, 'test') && !has(s, 'move', 'rollback', 'decommission', 'dryRun'));
  if (coexistence) {
    const site = siteOf(s, true);
    if (site) return withUnresolved({ intent: 'coexistenceTest', site: site.value }, site.unresolved);
    return has(s, 'coex') ? UNKNOWN : undefined;
  }
  if (has(s, 'decommission')) {
    const site = siteOf(s, true);
    if (!site) return UNKNOWN;
    const force = has(s, 'force') ? { force: true as const } : {};
    return withUnresolved({ intent: 'decommission', site: site.value, dryRun: has(s, 'dryRun') || s.tokens[0].concept === 'test', ...force }, site.unresolved);
  }
  return undefined;
}

function statusQuestion(s: Slots): Command | undefined {
  const resolvedSubject = s.users.length > 0 || s.groups.length > 0 || s.sites.length > 0 || Object.keys(s.named).length > 0;
  if (has(s, 'me') && !resolvedSubject && (has(s, 'moved', 'status', 'where', 'lync', 'ocs', 'pool', 'site', 'question', 'migration') || s.questionMark)) {
    return { intent: 'myStatus' };
  }
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
  return undefined;
}

/** The command for the slots; `unknown` when nothing fits. */
export function decide(s: Slots): Command {
  if (!s.tokens.length) return UNKNOWN;
  if (s.tokens.every((t) => t.kind === 'qmark')) return { intent: 'help' };
  const chat = smalltalk(s);
  if (chat) return chat;
  const runbookCommand = runbookRule(s, (slots) => siteOf(slots, true));
  if (runbookCommand) return runbookCommand;
  const asked = question(s);
  if (asked) return asked;
  const early = proposalOrJob(s);
  if (early && early.intent !== 'unknown') return early;
  if (has(s, 'help') && !hasSubject(s)) {
    // "how do I know whether I was migrated" is about the caller, not about using the bot.
    return has(s, 'me') && has(s, 'moved', 'where') ? { intent: 'myStatus' } : { intent: 'help' };
  }
  // "Wie verschiebe ich eine Gruppe?": a how-question that names nothing asks for help.
  const howTo = HOW.has(s.tokens[0].key) && !hasSubject(s);
  if (howTo && has(s, 'move', 'rollback', 'decommission', 'coex', 'test', 'cancel', 'retry', 'confirm', 'reject')) return { intent: 'help' };
  if (early) return early;
  // "Berlin trotz fehlender Koexistenztests verschieben, erzwingen": a forced or simulated move
  // that mentions the tests is still a move.
  const moveFirst = has(s, 'move', 'rollback') && has(s, 'force', 'dryRun') && !has(s, 'decommission', 'history');
  const command = (moveFirst ? moveOrRollback(s) : undefined) ?? siteOperation(s) ?? moveOrRollback(s) ?? statusQuestion(s) ?? UNKNOWN;
  return command.intent === 'unknown' && howTo ? { intent: 'help' } : command;
}

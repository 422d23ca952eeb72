// Pilot problem reports: any user reports a problem in their own words (stored with their pool,
// site and move time, acknowledged in their language); admins and the helpdesk list them per
// site; an admin resolves one, and the reporter gets a personal notice in their language.
import { z } from 'zod';
import { PROBLEM_TEXT_MAX_CHARS, ProblemBook, type Problem } from '../../migration/runbook/problems';
import { normaliseSip } from '../../migration/topology';
import { escapeMarkdown as plain } from '../escape';
import { card, container, heading, text } from '../cards/elements';
import { formatDateTime, texts } from '../i18n';
import { ADMINS, ALL_ROLES, siteNames, STAFF, type CommandSpec } from '../context';
import type { Language, Reply } from '../types';
import { unresolvedSiteReply } from '../unresolved';
import { REPORTED_TEXT, siteOf, withUnresolved } from '../recognizer/intents';
import { opensWithInterrogative } from '../recognizer/questions';
import { has, type Slots } from '../recognizer/subjects';
import { JobId, SiteName } from '../../migration/commands';
import { commandExtras, type Command } from '../contract';

const SHOWN = 20;

const reportProblemSchema = z.object({ intent: z.literal('reportProblem'), text: z.string().min(1).max(PROBLEM_TEXT_MAX_CHARS), ...commandExtras });
const listProblemsSchema = z.object({ intent: z.literal('listProblems'), site: SiteName.optional(), ...commandExtras });
const resolveProblemSchema = z.object({ intent: z.literal('resolveProblem'), problemId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    reportProblem: typeof reportProblemSchema;
    listProblems: typeof listProblemsSchema;
    resolveProblem: typeof resolveProblemSchema;
  }
}

// Problem reports come before the general rules: "Problem melden: …" and "I can't join meetings
// since the move" are statements about the caller, never questions or moves. The recognizer fills
// in the text (REPORTED_TEXT) with the user's own words.
function problemReported(s: Slots): Command | undefined {
  // "what is my problem" asks; "report problem: why is my presence grey?" reports.
  const reported = has(s, 'reportProblem') && !opensWithInterrogative(s);
  // Trouble said of oneself or of the client and its features ("Lync won't connect", "meine Besprechung funktioniert nicht").
  const troubled = has(s, 'broken') && has(s, 'me', 'lync', 'client', 'meeting', 'contacts') && !s.questionMark;
  return reported || troubled ? { intent: 'reportProblem', text: REPORTED_TEXT } : undefined;
}

export const reportProblem: CommandSpec<'reportProblem'> = {
  intent: 'reportProblem',
  schema: reportProblemSchema,
  order: 240,
  roles: ALL_ROLES,
  sideEffects: false,
  // A statement about the caller ("I can't join meetings since the move"), never a question or a move.
  recognition: [{ priority: 310, match: problemReported }],
  menu: true,
  examples: { en: ['report problem: I cannot join meetings since the move'], de: ['Problem melden: seit dem Umzug komme ich nicht in Besprechungen'] },
  async handle(ctx, command) {
    const { deps, actor } = ctx;
    const sip = actor.sip ? normaliseSip(actor.sip) : undefined;
    const user = sip ? await deps.backend.getUser(sip) : null;
    const site = user ? deps.topology.siteOfPool(user.registrarPool)?.name : undefined;
    const seeded = sip ? deps.topology.user(sip)?.movedAt : undefined;
    const movedAt = (sip ? await deps.store.lastMovedAt(sip) : undefined) ?? (seeded ? Date.parse(seeded) : undefined);
    const problem = await new ProblemBook(deps.store).report({
      text: command.text,
      reporter: { id: actor.id, name: actor.name, ...(sip ? { sip } : {}) },
      ...(site ? { site } : {}),
      ...(user ? { pool: user.registrarPool } : {}),
      ...(movedAt !== undefined && !Number.isNaN(movedAt) ? { movedAt } : {}),
      lang: ctx.lang,
      at: deps.clock.now(),
    });
    await ctx.audit('problem.reported', 'info', { ...(site ? { site } : {}), target: problem.id });
    return [{ text: ctx.t.problems.acknowledged(problem.id) }];
  },
};

function problemLine(p: Problem, lang: Language, siteName: (name: string) => string): string {
  const t = texts(lang).problems;
  const who = plain(p.reporter.name);
  const where = [p.site && siteName(p.site), p.pool].filter(Boolean).join(' · ');
  return `#${p.id} · ${t.state[p.state]} · ${who}${where ? ` (${where})` : ''} · ${formatDateTime(p.at, lang)}: "${plain(p.text)}"`;
}

/** "list problems in Munich", "Problemmeldungen anzeigen": the problems named without an id. */
function problemsListed(s: Slots): Command | undefined {
  if (!has(s, 'problem') || s.number) return undefined;
  const site = siteOf(s, true);
  return site ? withUnresolved({ intent: 'listProblems', site: site.value }, site.unresolved) : { intent: 'listProblems' };
}

export const listProblems: CommandSpec<'listProblems'> = {
  intent: 'listProblems',
  schema: listProblemsSchema,
  order: 250,
  roles: STAFF,
  sideEffects: false,
  recognition: [{ priority: 320, match: problemsListed }],
  menu: true,
  examples: { en: ['list problems in Munich', 'show problem reports'], de: ['Probleme in München anzeigen', 'Problemmeldungen anzeigen'] },
  async handle(ctx, command) {
    const site = command.site ? ctx.deps.topology.site(command.site) : undefined;
    if (command.site && !site) return unresolvedSiteReply(ctx, command.site);
    const all = await new ProblemBook(ctx.deps.store).list(site ? { site: site.name } : {});
    const ordered = [...all.filter((p) => p.state === 'open'), ...all.filter((p) => p.state === 'resolved').reverse()].slice(0, SHOWN);
    const t = ctx.t.problems;
    const body = ordered.length ? ordered.map((p) => container([text(problemLine(p, ctx.lang, siteNames(ctx)), { size: 'Small' })], p.state === 'open' ? 'warning' : undefined)) : [text(t.none, { isSubtle: true })];
    return [{ card: card([heading(t.title(site ? siteNames(ctx)(site.name) : undefined)), ...body, text(t.resolveHint, { isSubtle: true, size: 'Small' })]) }];
  },
};

/** "resolve problem 1", "Problem 1 gelöst". */
function problemResolved(s: Slots): Command | undefined {
  return has(s, 'problem') && has(s, 'resolve') && s.number ? { intent: 'resolveProblem', problemId: s.number } : undefined;
}

export const resolveProblem: CommandSpec<'resolveProblem'> = {
  intent: 'resolveProblem',
  schema: resolveProblemSchema,
  order: 260,
  roles: ADMINS,
  sideEffects: false,
  asked: () => ({ intent: 'listProblems' }),
  recognition: [{ priority: 300, match: problemResolved }],
  menu: false,
  examples: { en: ['resolve problem 1'], de: ['Problem 1 gelöst'] },
  async handle(ctx, command) {
    const { deps, actor } = ctx;
    const { before, after } = await new ProblemBook(deps.store).resolve(command.problemId, { id: actor.id, name: actor.name }, deps.clock.now());
    if (!before) return [{ text: ctx.t.problems.noSuch(command.problemId) }];
    if (!after) return [{ text: ctx.t.problems.alreadyResolved(command.problemId) }];
    const notice: Reply = { text: texts(after.lang).problems.resolvedNotice(after.id, plain(after.text), after.resolvedBy?.name ?? actor.name) };
    const notified = (await deps.notifyUser?.(after.reporter.id, notice)) ?? false;
    await ctx.audit('problem.resolved', 'ok', { ...(after.site ? { site: after.site } : {}), target: after.id, details: { notified } });
    return [{ text: ctx.t.problems.resolved(after.id, plain(after.reporter.name), notified) }];
  },
};

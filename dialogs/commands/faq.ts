// faq: a pilot user's or the helpdesk's question about their own move (meetings, contacts,
// client, what changes, when, rollback), answered from the asker's own state in their language. An answer
// states only what the bot observes (home pool, site phase, jobs that include the asker) and the
// documented behaviour of the side-by-side migration; it never promises dates it does not know.
import { z } from 'zod';
import { commandExtras, FAQ_TOPICS, type FaqTopic } from '../contract';
import { askerState, type AskerState } from '../../migration/inventory';
import { faqCard } from '../cards/answers';
import type { JobSchedule } from '../../migration/schedule/model';
import { localSiteName } from '../../migration/topology';
import { ALL_ROLES, type CommandSpec, type TurnContext } from '../context';
import { formatZoned, isScheduled } from '../schedule';
import { faqTopic } from '../recognizer/questions';

function where(ctx: TurnContext, s: AskerState): string {
  const site = s.site ? localSiteName(s.site, ctx.lang) : undefined;
  return s.onLync ? ctx.t.faq.onLync(s.pool, site) : ctx.t.faq.onOcs(s.pool, site);
}

/** Schedules of the asker's jobs that have not started yet, by job id. */
type Waiting = ReadonlyMap<string, JobSchedule>;

function jobLines(ctx: TurnContext, s: AskerState, waiting: Waiting = new Map()): string[] {
  const { t } = ctx;
  return s.jobs.map((j) => {
    const what = `${t.operation[j.operation]} · ${t.subject(j.subject.kind, j.subject.name)}`;
    const schedule = waiting.get(j.id);
    // A scheduled start is shown in the asker's own time zone, not the admin's who scheduled it.
    return schedule ? t.faq.jobStartsAt(j.id, what, formatZoned(schedule.startAt, ctx.turn.timeZone ?? schedule.timeZone, ctx.lang)) : t.faq.jobIncludesYou(j.id, what, t.jobState[j.state]);
  });
}

/** The paragraphs of one answer, from the asker's observed state. */
function faqParagraphs(ctx: TurnContext, topic: FaqTopic, s: AskerState, waiting: Waiting = new Map()): string[] {
  const { t } = ctx;
  const canRollBack = s.onLync && !s.decommissioned;
  switch (topic) {
    case 'meetings':
      return [where(ctx, s), s.onLync ? t.faq.meetingsMoved : t.faq.meetingsWillMove, ...(canRollBack ? [t.faq.meetingsAfterRollback] : []), ...jobLines(ctx, s)];
    case 'contacts':
      return [where(ctx, s), s.onLync ? t.faq.contactsMoved : t.faq.contactsWillMove, ...(canRollBack ? [t.faq.ucsNote] : []), ...jobLines(ctx, s)];
    case 'client':
      return [where(ctx, s), s.onLync ? t.faq.clientOnLync : t.faq.clientOnOcs, ...(canRollBack ? [t.faq.clientAfterRollback] : []), ...jobLines(ctx, s)];
    case 'whatChanges':
      return s.onLync
        ? [where(ctx, s), t.faq.clientOnLync, t.faq.meetingsMoved, t.faq.archiving]
        : [where(ctx, s), t.faq.nothingChangedYet, t.faq.clientOnOcs, t.faq.meetingsWillMove, ...jobLines(ctx, s)];
    case 'whenMoved': {
      const lines = [where(ctx, s)];
      if (s.site && s.phase) lines.push(t.faq.phase(localSiteName(s.site, ctx.lang), t.phase[s.phase]));
      if (s.onLync) return [...lines, t.faq.movedAlready, ...jobLines(ctx, s)];
      if (s.site && !s.site.lyncPool) lines.push(t.faq.noLyncPoolYet);
      const jobs = jobLines(ctx, s, waiting);
      return [...lines, ...(jobs.length ? jobs : [t.faq.noJobIncludesYou])];
    }
    case 'rollback':
      if (!s.onLync) return [where(ctx, s), t.faq.nothingToRollBack, ...jobLines(ctx, s)];
      if (s.decommissioned) return [where(ctx, s), t.faq.rollbackImpossible];
      return [where(ctx, s), t.faq.rollbackWouldMove(s.site?.ocsPool ?? '?'), t.faq.meetingsAfterRollback, t.faq.clientAfterRollback, t.faq.ucsNote, ...jobLines(ctx, s)];
  }
}

const schema = z.object({ intent: z.literal('faq'), topic: z.enum(FAQ_TOPICS), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    faq: typeof schema;
  }
}

export const faq: CommandSpec<'faq'> = {
  intent: 'faq',
  schema,
  order: 200,
  roles: ALL_ROLES,
  sideEffects: false,
  // Questions about the asker's own move come before any order: "what happens to my meetings after the move?"
  recognition: [
    {
      priority: 400,
      match: (s) => {
        const topic = faqTopic(s);
        return topic ? { intent: 'faq', topic } : undefined;
      },
    },
  ],
  menu: true,
  examples: {
    en: ['what happens to my meetings after the move?', 'do I need to install a new client?', 'when will I be moved?'],
    de: ['was passiert mit meinen Besprechungen?', 'muss ich einen neuen Client installieren?', 'wann werde ich umgestellt?'],
  },
  async handle(ctx, command) {
    const sip = ctx.actor.sip ?? ctx.deps.topology.usersByAadId.get(ctx.actor.id.toLowerCase())?.sip;
    const state = sip ? await askerState(ctx.deps, sip) : null;
    if (!state) return [{ text: ctx.t.userStatus.notInTopology }];
    const schedules = state.jobs.length ? await ctx.deps.store.listSchedules(state.jobs.map((j) => j.id)) : [];
    const jobsById = new Map(state.jobs.map((j) => [j.id, j]));
    const waiting = new Map(schedules.filter((sc) => isScheduled(jobsById.get(sc.jobId) ?? { state: 'completed' }, sc)).map((sc) => [sc.jobId, sc]));
    return [{ card: faqCard(command.topic, faqParagraphs(ctx, command.topic, state, waiting), ctx.lang) }];
  },
};

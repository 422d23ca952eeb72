// One handler per card verb, behind one authorisation: staff (admins and the helpdesk) may read
// job cards, only admins act, and a refusal carries no card content. Each handler acts through the
// same functions as the typed-command twins and answers with the card that replaces the clicked one.
import type { AuditEventName } from '../../migration/audit-events';
import type { CardRef, Proposal } from '../../migration/model';
import type { Role } from '../../migration/topology';
import { planCard, proposalStateCard } from '../cards/plan';
import { ADMINS, ALL_ROLES, pilotGroupOf, siteNames, STAFF, type TurnContext } from '../context';
import { cancelJob, pauseJob, renderJobCard, resumeJob, retryJob } from '../jobs';
import { cancelProposal, confirmProposal, type ProposalAnswer } from '../proposals';
import type { AdaptiveCard, CardActionResult, Reply } from '../types';
import type { ActionData, Verb } from './schema';
import { clarifiedCard } from '../cards/answers';
import { usersLeftReply } from '../users-left-reply';
import { runCommand } from '../dispatch';
import { noteInput, runbookCommand } from '../runbook-actions';
import { STEP_COMMENT_MAX_CHARS } from '../../migration/runbook/ledger';

async function currentProposalCard(ctx: TurnContext, proposal: Proposal): Promise<AdaptiveCard> {
  const { store, clock } = ctx.deps;
  if (proposal.state === 'confirmed' && proposal.jobId) {
    const job = await store.getJob(proposal.jobId);
    if (job) return renderJobCard(ctx.deps, job, ctx.lang, ctx.actor.role);
  }
  if (proposal.state === 'cancelled') return proposalStateCard(proposal, 'cancelled', ctx.lang, undefined, siteNames(ctx));
  if (proposal.expiresAt <= clock.now()) return proposalStateCard(proposal, 'expired', ctx.lang, undefined, siteNames(ctx));
  if (proposal.approvals.length > 0) return proposalStateCard(proposal, 'awaitingSecond', ctx.lang, undefined, siteNames(ctx));
  return planCard(proposal.plan, 'confirm', ctx.lang, proposal, undefined, siteNames(ctx));
}

async function proposalResult(ctx: TurnContext, proposalId: string, answer: ProposalAnswer): Promise<CardActionResult> {
  if (answer.card) return { card: answer.card, ...(answer.text ? { replies: [{ text: answer.text }] } : {}) };
  const proposal = await ctx.deps.store.getProposal(proposalId);
  const replies = answer.text ? [{ text: answer.text }] : [];
  return proposal ? { card: await currentProposalCard(ctx, proposal), replies } : { replies };
}

function fromReplies(replies: Reply[]): CardActionResult {
  const card = replies.find((r) => r.card)?.card;
  const texts = replies.filter((r) => !r.card && r.text);
  return { ...(card ? { card } : {}), ...(texts.length ? { replies: texts } : {}) };
}

async function jobCardOrText(ctx: TurnContext, jobId: string): Promise<CardActionResult> {
  const job = await ctx.deps.store.getJob(jobId);
  return job ? { card: await renderJobCard(ctx.deps, job, ctx.lang, ctx.actor.role) } : { replies: [{ text: ctx.t.job.noSuchJob(jobId) }] };
}

/** Who may use each verb. The one place card clicks are authorised. */
export const VERB_ROLES: { readonly [V in Verb]: readonly Role[] } = {
  'proposal.confirm': ADMINS,
  'proposal.cancel': ADMINS,
  'job.cancel': ADMINS,
  'job.retry': ADMINS,
  'job.pause': ADMINS,
  'job.resume': ADMINS,
  'job.refresh': STAFF,
  'usersLeft.page': STAFF,
  // A runbook's next action or manual record: the buttons are shown to admins only.
  'runbook.next': ADMINS,
  'runbook.record': ADMINS,
  // The chosen reading runs as if typed, through that command's own role check.
  'clarify.pick': ALL_ROLES,
};

/** The proposal or job a click is about (none for paging and clarifying). */
function targetOf(data: ActionData): { kind: 'proposal' | 'job'; id: string } | undefined {
  if ('proposalId' in data) return { kind: 'proposal', id: data.proposalId };
  if ('jobId' in data) return { kind: 'job', id: data.jobId };
  return undefined;
}

/** Audit event of a refused click (the typed twins record the same names). */
const REFUSED_EVENT: { readonly [V in Verb]: AuditEventName } = {
  'proposal.confirm': 'proposal.confirmRefused',
  'proposal.cancel': 'proposal.cancelRefused',
  'job.cancel': 'cardAction.refused',
  'job.retry': 'cardAction.refused',
  'job.pause': 'cardAction.refused',
  'job.resume': 'cardAction.refused',
  'job.refresh': 'cardAction.refused',
  'usersLeft.page': 'cardAction.refused',
  'clarify.pick': 'cardAction.refused',
  'runbook.next': 'cardAction.refused',
  'runbook.record': 'cardAction.refused',
};

/** A refused click: audited, answered with one sentence and nothing of the proposal or job. */
async function refuse(ctx: TurnContext, data: ActionData): Promise<CardActionResult> {
  const target = targetOf(data);
  await ctx.audit(REFUSED_EVENT[data.verb], 'refused', { ...(target ? { target: target.id } : {}), details: { verb: data.verb, role: ctx.actor.role } });
  const readVerb = VERB_ROLES[data.verb].includes('helpdesk');
  return { replies: [{ text: readVerb ? ctx.t.access.notAllowedRead : ctx.t.access.notAdminClick }] };
}

/** Where the bot posted the card of the proposal or job a click names. */
async function recordedCard(ctx: TurnContext, data: ActionData): Promise<CardRef | undefined> {
  const target = targetOf(data);
  if (!target) return undefined;
  const owner = target.kind === 'proposal' ? await ctx.deps.store.getProposal(target.id) : await ctx.deps.store.getJob(target.id);
  return owner?.card;
}

type Handler<V extends Verb> = (ctx: TurnContext, data: Extract<ActionData, { verb: V }>) => Promise<CardActionResult>;

const HANDLERS: { [V in Verb]: Handler<V> } = {
  'proposal.confirm': async (ctx, data) => proposalResult(ctx, data.proposalId, await confirmProposal(ctx, data.proposalId)),
  'proposal.cancel': async (ctx, data) => proposalResult(ctx, data.proposalId, await cancelProposal(ctx, data.proposalId)),
  'job.cancel': async (ctx, data) => fromReplies(await cancelJob(ctx, data.jobId)),
  'job.retry': async (ctx, data) => fromReplies(await retryJob(ctx, data.jobId)),
  'job.pause': async (ctx, data) => fromReplies(await pauseJob(ctx, data.jobId)),
  'job.resume': async (ctx, data) => fromReplies(await resumeJob(ctx, data.jobId)),
  'job.refresh': async (ctx, data) => jobCardOrText(ctx, data.jobId),
  // The chosen reading runs as if typed (role check, plan, proposal); its card replaces the question.
  'clarify.pick': async (ctx, data) => {
    const replies = await runCommand(ctx, data.choice);
    const first = replies.find((r) => r.card);
    const rest = replies.filter((r) => r !== first && (r.card || r.text));
    if (!first?.card) return { card: clarifiedCard(data.choice, ctx.lang), ...(rest.length ? { replies: rest } : {}) };
    return { card: first.card, ...(first.track ? { track: first.track } : {}), ...(rest.length ? { replies: rest } : {}) };
  },
  'usersLeft.page': async (ctx, data) => fromReplies(await usersLeftReply(ctx, data.site, data.page)),
  // The next action runs as if typed; its answer (a plan card) comes as a new message, so the
  // runbook stays where it is.
  'runbook.next': async (ctx, data) => ({ replies: await runCommand(ctx, runbookCommand(data.next, data.site, pilotGroupOf(ctx))) }),
  // Recorded like "mark step … done for site …: <note>"; the runbook is redrawn with the evidence.
  'runbook.record': async (ctx, data) => {
    const note = (data as Record<string, unknown>)[noteInput(data.step)];
    const comment = typeof note === 'string' && note.trim() ? note.trim().slice(0, STEP_COMMENT_MAX_CHARS).trim() : undefined;
    const replies = await runCommand(ctx, { intent: 'markStep', site: data.site, step: data.step, done: true, ...(comment ? { comment } : {}) });
    const runbook = (await runCommand(ctx, { intent: 'runbook', site: data.site })).find((r) => r.card)?.card;
    return { ...(runbook ? { card: runbook } : {}), replies };
  },
};

/** The handler of `verb`, behind the role check; its result names the card activity it may update. */
export function handlerFor<V extends Verb>(verb: V): Handler<V> {
  const handle = HANDLERS[verb] as Handler<V>;
  return async (ctx, data) => {
    if (!VERB_ROLES[verb].includes(ctx.actor.role)) return refuse(ctx, data);
    const result = await handle(ctx, data);
    const recorded = result.card ? await recordedCard(ctx, data) : undefined;
    return recorded ? { ...result, recorded } : result;
  };
}

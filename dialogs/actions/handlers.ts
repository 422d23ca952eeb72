// One handler per card verb. Each validates the caller's role, acts through the same functions
// as the typed-command twins, and answers with the card that replaces the clicked one.
import type { Proposal } from '../../migration/model';
import { planCard, proposalStateCard } from '../cards/plan';
import type { TurnContext } from '../context';
import { cancelJob, pauseJob, renderJobCard, resumeJob, retryJob } from '../jobs';
import { cancelProposal, confirmProposal, type ProposalAnswer } from '../proposals';
import type { AdaptiveCard, CardActionResult, Reply } from '../types';
import type { ActionData, Verb } from './schema';
import { clarifiedCard } from '../cards/answers';
import { usersLeftReply } from '../commands/users-left';
import { runCommand } from '../dispatch';

async function currentProposalCard(ctx: TurnContext, proposal: Proposal): Promise<AdaptiveCard> {
  const { store, clock } = ctx.deps;
  if (proposal.state === 'confirmed' && proposal.jobId) {
    const job = await store.getJob(proposal.jobId);
    if (job) return renderJobCard(ctx.deps, job, ctx.lang, ctx.actor.role);
  }
  if (proposal.state === 'cancelled') return proposalStateCard(proposal, 'cancelled', ctx.lang);
  if (proposal.expiresAt <= clock.now()) return proposalStateCard(proposal, 'expired', ctx.lang);
  if (proposal.approvals.length > 0) return proposalStateCard(proposal, 'awaitingSecond', ctx.lang);
  return planCard(proposal.plan, 'confirm', ctx.lang, proposal);
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
  return job ? { card: await renderJobCard(ctx.deps, job, ctx.lang, ctx.actor.role) } : { replies: [{ text: ctx.t.text.noSuchJob(jobId) }] };
}

async function refuse(ctx: TurnContext, data: ActionData, target: string): Promise<CardActionResult> {
  await ctx.audit('cardAction.refused', 'refused', { target, details: { verb: data.verb, role: ctx.actor.role } });
  return { replies: [{ text: ctx.t.text.notAdminClick }] };
}

type Handler<V extends Verb> = (ctx: TurnContext, data: Extract<ActionData, { verb: V }>) => Promise<CardActionResult>;

export const HANDLERS: { [V in Verb]: Handler<V> } = {
  'proposal.confirm': async (ctx, data) => proposalResult(ctx, data.proposalId, await confirmProposal(ctx, data.proposalId)),
  'proposal.cancel': async (ctx, data) => proposalResult(ctx, data.proposalId, await cancelProposal(ctx, data.proposalId)),
  'job.cancel': async (ctx, data) => {
    if (ctx.actor.role !== 'admin') return { ...(await jobCardOrText(ctx, data.jobId)), ...(await refuse(ctx, data, data.jobId)) };
    return fromReplies(await cancelJob(ctx, data.jobId));
  },
  'job.retry': async (ctx, data) => {
    if (ctx.actor.role !== 'admin') return { ...(await jobCardOrText(ctx, data.jobId)), ...(await refuse(ctx, data, data.jobId)) };
    return fromReplies(await retryJob(ctx, data.jobId));
  },
  'job.pause': async (ctx, data) => {
    if (ctx.actor.role !== 'admin') return { ...(await jobCardOrText(ctx, data.jobId)), ...(await refuse(ctx, data, data.jobId)) };
    return fromReplies(await pauseJob(ctx, data.jobId));
  },
  'job.resume': async (ctx, data) => {
    if (ctx.actor.role !== 'admin') return { ...(await jobCardOrText(ctx, data.jobId)), ...(await refuse(ctx, data, data.jobId)) };
    return fromReplies(await resumeJob(ctx, data.jobId));
  },
  'job.refresh': async (ctx, data) => jobCardOrText(ctx, data.jobId),
  // The chosen reading runs as if typed (role check, plan, proposal); its card replaces the question.
  'clarify.pick': async (ctx, data) => {
    const replies = await runCommand(ctx, data.choice);
    const first = replies.find((r) => r.card);
    const rest = replies.filter((r) => r !== first && (r.card || r.text));
    if (!first?.card) return { card: clarifiedCard(data.choice, ctx.lang), ...(rest.length ? { replies: rest } : {}) };
    return { card: first.card, ...(first.track ? { track: first.track } : {}), ...(rest.length ? { replies: rest } : {}) };
  },
  'usersLeft.page': async (ctx, data) => {
    if (ctx.actor.role === 'user') return { replies: [{ text: ctx.t.text.notAllowedRead }] };
    return fromReplies(await usersLeftReply(ctx, data.site, data.page));
  },
};

export function handlerFor<V extends Verb>(verb: V): Handler<V> {
  return HANDLERS[verb] as Handler<V>;
}

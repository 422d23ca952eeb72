// Side effects imply confirmation: a mutating command becomes a plan, stored as an expiring,
// single-use proposal; confirming consumes it with a compare-and-set in the store (a second
// click or a retried invoke starts nothing and shows the current state).
import type { CommandOf } from './contract';
import type { MutatingCommand } from '../migration/commands';
import { isLyncOpsError } from '../migration/errors';
import { windowsOf } from '../migration/schedule/windows';
import { escapeMarkdown } from './escape';
import { planCard, proposalStateCard } from './cards/plan';
import { queuedCard } from './cards/job';
import { siteNames, type TurnContext } from './context';
import { renderJobCard } from './jobs';
import type { AdaptiveCard, Reply } from './types';
import { unresolvedGroupReply, unresolvedSiteReply, unresolvedUserReply } from './unresolved';

/** The commands the domain acts on (MutatingCommand), as the chat's contract has them. */
type Mutating = CommandOf<MutatingCommand['intent']>;

function unresolvedReply(ctx: TurnContext, command: Mutating, name: string): Reply[] {
  if (command.intent === 'coexistenceTest' || command.intent === 'decommission') return unresolvedSiteReply(ctx, name);
  const subject = command.subject;
  if (subject.kind === 'group') return unresolvedGroupReply(ctx, name);
  if (subject.kind === 'user') return unresolvedUserReply(ctx, name);
  return unresolvedSiteReply(ctx, name);
}

export async function propose(ctx: TurnContext, command: Mutating): Promise<Reply[]> {
  const { store, clock, settings } = ctx.deps;
  const plan = await ctx.planner.plan(command).catch(async (e: unknown) => {
    if (!isLyncOpsError(e) || e.code !== 'GROUP_AMBIGUOUS') throw e;
    return { ambiguous: { name: String(e.details?.name ?? ''), ids: (e.details?.ids as string[] | undefined) ?? [] } };
  });
  if ('ambiguous' in plan) {
    await ctx.audit('command.ambiguousGroup', 'refused', { details: { intent: command.intent, group: plan.ambiguous.name, ids: plan.ambiguous.ids.slice(0, 10) } });
    return [{ text: ctx.t.unresolved.groupAmbiguous(escapeMarkdown(plan.ambiguous.name), plan.ambiguous.ids.slice(0, 10).map(escapeMarkdown)) }];
  }
  if (ctx.turn.schedule) plan.schedule = ctx.turn.schedule;
  const windows = { windows: settings.maintenanceWindows, now: clock.now() };
  const site = plan.sites[0];
  if (plan.unresolved.length && plan.items.length === 0 && plan.alreadyThere === 0) {
    await ctx.audit('command.unresolved', 'refused', { details: { intent: command.intent, unresolved: plan.unresolved.slice(0, 10) } });
    return unresolvedReply(ctx, command, plan.unresolved[0]);
  }
  // "… during the maintenance window" where a site has none: the job would start at once, not in a window.
  const windowless = command.inWindow ? plan.sites.filter((s) => !windowsOf(settings.maintenanceWindows, s)) : [];
  if (windowless.length) {
    await ctx.audit('command.unresolved', 'refused', { site, details: { intent: command.intent, noWindow: windowless.slice(0, 10) } });
    const names = siteNames(ctx);
    return [{ text: ctx.t.plan.noWindow(windowless.map((s) => escapeMarkdown(names(s))).join(', ')) }];
  }
  // Everyone named is already where the step would take them: say so (no gate matters then, and it is no dry run).
  if (!plan.dryRun && plan.items.length === 0 && plan.alreadyThere > 0) {
    await ctx.audit('plan.nothingToDo', 'info', { site, target: plan.subject.name, details: { intent: command.intent, alreadyThere: plan.alreadyThere } });
    return [{ card: planCard(plan, 'nothingToDo', ctx.lang, undefined, undefined, siteNames(ctx)) }];
  }
  if (plan.blocked) {
    await ctx.audit('plan.blocked', 'refused', { site, target: plan.subject.name, details: { intent: command.intent, gates: plan.gates.filter((g) => !g.passed).map((g) => `${g.site}:${g.gate}`) } });
    return [{ card: planCard(plan, 'blocked', ctx.lang, undefined, windows, siteNames(ctx)) }];
  }
  if (plan.dryRun || plan.items.length === 0) {
    await ctx.audit('plan.dryRun', 'info', { site, target: plan.subject.name, details: { intent: command.intent, items: plan.items.length } });
    return [{ card: planCard(plan, 'dryRun', ctx.lang, undefined, windows, siteNames(ctx)) }];
  }
  const now = clock.now();
  const proposal = await store.createProposal({
    plan,
    requestedBy: ctx.actor,
    createdAt: now,
    expiresAt: now + settings.proposalTtlMs,
    locale: ctx.lang,
    card: { conversation: ctx.turn.conversationRef },
  });
  await ctx.audit('proposal.created', 'ok', { site, target: proposal.id, details: { intent: command.intent, subject: plan.subject, items: plan.items.length, forced: plan.forced } });
  return [{ card: planCard(plan, 'confirm', ctx.lang, proposal, windows, siteNames(ctx)), track: { kind: 'proposal', id: proposal.id } }];
}

export interface ProposalAnswer {
  card?: AdaptiveCard;
  text?: string;
}

/**
 * A proposal as it stands, changing nothing ("show plan 12", or a question such as "can I
 * confirm 12?"): a pending one is its plan card again, with Confirm and Cancel; one waiting for a
 * second admin says so; a confirmed one is its job's card; an expired or cancelled one says that.
 */
export async function showProposal(ctx: TurnContext, proposalId: string): Promise<ProposalAnswer> {
  const { store, clock, settings } = ctx.deps;
  const proposal = await store.getProposal(proposalId);
  if (!proposal) return { text: ctx.t.plan.noSuchProposal(proposalId) };
  if (proposal.state === 'confirmed') {
    const job = proposal.jobId ? await store.getJob(proposal.jobId) : null;
    return job ? { card: await renderJobCard(ctx.deps, job, ctx.lang, ctx.actor.role) } : { text: ctx.t.plan.alreadyStarted(proposal.jobId ?? '?') };
  }
  if (proposal.state === 'cancelled') return { card: proposalStateCard(proposal, 'cancelled', ctx.lang, undefined, siteNames(ctx)) };
  const now = clock.now();
  if (proposal.expiresAt <= now) return { card: proposalStateCard(proposal, 'expired', ctx.lang, undefined, siteNames(ctx)) };
  if (proposal.approvals.length > 0) {
    const first = proposal.approvals[0];
    const note = first.id === ctx.actor.id ? ctx.t.plan.youAlreadyApproved : ctx.t.plan.secondApproverNeeded(first.name);
    return { card: proposalStateCard(proposal, 'awaitingSecond', ctx.lang, note, siteNames(ctx)) };
  }
  return { card: planCard(proposal.plan, 'confirm', ctx.lang, proposal, { windows: settings.maintenanceWindows, now }, siteNames(ctx)) };
}

/** Confirm a proposal (button or typed twin). Non-admins are refused and audited. */
export async function confirmProposal(ctx: TurnContext, proposalId: string): Promise<ProposalAnswer> {
  const { store, clock, runner } = ctx.deps;
  const proposal = await store.getProposal(proposalId);
  if (!proposal) {
    await ctx.audit('proposal.confirmUnknown', 'refused', { target: proposalId });
    return { text: ctx.t.plan.noSuchProposal(proposalId) };
  }
  const site = proposal.plan.sites[0];
  if (ctx.actor.role !== 'admin') {
    await ctx.audit('proposal.confirmRefused', 'refused', { site, target: proposalId, details: { role: ctx.actor.role } });
    return { text: ctx.t.access.notAdminClick };
  }
  const required = proposal.plan.needsSecondApprover ? 2 : 1;
  // The store writes the approval's audit events (proposal.approved, or proposal.confirmed and job.queued) in its transaction.
  const outcome = await store.approveProposal(proposalId, ctx.actor, clock.now(), required);
  switch (outcome.outcome) {
    case 'started':
      runner.wake();
      if (outcome.proposal.plan.schedule?.startAt !== undefined) return { card: await renderJobCard(ctx.deps, outcome.job, ctx.lang, ctx.actor.role) };
      return { card: queuedCard(outcome.job, ctx.lang, { adminView: true, refreshUserIds: ctx.deps.settings.adminUserIds, siteName: siteNames(ctx) }) };
    case 'awaitingSecondApprover':
      return { card: proposalStateCard(outcome.proposal, 'awaitingSecond', ctx.lang, ctx.t.plan.secondApproverNeeded(ctx.actor.name), siteNames(ctx)) };
    case 'alreadyApprovedByYou':
      return { card: proposalStateCard(outcome.proposal, 'awaitingSecond', ctx.lang, ctx.t.plan.youAlreadyApproved, siteNames(ctx)) };
    case 'alreadyConfirmed': {
      await ctx.audit('proposal.confirmRepeated', 'info', { site, target: proposalId, details: { jobId: outcome.proposal.jobId } });
      const job = outcome.job ?? (outcome.proposal.jobId ? await store.getJob(outcome.proposal.jobId) : null);
      return job ? { card: await renderJobCard(ctx.deps, job, ctx.lang, ctx.actor.role) } : { text: ctx.t.plan.alreadyStarted(outcome.proposal.jobId ?? '?') };
    }
    case 'cancelled':
      await ctx.audit('proposal.confirmCancelled', 'refused', { site, target: proposalId });
      return { card: proposalStateCard(outcome.proposal, 'cancelled', ctx.lang, undefined, siteNames(ctx)) };
    case 'expired':
      await ctx.audit('proposal.confirmExpired', 'refused', { site, target: proposalId });
      return { card: proposalStateCard(outcome.proposal, 'expired', ctx.lang, undefined, siteNames(ctx)) };
    case 'notFound':
      return { text: ctx.t.plan.noSuchProposal(proposalId) };
  }
}

export async function cancelProposal(ctx: TurnContext, proposalId: string): Promise<ProposalAnswer> {
  const { store, clock } = ctx.deps;
  const proposal = await store.getProposal(proposalId);
  if (!proposal) {
    await ctx.audit('proposal.cancelUnknown', 'refused', { target: proposalId });
    return { text: ctx.t.plan.noSuchProposal(proposalId) };
  }
  const site = proposal.plan.sites[0];
  if (ctx.actor.role !== 'admin') {
    await ctx.audit('proposal.cancelRefused', 'refused', { site, target: proposalId, details: { role: ctx.actor.role } });
    return { text: ctx.t.access.notAdminClick };
  }
  // The store writes proposal.cancelled in the cancel's transaction.
  const outcome = await store.cancelProposal(proposalId, ctx.actor, clock.now());
  switch (outcome.outcome) {
    case 'cancelled':
      return { card: proposalStateCard(outcome.proposal, 'cancelled', ctx.lang, undefined, siteNames(ctx)) };
    case 'alreadyCancelled':
      return { card: proposalStateCard(outcome.proposal, 'cancelled', ctx.lang, undefined, siteNames(ctx)) };
    case 'expired':
      return { card: proposalStateCard(outcome.proposal, 'expired', ctx.lang, undefined, siteNames(ctx)) };
    case 'alreadyConfirmed': {
      const job = outcome.proposal.jobId ? await store.getJob(outcome.proposal.jobId) : null;
      return job ? { card: await renderJobCard(ctx.deps, job, ctx.lang, ctx.actor.role) } : { text: ctx.t.plan.alreadyStarted(outcome.proposal.jobId ?? '?') };
    }
    case 'notFound':
      return { text: ctx.t.plan.noSuchProposal(proposalId) };
  }
}

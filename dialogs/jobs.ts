// Job reads and commands shared by typed commands and card buttons: the current card of a job,
// cancel (nothing new starts, in-flight items finish) and retry of failed items.
import { approveRetry, checkResultOf, jobTransitions } from '../migration/jobs';
import type { CheckResult, Job } from '../migration/model';
import { FINISHED_JOB_STATES } from '../migration/model';
import type { Role } from '../migration/topology';
import { jobCard, type JobView } from './cards/job';
import { forcedThroughWindows, windowPause } from './schedule';
import type { TurnContext } from './context';
import type { AdaptiveCard, ConversationDeps, Language, Reply } from './types';

export async function jobView(deps: ConversationDeps, job: Job): Promise<JobView> {
  const [counts, failures, schedule] = await Promise.all([deps.store.itemCounts(job.id), deps.store.failureGroups(job.id, 3), deps.store.getSchedule(job.id)]);
  let checks: CheckResult[] | undefined;
  if (job.operation === 'coexistenceTest') {
    const items = await deps.store.listItems(job.id, { limit: 50 });
    checks = items
      .filter((i) => i.state === 'done' || i.state === 'failed')
      .map(checkResultOf);
  }
  const now = deps.clock.now();
  const active = !FINISHED_JOB_STATES.has(job.state) && job.state !== 'cancelling' && counts.pending > 0;
  const windows = deps.settings.maintenanceWindows;
  const pause = active && !job.forced ? windowPause(windows, job.sites, now) : undefined;
  const forcedWindows = active ? forcedThroughWindows(windows, job.sites, job.forced, now) : [];
  const paused = await pausedBy(deps, job);
  return { job, counts, failures, ...(paused ? { pausedBy: paused } : {}), ...(checks ? { checks } : {}), ...(schedule ? { schedule } : {}), ...(pause ? { windowPause: pause } : {}), ...(forcedWindows.length ? { forcedWindows } : {}), now };
}

/** Admin buttons appear for admins; in a personal chat the job's requester is the viewer. */
export function isPersonalConversation(job: Job): boolean {
  const conversation = job.card?.conversation?.conversation as { conversationType?: string } | undefined;
  return conversation?.conversationType === 'personal';
}

export async function renderJobCard(deps: ConversationDeps, job: Job, lang: Language, viewerRole?: Role): Promise<AdaptiveCard> {
  const adminView = viewerRole ? viewerRole === 'admin' : isPersonalConversation(job);
  return jobCard(await jobView(deps, job), lang, { adminView, refreshUserIds: deps.settings.adminUserIds, siteName: (name) => deps.topology.localName(name, lang) });
}

function notFound(ctx: TurnContext, id: string): Reply[] {
  return [{ text: ctx.t.job.noSuchJob(id) }];
}

/** The job's card as a reply whose later updates (progress, the end) replace it in the chat. */
export async function trackedJobCard(ctx: TurnContext, job: Job): Promise<Reply> {
  return { card: await renderJobCard(ctx.deps, job, ctx.lang, ctx.actor.role), track: { kind: 'job', id: job.id } };
}

/** Asks the job state machine to cancel: pending items are cancelled, items in flight finish. */
export async function cancelJob(ctx: TurnContext, jobId: string): Promise<Reply[]> {
  const { store, clock, runner } = ctx.deps;
  const outcome = await store.applyJobTransition(jobId, jobTransitions.cancel(ctx.actor), clock.now());
  if (outcome.outcome === 'notFound') return notFound(ctx, jobId);
  if (outcome.outcome === 'refused') return [{ text: ctx.t.job.notCancellable(jobId, ctx.t.jobState[outcome.job.state]) }];
  runner.wake();
  return [{ text: ctx.t.job.cancelRequested(jobId) }, await trackedJobCard(ctx, outcome.job)];
}

/** Asks the job state machine to queue a finished job's failed items again. */
export async function retryJob(ctx: TurnContext, jobId: string): Promise<Reply[]> {
  const { store, clock, runner } = ctx.deps;
  const job = await store.getJob(jobId);
  if (!job) return notFound(ctx, jobId);
  // A job that needed two admins to start needs two to run again: asked before anything changes.
  if (FINISHED_JOB_STATES.has(job.state) && (await store.itemCounts(jobId)).failed > 0) {
    const { settings } = ctx.deps;
    const approval = await approveRetry(store, job, ctx.actor, clock.now(), { requireSecondApprover: settings.requireSecondApprover, approvalTtlMs: settings.proposalTtlMs });
    if (approval === 'alreadyApproved') return [{ text: ctx.t.plan.youAlreadyApproved }];
    if (approval === 'firstApproval') return [{ text: ctx.t.job.retryNeedsSecondAdmin(job.id, ctx.actor.name) }];
  }
  const outcome = await store.applyJobTransition(jobId, jobTransitions.retryFailed(ctx.actor), clock.now());
  if (outcome.outcome === 'notFound') return notFound(ctx, jobId);
  if (outcome.outcome === 'refused') return [{ text: outcome.reason === 'state' ? ctx.t.job.stillRunning(jobId) : ctx.t.job.nothingToRetry(jobId) }];
  runner.wake();
  return [{ text: ctx.t.job.retried(jobId, outcome.items) }, await trackedJobCard(ctx, outcome.job)];
}

/** Pauses a job through the state machine: items in flight finish, nothing new starts until it is resumed. */
export async function pauseJob(ctx: TurnContext, jobId: string): Promise<Reply[]> {
  const { store, clock, runner } = ctx.deps;
  const outcome = await store.applyJobTransition(jobId, jobTransitions.pause(ctx.actor), clock.now());
  if (outcome.outcome === 'notFound') return notFound(ctx, jobId);
  if (outcome.outcome === 'refused') return [{ text: ctx.t.job.notPausable(jobId, ctx.t.jobState[outcome.job.state]) }, await trackedJobCard(ctx, outcome.job)];
  // Items this replica leased ahead go back instead of starting.
  runner.wake();
  return [{ text: ctx.t.job.paused(jobId) }, await trackedJobCard(ctx, outcome.job)];
}

/** Resumes a paused job: it runs again (or waits for its start time or window). */
export async function resumeJob(ctx: TurnContext, jobId: string): Promise<Reply[]> {
  const { store, clock, runner } = ctx.deps;
  const outcome = await store.applyJobTransition(jobId, jobTransitions.resume(ctx.actor), clock.now());
  if (outcome.outcome === 'notFound') return notFound(ctx, jobId);
  if (outcome.outcome === 'refused') return [{ text: ctx.t.job.notPaused(jobId, ctx.t.jobState[outcome.job.state]) }, await trackedJobCard(ctx, outcome.job)];
  runner.wake();
  return [{ text: ctx.t.job.resumed(jobId) }, await trackedJobCard(ctx, outcome.job)];
}

/** Who paused a paused job, from its audit event (shown on the card). */
export async function pausedBy(deps: ConversationDeps, job: Job): Promise<{ name: string; at: number } | undefined> {
  if (job.state !== 'paused') return undefined;
  const events = await deps.store.listAudit({ ...(job.sites[0] ? { site: job.sites[0] } : {}), limit: 500 });
  const e = events.find((x) => x.event === 'job.paused' && x.target === job.id);
  return e ? { name: e.actor.name, at: e.at } : undefined;
}

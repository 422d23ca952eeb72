// The second admin for a retry: a job that needed two admins to start needs two to run again
// (with REQUIRE_SECOND_APPROVER). The first admin's "retry" is recorded as an audit event; a
// different admin's retry after it (and after the job last finished) goes ahead.
import type { AuditEventName } from '../migration/audit-events';
import type { Job } from '../migration/model';
import type { TurnContext } from './context';
import type { Reply } from './types';

export const RETRY_APPROVED_EVENT: AuditEventName = 'job.retryApproved';

/** Undefined when the retry may go ahead; otherwise the answer to give instead of retrying. */
export async function retryNeedsSecondAdmin(ctx: TurnContext, job: Job): Promise<Reply[] | undefined> {
  const { settings, store, clock } = ctx.deps;
  if (!settings.requireSecondApprover || job.approvedBy.length < 2) return undefined;
  const since = Math.max(job.finishedAt ?? 0, clock.now() - settings.proposalTtlMs);
  const events = await store.listAudit({ ...(job.sites[0] ? { site: job.sites[0] } : {}), limit: 200 });
  const approvals = events.filter((e) => e.event === RETRY_APPROVED_EVENT && e.target === job.id && e.at >= since);
  if (approvals.some((e) => e.actor.id !== ctx.actor.id)) return undefined;
  if (approvals.length > 0) return [{ text: ctx.t.plan.youAlreadyApproved }];
  await ctx.audit(RETRY_APPROVED_EVENT, 'ok', { site: job.sites[0], target: job.id });
  return [{ text: ctx.t.job.retryNeedsSecondAdmin(job.id, ctx.actor.name) }];
}

// Starting scheduled jobs. Any replica's runner leases the schedules that are due (a lease, not a
// timer: a replica that dies mid-start loses the lease and another one takes over when it
// expires), checks the plan again — gates, and who has been moved meanwhile — and then either
// releases the job's items (in waves when paced) or stops the job with the failed gates as reason.
import type { MutatingCommand } from '../commands';
import { toLyncOpsError } from '../errors';
import type { GateResult, Job, Plan } from '../model';
import type { Logger, Store } from '../ports';
import type { JobLedger } from '../store';
import type { ScheduleLedger } from './model';

export interface StartCheck {
  /** Gates that fail now and are not overridden by the job's `force`. */
  failedGates: GateResult[];
  /** Users or objects that reached the target since the plan was confirmed. */
  alreadyThere: number;
}

export type Recheck = (job: Job) => Promise<StartCheck>;

/** The re-check of a job's plan through the planner (the same gates the confirmation card showed). */
export function planRecheck(deps: { store: Pick<Store, 'getProposal'>; plan(command: MutatingCommand): Promise<Plan> }): Recheck {
  return async (job) => {
    const proposal = await deps.store.getProposal(job.proposalId);
    if (!proposal) return { failedGates: [], alreadyThere: 0 };
    const command = { ...proposal.plan.command, dryRun: false };
    const fresh = await deps.plan(command);
    const failedGates = fresh.gates.filter((g) => !g.passed && !g.warning && (!g.forcable || !job.forced));
    return { failedGates, alreadyThere: Math.max(0, fresh.alreadyThere - proposal.plan.alreadyThere) };
  };
}

export interface StarterOptions {
  store: Pick<JobLedger, 'getJob'> & ScheduleLedger;
  logger: Logger;
  workerId: string;
  leaseMs: number;
  now(): number;
  recheck?: Recheck;
  /** Schedules leased per statement (and started concurrently). */
  batch?: number;
  /** Told about each job this worker started or stopped (card updates). */
  onStarted?(job: Job, started: boolean): Promise<void>;
}

/** Starts (or stops) every schedule that is due now; returns how many this worker handled. */
export async function startDueJobs(o: StarterOptions): Promise<number> {
  const batch = o.batch ?? 64;
  let handled = 0;
  for (;;) {
    const due = await o.store.claimDueSchedules({ workerId: o.workerId, now: o.now(), leaseMs: o.leaseMs, limit: batch });
    if (!due.length) return handled;
    const results = await Promise.all(due.map((schedule) => startOne(o, schedule.jobId)));
    handled += results.filter(Boolean).length;
    if (due.length < batch) return handled;
  }
}

async function startOne(o: StarterOptions, jobId: string): Promise<boolean> {
  const log = o.logger.child({ jobId });
  try {
    const job = await o.store.getJob(jobId);
    if (!job) return false;
    const check = o.recheck ? await o.recheck(job) : { failedGates: [], alreadyThere: 0 };
    const now = o.now();
    const ok = check.failedGates.length
      ? await o.store.stopScheduledJob(jobId, o.workerId, now, check.failedGates)
      : await o.store.startScheduledJob(jobId, o.workerId, now, { alreadyThere: check.alreadyThere });
    if (!ok) {
      log.warn({}, 'schedule lease lost before the start was written');
      return false;
    }
    log.info({ stopped: check.failedGates.length > 0 }, check.failedGates.length ? 'scheduled job stopped: a gate failed at its start' : 'scheduled job started');
    // The card update does not hold up the next starts.
    void o.onStarted?.(job, check.failedGates.length === 0).catch((e) => log.warn({ err: String(e) }, 'start report failed'));
    return true;
  } catch (e) {
    // The lease stays; when it expires this or another replica tries again.
    log.warn({ err: toLyncOpsError(e).message }, 'scheduled start failed; retried when the lease expires');
    return false;
  }
}

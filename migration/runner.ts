// The durable job runner. Items are leased from the store in batches (so any replica can run any
// job), executed with bounded concurrency per target pool, retried with exponential backoff and
// jitter when the failure is transient. The lease counts the attempt before any backend call, and
// one guarded write records each outcome with its audit event. Items leased ahead stay pending
// (queued on cards and counts) until their backend call starts; the claim marks the ones that start
// at once as running, and the others' running marks ride on the next statement the runner sends
// anyway (an outcome), or on one statement of their own. A restart (or another replica, once the
// leases expire) resumes where the ledger says.
import { toLyncOpsError } from './errors';
import { executeItem } from './executors';
import { checkResultOf, itemDoneAudit, itemFailureAudit, jobTransitions } from './jobs';
import type { Job, JobItem } from './model';
import { FINISHED_JOB_STATES } from './model';
import type { Clock, JobObserver, Logger, LyncBackend } from './ports';
import { RunbookLedger, type LedgerStore } from './runbook/ledger';
import { seededPilotStart } from './runbook/observe';
import { startDueJobs, type Recheck } from './schedule/starter';
import type { ScheduleLedger } from './schedule/model';
import { isOpen, windowsOf, type MaintenanceWindows } from './schedule/windows';
import type { CoexistenceResults, JobLedger } from './store';
import { fqdnKey, sameFqdn, type Site, type TopologyIndex } from './topology';

export interface RunnerOptions {
  /** The job ledger, and the runbook ledger's keyed state (a move's first user starts the site's pilot). */
  store: JobLedger & CoexistenceResults & ScheduleLedger & LedgerStore;
  backend: LyncBackend;
  topology: TopologyIndex;
  clock: Clock;
  logger: Logger;
  observer: JobObserver;
  workerId: string;
  concurrencyPerPool: number;
  maxAttempts: number;
  leaseMs: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pollIntervalMs?: number;
  /** Minimum time between progress reports of one job to the observer. */
  progressIntervalMs?: number;
  random?: () => number;
  /** Checks a scheduled job's plan again at its start (gates, users moved meanwhile). */
  recheck?: Recheck;
  /** Per-site maintenance windows: outside them nothing new starts at the site, unless the job was forced. */
  windows?: MaintenanceWindows;
}

const MAX_CHAINED_REFILLS = 64;
/**
 * How long a job's state read from the store counts as current when an item of it is about to
 * start: a pause or cancel on another replica stops this one's claimed items within this time.
 */
const JOB_STATE_FRESH_MS = 250;

export class JobRunner {
  /** Ids of the items in flight: ids only, as entries holding items kept their garbage in the old generation. */
  private readonly active = new Set<number>();
  /** Resolves stop()'s wait once the last item in flight has finished. */
  private drained?: () => void;
  private readonly activePerPool = new Map<string, number>();
  /**
   * Items leased ahead per pool, not started yet (at most JOB_CONCURRENCY): a freed slot starts
   * the next one at once, and the pool claims its next batch while the queue is half full.
   */
  private readonly queued = new Map<string, JobItem[]>();
  /** Items started from the queue whose running mark is not written yet (still pending in the ledger). */
  private readonly unmarked = new Set<number>();
  private markScheduled = false;
  private readonly lastProgress = new Map<string, number>();
  private readonly jobs = new Map<string, Job>();
  /** When each cached job's state was read from the store. */
  private readonly jobReadAt = new Map<string, number>();
  private pools: string[] = [];
  private readonly refilling = new Set<string>();
  private readonly refillAgain = new Set<string>();
  private chainedRefills = 0;
  private timer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private running = false;
  private startup: Promise<void> = Promise.resolve();
  private ticking = false;
  private tickAgain = false;
  private readonly opts: Required<Omit<RunnerOptions, 'random' | 'recheck' | 'windows'>> & { random: () => number; recheck?: Recheck; windows?: MaintenanceWindows };
  /** Unfinished jobs confirmed with `force`: they run outside maintenance windows (refreshed each tick). */
  private forcedJobIds: string[] = [];
  /**
   * Sites whose pilot start this runner has made durable, or is writing (items of the site done
   * meanwhile wait for that one write): one ledger read, and at most one write, per site.
   */
  private readonly pilotStarts = new Map<string, Promise<void>>();

  constructor(options: RunnerOptions) {
    this.opts = {
      backoffBaseMs: 1000,
      backoffMaxMs: 60_000,
      pollIntervalMs: 500,
      progressIntervalMs: 500,
      ...options,
      random: options.random ?? Math.random,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A restart with the same worker id resumes its own interrupted items at once.
    this.startup = this.opts.store
      .releaseLeases(this.opts.workerId, this.opts.clock.now())
      .then((n) => {
        if (n) this.opts.logger.info({ released: n }, 'resuming items interrupted by a restart');
      })
      .catch((e) => this.opts.logger.warn({ err: toLyncOpsError(e).message }, 'could not release old leases'));
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), Math.max(50, Math.floor(this.opts.leaseMs / 3)));
    this.heartbeatTimer.unref?.();
    this.schedule(0);
  }

  /** Look for work now (a job was queued, requeued, paused, resumed or cancelled). */
  wake(): void {
    // A job changed: the cached states are read again before the next item starts.
    this.jobReadAt.clear();
    if (this.running) this.schedule(0);
  }

  /**
   * Stops claiming and hands the items leased ahead back; in-flight items finish their current
   * backend call (bounded by `graceMs`).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    const unstarted = [...this.queued.values()].flat();
    this.queued.clear();
    for (const item of unstarted) this.unmarked.delete(item.id);
    await Promise.all(unstarted.map((item) => this.release(item)));
    if (this.active.size === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.drained = resolve;
      timeout = setTimeout(resolve, graceMs);
    });
    this.drained = undefined;
    if (timeout) clearTimeout(timeout);
  }

  /** Number of items this runner is executing right now. */
  get inFlight(): number {
    return this.active.size;
  }

  /** Gives a leased item that did not start back to the ledger (its counted attempt undone). */
  private async release(item: JobItem): Promise<void> {
    try {
      await this.opts.store.updateItem(item.id, this.opts.workerId, { state: 'pending', attempts: Math.max(0, item.attempts - 1) }, this.opts.clock.now());
    } catch (e) {
      this.opts.logger.warn({ err: toLyncOpsError(e).message, itemId: item.id }, 'could not hand back a leased item; its lease runs out');
    }
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    try {
      await this.startup;
      do {
        this.tickAgain = false;
        await this.startScheduled();
        if (this.opts.windows && Object.keys(this.opts.windows).length) {
          this.forcedJobIds = (await this.opts.store.listUnfinishedJobs()).filter((j) => j.forced).map((j) => j.id);
        }
        await this.claimAndRun();
        await this.finalizeJobs();
      } while (this.tickAgain && this.running);
    } catch (e) {
      this.opts.logger.error({ err: toLyncOpsError(e).message }, 'job runner tick failed');
    } finally {
      this.ticking = false;
      this.schedule(this.opts.pollIntervalMs);
    }
  }

  /** Scheduled jobs that are due start here (leased, so exactly one replica starts each). */
  private async startScheduled(): Promise<void> {
    const { store, logger, workerId, leaseMs, clock, recheck } = this.opts;
    try {
      await startDueJobs({
        store,
        logger,
        workerId,
        leaseMs,
        now: () => clock.now(),
        ...(recheck ? { recheck } : {}),
        onStarted: (job) => this.reportProgress(job.id, true),
      });
    } catch (e) {
      logger.warn({ err: toLyncOpsError(e).message }, 'could not start scheduled jobs');
    }
  }

  private async knownPools(): Promise<string[]> {
    if (this.pools.length === 0) {
      const fromTopology = this.opts.topology.topology.pools.map((p) => p.fqdn);
      let fromBackend: string[] = [];
      try {
        fromBackend = (await this.opts.backend.listPools()).map((p) => p.fqdn);
      } catch (e) {
        this.opts.logger.warn({ err: toLyncOpsError(e).message }, 'could not list pools; using the topology');
      }
      this.pools = [...new Set([...fromTopology, ...fromBackend].map(fqdnKey))];
    }
    return this.pools;
  }

  private async claimAndRun(): Promise<void> {
    for (const pool of await this.knownPools()) {
      if (!this.running) return;
      await this.claimFor(pool);
    }
  }

  /**
   * Fills the free slots of one target pool: first from the items leased ahead, then, when the
   * queue is half empty, with one claim of a batch that fills the slots and the queue again.
   */
  private async claimFor(pool: string): Promise<number> {
    const { store, clock, workerId, leaseMs, concurrencyPerPool } = this.opts;
    if (!this.running) return 0;
    this.startQueued(pool);
    const free = concurrencyPerPool - (this.activePerPool.get(pool) ?? 0);
    const queued = this.queued.get(pool)?.length ?? 0;
    if (free <= 0 && queued * 2 > concurrencyPerPool) return 0;
    const limit = free + concurrencyPerPool - queued;
    if (limit <= 0) return 0;
    const now = clock.now();
    // Outside the site's maintenance window only forced jobs start new items; in-flight ones finish.
    const closed = this.windowClosed(pool, now);
    if (closed && this.forcedJobIds.length === 0) return 0;
    // The items that fill free slots start at once and are claimed running; the rest wait, pending.
    const start = Math.max(0, free);
    const items = await store.claimItems({ workerId, now, leaseMs, limit, start, toPool: pool, countAttempt: true, ...(closed ? { jobIds: this.forcedJobIds } : {}) });
    if (items.length === 0) return 0;
    if (!this.running) {
      await Promise.all(items.map((item) => this.release(item)));
      return 0;
    }
    for (const item of items) {
      const key = fqdnKey(item.toPool);
      const queue = this.queued.get(key) ?? [];
      queue.push(item);
      this.queued.set(key, queue);
    }
    this.startQueued(pool);
    return items.length;
  }

  private windowClosed(pool: string, now: number): boolean {
    const site = this.opts.windows ? this.opts.topology.siteOfPool(pool) : undefined;
    return site !== undefined && !isOpen(windowsOf(this.opts.windows, site.name), now);
  }

  /** Starts items leased ahead in the pool's free slots (no store call: they are leased already). */
  private startQueued(pool: string): void {
    const queue = this.queued.get(pool);
    while (queue?.length && this.running && (this.activePerPool.get(pool) ?? 0) < this.opts.concurrencyPerPool) {
      this.launch(queue.shift()!);
    }
  }

  /**
   * Runs an item in a slot of its pool. The slot (a backend call) is free again as soon as the
   * backend answered: the next item starts while this one's outcome is being written. The item
   * stays in flight (leased, heartbeated, waited for by stop()) until its outcome is written.
   */
  private launch(item: JobItem): void {
    const key = fqdnKey(item.toPool);
    if (item.state !== 'running') this.markStarted(item.id);
    this.activePerPool.set(key, (this.activePerPool.get(key) ?? 0) + 1);
    this.active.add(item.id);
    let slotFree = false;
    const freeSlot = () => {
      if (slotFree) return;
      slotFree = true;
      this.activePerPool.set(key, (this.activePerPool.get(key) ?? 1) - 1);
      this.startQueued(key);
      void this.refill(key);
    };
    void this.run(item, freeSlot)
      .catch((e) => {
        // After stop() the store may close under an item still in flight; its lease brings it back at the next start.
        if (this.running) this.opts.logger.error({ err: toLyncOpsError(e).message, itemId: item.id }, 'item run failed');
        else this.opts.logger.info({ itemId: item.id }, 'item interrupted by shutdown; the next start resumes it');
      })
      .finally(() => {
        this.active.delete(item.id);
        freeSlot();
        if (this.active.size === 0) this.drained?.();
      });
  }

  /**
   * An item leased ahead starts: its running mark goes with the next outcome this runner writes
   * (a slot freed by an outcome starts the next item just before that outcome is sent), otherwise
   * in one statement of its own after this turn of the event loop.
   */
  private markStarted(id: number): void {
    this.unmarked.add(id);
    if (this.markScheduled) return;
    this.markScheduled = true;
    setImmediate(() => {
      this.markScheduled = false;
      const ids = this.takeStarted();
      if (ids.length === 0) return;
      this.opts.store
        .markRunning(this.opts.workerId, ids, this.opts.clock.now())
        .catch((e) => this.opts.logger.warn({ err: toLyncOpsError(e).message }, 'could not mark started items running'));
    });
  }

  /** The running marks not written yet, for the statement about to be sent. */
  private takeStarted(except?: number): number[] {
    if (except !== undefined) this.unmarked.delete(except);
    const ids = [...this.unmarked];
    this.unmarked.clear();
    return ids;
  }

  /**
   * After an item finishes, only its pool is refilled: a full tick (every pool, and the check
   * for finished jobs) per item would cost more than the item. When a pool runs dry the next
   * tick comes at once, so a job's end is noticed without waiting for the poll interval.
   */
  private async refill(pool: string): Promise<void> {
    if (!this.running) return;
    if (this.refilling.has(pool)) {
      this.refillAgain.add(pool);
      return;
    }
    this.refilling.add(pool);
    try {
      await this.yieldWhenChained();
      do {
        this.refillAgain.delete(pool);
        await this.claimFor(pool);
      } while (this.refillAgain.has(pool) && this.running);
      if ((this.activePerPool.get(pool) ?? 0) === 0) this.schedule(0);
    } catch (e) {
      this.opts.logger.warn({ err: toLyncOpsError(e).message, pool }, 'refill failed');
    } finally {
      this.refilling.delete(pool);
    }
  }

  /**
   * A freed slot is refilled at once: after a turn of the event loop, a burst of completions would
   * start its next items together and keep them in lockstep, each waiting for the others (10 % of
   * throughput at 20 ms per move). An instant backend would then chain microtasks without end (no
   * timers, heartbeats or HTTP), so after MAX_CHAINED_REFILLS refills without a turn, one yields.
   */
  private async yieldWhenChained(): Promise<void> {
    if (this.chainedRefills++ === 0) {
      setImmediate(() => {
        this.chainedRefills = 0;
      });
    }
    if (this.chainedRefills > MAX_CHAINED_REFILLS) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private async job(id: string, refresh = false): Promise<Job | null> {
    if (!refresh && this.jobs.has(id)) return this.jobs.get(id)!;
    const readAt = this.opts.clock.now();
    const job = await this.opts.store.getJob(id);
    if (job) {
      this.jobs.set(id, job);
      this.jobReadAt.set(id, readAt);
    }
    return job;
  }

  /** The job of an item about to start, read again when the cached state is older than JOB_STATE_FRESH_MS. */
  private async currentJob(id: string): Promise<Job | null> {
    const cached = this.jobs.get(id);
    const fresh = cached && cached.state === 'running' && this.opts.clock.now() - (this.jobReadAt.get(id) ?? -Infinity) < JOB_STATE_FRESH_MS;
    return fresh ? cached : this.job(id, true);
  }

  private async run(item: JobItem, backendDone: () => void): Promise<void> {
    const { store, clock, workerId, maxAttempts, logger } = this.opts;
    const log = logger.child({ jobId: item.jobId, itemId: item.id });
    let job = await this.currentJob(item.jobId);
    // Leased ahead, then the job was paused or cancelled, or the site's window closed: it goes back unstarted.
    if (!job || !['queued', 'running'].includes(job.state) || (!job.forced && this.windowClosed(fqdnKey(item.toPool), clock.now()))) {
      this.unmarked.delete(item.id);
      await this.release(item);
      return;
    }
    if (job.state === 'queued') {
      // Refused when another worker started it first (or it was paused or cancelled meanwhile): either way the job as it is now.
      const started = await store.applyJobTransition(job.id, jobTransitions.start(job), clock.now());
      if (started.outcome !== 'notFound') job = started.job;
      this.jobs.set(job.id, job);
    }
    // Counted by the claim, durable before the backend call: the ledger shows it even if the process dies now.
    const attempts = item.attempts;
    let outcome: Awaited<ReturnType<typeof executeItem>>;
    try {
      outcome = await executeItem(item, job.operation, this.opts);
    } catch (e) {
      backendDone();
      const err = toLyncOpsError(e);
      // The store cancels a retry instead when the job is cancelling by then (whatever this cached job says).
      const retry = err.transient && attempts < maxAttempts && job.state !== 'cancelling';
      const now = clock.now();
      const update = retry
        ? { state: 'pending' as const, attempts, notBefore: now + this.backoff(attempts), errorCode: err.code, errorMessage: err.message }
        : { state: 'failed' as const, attempts, errorCode: err.code, errorMessage: err.message };
      await store.updateItem(item.id, workerId, update, now, itemFailureAudit(item, retry, { code: err.code, message: err.message, attempts }, now), this.takeStarted(item.id));
      log.info({ code: err.code, attempts, retry }, 'item failed');
      await this.reportProgress(job.id, false);
      return;
    }
    backendDone();
    const now = clock.now();
    // The item's state and its item.done event commit together: a crash cannot leave one without the other.
    const audit = item.kind === 'check' ? undefined : { done: itemDoneAudit(item, outcome.changed, now) };
    const done = { state: 'done' as const, attempts, result: outcome.result ?? null, errorCode: null, errorMessage: null };
    let written: boolean;
    try {
      written = await store.updateItem(item.id, workerId, done, now, audit, this.takeStarted(item.id));
    } catch (e) {
      // The backend did its part; only the ledger could not say so. Never recorded as the backend's
      // failure: the item goes back (or its lease runs out) and the next attempt finds the work done.
      log.error({ err: toLyncOpsError(e).message }, 'could not record a finished item; it is handed back and tried again');
      await this.release(item);
      return;
    }
    if (!written) {
      log.warn({}, 'lease lost before the result was written');
      return;
    }
    await this.recordPilotStart(job, item, now, log);
    if (outcome.changed && item.kind === 'user' && this.opts.observer.userMoved) {
      await this.opts.observer.userMoved(job, { ...item, state: 'done', attempts }).catch((e) => log.warn({ err: String(e) }, 'user notice failed'));
    }
    await this.reportProgress(job.id, false);
  }

  /**
   * A user of a site done by a move to the site's Lync pool starts the site's pilot (a site-wide
   * move's first user too): the ledger keeps the item's completion time as the pilot's start
   * unless one is recorded already, so the pilot's age counts from the move, not from the first
   * time someone looks. Durable before the runner moves on; a failed write does not fail the item
   * (the next item of the site tries again, and the runbook's observation remains the fallback).
   */
  private recordPilotStart(job: Job, item: JobItem, at: number, log: Logger): Promise<void> {
    if (job.operation !== 'move' || item.kind !== 'user') return Promise.resolve();
    const { topology } = this.opts;
    const site = topology.site(item.site);
    if (!site?.lyncPool || !sameFqdn(item.toPool, site.lyncPool)) return Promise.resolve();
    // Test users do not make a pilot (the site's observation does not count them either).
    const sip = item.key.toLowerCase();
    if (topology.user(item.key)?.testUser || site.testUsers.some((t) => t.toLowerCase() === sip)) return Promise.resolve();
    const key = site.name.toLowerCase();
    let started = this.pilotStarts.get(key);
    if (!started) {
      started = this.stampPilotStart(site, at).catch((e) => {
        this.pilotStarts.delete(key);
        log.warn({ err: toLyncOpsError(e).message, site: site.name }, 'could not record the pilot start; the runbook records it when it next observes the site');
      });
      this.pilotStarts.set(key, started);
    }
    return started;
  }

  private async stampPilotStart(site: Site, at: number): Promise<void> {
    const ledger = new RunbookLedger(this.opts.store);
    if ((await ledger.read(site.name)).pilotStartedAt !== undefined) return;
    // A user the topology knows as moved earlier (seeded before lyncops) started it before.
    const start = Math.min(at, seededPilotStart(site, this.opts.topology) ?? at);
    await ledger.update(site.name, (r) => (r.pilotStartedAt === undefined ? { ...r, pilotStartedAt: start } : r));
  }

  private backoff(attempts: number): number {
    return backoffDelay(attempts, this.opts.backoffBaseMs, this.opts.backoffMaxMs, this.opts.random);
  }

  private async reportProgress(jobId: string, force: boolean): Promise<void> {
    const now = this.opts.clock.now();
    if (!force && now - (this.lastProgress.get(jobId) ?? 0) < this.opts.progressIntervalMs) return;
    this.lastProgress.set(jobId, now);
    const job = await this.job(jobId, true);
    if (!job || FINISHED_JOB_STATES.has(job.state)) return;
    const counts = await this.opts.store.itemCounts(jobId);
    await this.opts.observer.progress(job, counts).catch((e) => this.opts.logger.warn({ err: String(e) }, 'progress report failed'));
  }

  /** One statement renews the leases of every item in flight or leased ahead. */
  private async heartbeat(): Promise<void> {
    const held = [...this.active, ...[...this.queued.values()].flat().map((i) => i.id)];
    if (held.length === 0) return;
    try {
      const lost = await this.opts.store.heartbeat(this.opts.workerId, held, this.opts.clock.now() + this.opts.leaseMs);
      if (lost.length) {
        this.opts.logger.warn({ lost }, 'leases lost to another worker');
        const gone = new Set(lost);
        for (const [pool, queue] of this.queued) this.queued.set(pool, queue.filter((i) => !gone.has(i.id)));
      }
    } catch (e) {
      this.opts.logger.warn({ err: toLyncOpsError(e).message }, 'heartbeat failed');
    }
  }

  /**
   * Jobs with nothing pending or running get their final state (once: the transition is a
   * compare-and-set from the state the job was seen in). A cancelling job's pending items are
   * cancelled first: a retry that raced with the cancel, or a job left cancelling by an older
   * version, still finishes.
   */
  private async finalizeJobs(): Promise<void> {
    const { store, clock } = this.opts;
    for (const job of await store.listUnfinishedJobs()) {
      let counts = await store.itemCounts(job.id);
      if (job.state === 'cancelling' && counts.pending > 0) {
        await store.cancelPendingItems(job.id, clock.now());
        counts = await store.itemCounts(job.id);
      }
      const transition = jobTransitions.complete(job, counts);
      if (!transition) continue;
      const outcome = await store.applyJobTransition(job.id, transition, clock.now());
      if (outcome.outcome !== 'applied') continue;
      const finished = outcome.job;
      if (finished.operation === 'coexistenceTest') await this.recordCoexistence(finished);
      await this.opts.observer.finished(finished, counts).catch((e) => this.opts.logger.warn({ err: String(e) }, 'final report failed'));
      this.jobs.delete(job.id);
      this.lastProgress.delete(job.id);
    }
  }

  private async recordCoexistence(job: Job): Promise<void> {
    const items = await this.opts.store.listItems(job.id, { limit: 100 });
    const checks = items.map(checkResultOf);
    const passed = checks.length > 0 && checks.every((c) => c.passed) && job.state === 'completed';
    await this.opts.store.saveCoexistenceResult({ site: job.sites[0], at: this.opts.clock.now(), passed, jobId: job.id, checks });
  }
}

/** Exponential backoff (base · 2^(attempt-1), capped) with jitter of ±50 % around it. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random: () => number): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** (attempts - 1));
  return Math.round(nominal * (0.5 + random()));
}

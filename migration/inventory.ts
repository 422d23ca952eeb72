// Read-only domain queries behind chat answers: who is still on a site's OCS pool (a page at a
// time, with why the planner would skip some), per-site counts, failed items across jobs grouped
// by reason, and what the migration means for one asking user (their site's phase, unfinished
// jobs that include them). Nothing here changes state.
import type { LedgerStore } from './runbook/ledger';
import type { FailureGroup, Job, LyncUser } from './model';
import { derivePhase, observeSite, takeSnapshot, type Phase } from './phases';
import { unmovableReason } from './planner';
import type { Directory, LyncBackend } from './ports';
import type { CoexistenceResults, JobHistory, JobLedger } from './store';
import { normaliseSip, sameFqdn, type Site, type TopologyIndex } from './topology';

export interface InventoryDeps {
  backend: LyncBackend;
  store: JobLedger & JobHistory & CoexistenceResults & LedgerStore;
  topology: TopologyIndex;
}

export type LeftReason = 'USER_DISABLED' | 'NAME_HAS_SPACES';

export interface LeftUser {
  sip: string;
  displayName: string;
  /** Why a site move would leave this user behind; absent when the planner would move them. */
  skip?: LeftReason;
}

export interface UsersLeftPage {
  site: string;
  pool: string;
  /** Users on the OCS pool, health-monitoring test accounts excluded. */
  total: number;
  /** Of those, how many a site move would leave behind (every one of them, not only this page's). */
  skipped: LeftUser[];
  /** Of those, how many match the search (all of them without one); pages count these. */
  matching: number;
  page: number;
  pages: number;
  pageSize: number;
  users: LeftUser[];
}

export const USERS_LEFT_PAGE_SIZE = 25;

const byName = (a: LeftUser, b: LeftUser) => a.displayName.trim().localeCompare(b.displayName.trim()) || a.sip.localeCompare(b.sip);

/** Whether a user matches a search: every word is part of the SIP address or the display name (case-insensitive). */
export function userMatches(user: { sip: string; displayName: string }, query: string): boolean {
  const hay = `${user.sip} ${user.displayName}`.toLocaleLowerCase();
  return query.toLocaleLowerCase().split(/\s+/).filter(Boolean).every((word) => hay.includes(word));
}

/** The users still homed on the site's OCS pool, sorted by name, one page of them (of those matching `query`, when given). */
export async function usersLeftOnSite(deps: InventoryDeps, site: Site, page = 1, pageSize = USERS_LEFT_PAGE_SIZE, query?: string): Promise<UsersLeftPage> {
  const listed = await deps.backend.listUsers(site.ocsPool);
  const users: LeftUser[] = listed
    .filter((u) => !deps.topology.user(u.sip)?.testUser && !site.testUsers.includes(u.sip.toLowerCase()))
    .map((u) => leftUser(u))
    .sort(byName);
  const matching = query?.trim() ? users.filter((u) => userMatches(u, query)) : users;
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  return {
    site: site.name,
    pool: site.ocsPool,
    total: users.length,
    skipped: users.filter((u) => u.skip),
    matching: matching.length,
    page: current,
    pages,
    pageSize,
    users: matching.slice((current - 1) * pageSize, current * pageSize),
  };
}

function leftUser(u: LyncUser): LeftUser {
  const skip = unmovableReason(u);
  return { sip: u.sip.toLowerCase(), displayName: u.displayName, ...(skip ? { skip } : {}) };
}

export interface SiteLeftCount {
  site: string;
  phase: Phase;
  onOcs: number;
  onLync: number;
}

/** Users left on each site's OCS pool (counts only: one snapshot of the backend). */
export async function usersLeftBySite(deps: InventoryDeps): Promise<SiteLeftCount[]> {
  const snapshot = await takeSnapshot(deps.backend);
  return Promise.all(
    deps.topology.topology.sites.map(async (site) => {
      const o = await observeSite(site, deps, snapshot);
      return { site: site.name, phase: derivePhase(o), onOcs: o.onOcs.users, onLync: o.onLync.users };
    }),
  );
}

export interface JobFailures {
  job: Job;
  failed: number;
  groups: FailureGroup[];
}

export interface FailureReport {
  jobs: JobFailures[];
  /** Failed items of all those jobs, by reason (largest first). */
  byReason: Array<{ code: string; count: number }>;
}

export const RECENT_JOBS_SCANNED = 20;

/**
 * Failed items grouped by reason, of one job or of the recent jobs that have any. Uses the
 * store's per-job counts and grouped failures; items themselves are never loaded.
 */
export async function failureReport(store: JobLedger, opts: { jobId?: string; recentJobs?: number; examples?: number } = {}): Promise<FailureReport | null> {
  const examples = opts.examples ?? 3;
  let jobs: Job[];
  if (opts.jobId) {
    const job = await store.getJob(opts.jobId);
    if (!job) return null;
    jobs = [job];
  } else {
    jobs = await store.listJobs(opts.recentJobs ?? RECENT_JOBS_SCANNED);
  }
  const withFailures: JobFailures[] = [];
  for (const job of jobs) {
    const counts = await store.itemCounts(job.id);
    if (counts.failed === 0) continue;
    withFailures.push({ job, failed: counts.failed, groups: await store.failureGroups(job.id, examples) });
  }
  const totals = new Map<string, number>();
  for (const j of withFailures) for (const g of j.groups) totals.set(g.code, (totals.get(g.code) ?? 0) + g.count);
  const byReason = [...totals.entries()].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return { jobs: withFailures, byReason };
}

export interface AskerState {
  sip: string;
  pool: string;
  onLync: boolean;
  site?: Site;
  phase?: Phase;
  /** The OCS pool of the user's site was retired: a rollback is no longer possible. */
  decommissioned: boolean;
  /** Unfinished jobs (queued or running) that would move this user, oldest first. */
  jobs: Job[];
}

/** What the migration looks like from one user's seat: home pool, site phase, jobs that include them. */
export async function askerState(deps: InventoryDeps & { directory: Directory }, sip: string): Promise<AskerState | null> {
  const user = await deps.backend.getUser(normaliseSip(sip));
  if (!user) return null;
  const site = deps.topology.siteOfPool(user.registrarPool);
  const onLync = sameFqdn(site?.lyncPool, user.registrarPool);
  const observation = site ? await observeSite(site, deps) : undefined;
  const phase = observation ? derivePhase(observation) : undefined;
  const jobs: Job[] = [];
  for (const job of await deps.store.listUnfinishedJobs()) {
    if (job.state === 'cancelling') continue;
    if (await includes(deps, job, user, site, onLync)) jobs.push(job);
  }
  jobs.sort((a, b) => a.createdAt - b.createdAt);
  return {
    sip: user.sip.toLowerCase(),
    pool: user.registrarPool,
    onLync,
    ...(site ? { site } : {}),
    ...(phase ? { phase } : {}),
    decommissioned: observation?.ocsDecommissioned ?? false,
    jobs,
  };
}

const ITEM_PAGE = 500;
const ITEM_PAGES_SCANNED = 20;

/** Whether an unfinished move or rollback job still has this user to do. */
async function includes(deps: InventoryDeps & { directory: Directory }, job: Job, user: LyncUser, site: Site | undefined, onLync: boolean): Promise<boolean> {
  if (job.operation === 'move' ? onLync : job.operation === 'rollback' ? !onLync : true) return false;
  const sip = user.sip.toLowerCase();
  switch (job.subject.kind) {
    case 'user':
      return job.subject.name.toLowerCase() === sip;
    case 'site':
      return !!site && job.sites.includes(site.name);
    case 'conferenceDirectories':
    case 'applications':
      return false;
    case 'group': {
      const known = deps.topology.user(sip);
      const group = known ? await deps.directory.groupByName(job.subject.name) : null;
      return !!known && !!group && (await deps.directory.isMember(known.aadObjectId, group.id));
    }
    default: {
      // Several subjects: look for the user's own item among what is still to do.
      for (let page = 0; page < ITEM_PAGES_SCANNED; page++) {
        const items = await deps.store.listItems(job.id, { states: ['pending', 'running'], limit: ITEM_PAGE, offset: page * ITEM_PAGE });
        if (items.some((i) => i.kind === 'user' && i.key.toLowerCase() === sip)) return true;
        if (items.length < ITEM_PAGE) return false;
      }
      return false;
    }
  }
}

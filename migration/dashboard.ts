// The dashboard's read models: the whole migration at a glance (sites with phase, runbook progress
// and users per pool; overall percent; moves over time; unfinished jobs with progress; open
// problem reports; the last audit events) and one site in detail (runbook with evidence, users
// still on OCS, failed items, jobs), plus the rows of its CSV exports.
//
// Where the facts live: users and pools are the Lync deployment's, so they come through the
// LyncBackend port (the simulator answers from the topology plus its store facts, counted in SQL;
// the PowerShell backend from Get-CsUser) and phases through the same observeSite the chat uses.
// Jobs, items, move times and the audit trail are the store's, read through the DashboardQueries
// aggregates. Nothing here changes state.
import type { AuditEvent, JobState, LyncUser } from './model';
import { derivePhase, nextStep, observeSite, takeSnapshot, type NextStep, type Phase } from './phases';
import type { Clock, LyncBackend } from './ports';
import { usersLeftOnSite, type UsersLeftPage } from './inventory';
import type { LedgerStore } from './runbook/ledger';
import type { MigrationPolicy } from './runbook/policy';
import { ProblemBook, type Problem } from './runbook/problems';
import { runbookProgress, type RunbookStep } from './runbook/steps';
import type { AuditLog, CoexistenceResults, DashboardQueries, FailedItem, JobHistory, JobLedger, JobProgress, MoveBucket } from './store';
import { DEFAULT_PILOT_GROUP, fqdnKey, type PoolVersion, type Site, type TopologyIndex } from './topology';

export interface DashboardDeps {
  backend: LyncBackend;
  store: DashboardQueries & AuditLog & JobHistory & JobLedger & CoexistenceResults & LedgerStore;
  topology: TopologyIndex;
  clock: Clock;
  policy?: MigrationPolicy;
  /** The pilot group's name (PILOT_GROUP); the page's next steps name it. Default DEFAULT_PILOT_GROUP. */
  pilotGroup?: string;
}

/** Jobs the overview follows: not finished yet (a scheduled job is queued with a start time). */
export const BOARD_STATES: JobState[] = ['queued', 'running', 'paused', 'cancelling'];
const HOUR = 3_600_000;
export const TIMELINE = {
  hour: { bucketMs: HOUR, span: 48 * HOUR },
  day: { bucketMs: 24 * HOUR, span: 30 * 24 * HOUR },
} as const;
export type TimelineBucket = keyof typeof TIMELINE;
export const RECENT_AUDIT_EVENTS = 15;
export const BOARD_JOBS = 20;

export interface SiteSummary {
  site: string;
  phase: Phase;
  next: NextStep;
  onOcs: number;
  onLync: number;
  runbook: { done: number; total: number; open?: RunbookStep };
}

export interface Overview {
  at: number;
  sites: SiteSummary[];
  totals: { onOcs: number; onLync: number; percentMigrated: number };
  timeline: { bucket: TimelineBucket; bucketMs: number; since: number; buckets: MoveBucket[] };
  jobs: JobProgress[];
  problems: Problem[];
  audit: AuditEvent[];
  /** The configured pilot group, named by the next step that moves it. */
  pilotGroup: string;
}

async function siteSummaries(deps: DashboardDeps): Promise<Array<SiteSummary & { steps: RunbookStep[] }>> {
  const snapshot = await takeSnapshot(deps.backend);
  return Promise.all(
    deps.topology.topology.sites.map(async (site) => {
      const o = await observeSite(site, deps, snapshot);
      const phase = derivePhase(o);
      return {
        site: site.name,
        phase,
        next: nextStep(phase, o).step,
        onOcs: o.onOcs.users,
        onLync: o.onLync.users,
        runbook: runbookProgress(o.runbook),
        steps: o.runbook,
      };
    }),
  );
}

/** Share of users on Lync among all users on either pool (0 when there are none). */
export function percentMigrated(onOcs: number, onLync: number): number {
  const all = onOcs + onLync;
  return all === 0 ? 0 : Math.round((onLync / all) * 1000) / 10;
}

export async function overview(deps: DashboardDeps, bucket: TimelineBucket = 'hour'): Promise<Overview> {
  const now = deps.clock.now();
  const span = TIMELINE[bucket];
  const since = Math.floor((now - span.span) / span.bucketMs) * span.bucketMs;
  const [summaries, buckets, jobs, problems, audit] = await Promise.all([
    siteSummaries(deps),
    deps.store.moveTimeline({ bucketMs: span.bucketMs, since, until: now + 1 }),
    deps.store.jobBoard({ states: BOARD_STATES, limit: BOARD_JOBS }),
    new ProblemBook(deps.store).list({ state: 'open' }),
    deps.store.listAudit({ limit: RECENT_AUDIT_EVENTS }),
  ]);
  const sites = summaries.map(({ steps: _steps, ...summary }) => summary);
  const onOcs = sites.reduce((n, s) => n + s.onOcs, 0);
  const onLync = sites.reduce((n, s) => n + s.onLync, 0);
  return {
    at: now,
    sites,
    totals: { onOcs, onLync, percentMigrated: percentMigrated(onOcs, onLync) },
    timeline: { bucket, bucketMs: span.bucketMs, since, buckets },
    jobs,
    problems,
    audit,
    pilotGroup: deps.pilotGroup ?? DEFAULT_PILOT_GROUP,
  };
}

/** A site by its name or one of its aliases ("München"), case-insensitive. */
export function findSite(topology: TopologyIndex, name: string): Site | undefined {
  const wanted = name.trim().toLowerCase();
  return topology.site(wanted) ?? topology.topology.sites.find((s) => s.aliases.some((a) => a.toLowerCase() === wanted));
}

export interface SitePage {
  at: number;
  site: SiteSummary & { ocsPool: string; lyncPool?: string };
  steps: RunbookStep[];
  users: UsersLeftPage;
  failed: { total: number; items: FailedItem[] };
  jobs: JobProgress[];
  problems: Problem[];
  /** The configured pilot group, named by the next step that moves it. */
  pilotGroup: string;
}

export const SITE_PAGE_SIZE = 25;
export const FAILED_PAGE_SIZE = 50;

export async function sitePage(deps: DashboardDeps, site: Site, opts: { query?: string; page?: number } = {}): Promise<SitePage> {
  const summaries = await siteSummaries(deps);
  const summary = summaries.find((s) => s.site === site.name)!;
  const { steps, ...rest } = summary;
  const [users, failed, jobs, problems] = await Promise.all([
    usersLeftOnSite(deps, site, opts.page ?? 1, SITE_PAGE_SIZE, opts.query),
    deps.store.failedItems({ site: site.name, limit: FAILED_PAGE_SIZE, offset: 0 }),
    deps.store.jobBoard({ states: ['queued', 'running', 'paused', 'cancelling', 'completed', 'completedWithErrors', 'cancelled'], limit: BOARD_JOBS, site: site.name }),
    new ProblemBook(deps.store).list({ site: site.name, state: 'open' }),
  ]);
  return {
    at: deps.clock.now(),
    site: { ...rest, ocsPool: site.ocsPool, ...(site.lyncPool ? { lyncPool: site.lyncPool } : {}) },
    steps,
    users,
    failed,
    jobs,
    problems,
    pilotGroup: deps.pilotGroup ?? DEFAULT_PILOT_GROUP,
  };
}

/** One user of the inventory Microsoft asks to record before moving (needed for a rollback). */
export interface InventoryRow {
  sip: string;
  displayName: string;
  site: string;
  pool: string;
  version: PoolVersion | 'unknown';
  /** The legacy (OCS 2007 R2) pool of the user's site: where a rollback takes the user. */
  legacyPool: string;
  enabled: boolean;
  /** When a job last moved the user to Lync (absent when never, or rolled back since). */
  movedAt?: number;
}

/**
 * Every user of every site's pools (health-monitoring test accounts excluded, as in the site
 * counts), pool by pool in topology order, sorted by SIP address within a pool.
 */
export async function inventory(deps: DashboardDeps, site?: Site): Promise<InventoryRow[]> {
  const [pools, moved] = await Promise.all([deps.backend.listPools(), deps.store.movedTimes()]);
  const versions = new Map(pools.map((p) => [fqdnKey(p.fqdn), p.version]));
  const rows: InventoryRow[] = [];
  for (const s of deps.topology.topology.sites) {
    if (site && s.name !== site.name) continue;
    const testUsers = new Set(s.testUsers.map((u) => u.toLowerCase()));
    for (const pool of [s.ocsPool, ...(s.lyncPool ? [s.lyncPool] : [])]) {
      const users: LyncUser[] = await deps.backend.listUsers(pool);
      const people = users.filter((u) => !testUsers.has(u.sip.toLowerCase()) && !deps.topology.user(u.sip)?.testUser);
      people.sort((a, b) => a.sip.localeCompare(b.sip));
      for (const u of people) {
        const sip = u.sip.toLowerCase();
        const at = moved.get(sip);
        rows.push({
          sip,
          displayName: u.displayName,
          site: s.name,
          pool: u.registrarPool,
          version: versions.get(fqdnKey(u.registrarPool)) ?? 'unknown',
          legacyPool: s.ocsPool,
          enabled: u.enabled,
          ...(at !== undefined ? { movedAt: at } : {}),
        });
      }
    }
  }
  return rows;
}

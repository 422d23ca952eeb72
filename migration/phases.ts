// Site phases (README "Commands"), derived from what the backend and the store report — never a
// hand-set flag — and the observation that feeds them.
import type { CoexistenceResult, LyncPoolInfo } from './model';
import type { Clock, LyncBackend } from './ports';
import type { LedgerStore } from './runbook/ledger';
import type { CoexistenceResults, JobHistory } from './store';
import { readReadiness, siteRunbook, type DeploymentReadiness } from './runbook/observe';
import { coexistenceFresh, DEFAULT_POLICY, type MigrationPolicy } from './runbook/policy';
import { stepDone, type RunbookStep } from './runbook/steps';
import type { FrontEndState } from './frontend';
import { fqdnKey, sameFqdn, type Site, type TopologyIndex } from './topology';

export const PHASES = ['legacy', 'side-by-side', 'coexistence-verified', 'pilot', 'production', 'migrated', 'decommissioned'] as const;
export type Phase = (typeof PHASES)[number];

export interface PoolCounts {
  users: number;
  conferenceDirectories: number;
  applicationEndpoints: number;
  exUmContacts: number;
}

export interface SiteObservation {
  site: Site;
  ocsPool?: LyncPoolInfo;
  lyncPool?: LyncPoolInfo;
  /** Counts exclude the health-monitoring test users. */
  onOcs: PoolCounts;
  onLync: PoolCounts;
  lastCoexistence: CoexistenceResult | null;
  /** The last coexistence test passed and is younger than COEXISTENCE_MAX_AGE_HOURS. */
  coexistenceFresh: boolean;
  coexistenceMaxAgeHours: number;
  /** When the site was observed (epoch ms; the clock the freshness was judged by). */
  observedAt: number;
  siteWideMoveStarted: boolean;
  /** The backend reports the OCS pool retired, or a decommission job for the site completed. */
  ocsDecommissioned: boolean;
  /** The site's twelve runbook steps (observed and recorded). */
  runbook: RunbookStep[];
  /** The OCS pool's front end (RTCSRV), read only for a rollback plan (migration/frontend.ts). */
  ocsFrontEnd?: FrontEndState;
}

export function derivePhase(o: Omit<SiteObservation, 'runbook'> & { runbook?: RunbookStep[] }): Phase {
  // An emptied, retired pool is "decommissioned" once the final merge and the Topology Builder
  // removal are recorded; until then the site shows the removal as pending (runbook step 12).
  if (o.ocsDecommissioned && (!o.runbook || stepDone(o.runbook, 'decommissioned'))) return 'decommissioned';
  if (!o.lyncPool || o.lyncPool.decommissioned) return 'legacy';
  const ocsEmpty = o.onOcs.users === 0 && o.onOcs.applicationEndpoints === 0 && o.onOcs.conferenceDirectories === 0 && o.onOcs.exUmContacts === 0;
  if (ocsEmpty || o.ocsDecommissioned) return 'migrated';
  if (o.siteWideMoveStarted) return 'production';
  if (o.onLync.users > 0) return 'pilot';
  if (o.lastCoexistence?.passed) return 'coexistence-verified';
  return 'side-by-side';
}

/** The next step of the side-by-side process for a site in a phase (a text key for dialogs). */
export function nextStep(phase: Phase, o: SiteObservation): { step: NextStep; site: string } {
  const site = o.site.name;
  switch (phase) {
    case 'legacy':
      return { step: 'deployLyncPool', site };
    case 'side-by-side':
      return { step: o.lastCoexistence && !o.lastCoexistence.passed ? 'fixCoexistence' : 'runCoexistence', site };
    case 'coexistence-verified':
      return { step: 'movePilot', site };
    case 'pilot':
      return { step: 'moveSite', site };
    case 'production':
      return { step: o.onOcs.users > 0 ? 'finishSiteMove' : 'moveConferenceAndApps', site };
    case 'migrated':
      return { step: o.ocsDecommissioned ? 'recordRemoval' : 'decommission', site };
    case 'decommissioned':
      return { step: 'done', site };
  }
}
export type NextStep =
  | 'deployLyncPool'
  | 'runCoexistence'
  | 'fixCoexistence'
  | 'movePilot'
  | 'moveSite'
  | 'finishSiteMove'
  | 'moveConferenceAndApps'
  | 'decommission'
  | 'recordRemoval'
  | 'done';

/** One snapshot of the backend, shared by the observations of every site in a turn. */
export interface BackendSnapshot {
  pools: Map<string, LyncPoolInfo>;
  usersByPool: Record<string, number>;
  conferenceDirectoriesByPool: Record<string, number>;
  applicationEndpointsByPool: Record<string, number>;
  exUmContactsByPool: Record<string, number>;
  readiness: DeploymentReadiness;
}

export async function takeSnapshot(backend: LyncBackend): Promise<BackendSnapshot> {
  const [pools, usersByPool, confDirs, endpoints, exUm, readiness] = await Promise.all([
    backend.listPools(),
    backend.countUsersByPool(),
    backend.listConferenceDirectories(),
    backend.listApplicationEndpoints(),
    backend.listExUmContacts(),
    readReadiness(backend),
  ]);
  const countBy = (values: string[]) => {
    const out: Record<string, number> = {};
    for (const v of values) out[fqdnKey(v)] = (out[fqdnKey(v)] ?? 0) + 1;
    return out;
  };
  const lowerKeys = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [fqdnKey(k), v]));
  return {
    pools: new Map(pools.map((p) => [fqdnKey(p.fqdn), p])),
    usersByPool: lowerKeys(usersByPool),
    conferenceDirectoriesByPool: countBy(confDirs.map((c) => c.pool)),
    applicationEndpointsByPool: countBy(endpoints.map((e) => e.pool)),
    exUmContactsByPool: countBy(exUm.map((c) => c.pool)),
    readiness,
  };
}

function testUsersOn(topology: TopologyIndex, site: Site, poolFqdn: string): number {
  return site.testUsers.filter((sip) => sameFqdn(topology.user(sip)?.homePool, poolFqdn)).length;
}

function countsFor(snapshot: BackendSnapshot, topology: TopologyIndex, site: Site, pool?: string): PoolCounts {
  if (!pool) return { users: 0, conferenceDirectories: 0, applicationEndpoints: 0, exUmContacts: 0 };
  const key = fqdnKey(pool);
  return {
    users: Math.max(0, (snapshot.usersByPool[key] ?? 0) - testUsersOn(topology, site, pool)),
    conferenceDirectories: snapshot.conferenceDirectoriesByPool[key] ?? 0,
    applicationEndpoints: snapshot.applicationEndpointsByPool[key] ?? 0,
    exUmContacts: snapshot.exUmContactsByPool[key] ?? 0,
  };
}

export async function observeSite(
  site: Site,
  deps: { backend: LyncBackend; store: JobHistory & CoexistenceResults & LedgerStore; topology: TopologyIndex; clock?: Clock; policy?: MigrationPolicy },
  snapshot?: BackendSnapshot,
): Promise<SiteObservation> {
  const now = (deps.clock ?? { now: () => Date.now() }).now();
  const snap = snapshot ?? (await takeSnapshot(deps.backend));
  const [lastCoexistence, siteWideMoveStarted, decommissionRecorded] = await Promise.all([
    deps.store.lastCoexistenceResult(site.name),
    deps.store.siteWideMoveStarted(site.name),
    deps.store.decommissionCompleted(site.name),
  ]);
  const ocsPool = snap.pools.get(fqdnKey(site.ocsPool));
  const observation: Omit<SiteObservation, 'runbook'> = {
    site,
    ocsPool,
    ocsDecommissioned: !!ocsPool?.decommissioned || decommissionRecorded,
    lyncPool: site.lyncPool ? snap.pools.get(fqdnKey(site.lyncPool)) : undefined,
    onOcs: countsFor(snap, deps.topology, site, site.ocsPool),
    onLync: countsFor(snap, deps.topology, site, site.lyncPool),
    lastCoexistence,
    coexistenceFresh: !!lastCoexistence?.passed && coexistenceFresh(lastCoexistence.at, now, deps.policy ?? DEFAULT_POLICY),
    coexistenceMaxAgeHours: (deps.policy ?? DEFAULT_POLICY).coexistenceMaxAgeHours,
    observedAt: now,
    siteWideMoveStarted,
  };
  const runbook = await siteRunbook(observation, snap.readiness, deps);
  return { ...observation, runbook };
}

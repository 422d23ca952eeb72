// The site report behind "status of site X": the observed site, its phase and next step, each
// pool's service health and users, and the gates that block the step the phase is waiting for.
// Dialogs render it; the rules (which step blocks in which phase, what counts as a service
// problem) live here.
import { evaluateGates, type StepKind } from './gates';
import type { GateResult, LyncPoolInfo } from './model';
import { derivePhase, nextStep, observeSite, takeSnapshot, type BackendSnapshot, type NextStep, type Phase, type SiteObservation } from './phases';
import type { LyncBackend } from './ports';
import type { Site } from './topology';

/** The step whose gates are the site's blockers in each phase. */
const BLOCKING_STEP: Record<Phase, StepKind | null> = {
  legacy: 'pilotMove',
  'side-by-side': 'pilotMove',
  'coexistence-verified': 'pilotMove',
  pilot: 'siteMove',
  production: 'decommission',
  migrated: 'decommission',
  decommissioned: null,
};

export interface PoolHealth {
  pool: LyncPoolInfo;
  /** Windows services reported and not running, over all the pool's computers. */
  servicesDown: number;
  /** Computers whose Get-CsWindowsService answered nothing (no rights): unknown, never "running". */
  servicesUnknown?: number;
  users: number;
}

export interface SiteReport {
  observation: SiteObservation;
  phase: Phase;
  next: NextStep;
  pools: PoolHealth[];
  blockers: GateResult[];
}

/** Service health of one pool (a retired pool is not asked). */
export async function poolHealth(backend: Pick<LyncBackend, 'getServiceStatus'>, pool: LyncPoolInfo, users: number): Promise<PoolHealth> {
  const statuses = pool.decommissioned ? [] : await Promise.all(pool.computers.map((c) => backend.getServiceStatus(c)));
  const servicesDown = statuses.flat().filter((s) => s.status !== 'Running').length;
  const servicesUnknown = statuses.filter((list) => list.length === 0).length;
  return { pool, servicesDown, servicesUnknown, users };
}

export async function siteReport(site: Site, deps: Parameters<typeof observeSite>[1], snapshot?: BackendSnapshot): Promise<SiteReport> {
  const observation = await observeSite(site, deps, snapshot ?? (await takeSnapshot(deps.backend)));
  const phase = derivePhase(observation);
  const pools: PoolHealth[] = [];
  for (const [pool, users] of [
    [observation.ocsPool, observation.onOcs.users],
    [observation.lyncPool, observation.onLync.users],
  ] as const) {
    if (pool) pools.push(await poolHealth(deps.backend, pool, users));
  }
  const step = BLOCKING_STEP[phase];
  const blockers = step ? evaluateGates(step, observation).filter((g) => !g.passed) : [];
  return { observation, phase, next: nextStep(phase, observation).step, pools, blockers };
}

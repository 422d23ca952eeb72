// Phase gates (README "Commands"): which step a site is ready for. A failed forcable gate can be
// overridden with an explicit `force`; the others protect data or need a pool that is not there.
import type { GateResult, Operation } from './model';
import type { SiteObservation } from './phases';

export type StepKind = Operation | 'pilotMove' | 'siteMove' | 'infrastructureMove';

function gate(name: GateResult['gate'], o: SiteObservation, passed: boolean, forcable: boolean, detail?: GateResult['detail']): GateResult {
  return { gate: name, site: o.site.name, passed, forcable, ...(detail ? { detail } : {}) };
}

export function evaluateGates(step: StepKind, o: SiteObservation): GateResult[] {
  const lyncDeployed = gate('lyncPoolDeployed', o, !!o.lyncPool && !o.lyncPool.decommissioned, false);
  const notDecommissioned = gate('notDecommissioned', o, !o.ocsDecommissioned, false);
  const coexistence = gate('coexistenceVerified', o, !!o.lastCoexistence?.passed, true);
  // A site-wide move and a decommission need a recent proof, not one from months ago.
  const recentCoexistence = gate('coexistenceRecent', o, o.coexistenceFresh, true, { count: o.coexistenceMaxAgeHours });
  switch (step) {
    case 'pilotMove':
    case 'infrastructureMove':
      return [lyncDeployed, notDecommissioned, coexistence];
    case 'siteMove':
      return [lyncDeployed, notDecommissioned, coexistence, recentCoexistence, gate('pilotOnSite', o, o.onLync.users > 0 || o.siteWideMoveStarted, true)];
    case 'move':
      return [lyncDeployed, notDecommissioned, coexistence];
    case 'rollback':
      return [lyncDeployed, notDecommissioned];
    case 'coexistenceTest':
      return [lyncDeployed, notDecommissioned];
    case 'decommission':
      return [
        lyncDeployed,
        notDecommissioned,
        gate('noUsersLeft', o, o.onOcs.users === 0, false, { count: o.onOcs.users }),
        gate('noApplicationEndpointsLeft', o, o.onOcs.applicationEndpoints === 0, false, { count: o.onOcs.applicationEndpoints }),
        gate('conferenceDirectoriesMoved', o, o.onOcs.conferenceDirectories === 0, false, { count: o.onOcs.conferenceDirectories }),
        gate('coexistencePassed', o, !!o.lastCoexistence?.passed, true),
        recentCoexistence,
      ];
  }
}

/** Blocked when a gate failed that cannot be forced, or a forcable one failed without force. */
export function isBlocked(gates: GateResult[], force: boolean): boolean {
  return gates.some((g) => !g.passed && (!g.forcable || !force));
}

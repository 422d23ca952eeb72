// Phase gates (README "Commands"): which step a site is ready for. A failed forcable gate can be
// overridden with an explicit `force`; the others protect data or need a pool that is not there.
import type { GateResult, Operation } from './model';
import type { SiteObservation } from './phases';
import { stepDone, type RunbookStepId } from './runbook/steps';

export type StepKind = Operation | 'pilotMove' | 'siteMove' | 'infrastructureMove' | 'conferenceDirectoryMove' | 'exUmRollback';

function gate(name: GateResult['gate'], o: SiteObservation, passed: boolean, forcable: boolean, detail?: GateResult['detail']): GateResult {
  return { gate: name, site: o.site.name, passed, forcable, ...(detail ? { detail } : {}) };
}

/** A runbook step as a gate (the gate carries the step's name and its text parameters: pilot days, open reports). */
function runbookGate(id: RunbookStepId & GateResult['gate'], o: SiteObservation, forcable: boolean, warning = false): GateResult {
  const detail = o.runbook.find((s) => s.id === id)?.detail;
  const result = gate(id, o, stepDone(o.runbook, id), forcable, detail && Object.keys(detail).length ? detail : undefined);
  return warning ? { ...result, warning: true } : result;
}

/**
 * A rollback needs the OCS pool's front end running: the move reads and writes the user's data
 * through it. Stopped cannot be forced (every move would fail; ignoring the back-end store error
 * would lose the data); unknown can, by an admin who checked the server.
 */
function frontEndGate(o: SiteObservation): GateResult[] {
  const fe = o.ocsFrontEnd;
  if (!fe) return [];
  return [gate('ocsFrontEndRunning', o, fe.state === 'running', fe.state === 'unknown', fe.state === 'running' ? undefined : { state: fe.state, computers: fe.computers.join(', ') })];
}

export function evaluateGates(step: StepKind, o: SiteObservation): GateResult[] {
  const lyncDeployed = gate('lyncPoolDeployed', o, !!o.lyncPool && !o.lyncPool.decommissioned, false);
  const notDecommissioned = gate('notDecommissioned', o, !o.ocsDecommissioned, false);
  const coexistence = gate('coexistenceVerified', o, !!o.lastCoexistence?.passed, true);
  // A site-wide move and a decommission need a recent proof, not one from months ago.
  const recentCoexistence = gate('coexistenceRecent', o, o.coexistenceFresh, true, { count: o.coexistenceMaxAgeHours });
  // Runbook steps 2, 3 and 5: a move without them fails in the Shell anyway, with worse words.
  const prepared = [runbookGate('topologyMerged', o, false), runbookGate('legacyConfigImported', o, false), runbookGate('replicationReady', o, true)];
  const directoriesImported = runbookGate('conferenceDirectoriesImported', o, false);
  switch (step) {
    case 'pilotMove':
    case 'infrastructureMove':
    case 'move':
      return [lyncDeployed, notDecommissioned, ...prepared, coexistence];
    case 'conferenceDirectoryMove':
      return [lyncDeployed, notDecommissioned, ...prepared, directoriesImported, coexistence];
    case 'siteMove':
      return [
        lyncDeployed,
        notDecommissioned,
        ...prepared,
        coexistence,
        recentCoexistence,
        gate('pilotOnSite', o, o.onLync.users > 0 || o.siteWideMoveStarted, true),
        runbookGate('pilotSignedOff', o, true),
        runbookGate('clientVersionFilter', o, true, true),
        runbookGate('edgeFederation', o, true, true),
      ];
    case 'rollback':
      return [lyncDeployed, notDecommissioned, ...frontEndGate(o)];
    case 'exUmRollback':
      // Move-CsExUmContact never moves a contact back to OCS 2007 R2: nothing can override that.
      return [lyncDeployed, notDecommissioned, gate('exUmOneWay', o, false, false)];
    case 'coexistenceTest':
      return [lyncDeployed, notDecommissioned];
    case 'decommission':
      return [
        lyncDeployed,
        notDecommissioned,
        gate('noUsersLeft', o, o.onOcs.users === 0, false, { count: o.onOcs.users }),
        gate('noApplicationEndpointsLeft', o, o.onOcs.applicationEndpoints === 0, false, { count: o.onOcs.applicationEndpoints }),
        gate('conferenceDirectoriesMoved', o, o.onOcs.conferenceDirectories === 0, false, { count: o.onOcs.conferenceDirectories }),
        gate('noExUmContactsLeft', o, o.onOcs.exUmContacts === 0, false, { count: o.onOcs.exUmContacts }),
        gate('coexistencePassed', o, !!o.lastCoexistence?.passed, true),
        recentCoexistence,
        // Every runbook step before the decommission; the directory import is what makes the
        // conference directory count above trustworthy, so it cannot be forced.
        ...prepared,
        directoriesImported,
        runbookGate('clientVersionFilter', o, true),
        runbookGate('pilotSignedOff', o, true),
        runbookGate('edgeFederation', o, true),
      ];
  }
}

/** Blocked when a gate failed that cannot be forced, or a forcable one failed without force. */
export function isBlocked(gates: GateResult[], force: boolean): boolean {
  return gates.some((g) => !g.passed && !g.warning && (!g.forcable || !force));
}

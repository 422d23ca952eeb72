// The runbook: Microsoft's side-by-side sequence for one site as twelve steps, each derived from
// what the backend reported (and when) or from what an admin recorded (who, when, comment),
// never from a hand-set "done" flag on an observable fact.
import type { ReplicaStatus } from '../model';
import type { SiteObservation } from '../phases';
import type { ManualRecord, ManualStep, SiteRunbook } from './ledger';
import { sameFqdn } from '../topology';
import { ageHours, type MigrationPolicy } from './policy';
import type { MigrationState } from './state';

export const RUNBOOK_STEPS = [
  'lyncPoolDeployed',
  'topologyMerged',
  'legacyConfigImported',
  'conferenceDirectoriesImported',
  'replicationReady',
  'clientVersionFilter',
  'coexistenceVerified',
  'pilotSignedOff',
  'edgeFederation',
  'usersMoved',
  'applicationsMoved',
  'decommissioned',
] as const;
export type RunbookStepId = (typeof RUNBOOK_STEPS)[number];

/** done / pending / blocked (an earlier step is missing) / failed (observed broken) / recorded by hand. */
export type StepState = 'done' | 'pending' | 'blocked' | 'failed' | 'recorded';

export type Evidence =
  | { kind: 'observed'; at: number; facts: Record<string, string | number | boolean> }
  | { kind: 'recorded'; by: string; at: number; comment?: string }
  | { kind: 'none' };

/** What to do next: a bot command (button + typed twin), a Shell step an admin runs, a record, or waiting. */
export type NextAction =
  | { kind: 'command'; text: 'coexistenceTest' | 'movePilot' | 'signOffPilot' | 'moveSite' | 'moveConferenceDirectories' | 'moveApplications' | 'moveExUmContacts' | 'decommission' }
  | { kind: 'shell'; cmdlet: string }
  | { kind: 'record'; step: ManualStep }
  | { kind: 'wait'; until: number }
  | { kind: 'resolveProblems'; count: number };

export interface RunbookStep {
  n: number;
  id: RunbookStepId;
  state: StepState;
  evidence: Evidence;
  /** Parameters for the texts (counts, ages). */
  detail: Record<string, string | number>;
  next?: NextAction;
}

export interface RunbookInput {
  observation: Omit<SiteObservation, 'runbook'>;
  migration: MigrationState;
  replicas: ReplicaStatus[];
  ledger: SiteRunbook;
  /** Open pilot problem reports at the site. */
  openProblems: number;
  policy: MigrationPolicy;
}

const DAY_MS = 86_400_000;

function recorded(r: ManualRecord): Evidence {
  return { kind: 'recorded', by: r.by.name, at: r.at, ...(r.comment ? { comment: r.comment } : {}) };
}

/** The twelve steps of a site, in order. */
export function deriveRunbook(input: RunbookInput): RunbookStep[] {
  const { observation: o, migration: m, ledger, policy } = input;
  const at = o.observedAt;
  const seen = (facts: Record<string, string | number | boolean>): Evidence => ({ kind: 'observed', at, facts });
  const steps: RunbookStep[] = [];
  const push = (id: RunbookStepId, state: StepState, evidence: Evidence, next?: NextAction, detail: Record<string, string | number> = {}) =>
    steps.push({ n: steps.length + 1, id, state, evidence, detail, ...(next ? { next } : {}) });
  const isDone = (id: RunbookStepId) => {
    const s = steps.find((x) => x.id === id);
    return s?.state === 'done' || s?.state === 'recorded';
  };

  // 1. Lync 2013 pool beside the OCS pool
  const deployed = !!o.lyncPool && !o.lyncPool.decommissioned;
  push('lyncPoolDeployed', deployed ? 'done' : 'pending', seen({ lyncPool: o.lyncPool?.fqdn ?? '' }), deployed ? undefined : { kind: 'shell', cmdlet: 'Topology Builder: new Lync Server 2013 pool' });

  // 2. Topology merged (BackCompatSite)
  push(
    'topologyMerged',
    m.backCompatSite ? 'done' : deployed ? 'pending' : 'blocked',
    seen({ backCompatSite: m.backCompatSite }),
    m.backCompatSite ? undefined : { kind: 'shell', cmdlet: 'Merge-CsLegacyTopology' },
  );

  // 3. Legacy configuration imported
  push(
    'legacyConfigImported',
    m.legacyConfigImported ? 'done' : isDone('topologyMerged') ? 'pending' : 'blocked',
    seen({ legacyConfigImported: m.legacyConfigImported }),
    m.legacyConfigImported ? undefined : { kind: 'shell', cmdlet: 'Import-CsLegacyConfiguration' },
  );

  // 4. Legacy conference directories imported (flagged again when OCS changed)
  const imported = m.legacyDirectoryImports?.find((i) => sameFqdn(i.pool, o.site.ocsPool));
  const handRecord = ledger.manual.conferenceDirectoriesImported;
  if (o.ocsDecommissioned) push('conferenceDirectoriesImported', 'done', seen({ poolRetired: true }));
  else if (imported && !imported.stale) push('conferenceDirectoriesImported', 'done', seen({ visible: true, directories: o.onOcs.conferenceDirectories }));
  else if (m.legacyDirectoryImports === null && handRecord) push('conferenceDirectoriesImported', 'recorded', recorded(handRecord));
  else {
    const state: StepState = !isDone('topologyMerged') ? 'blocked' : imported?.stale ? 'failed' : 'pending';
    push('conferenceDirectoriesImported', state, seen({ visible: false, stale: imported?.stale ?? false }), { kind: 'shell', cmdlet: 'Import-CsLegacyConferenceDirectory' });
  }

  // 5. Management store replication up to date, first User Replicator sync done
  const behind = input.replicas.filter((r) => !r.upToDate).length;
  const replicationOk = input.replicas.length > 0 && behind === 0;
  const synced = m.userReplicatorSynced !== false;
  const replicationFacts = seen({ replicas: input.replicas.length, behind, userReplicatorSynced: m.userReplicatorSynced ?? 'unknown' });
  if (!deployed) push('replicationReady', 'blocked', replicationFacts);
  else if (replicationOk && synced) push('replicationReady', 'done', replicationFacts);
  else if (behind > 0) push('replicationReady', 'failed', replicationFacts, { kind: 'shell', cmdlet: 'Invoke-CsManagementStoreReplication' }, { count: behind });
  else push('replicationReady', 'pending', replicationFacts, { kind: 'wait', until: at });

  // 6. Client version filter on OCS blocks Lync 2013 clients (recorded by hand)
  const filter = ledger.manual.clientVersionFilter;
  push('clientVersionFilter', filter ? 'recorded' : 'pending', filter ? recorded(filter) : { kind: 'none' }, filter ? undefined : { kind: 'record', step: 'clientVersionFilter' });

  // 7. Coexistence verified, recently
  const last = o.lastCoexistence;
  const coexFacts = last ? seen({ passed: last.passed, ageHours: ageHours(last.at, at) }) : { kind: 'none' as const };
  const coexDetail = { hours: policy.coexistenceMaxAgeHours, age: last ? ageHours(last.at, at) : 0 };
  if (!deployed) push('coexistenceVerified', 'blocked', coexFacts, undefined, coexDetail);
  else if (o.coexistenceFresh) push('coexistenceVerified', 'done', last ? { kind: 'observed', at: last.at, facts: { passed: true, ageHours: ageHours(last.at, at) } } : coexFacts, undefined, coexDetail);
  else if (last && !last.passed) push('coexistenceVerified', 'failed', coexFacts, { kind: 'command', text: 'coexistenceTest' }, coexDetail);
  else push('coexistenceVerified', 'pending', coexFacts, { kind: 'command', text: 'coexistenceTest' }, coexDetail);

  // 8. Pilot moved, running for PILOT_MIN_DAYS, problems resolved, signed off
  const pilotReady = ['lyncPoolDeployed', 'topologyMerged', 'legacyConfigImported', 'replicationReady'].every((id) => isDone(id as RunbookStepId));
  const started = ledger.pilotStartedAt;
  const pilotDays = started === undefined ? 0 : Math.floor((at - started) / DAY_MS);
  const pilotDetail = { days: pilotDays, minDays: policy.pilotMinDays, problems: input.openProblems, users: o.onLync.users };
  if (ledger.pilotSignOff) push('pilotSignedOff', 'done', recorded(ledger.pilotSignOff), undefined, pilotDetail);
  else if (o.onLync.users === 0 && !o.siteWideMoveStarted) push('pilotSignedOff', pilotReady && isDone('coexistenceVerified') ? 'pending' : 'blocked', { kind: 'none' }, { kind: 'command', text: 'movePilot' }, pilotDetail);
  else if (input.openProblems > 0) push('pilotSignedOff', 'blocked', seen({ users: o.onLync.users, openProblems: input.openProblems }), { kind: 'resolveProblems', count: input.openProblems }, pilotDetail);
  else if (started !== undefined && pilotDays < policy.pilotMinDays) push('pilotSignedOff', 'pending', seen({ users: o.onLync.users, days: pilotDays }), { kind: 'wait', until: started + policy.pilotMinDays * DAY_MS }, pilotDetail);
  else push('pilotSignedOff', 'pending', seen({ users: o.onLync.users, days: pilotDays }), { kind: 'command', text: 'signOffPilot' }, pilotDetail);

  // 9. Lync Edge deployed, federation route cut over (recorded by hand; needs a maintenance window)
  const edge = ledger.manual.edgeFederation;
  push('edgeFederation', edge ? 'recorded' : 'pending', edge ? recorded(edge) : { kind: 'none' }, edge ? undefined : { kind: 'record', step: 'edgeFederation' });

  // 10. Users moved, and their meetings open to federated users still on OCS: the conferencing
  // policy migrated users get must allow anonymous participants.
  const anonymous = m.anonymousMeetingsAllowed ?? null;
  const usersFacts = seen({ onOcs: o.onOcs.users, onLync: o.onLync.users, allowAnonymousParticipantsInMeetings: anonymous ?? 'unknown' });
  const usersDetail = { count: o.onOcs.users };
  const policyFix: NextAction = { kind: 'shell', cmdlet: 'Set-CsConferencingPolicy -Identity Global -AllowAnonymousParticipantsInMeetings $true' };
  if (o.onOcs.users === 0 && (o.onLync.users > 0 || o.ocsDecommissioned)) push('usersMoved', anonymous === false ? 'failed' : 'done', usersFacts, anonymous === false ? policyFix : undefined, usersDetail);
  else if (anonymous === false && o.onLync.users > 0) push('usersMoved', 'failed', usersFacts, policyFix, usersDetail);
  else push('usersMoved', isDone('pilotSignedOff') ? 'pending' : 'blocked', usersFacts, { kind: 'command', text: 'moveSite' }, usersDetail);

  // 11. Applications and conference directories
  const appsLeft = o.onOcs.applicationEndpoints;
  const dirsLeft = o.onOcs.conferenceDirectories;
  const exUmLeft = o.onOcs.exUmContacts;
  const appsFacts = seen({ applicationEndpoints: appsLeft, conferenceDirectories: dirsLeft, exUmContacts: exUmLeft });
  const appsDetail = { count: appsLeft + dirsLeft + exUmLeft };
  const appsNext: NextAction = { kind: 'command', text: dirsLeft > 0 ? 'moveConferenceDirectories' : exUmLeft > 0 ? 'moveExUmContacts' : 'moveApplications' };
  if (!isDone('conferenceDirectoriesImported')) push('applicationsMoved', 'blocked', appsFacts, undefined, appsDetail);
  else if (appsDetail.count === 0) push('applicationsMoved', 'done', appsFacts);
  else push('applicationsMoved', isDone('usersMoved') || o.siteWideMoveStarted ? 'pending' : 'blocked', appsFacts, appsNext, appsDetail);

  // 12. Decommission, then the final merge and the Topology Builder removal recorded by hand
  const merge = ledger.manual.finalMerge;
  const removal = ledger.manual.topologyBuilderRemoval;
  const earlier = steps.every((s) => s.state === 'done' || s.state === 'recorded');
  if (o.ocsDecommissioned) {
    if (merge && removal) push('decommissioned', 'done', recorded(removal.at >= merge.at ? removal : merge));
    else push('decommissioned', 'pending', seen({ poolEmpty: true, removalPending: true }), { kind: 'record', step: merge ? 'topologyBuilderRemoval' : 'finalMerge' });
  } else push('decommissioned', earlier ? 'pending' : 'blocked', { kind: 'none' }, earlier ? { kind: 'command', text: 'decommission' } : undefined);
  return steps;
}

/** Whether a step counts as done for gates (observed done or recorded by hand). */
export function stepDone(steps: RunbookStep[], id: RunbookStepId): boolean {
  const s = steps.find((x) => x.id === id);
  return s?.state === 'done' || s?.state === 'recorded';
}

/** Steps done (observed or recorded) of the whole list, and the first step still open. */
export function runbookProgress(steps: RunbookStep[]): { done: number; total: number; open?: RunbookStep } {
  const done = steps.filter((s) => s.state === 'done' || s.state === 'recorded').length;
  const open = steps.find((s) => s.state !== 'done' && s.state !== 'recorded');
  return { done, total: steps.length, ...(open ? { open } : {}) };
}

// A site's runbook as one turn sees it: the site observation, the deployment-wide migration
// state and replication (read once per turn), and the site's ledger record. The job runner records
// the pilot's start when it moves the site's first user to Lync; a pilot it did not move (by hand,
// or a failed ledger write) gets its start here, the first time users of the site are seen on its
// Lync pool.
import type { ReplicaStatus } from '../model';
import type { SiteObservation } from '../phases';
import type { Clock, LyncBackend } from '../ports';
import type { LedgerStore } from './ledger';
import { sameFqdn, type Site, type TopologyIndex } from '../topology';
import { RunbookLedger } from './ledger';
import { ProblemBook } from './problems';
import { DEFAULT_POLICY, type MigrationPolicy } from './policy';
import type { MigrationState } from './state';
import { deriveRunbook, type RunbookStep } from './steps';

export interface DeploymentReadiness {
  migration: MigrationState;
  replicas: ReplicaStatus[];
}

export async function readReadiness(backend: LyncBackend): Promise<DeploymentReadiness> {
  const [migration, replicas] = await Promise.all([backend.getMigrationState(), backend.getReplicationStatus()]);
  return { migration, replicas };
}

/** The earliest known move of a topology user onto the site's Lync pool (a seeded pilot). */
export function seededPilotStart(site: Site, topology: TopologyIndex): number | undefined {
  if (!site.lyncPool) return undefined;
  let first: number | undefined;
  for (const u of topology.topology.users) {
    if (!u.movedAt || u.testUser || !sameFqdn(u.homePool, site.lyncPool)) continue;
    const at = Date.parse(u.movedAt);
    if (!Number.isNaN(at) && (first === undefined || at < first)) first = at;
  }
  return first;
}

export async function siteRunbook(
  o: Omit<SiteObservation, 'runbook'>,
  readiness: DeploymentReadiness,
  deps: { store: LedgerStore; topology: TopologyIndex; clock?: Clock; policy?: MigrationPolicy; openProblems?: number },
): Promise<RunbookStep[]> {
  const ledger = new RunbookLedger(deps.store);
  let record = await ledger.read(o.site.name);
  if (record.pilotStartedAt === undefined && (o.onLync.users > 0 || o.siteWideMoveStarted)) {
    const start = seededPilotStart(o.site, deps.topology) ?? o.observedAt;
    record = await ledger.update(o.site.name, (r) => (r.pilotStartedAt === undefined ? { ...r, pilotStartedAt: start } : r));
  }
  return deriveRunbook({
    observation: o,
    migration: readiness.migration,
    replicas: readiness.replicas,
    ledger: record,
    openProblems: deps.openProblems ?? (await new ProblemBook(deps.store).openCount(o.site.name)),
    policy: deps.policy ?? DEFAULT_POLICY,
  });
}

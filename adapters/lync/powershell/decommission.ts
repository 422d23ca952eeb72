// The emptiness check before a legacy pool is retired (README "Commands": no users, application
// endpoints or conference directories may be left). The Management Shell cannot remove a pool:
// that is done by publishing the topology without it in Topology Builder, so a passing check is
// reported with that next step rather than pretending the pool is gone.
import { LyncOpsError } from '../../../migration/errors';
import type { LyncPoolInfo, LyncUser } from '../../../migration/model';
import type { ApplicationEndpoint, ConferenceDirectory } from '../../../migration/topology';

export interface DecommissionCheck {
  pool: string;
  users: number;
  applicationEndpoints: number;
  conferenceDirectories: number;
  /** Health-monitoring test accounts still on the pool (they go with it). */
  testUsers: number;
  /** What remains to be done by hand once the check passed. */
  nextStep: 'Remove the pool in Topology Builder, publish the topology, then run the Deployment Wizard on its servers.';
}

export interface PoolContents {
  users(): Promise<LyncUser[]>;
  applicationEndpoints(): Promise<ApplicationEndpoint[]>;
  conferenceDirectories(): Promise<ConferenceDirectory[]>;
}

export async function checkDecommission(pool: LyncPoolInfo, healthTestUsers: readonly string[], contents: PoolContents): Promise<DecommissionCheck> {
  if (pool.version !== 'OCS2007R2') {
    throw new LyncOpsError('INVALID_INPUT', `${pool.fqdn} is not an OCS 2007 R2 pool; only legacy pools are decommissioned`, { pool: pool.fqdn });
  }
  const testAccounts = new Set(healthTestUsers);
  const users = await contents.users();
  const testUsers = users.filter((u) => testAccounts.has(u.sip)).length;
  const check: DecommissionCheck = {
    pool: pool.fqdn,
    users: users.length - testUsers,
    applicationEndpoints: (await contents.applicationEndpoints()).filter((e) => e.pool === pool.fqdn).length,
    conferenceDirectories: (await contents.conferenceDirectories()).filter((d) => d.pool === pool.fqdn).length,
    testUsers,
    nextStep: 'Remove the pool in Topology Builder, publish the topology, then run the Deployment Wizard on its servers.',
  };
  if (check.users > 0 || check.applicationEndpoints > 0 || check.conferenceDirectories > 0) {
    throw new LyncOpsError(
      'POOL_NOT_EMPTY',
      `Pool "${pool.fqdn}" still holds ${check.users} users, ${check.applicationEndpoints} application endpoints and ${check.conferenceDirectories} conference directories.`,
      { pool: pool.fqdn, users: check.users, applicationEndpoints: check.applicationEndpoints, conferenceDirectories: check.conferenceDirectories },
    );
  }
  return check;
}

// The topology file the drills give their replicas: the demo topology generated with one big site
// (Berlin) of a given number of users on its OCS 2007 R2 pool.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateTopologyInput } from '../../migration/demo-topology';

export const DRILL_SITE = 'Berlin';
export const DRILL_SOURCE_POOL = 'ocs-ber.contoso.local';
export const DRILL_TARGET_POOL = 'lync-ber.contoso.local';
// alice, carol and erin live in Berlin in every generated topology; the rest of the site is generated.
const FIXED_BERLIN_USERS = 3;

/** Writes topology.json into `dir` with `users` users on Berlin's OCS pool; returns its path. */
export function writeSiteTopology(dir: string, users: number): string {
  const file = path.join(dir, 'topology.json');
  const input = generateTopologyInput({ usersPerSite: 300, usersBySite: { [DRILL_SITE]: users - FIXED_BERLIN_USERS }, quirks: false, name: `drill-${users}` });
  const onSite = input.users.filter((u) => u.homePool === DRILL_SOURCE_POOL && !u.testUser).length;
  if (onSite !== users) throw new Error(`the generated site ${DRILL_SITE} has ${onSite} users, not ${users}`);
  writeFileSync(file, JSON.stringify(input));
  return file;
}

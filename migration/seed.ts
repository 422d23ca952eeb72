// Seeds what a topology file says happened before lyncops was installed into the store, once:
// coexistence test results (a site that already has a stored result keeps it), manual runbook
// steps and pilot problem reports. The same function runs at start and in the tests' worlds.
import { silentLogger, type Logger } from './ports';
import type { CoexistenceResults } from './store';
import type { LedgerStore } from './runbook/ledger';
import { seedProblems, seedRunbookHistory } from './runbook/seed';
import { seededCoexistenceTime, type Topology } from './topology';

/** How many records were written. */
export async function seedHistory(store: CoexistenceResults & LedgerStore, topology: Topology, options: { now?: number; logger?: Logger } = {}): Promise<number> {
  const now = options.now ?? Date.now();
  const logger = options.logger ?? silentLogger;
  let seeded = 0;
  for (const entry of topology.coexistenceHistory) {
    if (await store.lastCoexistenceResult(entry.site)) continue;
    const at = seededCoexistenceTime(entry, now);
    if (Number.isNaN(at)) {
      logger.warn({ site: entry.site, at: entry.at }, 'coexistence history entry has no valid time; skipped');
      continue;
    }
    await store.saveCoexistenceResult({ site: entry.site, at, passed: entry.passed, checks: [] });
    seeded++;
  }
  return seeded + (await seedRunbookHistory(store, topology.runbookHistory, now)) + (await seedProblems(store, topology, now));
}

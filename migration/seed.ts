// Seeds what a topology file says happened before lyncops was installed (coexistence test
// results) into the store, once: a site that already has a stored result keeps it.
import type { CoexistenceResults } from './store';
import type { LedgerStore } from './runbook/ledger';
import { seedProblems, seedRunbookHistory } from './runbook/seed';
import { seededCoexistenceTime, type Topology } from './topology';

export async function seedHistory(store: CoexistenceResults & LedgerStore, topology: Topology): Promise<number> {
  let seeded = 0;
  for (const entry of topology.coexistenceHistory) {
    if (await store.lastCoexistenceResult(entry.site)) continue;
    await store.saveCoexistenceResult({ site: entry.site, at: seededCoexistenceTime(entry, Date.now()), passed: entry.passed, checks: [] });
    seeded++;
  }
  return seeded + (await seedRunbookHistory(store, topology.runbookHistory, Date.now())) + (await seedProblems(store, topology, Date.now()));
}

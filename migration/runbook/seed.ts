// What a topology file says about the preparation steps and the runbook before lyncops was
// installed: the deployment's migration facts (for the simulator) and manual steps and pilot
// sign-offs already done (seeded into the runbook ledger once per site and step).
import { z } from 'zod';
import type { Store } from '../ports';
import { MANUAL_STEPS, RunbookLedger } from './ledger';

/** Facts of the simulated deployment; absent means not done (nothing is assumed). */
export const MigrationFactsSchema = z.object({
  topologyMerged: z.boolean().default(false),
  legacyConfigImported: z.boolean().default(false),
  userReplicatorSynced: z.boolean().default(false),
  /** OCS pools whose conference directories were imported (Import-CsLegacyConferenceDirectory). */
  legacyDirectoriesImported: z.array(z.string()).default([]),
});
export type MigrationFacts = z.infer<typeof MigrationFactsSchema>;

export const RunbookSeedSchema = z.object({
  site: z.string(),
  step: z.enum([...MANUAL_STEPS, 'pilotSignOff']),
  by: z.string().min(1),
  hoursAgo: z.number().nonnegative(),
  comment: z.string().max(500).optional(),
});
export type RunbookSeed = z.infer<typeof RunbookSeedSchema>;

export async function seedRunbookHistory(store: Store, seeds: RunbookSeed[], now: number): Promise<number> {
  const ledger = new RunbookLedger(store);
  let seeded = 0;
  for (const seed of seeds) {
    const record = { by: { id: 'seed', name: seed.by }, at: now - seed.hoursAgo * 3_600_000, ...(seed.comment ? { comment: seed.comment } : {}) };
    await ledger.update(seed.site, (r) => {
      if (seed.step === 'pilotSignOff') {
        if (r.pilotSignOff) return r;
        seeded++;
        return { ...r, pilotSignOff: record };
      }
      if (r.manual[seed.step]) return r;
      seeded++;
      return { ...r, manual: { ...r.manual, [seed.step]: record } };
    });
  }
  return seeded;
}

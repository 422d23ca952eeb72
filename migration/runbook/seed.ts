// What a topology file says about the preparation steps and the runbook before lyncops was
// installed: the deployment's migration facts (for the simulator) and manual steps and pilot
// sign-offs already done (seeded into the runbook ledger once per site and step).
import { z } from 'zod';
import type { LedgerStore } from './ledger';
import { MANUAL_STEPS, RunbookLedger, STEP_COMMENT_MAX_CHARS } from './ledger';
import { PROBLEM_TEXT_MAX_CHARS, ProblemBook } from './problems';
import { TopologyIndex, type Topology } from '../topology';

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
  comment: z.string().max(STEP_COMMENT_MAX_CHARS).optional(),
});
export type RunbookSeed = z.infer<typeof RunbookSeedSchema>;

/** A pilot problem report made before lyncops was installed (the demo's Munich pilot has one). */
export const ProblemSeedSchema = z.object({
  reporter: z.string().min(3),
  text: z.string().min(1).max(PROBLEM_TEXT_MAX_CHARS),
  hoursAgo: z.number().nonnegative(),
  lang: z.enum(['en', 'de']).default('en'),
});
export type ProblemSeed = z.infer<typeof ProblemSeedSchema>;

/** Seeds the reports once: nothing is seeded when any report exists. */
export async function seedProblems(store: LedgerStore, topology: Topology, now: number): Promise<number> {
  const book = new ProblemBook(store);
  if (topology.problemReports.length === 0 || (await book.list()).length > 0) return 0;
  const index = new TopologyIndex(topology);
  for (const seed of topology.problemReports) {
    const user = index.user(seed.reporter);
    const site = user ? index.siteOfPool(user.homePool)?.name : undefined;
    const movedAt = user?.movedAt ? Date.parse(user.movedAt) : undefined;
    await book.report({
      text: seed.text,
      reporter: { id: user?.aadObjectId ?? seed.reporter, name: user?.displayName ?? seed.reporter, sip: seed.reporter },
      ...(site ? { site } : {}),
      ...(user ? { pool: user.homePool } : {}),
      ...(movedAt !== undefined ? { movedAt } : {}),
      lang: seed.lang,
      at: now - seed.hoursAgo * 3_600_000,
    });
  }
  return topology.problemReports.length;
}

export async function seedRunbookHistory(store: LedgerStore, seeds: RunbookSeed[], now: number): Promise<number> {
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

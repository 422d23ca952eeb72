// What the runbook cannot observe and an admin records: manual steps (client version filter,
// Edge and federation cut-over, the final Merge-CsLegacyTopology, the removal in Topology
// Builder, a conference directory import the backend cannot see), the pilot's start and its
// sign-off. One record per site in the store's keyed state, written with a compare-and-set on
// its eTag so two admins recording at once never lose a write.
import { z } from 'zod';
import type { Store } from '../ports';

export const MANUAL_STEPS = ['conferenceDirectoriesImported', 'clientVersionFilter', 'edgeFederation', 'finalMerge', 'topologyBuilderRemoval'] as const;
export type ManualStep = (typeof MANUAL_STEPS)[number];

/** The longest comment an admin may leave on a manual step or a sign-off (chat, card, seed). */
export const STEP_COMMENT_MAX_CHARS = 500;

const WhoSchema = z.object({ id: z.string(), name: z.string() });
const RecordSchema = z.object({ by: WhoSchema, at: z.number(), comment: z.string().max(STEP_COMMENT_MAX_CHARS).optional() });
export type ManualRecord = z.infer<typeof RecordSchema>;

export const SiteRunbookSchema = z.object({
  manual: z.partialRecord(z.enum(MANUAL_STEPS), RecordSchema).default({}),
  /**
   * The pilot's start: when the job runner finished moving the site's first user to its Lync
   * pool, else the first time users of the site were seen there.
   */
  pilotStartedAt: z.number().optional(),
  pilotSignOff: RecordSchema.optional(),
});
export type SiteRunbook = z.infer<typeof SiteRunbookSchema>;

const EMPTY: SiteRunbook = { manual: {} };
const MAX_ATTEMPTS = 5;

export type LedgerStore = Pick<Store, 'readState' | 'writeState'>;

const keyOf = (site: string) => `runbook/site/${site.toLowerCase()}`;

export class RunbookLedger {
  constructor(private readonly store: LedgerStore) {}

  async read(site: string): Promise<SiteRunbook> {
    return (await this.readWithTag(site)).value;
  }

  /** Applies `change` with a compare-and-set, retrying on a concurrent write. */
  async update(site: string, change: (current: SiteRunbook) => SiteRunbook): Promise<SiteRunbook> {
    for (let attempt = 1; ; attempt++) {
      const { value, eTag } = await this.readWithTag(site);
      const next = SiteRunbookSchema.parse(change(structuredClone(value)));
      try {
        // With the eTag read, a concurrent update fails here and is re-applied on the fresh
        // record (the store's botbuilder semantics create an absent key unconditionally).
        await this.store.writeState([{ key: keyOf(site), value: next, eTag: eTag ?? undefined }]);
        return next;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async readWithTag(site: string): Promise<{ value: SiteRunbook; eTag?: string }> {
    const [stored] = await this.store.readState([keyOf(site)]);
    if (!stored) return { value: structuredClone(EMPTY) };
    const parsed = SiteRunbookSchema.safeParse(stored.value);
    return { value: parsed.success ? parsed.data : structuredClone(EMPTY), eTag: stored.eTag };
  }
}

// Pilot problem reports: what a (pilot) user reported in their own words, stored with their state
// at the time (pool, site, when they were moved) and the language they wrote in, so the
// acknowledgement and the notice on resolution speak it. Open reports at a site block the pilot
// sign-off. Kept in the store's keyed state as one document written with a compare-and-set.
import { z } from 'zod';
import type { LedgerStore } from './ledger';

/** The longest problem report kept, in the reporter's own words. */
export const PROBLEM_TEXT_MAX_CHARS = 1000;

const WhoSchema = z.object({ id: z.string(), name: z.string(), sip: z.string().optional() });

export const ProblemSchema = z.object({
  id: z.string().regex(/^\d{1,12}$/),
  text: z.string().max(PROBLEM_TEXT_MAX_CHARS),
  reporter: WhoSchema,
  site: z.string().optional(),
  pool: z.string().optional(),
  movedAt: z.number().optional(),
  lang: z.enum(['en', 'de']),
  at: z.number(),
  state: z.enum(['open', 'resolved']),
  resolvedBy: WhoSchema.optional(),
  resolvedAt: z.number().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

const BookSchema = z.object({ nextId: z.number().int().positive(), problems: z.array(ProblemSchema) });
type Book = z.infer<typeof BookSchema>;

const KEY = 'runbook/problems';
/** Resolved reports beyond this many are dropped, oldest first; open ones are always kept. */
const KEEP_RESOLVED = 500;
const MAX_ATTEMPTS = 5;

export class ProblemBook {
  constructor(private readonly store: LedgerStore) {}

  async list(filter: { site?: string; state?: Problem['state'] } = {}): Promise<Problem[]> {
    const { book } = await this.read();
    return book.problems.filter((p) => (!filter.site || p.site?.toLowerCase() === filter.site.toLowerCase()) && (!filter.state || p.state === filter.state));
  }

  async openCount(site: string): Promise<number> {
    return (await this.list({ site, state: 'open' })).length;
  }

  async report(problem: Omit<Problem, 'id' | 'state'>): Promise<Problem> {
    let created: Problem | undefined;
    await this.update((book) => {
      created = { ...problem, id: String(book.nextId), state: 'open' };
      return { nextId: book.nextId + 1, problems: [...book.problems, created] };
    });
    return created!;
  }

  /** Marks a report resolved; returns it as it was before (undefined when there is none). */
  async resolve(id: string, by: Problem['resolvedBy'], at: number): Promise<{ before?: Problem; after?: Problem }> {
    let result: { before?: Problem; after?: Problem } = {};
    await this.update((book) => {
      const before = book.problems.find((p) => p.id === id);
      if (!before || before.state === 'resolved') {
        result = { before };
        return book;
      }
      const after: Problem = { ...before, state: 'resolved', resolvedBy: by, resolvedAt: at };
      result = { before, after };
      const problems = book.problems.map((p) => (p.id === id ? after : p));
      const resolved = problems.filter((p) => p.state === 'resolved');
      const drop = new Set(resolved.slice(0, Math.max(0, resolved.length - KEEP_RESOLVED)).map((p) => p.id));
      return { ...book, problems: problems.filter((p) => !drop.has(p.id)) };
    });
    return result;
  }

  private async read(): Promise<{ book: Book; eTag?: string }> {
    const [stored] = await this.store.readState([KEY]);
    const parsed = stored ? BookSchema.safeParse(stored.value) : undefined;
    return { book: parsed?.success ? parsed.data : { nextId: 1, problems: [] }, eTag: stored?.eTag };
  }

  private async update(change: (book: Book) => Book): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { book, eTag } = await this.read();
      try {
        await this.store.writeState([{ key: KEY, value: BookSchema.parse(change(structuredClone(book))), eTag }]);
        return;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}

// The data every card button carries, validated with zod before anything is looked up.
// Unknown keys (Teams adds its own to Action.Submit data) are dropped; ids are short decimals.
import { z } from 'zod';
import { ReadingSchema, SiteName } from '../../migration/commands';

const id = z.string().regex(/^\d{1,12}$/);
const lang = z.enum(['en', 'de']).optional();

export const ActionDataSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('proposal.confirm'), proposalId: id, lang }),
  z.object({ verb: z.literal('proposal.cancel'), proposalId: id, lang }),
  z.object({ verb: z.literal('job.cancel'), jobId: id, lang }),
  z.object({ verb: z.literal('job.retry'), jobId: id, lang }),
  z.object({ verb: z.literal('job.pause'), jobId: id, lang }),
  z.object({ verb: z.literal('job.resume'), jobId: id, lang }),
  z.object({ verb: z.literal('job.refresh'), jobId: id, lang }),
  /** One reading of an ambiguous text, run like the typed command it stands for. */
  z.object({ verb: z.literal('clarify.pick'), choice: ReadingSchema, lang }),
  z.object({ verb: z.literal('usersLeft.page'), site: SiteName.max(100), page: z.number().int().min(1).max(100_000), lang }),
]);
export type ActionData = z.infer<typeof ActionDataSchema>;
export type Verb = ActionData['verb'];

/** Parses raw action data; `verb` may come separately (Action.Execute puts it beside data). */
export function parseActionData(data: unknown, verb?: string): ActionData | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const candidate = verb ? { ...(data as Record<string, unknown>), verb } : data;
  const parsed = ActionDataSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

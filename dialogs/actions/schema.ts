// The data every card button carries, validated with zod before anything is looked up
// (dialogs/actions/parse.ts, with the registry's schema of a reading for a clarify pick).
// Unknown keys (Teams adds its own to Action.Submit data) are dropped; ids are short decimals.
import { z } from 'zod';
import { SiteName } from '../../migration/commands';
import type { Reading } from '../contract';
import { MANUAL_STEPS } from '../../migration/runbook/ledger';
import { MAX_INPUT_CHARS } from '../recognizer/normalise';
import { RUNBOOK_BUTTONS, noteInput } from '../runbook-actions';

const id = z.string().regex(/^\d{1,12}$/);
const lang = z.enum(['en', 'de']).optional();

/** The schema of a card button's data; `reading` is the schema of one reading of an ambiguous text. */
export const actionDataSchema = (reading: z.ZodType<Reading>) =>
  z.discriminatedUnion('verb', [
    z.object({ verb: z.literal('proposal.confirm'), proposalId: id, lang }),
    z.object({ verb: z.literal('proposal.cancel'), proposalId: id, lang }),
    z.object({ verb: z.literal('job.cancel'), jobId: id, lang }),
    z.object({ verb: z.literal('job.retry'), jobId: id, lang }),
    z.object({ verb: z.literal('job.pause'), jobId: id, lang }),
    z.object({ verb: z.literal('job.resume'), jobId: id, lang }),
    z.object({ verb: z.literal('job.refresh'), jobId: id, lang }),
    /** One reading of an ambiguous text, run like the typed command it stands for. */
    z.object({ verb: z.literal('clarify.pick'), choice: reading, lang }),
    z.object({ verb: z.literal('usersLeft.page'), site: SiteName.max(100), page: z.number().int().min(1).max(100_000), lang }),
    /** A runbook step's next action, run like its typed twin ("run coexistence tests for site Berlin"). */
    z.object({ verb: z.literal('runbook.next'), site: SiteName.max(100), next: z.enum(RUNBOOK_BUTTONS), lang }),
    /**
     * A manual step recorded from the runbook card; the card's note field (one per step) is the
     * evidence, taken as long as a typed message and cut like typed evidence.
     */
    z.object({
      verb: z.literal('runbook.record'),
      site: SiteName.max(100),
      step: z.enum(MANUAL_STEPS),
      lang,
      ...Object.fromEntries(MANUAL_STEPS.map((step) => [noteInput(step), z.string().max(MAX_INPUT_CHARS).optional()])),
    }),
  ]);
export type ActionData = z.infer<ReturnType<typeof actionDataSchema>>;
export type Verb = ActionData['verb'];


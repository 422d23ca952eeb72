// listFailures: failed items of the recent jobs (or of one job), grouped by reason, with a
// "retry failed" button per finished job.
import { z } from 'zod';
import { failureReport } from '../../migration/inventory';
import { failuresCard } from '../cards/answers';
import { STAFF, type CommandSpec } from '../context';
import { failuresAsked } from '../recognizer/questions';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('listFailures'), jobId: JobId.optional(), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    listFailures: typeof schema;
  }
}

export const listFailures: CommandSpec<'listFailures'> = {
  intent: 'listFailures',
  schema,
  order: 190,
  roles: STAFF,
  sideEffects: false,
  recognition: [{ priority: 410, match: failuresAsked }],
  menu: true,
  examples: {
    en: ['show failed moves', 'which moves failed in job 4?'],
    de: ['zeige fehlgeschlagene Verschiebungen', 'was ist in Auftrag 4 fehlgeschlagen?'],
  },
  async handle(ctx, command) {
    const report = await failureReport(ctx.deps.store, command.jobId ? { jobId: command.jobId } : {});
    if (!report) return [{ text: ctx.t.job.noSuchJob(command.jobId ?? '?') }];
    return [{ card: failuresCard(report, command.jobId, ctx.lang, ctx.actor.role === 'admin') }];
  },
};

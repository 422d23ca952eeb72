// listFailures: failed items of the recent jobs (or of one job), grouped by reason, with a
// "retry failed" button per finished job.
import { failureReport } from '../../migration/inventory';
import { failuresCard } from '../cards/answers';
import { STAFF, type CommandSpec } from '../context';
import { failuresAsked } from '../recognizer/questions';

export const listFailures: CommandSpec<'listFailures'> = {
  intent: 'listFailures',
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

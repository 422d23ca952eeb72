// jobStatus: the current card of job N.
import { z } from 'zod';
import { STAFF, type CommandSpec } from '../context';
import { trackedJobCard } from '../jobs';
import { jobIdOf } from '../recognizer/intents';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('jobStatus'), jobId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    jobStatus: typeof schema;
  }
}

export const jobStatus: CommandSpec<'jobStatus'> = {
  intent: 'jobStatus',
  schema,
  order: 120,
  roles: STAFF,
  sideEffects: false,
  // A job's id with no verb of the job commands above it ("job 4", "4?").
  recognition: [
    {
      priority: 560,
      match: (s) => {
        const jobId = jobIdOf(s);
        return jobId ? { intent: 'jobStatus', jobId } : undefined;
      },
    },
  ],
  hints: { status: 1, job: 1, failed: 1, number: 0 },
  menu: true,
  examples: { en: ['status of job 42', 'how is job 7 going?'], de: ['Status von Auftrag 42', 'wie läuft Auftrag 7?'] },
  async handle(ctx, command) {
    const job = await ctx.deps.store.getJob(command.jobId);
    if (!job) return [{ text: ctx.t.job.noSuchJob(command.jobId) }];
    return [await trackedJobCard(ctx, job)];
  },
};

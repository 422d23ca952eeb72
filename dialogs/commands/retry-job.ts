// retryJob: queue the failed items of a finished job N again.
import { z } from 'zod';
import { ADMINS, type CommandSpec } from '../context';
import { retryJob as retry } from '../jobs';
import { jobIdOf } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('retryJob'), jobId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    retryJob: typeof schema;
  }
}

export const retryJob: CommandSpec<'retryJob'> = {
  intent: 'retryJob',
  schema,
  order: 160,
  roles: ADMINS,
  sideEffects: 'record',
  asked: (command) => ({ intent: 'jobStatus', jobId: command.jobId }),
  recognition: [
    {
      priority: 550,
      match: (s) => {
        const jobId = jobIdOf(s);
        return jobId && has(s, 'retry') ? { intent: 'retryJob', jobId } : undefined;
      },
    },
  ],
  hints: { retry: 0, failed: 0 },
  menu: true,
  examples: { en: ['retry job 42', 'retry the failed items of job 42'], de: ['Auftrag 42 wiederholen', 'fehlgeschlagene Einträge von Auftrag 42 wiederholen'] },
  handle: (ctx, command) => retry(ctx, command.jobId),
};

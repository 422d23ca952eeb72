// cancelJob: stop scheduling new items of job N; items in flight finish.
import { z } from 'zod';
import { ADMINS, type CommandSpec } from '../context';
import { cancelJob as cancel } from '../jobs';
import { jobIdOf } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('cancelJob'), jobId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    cancelJob: typeof schema;
  }
}

export const cancelJob: CommandSpec<'cancelJob'> = {
  intent: 'cancelJob',
  schema,
  order: 130,
  roles: ADMINS,
  sideEffects: 'record',
  asked: (command) => ({ intent: 'jobStatus', jobId: command.jobId }),
  recognition: [
    {
      priority: 540,
      match: (s) => {
        const jobId = jobIdOf(s);
        return jobId && has(s, 'cancel') ? { intent: 'cancelJob', jobId } : undefined;
      },
    },
  ],
  hints: { job: 2, cancel: 0, number: 1 },
  menu: true,
  examples: { en: ['cancel job 42', 'stop job 42'], de: ['Auftrag 42 abbrechen', 'Job 42 stoppen'] },
  handle: (ctx, command) => cancel(ctx, command.jobId),
};

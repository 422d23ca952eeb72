// pauseJob: items of job N in flight finish, nothing new starts until it is resumed.
import { z } from 'zod';
import { ADMINS, type CommandSpec } from '../context';
import { pauseJob as pause } from '../jobs';
import { jobIdOf } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('pauseJob'), jobId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    pauseJob: typeof schema;
  }
}

export const pauseJob: CommandSpec<'pauseJob'> = {
  intent: 'pauseJob',
  schema,
  order: 140,
  roles: ADMINS,
  sideEffects: 'record',
  asked: (command) => ({ intent: 'jobStatus', jobId: command.jobId }),
  recognition: [
    {
      priority: 520,
      match: (s) => {
        const jobId = jobIdOf(s);
        return jobId && has(s, 'pause') ? { intent: 'pauseJob', jobId } : undefined;
      },
    },
  ],
  hints: { pause: 0 },
  menu: true,
  examples: { en: ['pause job 42', 'suspend job 42'], de: ['Auftrag 42 pausieren', 'Job 42 unterbrechen'] },
  handle: (ctx, command) => pause(ctx, command.jobId),
};

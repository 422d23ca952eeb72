// resumeJob: a paused job N runs again (or waits for its start time or maintenance window).
import { z } from 'zod';
import { ADMINS, type CommandSpec } from '../context';
import { resumeJob as resume } from '../jobs';
import { jobIdOf } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('resumeJob'), jobId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    resumeJob: typeof schema;
  }
}

export const resumeJob: CommandSpec<'resumeJob'> = {
  intent: 'resumeJob',
  schema,
  order: 150,
  roles: ADMINS,
  sideEffects: 'record',
  asked: (command) => ({ intent: 'jobStatus', jobId: command.jobId }),
  recognition: [
    {
      priority: 530,
      match: (s) => {
        const jobId = jobIdOf(s);
        return jobId && has(s, 'resume') ? { intent: 'resumeJob', jobId } : undefined;
      },
    },
  ],
  hints: { resume: 0 },
  menu: true,
  examples: { en: ['resume job 42', 'continue job 42'], de: ['Auftrag 42 fortsetzen', 'Job 42 weitermachen'] },
  handle: (ctx, command) => resume(ctx, command.jobId),
};

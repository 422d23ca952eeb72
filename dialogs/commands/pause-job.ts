// pauseJob: items of job N in flight finish, nothing new starts until it is resumed.
import { ADMINS, type CommandSpec } from '../context';
import { pauseJob as pause } from '../jobs';
import { jobIdOf } from '../recognizer/intents';
import { has } from '../recognizer/subjects';

export const pauseJob: CommandSpec<'pauseJob'> = {
  intent: 'pauseJob',
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

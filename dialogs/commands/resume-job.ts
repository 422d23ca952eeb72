// resumeJob: a paused job N runs again (or waits for its start time or maintenance window).
import { ADMINS, type CommandSpec } from '../context';
import { resumeJob as resume } from '../jobs';

export const resumeJob: CommandSpec<'resumeJob'> = {
  intent: 'resumeJob',
  roles: ADMINS,
  sideEffects: true,
  menu: true,
  examples: { en: ['resume job 42', 'continue job 42'], de: ['Auftrag 42 fortsetzen', 'Job 42 weitermachen'] },
  handle: (ctx, command) => resume(ctx, command.jobId),
};

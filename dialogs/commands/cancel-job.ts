// cancelJob: stop scheduling new items of job N; items in flight finish.
import { ADMINS, type CommandSpec } from '../context';
import { cancelJob as cancel } from '../jobs';

export const cancelJob: CommandSpec<'cancelJob'> = {
  intent: 'cancelJob',
  roles: ADMINS,
  sideEffects: true,
  menu: true,
  examples: { en: ['cancel job 42', 'stop job 42'], de: ['Auftrag 42 abbrechen', 'Job 42 stoppen'] },
  handle: (ctx, command) => cancel(ctx, command.jobId),
};

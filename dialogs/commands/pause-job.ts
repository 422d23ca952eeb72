// pauseJob: items of job N in flight finish, nothing new starts until it is resumed.
import { ADMINS, type CommandSpec } from '../context';
import { pauseJob as pause } from '../jobs';

export const pauseJob: CommandSpec<'pauseJob'> = {
  intent: 'pauseJob',
  roles: ADMINS,
  sideEffects: true,
  menu: true,
  examples: { en: ['pause job 42', 'suspend job 42'], de: ['Auftrag 42 pausieren', 'Job 42 unterbrechen'] },
  handle: (ctx, command) => pause(ctx, command.jobId),
};

// retryJob: queue the failed items of a finished job N again.
import { ADMINS, type CommandSpec } from '../context';
import { retryJob as retry } from '../jobs';

export const retryJob: CommandSpec<'retryJob'> = {
  intent: 'retryJob',
  roles: ADMINS,
  sideEffects: true,
  menu: true,
  examples: { en: ['retry job 42', 'retry the failed items of job 42'], de: ['Auftrag 42 wiederholen', 'fehlgeschlagene Einträge von Auftrag 42 wiederholen'] },
  handle: (ctx, command) => retry(ctx, command.jobId),
};

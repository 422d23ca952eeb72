// rollback: users back to their site's OCS 2007 R2 pool (Move-CsUser semantics, never -Force).
import { ADMINS, type CommandSpec } from '../context';
import { propose } from '../proposals';

export const rollback: CommandSpec<'rollback'> = {
  intent: 'rollback',
  roles: ADMINS,
  sideEffects: true,
  menu: true,
  examples: { en: ['roll back pilot group', 'move pilot group back to OCS'], de: ['Rollback der Pilotgruppe', 'Pilotgruppe zurück auf OCS'] },
  handle: (ctx, command) => propose(ctx, command),
};

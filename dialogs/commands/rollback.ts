// rollback: users back to their site's OCS 2007 R2 pool (Move-CsUser semantics, never -Force).
import { ADMINS, type CommandSpec } from '../context';
import { propose } from '../proposals';
import { forcedOrSimulatedMove, MOVE_CHECKS, readMove } from '../recognizer/intents';
import { RollbackCommandSchema } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = RollbackCommandSchema.extend(commandExtras);
declare module '../contract' {
  interface CommandSchemas {
    rollback: typeof schema;
  }
}

export const rollback: CommandSpec<'rollback'> = {
  intent: 'rollback',
  schema,
  order: 80,
  roles: ADMINS,
  sideEffects: 'plan',
  timing: 'startAndRate',
  recognition: [
    { priority: 701, match: (s) => (forcedOrSimulatedMove(s) && readMove(s)?.kind === 'rollback' ? readMove(s)?.command : undefined) },
    { priority: 901, match: (s) => (readMove(s)?.kind === 'rollback' ? readMove(s)?.command : undefined) },
  ],
  // As for a move: no guessed names; "roll back Berlin" asks: the site, or the group Sales Berlin?
  checks: MOVE_CHECKS,
  hints: { group: 1, move: 1, back: 0, rollback: 0, ocs: 0, dryRun: 1, groupName: 1 },
  menu: true,
  examples: { en: ['roll back pilot group', 'move pilot group back to OCS'], de: ['Rollback der Pilotgruppe', 'Pilotgruppe zurück auf OCS'] },
  handle: (ctx, command) => propose(ctx, command),
};

// coexistenceTest: services, replication, registration, IM and presence between the pools of a
// site, run as a job after confirmation; the stored result drives the site's phase.
import { ADMINS, type CommandSpec } from '../context';
import { propose } from '../proposals';

export const coexistenceTest: CommandSpec<'coexistenceTest'> = {
  intent: 'coexistenceTest',
  roles: ADMINS,
  sideEffects: true,
  menu: true,
  examples: { en: ['run coexistence tests for site Berlin', 'test coexistence in Munich'], de: ['Koexistenztest für Standort Berlin', 'Koexistenz in Berlin prüfen'] },
  handle: (ctx, command) => propose(ctx, command),
};

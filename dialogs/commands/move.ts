// move: a user, group, site, conference directories or applications to Lync 2013, through a
// plan and a confirmed proposal (Move-CsLegacyUser semantics for users).
import { ADMINS, type CommandSpec } from '../context';
import { propose } from '../proposals';

export const move: CommandSpec<'move'> = {
  intent: 'move',
  roles: ADMINS,
  sideEffects: true,
  menu: true,
  examples: {
    en: ['move pilot group to Lync 2013', 'move sip:carol@contoso.com to lync 2013', 'what if I move site Berlin'],
    de: ['Verschiebe die Pilotgruppe nach Lync 2013', 'Standort Berlin nach Lync 2013 umziehen'],
  },
  handle: (ctx, command) => propose(ctx, command),
};

// decommission: prerequisites shown pass/fail; on confirmation the legacy pool is retired.
import { ADMINS, type CommandSpec } from '../context';
import { propose } from '../proposals';

export const decommission: CommandSpec<'decommission'> = {
  intent: 'decommission',
  roles: ADMINS,
  sideEffects: true,
  menu: true,
  examples: { en: ['decommission legacy pool at site Hamburg', 'retire the OCS pool in Hamburg'], de: ['Altpool am Standort Hamburg außer Betrieb nehmen', 'OCS-Pool in Hamburg stilllegen'] },
  handle: (ctx, command) => propose(ctx, command),
};

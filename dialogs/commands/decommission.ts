// decommission: prerequisites shown pass/fail; on confirmation the legacy pool is retired.
import { ADMINS, type CommandSpec } from '../context';
import { propose } from '../proposals';
import { siteOf, UNKNOWN, withUnresolved } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { DecommissionCommandSchema } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = DecommissionCommandSchema.extend(commandExtras);
declare module '../contract' {
  interface CommandSchemas {
    decommission: typeof schema;
  }
}

export const decommission: CommandSpec<'decommission'> = {
  intent: 'decommission',
  schema,
  order: 100,
  roles: ADMINS,
  sideEffects: 'plan',
  timing: 'start',
  recognition: [
    {
      priority: 820,
      match: (s) => {
        if (!has(s, 'decommission')) return undefined;
        const site = siteOf(s, true);
        if (!site) return UNKNOWN;
        const force = has(s, 'force') ? { force: true as const } : {};
        return withUnresolved({ intent: 'decommission', site: site.value, dryRun: has(s, 'dryRun') || s.tokens[0].concept === 'test', ...force }, site.unresolved);
      },
    },
  ],
  hints: { ocs: 1, pool: 0, dryRun: 2, force: 1, decommission: 0 },
  menu: true,
  examples: { en: ['decommission legacy pool at site Hamburg', 'retire the OCS pool in Hamburg'], de: ['Altpool am Standort Hamburg außer Betrieb nehmen', 'OCS-Pool in Hamburg stilllegen'] },
  handle: (ctx, command) => propose(ctx, command),
};

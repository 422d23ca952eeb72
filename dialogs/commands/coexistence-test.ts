// coexistenceTest: services, replication, registration, IM and presence between the pools of a
// site, run as a job after confirmation; the stored result drives the site's phase.
import { ADMINS, type CommandSpec } from '../context';
import { propose } from '../proposals';
import { asksCoexistenceTest, siteOf, UNKNOWN, withUnresolved } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { CoexistenceTestCommandSchema } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = CoexistenceTestCommandSchema.extend(commandExtras);
declare module '../contract' {
  interface CommandSchemas {
    coexistenceTest: typeof schema;
  }
}

export const coexistenceTest: CommandSpec<'coexistenceTest'> = {
  intent: 'coexistenceTest',
  schema,
  order: 90,
  roles: ADMINS,
  sideEffects: 'plan',
  timing: 'start',
  recognition: [
    {
      priority: 810,
      match: (s) => {
        if (!asksCoexistenceTest(s)) return undefined;
        const site = siteOf(s, true);
        if (site) return withUnresolved({ intent: 'coexistenceTest', site: site.value }, site.unresolved);
        return has(s, 'coex') ? UNKNOWN : undefined;
      },
    },
  ],
  hints: { coex: 0, test: 0, verify: 0, start: 1 },
  // "can I test coexistence in Berlin?" is answered with the site's status (it has no dry run).
  asked: (command) => ({ intent: 'siteStatus', site: command.site, ...(command.unresolved ? { unresolved: command.unresolved } : {}) }),
  menu: true,
  examples: { en: ['run coexistence tests for site Berlin', 'test coexistence in Munich'], de: ['Koexistenztest für Standort Berlin', 'Koexistenz in Berlin prüfen'] },
  handle: (ctx, command) => propose(ctx, command),
};

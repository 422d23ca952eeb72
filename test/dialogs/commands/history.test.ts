// history: a site's latest audit entries, for admins and the helpdesk in English and German
// whatever the locale, through botbuilder's TestAdapter and the real bot.
import { bi, readCommandTests, type ReadCase, useReadHarness } from './helpers';

const HISTORY: ReadCase = {
  intent: 'history',
  say: { en: 'history of site Munich', de: 'Verlauf von Standort München' },
  roles: ['admin', 'helpdesk'],
  expect: (_p, lang) => ({
    has: [bi(/^History of site Munich/, /^Verlauf von Standort München/)(lang), bi(/Alex Wilber confirmed plan 1\b/, /Alex Wilber hat Plan 1 bestätigt/)(lang), bi(/lyncops finished job 1\b/, /lyncops hat Auftrag 1 beendet/)(lang)],
  }),
};

describe('dialogs/commands/history', () => {
  const h = useReadHarness();

  readCommandTests(HISTORY, () => h);
});

// listJobs: running and recent jobs with their counters, for admins and the helpdesk in English and
// German whatever the locale, through botbuilder's TestAdapter and the real bot.
import { bi, readCommandTests, type ReadCase, useReadHarness } from './helpers';

const LIST_JOBS: ReadCase = {
  intent: 'listJobs',
  say: { en: 'list jobs', de: 'Aufträge anzeigen' },
  roles: ['admin', 'helpdesk'],
  expect: (_p, lang) => ({
    has: [bi(/^Jobs/, /^Aufträge/)(lang), bi(/Job 1: Coexistence test · site Munich/, /Auftrag 1: Koexistenztest · Standort München/)(lang), bi(/completed · 9\/9/, /abgeschlossen · 9\/9/)(lang)],
  }),
};

describe('dialogs/commands/list-jobs', () => {
  const h = useReadHarness();

  readCommandTests(LIST_JOBS, () => h);
});

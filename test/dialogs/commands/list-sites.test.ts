// listSites: every site with its phase, for admins and the helpdesk in English and German whatever
// the locale, through botbuilder's TestAdapter and the real bot; a pilot user's refusal is audited.
import { strict as assert } from 'node:assert';
import { message } from '../../helpers/turns/activities';
import { bi, readCommandTests, type ReadCase, useReadHarness } from './helpers';
import { readsAs } from '../../helpers/turns/recognition';

const LIST_SITES: ReadCase = {
  intent: 'listSites',
  say: { en: 'list sites', de: 'Standorte anzeigen' },
  roles: ['admin', 'helpdesk'],
  expect: (_p, lang) => ({
    has: [bi(/^Sites/, /^Standorte/)(lang), /Berlin/, bi(/Munich/, /München/)(lang), /Hamburg/, /Frankfurt/, bi(/side-by-side \(coexistence not yet verified\)/, /Parallelbetrieb \(Koexistenz noch nicht geprüft\)/)(lang)],
  }),
};

describe('dialogs/commands/list-sites', () => {
  describe('recognition: the overview, and a count of users that names no site', () => {
    const rows: Array<[string, 'en' | 'de']> = [
      ['list sites', 'en'],
      ['give me an overview', 'en'],
      ['how many users are left?', 'en'],
      ['how many users are on Lync?', 'en'],
      ['wie viele Benutzer sind noch auf OCS?', 'de'],
      ['wieviele Benutzer sind schon migriert?', 'de'],
    ];
    readsAs(rows.map(([text, lang]) => ({ text, lang, command: { intent: 'listSites' }, title: `"${text}" is the overview` })));
    readsAs([{ text: 'how many users are left in Berlin?', lang: 'en', command: { intent: 'siteStatus', site: 'Berlin' }, title: 'a count at one site is its status' }]);
  });

  const h = useReadHarness();

  readCommandTests(LIST_SITES, () => h);

  it('audits a refused read with the intent', async () => {
    await h.turn(message('list sites', 'alice'));
    const audit = await h.world.store.listAudit({ limit: 5 });
    const refused = audit.find((e) => e.event === 'command.refused' && e.actor.id === '11111111-0000-0000-0000-000000000001');
    assert.ok(refused, 'refusal recorded');
    assert.equal(refused.outcome, 'refused');
    assert.deepEqual(refused.details, { intent: 'listSites' });
  });
});

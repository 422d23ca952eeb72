// A reading's typed twin must be understood as that very reading, in both languages: the
// clarification card tells people what to type, so the words have to work.
import { strict as assert } from 'node:assert';
import { FAQ_TOPICS, type Reading } from '../../dialogs/contract';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { texts } from '../../dialogs/i18n';
import { readingLabel, typedPhrase } from '../../dialogs/phrases';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { decommission, group, history, jobStatus, list, listFailures, move, rollback, site, siteStatus, user, usersLeft, coexistenceTest, confdirs } from './fixtures/recognizer-rows';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));

const READINGS = [
  move(site('Berlin')),
  move(group('Sales Berlin')),
  move(user('carol@contoso.com')),
  move(list(user('carol@contoso.com'), user('dave@contoso.com'))),
  move(list(group('Finance'), group('Helpdesk'))),
  move(confdirs('Hamburg')),
  move(site('Munich'), { dryRun: true }),
  rollback(group('Pilot')),
  siteStatus('Munich'),
  usersLeft('Berlin'),
  usersLeft('Berlin', { page: 3 }),
  usersLeft(),
  listFailures('4'),
  listFailures(),
  decommission('Hamburg'),
  coexistenceTest('Berlin'),
  history('Munich'),
  jobStatus('4'),
  ...FAQ_TOPICS.map((topic) => ({ intent: 'faq', topic }) as const),
] as Reading[];

describe('dialogs/phrases', () => {
  for (const lang of ['en', 'de'] as const) {
    const t = texts(lang);
    for (const reading of READINGS) {
      it(`${lang}: "${typedPhrase(t, reading)}" reads back as ${JSON.stringify(reading)}`, () => {
        const r = recognize(typedPhrase(t, reading), catalog);
        assert.deepStrictEqual(r.command, reading);
        assert.ok(readingLabel(t, reading).length > 0);
      });
    }
  }
});

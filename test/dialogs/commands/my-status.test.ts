// myStatus: anyone asks whether they have been migrated and reads their own pool, in English and
// German whatever the locale, through botbuilder's TestAdapter and the real bot.
import { bi, HOME, readCommandTests, type ReadCase, useReadHarness } from './helpers';

const MY_STATUS: ReadCase = {
  intent: 'myStatus',
  say: { en: 'have I been migrated?', de: 'bin ich schon migriert?' },
  roles: ['admin', 'helpdesk', 'user'],
  expect(person, lang) {
    const { pool, onLync } = HOME[person];
    const summary = onLync ? bi(/You are on Lync Server 2013/, /Sie sind bereits auf Lync Server 2013/) : bi(/You are still on OCS 2007 R2/, /Sie sind noch auf OCS 2007 R2/);
    return { has: [bi(/^Your migration status/, /^Ihr Migrationsstatus/)(lang), summary(lang), new RegExp(pool.replace(/\./g, '\\.'))] };
  },
};

describe('dialogs/commands/my-status', () => {
  const h = useReadHarness();

  readCommandTests(MY_STATUS, () => h);
});

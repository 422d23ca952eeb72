// userStatus: admins and the helpdesk look anyone up, in English and German whatever the locale,
// through botbuilder's TestAdapter and the real bot; a pilot user may only ask about themselves.
import type { TurnHarness } from '../../helpers/turns/harness';
import { bi, makeReadHarness, readCommandTests, type ReadCase } from './helpers';

const USER_STATUS: ReadCase = {
  intent: 'userStatus',
  say: { en: 'is bob@contoso.com migrated?', de: 'ist bob@contoso.com schon migriert?' },
  roles: ['admin', 'helpdesk'],
  refusal: { en: /^You can ask about yourself/, de: /^Sie können nach sich selbst fragen/ },
  expect: (_p, lang) => ({
    has: [bi(/^User Bob Keller/, /^Benutzer Bob Keller/)(lang), bi(/Bob Keller is on Lync Server 2013/, /Bob Keller ist auf Lync Server 2013/)(lang), /lync-muc\.contoso\.local/],
  }),
};

describe('dialogs/commands/user-status', () => {
  let h: TurnHarness;
  before(async () => {
    h = await makeReadHarness();
  });
  after(() => h.close());

  readCommandTests(USER_STATUS, () => h);
});

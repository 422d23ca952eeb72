// userStatus: admins and the helpdesk look anyone up, in English and German whatever the locale,
// through botbuilder's TestAdapter and the real bot; a pilot user may only ask about themselves.
import { bi, readCommandTests, type ReadCase, useReadHarness } from './helpers';

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
  const h = useReadHarness();

  readCommandTests(USER_STATUS, () => h);
});

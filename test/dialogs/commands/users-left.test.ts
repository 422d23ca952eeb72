// usersLeft: who is still on a site's OCS pool, a page at a time with a button and typed twins, or
// per-site counts without a site, through botbuilder's TestAdapter and the real bot; staff only.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, execute, invokeCard, message, onlyCard, submit, textsOf } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { topology } from './helpers';

describe('dialogs/commands/users-left', () => {
  let h: TurnHarness;
  before(async () => {
    h = await makeTurnHarness({ topology });
  });
  after(() => h.close());

  describe('usersLeft', () => {
    it('lists who is still on the Berlin OCS pool, a page at a time, with why a site move would skip some', async () => {
      const card = onlyCard(await h.turn(message('who is left on the old pool in Berlin?', 'helga')));
      const text = cardText(card);
      assert.match(text, /^Still on OCS 2007 R2 at Berlin/);
      assert.match(text, /user\(s\) on the OCS pool ocs-ber\.contoso\.local/);
      assert.match(text, /A site move would leave 1 of them behind:\n- Kai Leerzeichen \(kai\.leerzeichen@contoso\.com\): account name has leading or trailing spaces/);
      assert.match(text, /Page 1 of \d+/);
      assert.doesNotMatch(text, /test-ber-ocs/, 'health-monitoring accounts are not people');
      const next = buttonData(card, 'usersLeft.page');
      assert.deepEqual(next, { verb: 'usersLeft.page', site: 'Berlin', page: 2, lang: 'en' });
      const page2 = cardText(invokeCard(await h.turn(execute('usersLeft.page', next, 'helga'))));
      assert.match(page2, /Page 2 of \d+/);
      assert.match(page2, /Or type: who is left on OCS in Berlin \/ who is left on OCS in Berlin page 3/);
    });

    it('without a site: counts per site; in German', async () => {
      const text = cardText(onlyCard(await h.turn(message('wer ist noch auf OCS?', 'alex'))));
      assert.match(text, /^Benutzer noch auf OCS 2007 R2/);
      assert.match(text, /Hamburg\n0 auf OCS, \d+ auf Lync 2013 · migriert/);
    });

    it('is for staff; a pilot user is refused, typed or clicked', async () => {
      assert.deepEqual(textsOf(await h.turn(message('who is left on the old pool in Berlin?', 'alice'))), ['Sorry, that is for migration admins and the helpdesk.']);
      assert.deepEqual(textsOf(await h.turn(submit({ verb: 'usersLeft.page', site: 'Berlin', page: 2 }, 'alice'))), ['Sorry, that is for migration admins and the helpdesk.']);
    });
  });
});

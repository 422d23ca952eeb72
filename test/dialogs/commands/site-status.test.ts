// siteStatus: a site's pools, phase and next step for admins and the helpdesk in English and German
// whatever the locale, through botbuilder's TestAdapter and the real bot; after a site move it names
// the users a site move always skips, and why.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { message, onlyCard } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { bi, proposalTurns, readCommandTests, type ReadCase, useReadHarness } from './helpers';

const SITE_STATUS: ReadCase = {
  intent: 'siteStatus',
  say: { en: 'status of site Berlin', de: 'Status von Standort Berlin' },
  roles: ['admin', 'helpdesk'],
  expect: (_p, lang) => ({
    has: [
      bi(/^Site Berlin/, /^Standort Berlin/)(lang),
      /Pool ocs-ber\.contoso\.local/,
      /Pool lync-ber\.contoso\.local/,
      bi(/run coexistence tests for site Berlin/, /Koexistenztest für Standort Berlin/)(lang),
    ],
  }),
};

describe('dialogs/commands/site-status', () => {
  describe('as a read command', () => {
    const h = useReadHarness();

    readCommandTests(SITE_STATUS, () => h);
  });

  describe('after a site move', function () {
    this.timeout(30_000);
    let h: TurnHarness;
    afterEach(() => h?.close());
    const { run } = proposalTurns(() => h);

    it('after a site move names the users a site move always skips, and why, instead of "the remaining users"', async () => {
      h = await makeTurnHarness();
      await run('move site Berlin to Lync 2013 force');
      const en = cardText(onlyCard(await h.turn(message('status of site Berlin'))));
      assert.match(en, /Only users a site move always leaves behind are still on the OCS pool of Berlin: Kai Leerzeichen \(kai\.leerzeichen@contoso\.com\): account name has leading or trailing spaces\./);
      assert.doesNotMatch(en, /picks up the remaining users/);
      const de = cardText(onlyCard(await h.turn(message('Status von Standort Berlin', 'alex', 'de-DE'))));
      assert.match(de, /Auf dem OCS-Pool von Berlin sind nur noch Benutzer, die eine Standortverschiebung immer auslässt: Kai Leerzeichen \(kai\.leerzeichen@contoso\.com\): Kontoname beginnt oder endet mit Leerzeichen\./);
    });
  });
});

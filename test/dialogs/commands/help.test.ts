// help: the card per role (admin, helpdesk, pilot user) in English and German whatever the locale,
// through botbuilder's TestAdapter and the real bot, with dry runs, force, schedules and the subjects.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { message, onlyCard } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { bi, readCommandTests, ROLE, type ReadCase, useReadHarness } from './helpers';

const HELP: ReadCase = {
  intent: 'help',
  say: { en: 'help', de: 'Hilfe' },
  roles: ['admin', 'helpdesk', 'user'],
  expect(person, lang) {
    const move = bi(/move pilot group to Lync 2013/, /Pilotgruppe nach Lync 2013/)(lang);
    const sites = bi(/list sites/, /Standorte anzeigen/)(lang);
    const mine = bi(/have I been migrated\?/, /bin ich schon migriert\?/)(lang);
    const base = [bi(/^What I can do/, /^Was ich kann/)(lang), mine, bi(/Replies follow the language you write in/, /Ich antworte in der Sprache/)(lang)];
    if (ROLE[person] === 'admin') return { has: [...base, move, sites] };
    if (ROLE[person] === 'helpdesk') return { has: [...base, sites], lacks: [move] };
    return { has: base, lacks: [move, sites] };
  },
};

describe('dialogs/commands/help', () => {
  describe('as a read command', () => {
    const h = useReadHarness();

    readCommandTests(HELP, () => h);
  });

  describe('per role', function () {
    this.timeout(30_000);
    let h: TurnHarness;
    afterEach(() => h?.close());

    it('lists per role what can be done, with dry runs, force, schedules and the subjects', async () => {
      h = await makeTurnHarness();
      const admin = cardText(onlyCard(await h.turn(message('help'))));
      for (const expected of [
        'what if I move site Munich to Lync 2013',
        'move pilot group to Lync 2013 force',
        'confirm 12 / reject 12',
        'move conference directories of Munich to Lync 2013',
        'response groups, dial-in numbers and Exchange UM contacts',
        'move site Munich to Lync 2013 tonight at 22:00',
        'in waves of 200 an hour',
        'pause job 42',
        'resume job 42',
        'runbook for site Berlin',
        'mark step client version filter done for site Berlin',
        'sign off the pilot at site Munich',
        'list problems in Munich',
        'resolve problem 1',
        'who is left on OCS in Berlin?',
        'show failed moves',
        'when will I be moved?',
        'dashboard',
        'status of pool ocs-ber.contoso.local',
      ]) {
        assert.ok(admin.includes(expected), `admin help lacks "${expected}"`);
      }
      const user = cardText(onlyCard(await h.turn(message('help', 'alice'))));
      assert.ok(user.includes('have I been migrated?') && user.includes('report problem: …') && user.includes('what happens to my meetings?'), user);
      assert.ok(!user.includes('move pilot group') && !user.includes('force') && !user.includes('who is left'), user);
      const helpdesk = cardText(onlyCard(await h.turn(message('Hilfe', 'helga', 'de-DE'))));
      assert.ok(helpdesk.includes('wer ist in Berlin noch auf OCS?') && helpdesk.includes('So können Sie es sagen'), helpdesk);
      assert.ok(!helpdesk.includes('erzwingen'), helpdesk);
    });
  });
});

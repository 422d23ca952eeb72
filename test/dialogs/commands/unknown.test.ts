// unknown: words that are no command get a did-you-mean fitting the role, in English and German
// whatever the locale, through botbuilder's TestAdapter and the real bot; a free word is named back,
// never read as an address.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { message, onlyCard, textsOf } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { bi, readCommandTests, ROLE, topology, type ReadCase, useReadHarness } from './helpers';

const UNKNOWN: ReadCase = {
  intent: 'unknown',
  say: { en: 'tell me a joke', de: 'erzähl mir einen Witz' },
  roles: ['admin', 'helpdesk', 'user'],
  textAnswer: true,
  expect(person, lang) {
    const intro = bi(/^Sorry, I did not understand "tell me a joke"\.\n\nYou could try:\n- /, /^Entschuldigung, „erzähl mir einen Witz“ habe ich nicht verstanden\.\n\nVersuchen Sie zum Beispiel:\n- /)(lang);
    const staffOnly = bi(/list sites/, /Standorte anzeigen/)(lang);
    return ROLE[person] === 'user' ? { has: [intro, bi(/have I been migrated\?/, /bin ich schon migriert\?/)(lang)], lacks: [staffOnly] } : { has: [intro, staffOnly] };
  },
};

describe('dialogs/commands/unknown', () => {
  describe('as a read command', () => {
    const h = useReadHarness();

    readCommandTests(UNKNOWN, () => h);
  });

  describe('no address from a free word', () => {
    let h: TurnHarness;
    before(async () => {
      h = await makeTurnHarness({ topology });
    });
    after(() => h.close());

    it('"Status von Benutzer frank" names the word back instead of answering about frank@contoso.com', async () => {
      const [de] = textsOf(await h.turn(message('Status von Benutzer frank')));
      assert.match(de, /„frank“ konnte ich keinem Befehl zuordnen/);
      assert.doesNotMatch(de, /frank@/);
      const [en] = textsOf(await h.turn(message('status of user frank')));
      assert.match(en, /I could not place "frank"/);
      // An address or a known name still answers.
      assert.match(cardText(onlyCard(await h.turn(message('status of user alice')))), /alice@contoso\.com/);
    });
  });
});

// The checks of a decided command: each command's own doubts are in its spec (`checks`, composed
// by composeRules with priorities), the safety rules (dialogs/recognizer/safety.ts) only hold
// what every deployment-changing command gets from its `sideEffects`. Recognised and answered
// as before, through TestAdapter and the real TeamsBot, in English and German.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTENTS, REGISTRY } from '../../dialogs/registry';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { composeRules, type RecognitionSpec } from '../../dialogs/recognizer/rules';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { cardText } from '../helpers/turns/card-check';
import { message, onlyCard, textsOf } from '../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../helpers/turns/harness';
import { clarify, group, move, notUnderstood, rollback, site, siteStatus } from './fixtures/recognizer-rows';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));

describe('dialogs: checks of a decided command', () => {
  describe('composition', () => {
    it('keeps each spec\'s checks in ascending priority, per intent', () => {
      const composed = composeRules(REGISTRY);
      for (const [intent, checks] of composed.checks) {
        assert.ok(REGISTRY.some((s) => s.intent === intent && s.checks?.length));
        assert.deepEqual(checks.map((c) => c.priority), [...checks.map((c) => c.priority)].sort((a, b) => a - b), intent);
      }
      assert.deepEqual([...composed.checks.keys()].sort(), ['clarify', 'move', 'rollback', 'siteStatus', 'userStatus']);
    });

    it('refuses two checks of one spec with one priority, and a check in a safety band', () => {
      const spec = (priority: number): RecognitionSpec => ({ intent: 'help', sideEffects: false, checks: [{ priority: 300, check: (c) => c }, { priority, check: (c) => c }] });
      assert.throws(() => composeRules([spec(300)]), /checks of help share priority 300/);
      assert.throws(() => composeRules([spec(100)]), /safety band 100/);
      assert.throws(() => composeRules([spec(200)]), /safety band 200/);
      assert.doesNotThrow(() => composeRules([spec(310)]));
    });

    it('leaves in the safety rules nothing about one command: no intent is named there', () => {
      const source = readFileSync(join(__dirname, '../../dialogs/recognizer/safety.ts'), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      for (const intent of INTENTS) assert.doesNotMatch(source, new RegExp(`['"]${intent}['"]`), `safety.ts names ${intent}`);
    });
  });

  describe('recognition, as before', () => {
    const rows: Array<[string, unknown]> = [
      ['move Berlin', clarify(move(site('Berlin')), move(group('Sales Berlin')))],
      ['verschiebe Berlin', clarify(move(site('Berlin')), move(group('Sales Berlin')))],
      ['roll back Berlin', clarify(rollback(site('Berlin')), rollback(group('Sales Berlin')))],
      ['rolle Berlin zurück', clarify(rollback(site('Berlin')), rollback(group('Sales Berlin')))],
      ['move site Berlin', move(site('Berlin'))],
      ['what if I move Berlin', move(site('Berlin'), { dryRun: true })],
      ['move frank to lync', notUnderstood('frank')],
      ['Verschiebe Benutzer mit Enterprise-VoIP nach Lync 2013', notUnderstood('Enterprise VoIP')],
      ['can I test coexistence in Berlin?', siteStatus('Berlin')],
      ['kann ich die Koexistenz in Berlin testen?', siteStatus('Berlin')],
      ['is the User Replicator done?', notUnderstood()],
      ['status of user frank', notUnderstood('frank')],
      ['Status von Benutzer frank', notUnderstood('frank')],
      ["what's the weather in Berlin", notUnderstood()],
    ];
    for (const [text, expected] of rows) it(text, () => assert.deepEqual(recognize(text, catalog).command, expected));
  });

  describe('answers, through TestAdapter', () => {
    let h: TurnHarness;
    beforeEach(async () => {
      h = await makeTurnHarness();
    });
    afterEach(() => h.close());

    it('"move Berlin" / "verschiebe Berlin" ask: the site, or the group Sales Berlin?', async () => {
      assert.match(cardText(onlyCard(await h.turn(message('move Berlin')))), /Sales Berlin/);
      assert.match(cardText(onlyCard(await h.turn(message('verschiebe Berlin', 'alex', 'de-DE')))), /Sales Berlin/);
    });

    it('a move of a free word names the word back instead of planning', async () => {
      const en = textsOf(await h.turn(message('move frank to lync'))).join('\n');
      assert.match(en, /"frank"/);
      const de = textsOf(await h.turn(message('Verschiebe Benutzer mit Enterprise-VoIP nach Lync 2013', 'alex', 'de-DE'))).join('\n');
      assert.match(de, /Enterprise VoIP/);
    });

    it('a question about a coexistence test gets the site status, not a plan', async () => {
      assert.match(cardText(onlyCard(await h.turn(message('can I test coexistence in Berlin?')))), /^Site Berlin\nPhase/);
      assert.match(cardText(onlyCard(await h.turn(message('kann ich die Koexistenz in Berlin testen?', 'alex', 'de-DE')))), /^Standort Berlin\nPhase/);
    });

    it('a user status from a free word names the word back (EN and DE)', async () => {
      assert.match(textsOf(await h.turn(message('status of user frank'))).join('\n'), /"frank"/);
      assert.match(textsOf(await h.turn(message('Status von Benutzer frank', 'alex', 'de-DE'))).join('\n'), /frank/);
    });
  });
});

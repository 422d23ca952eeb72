// The configured pilot group (PILOT_GROUP): "the pilot group" / "die Pilotgruppe" read as that
// group (not a group that happens to carry those words as an alias), and every text that
// suggests moving the pilot (next step, runbook twin and button, help and menu titles, examples)
// reads back as a move of that group, in English and German. Through TestAdapter: the suggestion
// on the status and runbook cards, typed back or clicked, plans the configured group.
import { strict as assert } from 'node:assert';
import { rollback as rollbackSpec } from '../../dialogs/commands/rollback';
import { move as moveSpec } from '../../dialogs/commands/move';
import { texts } from '../../dialogs/i18n';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { runbookCommand } from '../../dialogs/runbook-actions';
import type { Command } from '../../dialogs/contract';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { cardText } from '../helpers/turns/card-check';
import { cardOf, execute, message, onlyCard } from '../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../helpers/turns/harness';

type Lang = 'en' | 'de';
const LANGS: Lang[] = ['en', 'de'];
const index = new TopologyIndex(demoTopology());

/** The quoted phrases of a line, in English "…" or German „…“ quotes. */
const quoted = (line: string) => [...line.matchAll(/"([^"]+)"|„([^“]+)“/g)].map((m) => m[1] ?? m[2]);
const moveOf = (group: string, extra: Partial<{ force: true }> = {}): Command => ({ intent: 'move', subject: { kind: 'group', group }, target: 'lync2013', dryRun: false, ...extra });
const rollbackOf = (group: string): Command => ({ intent: 'rollback', subject: { kind: 'group', group }, dryRun: false });

/** Every text that suggests a command about the pilot group, with what it must read as. */
function suggestions(lang: Lang, pilotGroup: string): Array<{ where: string; text: string; expected: Command }> {
  const t = texts(lang);
  const [nextStep] = quoted(t.nextStep.movePilot('Berlin', pilotGroup));
  const [twin] = quoted(t.runbook.nextCommand.movePilot('Berlin', pilotGroup));
  return [
    { where: 'next step of the status card', text: nextStep, expected: moveOf(pilotGroup) },
    { where: 'runbook twin', text: twin, expected: runbookCommand('movePilot', 'Berlin', pilotGroup) },
    { where: 'help and menu title of move', text: t.command.move.title, expected: moveOf(pilotGroup) },
    { where: 'help and menu title of rollback', text: t.command.rollback.title, expected: rollbackOf(pilotGroup) },
    { where: 'help tip "force"', text: t.help.tips.force.title, expected: moveOf(pilotGroup, { force: true }) },
    ...moveSpec.examples[lang].filter((e) => /pilot/i.test(e)).map((text) => ({ where: 'example of move', text, expected: moveOf(pilotGroup) })),
    ...rollbackSpec.examples[lang].filter((e) => /pilot/i.test(e)).map((text) => ({ where: 'example of rollback', text, expected: rollbackOf(pilotGroup) })),
  ];
}

describe('dialogs: the configured pilot group', () => {
  describe('recognition', () => {
    it('"the pilot group" and "die Pilotgruppe" name the configured group, not the group literally named Pilot', () => {
      for (const pilotGroup of ['Pilot Users', 'Sales', 'Finance']) {
        const catalog = catalogFromTopology(index, pilotGroup);
        for (const text of ['move pilot group to Lync 2013', 'move the pilot group to lync 2013', 'Verschiebe die Pilotgruppe nach Lync 2013', 'Pilot-Gruppe nach Lync 2013 verschieben']) {
          assert.deepEqual(recognize(text, catalog).command, moveOf(pilotGroup), `${pilotGroup}: ${text}`);
        }
        assert.deepEqual(recognize('roll back pilot group', catalog).command, rollbackOf(pilotGroup));
        // The group named Pilot is still that group when named.
        assert.deepEqual(recognize('move group Pilot to Lync 2013', catalog).command, moveOf('Pilot'));
      }
    });

    it('with the default pilot group everything reads as before', () => {
      const catalog = catalogFromTopology(index);
      assert.deepEqual(recognize('move pilot group to Lync 2013', catalog).command, moveOf('Pilot'));
      assert.deepEqual(recognize('Verschiebe die Pilotgruppe nach Lync 2013', catalog).command, moveOf('Pilot'));
      assert.deepEqual(recognize('move Pilot users to Lync 2013', catalog).command, moveOf('Pilot'));
    });

    it('spells the configured group as the topology does', () => {
      assert.deepEqual(recognize('move pilot group to Lync 2013', catalogFromTopology(index, 'finance')).command, moveOf('Finance'));
    });

    for (const pilotGroup of ['Pilot Users', 'Sales', 'Pilot']) {
      for (const lang of LANGS) {
        it(`every suggestion naming the pilot reads back as the group ${pilotGroup} (${lang})`, () => {
          const catalog = catalogFromTopology(index, pilotGroup);
          for (const s of suggestions(lang, pilotGroup)) {
            assert.ok(s.text, `${s.where}: a command is shown`);
            assert.deepEqual(recognize(s.text, catalog).command, s.expected, `${s.where}: "${s.text}"`);
          }
        });
      }
    }

    it('the next step and the runbook twin name the configured group', () => {
      for (const lang of LANGS) {
        const t = texts(lang);
        assert.match(t.nextStep.movePilot('Berlin', 'Sales'), /Sales/);
        assert.match(t.runbook.nextCommand.movePilot('Berlin', 'Sales'), /Sales/);
      }
    });
  });

  describe('through TestAdapter, with PILOT_GROUP "Pilot Users"', () => {
    let h: TurnHarness;
    beforeEach(async () => {
      h = await makeTurnHarness({ pilotGroup: 'Pilot Users' });
      // Coexistence has passed in Berlin: the pilot's move is next.
      await h.world.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
    });
    afterEach(() => h.close());

    const planOf = async (text: string, locale = 'en-US') => cardText(onlyCard(await h.turn(message(text, 'alex', locale))));
    const withoutIds = (text: string) => text.replace(/\b\d+\b/g, 'N');

    for (const [lang, ask, locale] of [['en', 'status of site Berlin', 'en-US'], ['de', 'Status von Standort Berlin', 'de-DE']] as const) {
      it(`the status card's next step names the group, and typed back it plans that group (${lang})`, async () => {
        const status = cardText(onlyCard(await h.turn(message(ask, 'alex', locale))));
        const line = status.split('\n').find((l) => l.includes('Pilot Users'));
        assert.ok(line, status);
        const [typed] = quoted(line);
        assert.ok(typed, line);
        const plan = await planOf(typed, locale);
        // The directory knows "Pilot Users" as the demo group Pilot (an alias): its id is planned.
        assert.match(plan, /Pilot \(44444444-0000-4000-8000-000000000001\)/);
        assert.equal(withoutIds(plan), withoutIds(await planOf(lang === 'en' ? 'move pilot group to Lync 2013' : 'Verschiebe die Pilotgruppe nach Lync 2013', locale)));
      });
    }

    for (const [lang, ask, locale] of [['en', 'runbook for site Berlin', 'en-US'], ['de', 'Ablauf für Standort Berlin', 'de-DE']] as const) {
      it(`the runbook's pilot button plans the configured group, like its typed twin (${lang})`, async () => {
        const runbook = onlyCard(await h.turn(message(ask, 'alex', locale)));
        const [twin] = quoted(cardText(runbook).split('\n').find((l) => l.includes('Pilot Users')) ?? '');
        assert.ok(twin, cardText(runbook));
        const data = JSON.stringify(runbook.body).match(/\{[^{}]*"next":"movePilot"[^{}]*\}/)?.[0];
        assert.ok(data, 'the pilot move is offered as a button');
        const clicked = await h.turn(execute('runbook.next', JSON.parse(data) as Record<string, unknown>, 'alex', { locale, replyToId: 'runbook-1' }));
        const plan = cardText(cardOf(clicked.find((r) => r.type === 'message' && r.attachments?.length)));
        // The directory knows "Pilot Users" as the demo group Pilot (an alias): its id is planned.
        assert.match(plan, /Pilot \(44444444-0000-4000-8000-000000000001\)/);
        assert.equal(withoutIds(plan), withoutIds(await planOf(twin, locale)));
      });
    }
  });
});

// runbook ("runbook for site Berlin" / "Ablauf anzeigen"): recognised in both languages apart from
// orders that mention it; staff read every site's progress and first open step, or one site's
// twelve steps, in their language; an unknown site is named; pilot users are refused.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { RunbookLedger } from '../../../migration/runbook/ledger';
import { cardText, soleCard } from '../../helpers/turns/card-check';
import { ALEX, ALICE, HELGA, useWorld } from '../../helpers/world';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

describe('dialogs/commands/runbook', () => {
  describe('recognition', () => {
    const rows: Array<[string, string | undefined, 'en' | 'de']> = [
      ['runbook for site Berlin', 'Berlin', 'en'],
      ['show the runbook', undefined, 'en'],
      ['Ablauf für Standort Berlin', 'Berlin', 'de'],
      ['Ablauf anzeigen', undefined, 'de'],
      ['runbook', undefined, 'en'],
      ['what is the runbook of Munich?', 'Munich', 'en'],
      ['checklist for Hamburg', 'Hamburg', 'en'],
      ['Ablauf in Frankfurt', 'Frankfurt', 'de'],
      ['what is the next step in Munich?', 'Munich', 'en'],
      ["what's next for Berlin", 'Berlin', 'en'],
      ["what's next", undefined, 'en'],
      ['Was ist der nächste Schritt in Berlin?', 'Berlin', 'de'],
      ['Wie geht es weiter in München?', 'Munich', 'de'],
    ];
    readsAs(
      rows.map(([text, site, lang]) => ({ text, lang, command: site ? { intent: 'runbook', site } : { intent: 'runbook' }, title: `"${text}" asks for the runbook${site ? ` of ${site}` : ''}` })),
    );

    it('keeps an unknown site as unresolved, and an order that mentions the runbook is no runbook', () => {
      assert.deepEqual(recognize('runbook for site Atlantis', DEMO_CATALOG).command, { intent: 'runbook', site: 'Atlantis', unresolved: ['Atlantis'] });
      assert.notEqual(recognize('move Berlin runbook', DEMO_CATALOG).command.intent, 'runbook');
      assert.deepEqual(recognize('status of site Berlin', DEMO_CATALOG).command, { intent: 'siteStatus', site: 'Berlin' });
    });
  });

  describe('through the conversation', () => {
    const w = useWorld();

    /** "Site\nPhase\n<phase>\nSteps done\n<n>/12\nFirst open step\n<step>" of the overview, per site. */
    const row = (text: string, site: string) => new RegExp(`${site}\\n[^\\n]+\\n([^\\n]+)\\n[^\\n]+\\n(\\d+/12)\\n[^\\n]+\\n([^\\n]+)`).exec(text)?.slice(1);

    it('gives the helpdesk every site\'s phase, steps done and first open step, and follows a recorded step', async () => {
      const text = cardText(soleCard(await w.say('show the runbook', HELGA)));
      assert.match(text, /^Runbook: all sites\n/);
      assert.deepEqual(row(text, 'Berlin'), ['side-by-side (coexistence not yet verified)', '4/12', '4. Legacy conference directories imported — pending']);
      assert.deepEqual(row(text, 'Munich'), ['pilot', '8/12', '9. Lync Edge deployed, federation route cut over — pending']);
      assert.deepEqual(row(text, 'Hamburg'), ['migrated (OCS pool empty)', '11/12', '12. Legacy pool decommissioned, final merge and Topology Builder removal recorded — pending']);
      assert.deepEqual(row(text, 'Frankfurt'), ['legacy (OCS 2007 R2 only)', '2/12', '1. Lync 2013 pool deployed beside the OCS pool — pending']);
      assert.match(text, /Type "runbook for site <name>" for the steps of one site\.$/);

      await w.say('mark step federation cut-over done for site Munich');
      const after = cardText(soleCard(await w.say('runbook', HELGA)));
      assert.deepEqual(row(after, 'Munich'), ['pilot', '9/12', '10. Users moved (255 still on OCS) — pending']);
    });

    it('answers in German with the German site names and phases', async () => {
      const text = cardText(soleCard(await w.say('Ablauf anzeigen', HELGA, 'de-DE')));
      assert.match(text, /^Ablauf: alle Standorte\n/);
      assert.deepEqual(row(text, 'München'), ['Pilotphase', '8/12', '9. Lync-Edge bereitgestellt, Föderationsroute umgestellt — offen']);
      assert.deepEqual(row(text, 'Frankfurt'), ['Altsystem (nur OCS 2007 R2)', '2/12', '1. Lync 2013-Pool neben dem OCS-Pool bereitgestellt — offen']);
      assert.doesNotMatch(text, /Munich/);
    });

    it('shows one site\'s twelve steps in order with state, evidence and the next action', async () => {
      const text = cardText(soleCard(await w.say('runbook for site Munich')));
      assert.match(text, /^Runbook of site Munich\nPhase\npilot\nSteps done\n8\/12\n/);
      const steps = [...text.matchAll(/^(\d+)\. .* — (done|pending|blocked|recorded by hand|failed)$/gm)].map((m) => `${m[1]}:${m[2]}`);
      assert.deepEqual(steps, ['1:done', '2:done', '3:done', '4:done', '5:done', '6:recorded by hand', '7:done', '8:done', '9:pending', '10:pending', '11:blocked', '12:blocked']);
      assert.match(text, /6\. Client version filter on OCS blocks Lync 2013 clients — recorded by hand\nRecorded by Alex Wilber, /);
      assert.match(text, /10\. Users moved \(255 still on OCS\) — pending\nObserved [^\n]*onOcs=255, onLync=47[^\n]*\nNext: "move site Munich to Lync 2013"/);

      const de = cardText(soleCard(await w.say('Ablauf für Standort München', ALEX, 'de-DE')));
      assert.match(de, /^Ablauf für Standort München\nPhase\nPilotphase\nErledigte Schritte\n8\/12\n/);
      assert.match(de, /Als Nächstes: „Standort München nach Lync 2013 verschieben“/);
    });

    it('names a site that does not exist, with the known ones', async () => {
      const en = await w.say('runbook for site Atlantis');
      assert.deepEqual(en.map((r) => [r.text, r.card]), [['There is no site Atlantis. Known sites: Berlin, Munich, Hamburg, Frankfurt.', undefined]]);
      const de = await w.say('Ablauf für Standort Atlantis', HELGA, 'de-DE');
      assert.match(de[0].text ?? '', /^Es gibt keinen Standort Atlantis\. Bekannte Standorte: /);
    });

    it('refuses a pilot user in English and German; the runbook is unchanged', async () => {
      const before = await new RunbookLedger(w.store).read('Munich');
      for (const [text, locale, refusal] of [
        ['runbook for site Munich', 'en-US', 'Sorry, that is for migration admins and the helpdesk.'],
        ['Ablauf anzeigen', 'de-DE', 'Das ist leider den Migrations-Admins und dem Helpdesk vorbehalten.'],
      ] as const) {
        assert.deepEqual((await w.say(text, ALICE, locale)).map((r) => [r.text, r.card]), [[refusal, undefined]], text);
      }
      assert.deepEqual(await new RunbookLedger(w.store).read('Munich'), before);
      assert.deepEqual((await w.store.listAudit({ limit: 50 })).filter((e) => e.event === 'command.refused').map((e) => [e.actor.name, e.details?.intent]), [
        ['Alice Schulz', 'runbook'],
        ['Alice Schulz', 'runbook'],
      ]);
    });
  });
});

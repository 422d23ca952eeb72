// markStep ("mark step client version filter done for site Berlin" / "Schritt Versionsfilter für
// Standort Berlin erledigt"): recognised in both languages with the evidence after ": " kept as
// typed; an admin records and takes back a manual step (ledger and audit); others change nothing.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { RunbookLedger } from '../../../migration/runbook/ledger';
import { cardText, soleText } from '../../helpers/turns/card-check';
import { ALEX, ALICE, ERIN, HELGA, useWorld } from '../../helpers/world';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';
import type { CommandOf } from '../../../dialogs/contract';

/** Evidence with quotes, markdown characters, a SIP address, a time and a second colon. */
const EVIDENCE = '"OC 15.*" blocked on ocs-ber_fe01 (KB#4711), checked by sip:helga@contoso.com at 22:00; result: ok';

describe('dialogs/commands/mark-step', () => {
  describe('recognition', () => {
    const rows: Array<[string, Omit<CommandOf<'markStep'>, 'intent'>, 'en' | 'de']> = [
      ['mark step client version filter done for site Berlin', { site: 'Berlin', step: 'clientVersionFilter', done: true }, 'en'],
      ['mark step edge federation not done for Munich', { site: 'Munich', step: 'edgeFederation', done: false }, 'en'],
      ['Schritt Versionsfilter für Standort Berlin erledigt', { site: 'Berlin', step: 'clientVersionFilter', done: true }, 'de'],
      ['Schritt Edge-Föderation für München nicht erledigt', { site: 'Munich', step: 'edgeFederation', done: false }, 'de'],
      ['client version filter done in Berlin', { site: 'Berlin', step: 'clientVersionFilter', done: true }, 'en'],
      ['step 6 done for Hamburg', { site: 'Hamburg', step: 'clientVersionFilter', done: true }, 'en'],
      ['mark final merge done for Frankfurt', { site: 'Frankfurt', step: 'finalMerge', done: true }, 'en'],
      ['Schritt 9 für Berlin erledigt', { site: 'Berlin', step: 'edgeFederation', done: true }, 'de'],
      ['mark the filter step done for Berlin', { site: 'Berlin', step: 'clientVersionFilter', done: true }, 'en'],
      ['Filterschritt für Berlin erledigt', { site: 'Berlin', step: 'clientVersionFilter', done: true }, 'de'],
      ['mark conference directories imported for Berlin', { site: 'Berlin', step: 'conferenceDirectoriesImported', done: true }, 'en'],
      // Taking a record back is "not done".
      ['take back step edge federation for Munich', { site: 'Munich', step: 'edgeFederation', done: false }, 'en'],
      ['undo step 6 for Berlin', { site: 'Berlin', step: 'clientVersionFilter', done: false }, 'en'],
      ['Schritt Föderationsumstellung für München zurücknehmen', { site: 'Munich', step: 'edgeFederation', done: false }, 'de'],
      ['nimm Schritt Versionsfilter für Berlin zurück', { site: 'Berlin', step: 'clientVersionFilter', done: false }, 'de'],
    ];
    readsAs(
      rows.map(([text, fields, lang]) => ({ text, lang, command: { intent: 'markStep', ...fields }, title: `"${text}" marks ${String(fields.step)} at ${String(fields.site)} ${fields.done ? 'done' : 'not done'}` })),
    );

    it('keeps the words after ": " as the evidence, as typed, never as part of the command', () => {
      assert.deepEqual(recognize(`mark step client version filter done for site Berlin: ${EVIDENCE}`, DEMO_CATALOG).command, {
        intent: 'markStep',
        site: 'Berlin',
        step: 'clientVersionFilter',
        done: true,
        comment: EVIDENCE,
      });
      assert.deepEqual(recognize('Schritt 4 für Standort Frankfurt erledigt: Verzeichnisse „Vorstand“ und „Einkauf“ importiert', DEMO_CATALOG).command, {
        intent: 'markStep',
        site: 'Frankfurt',
        step: 'conferenceDirectoriesImported',
        done: true,
        comment: 'Verzeichnisse „Vorstand“ und „Einkauf“ importiert',
      });
      // Its dashes stay as typed (only the command's own words are read with dashes made plain).
      assert.equal(recognize('mark step edge federation not done for Munich: blocked — see ticket #4711 – edge02', DEMO_CATALOG).command.intent, 'markStep');
      assert.equal((recognize('mark step edge federation not done for Munich: blocked — see ticket #4711 – edge02', DEMO_CATALOG).command as { comment?: string }).comment, 'blocked — see ticket #4711 – edge02');
      assert.equal((recognize('mark step client version filter done for site Berlin — set on ocs-ber — all pools', DEMO_CATALOG).command as { comment?: string }).comment, 'set on ocs-ber — all pools');
    });

    it('answers an order to mark a step it cannot name (or one the runbook observes) with the runbook, never a guess', () => {
      for (const text of [
        'mark step done for Berlin',
        'mark the merge done for Berlin',
        'mark step 7 done for Berlin',
        'markiere Schritt für Berlin erledigt',
        'import the conference directories of Berlin',
        'Konferenzverzeichnisse für Berlin importieren',
      ]) {
        assert.deepEqual(recognize(text, DEMO_CATALOG).command, { intent: 'runbook', site: 'Berlin' }, text);
      }
      // The pilot's sign-off and a problem's resolution keep their own readings.
      assert.equal(recognize('mark the pilot signed off for Munich', DEMO_CATALOG).command.intent, 'signOffPilot');
      assert.equal(recognize('mark problem 1 resolved', DEMO_CATALOG).command.intent, 'resolveProblem');
    });

    it('answers a question about marking with the runbook, and records nothing without a site', () => {
      assert.deepEqual(recognize('can I mark step client version filter done for site Berlin?', DEMO_CATALOG).command, { intent: 'runbook', site: 'Berlin' });
      assert.deepEqual(recognize('is the client version filter done in Berlin?', DEMO_CATALOG).command, { intent: 'runbook', site: 'Berlin' });
      // A question mark alone makes it a question, in German as in English.
      assert.deepEqual(recognize('Versionsfilter in Berlin erledigt?', DEMO_CATALOG).command, { intent: 'runbook', site: 'Berlin' });
      assert.deepEqual(recognize('client version filter done in Berlin?', DEMO_CATALOG).command, { intent: 'runbook', site: 'Berlin' });
      assert.deepEqual(recognize('Schritt 9 für Berlin erledigt?', DEMO_CATALOG).command, { intent: 'runbook', site: 'Berlin' });
      assert.deepEqual(recognize('mark step client version filter done', DEMO_CATALOG).command, { intent: 'unknown' });
    });
  });

  describe('through the conversation', () => {
    const w = useWorld();
    let ledger: RunbookLedger;
    beforeEach(() => {
      ledger = new RunbookLedger(w.store);
    });

    const audit = async (event: string) => (await w.store.listAudit({ limit: 100 })).filter((e) => e.event === event);

    it('records a step with its evidence kept verbatim, shows it on the runbook, takes it back once', async () => {
      assert.equal((await ledger.read('Berlin')).manual.clientVersionFilter, undefined);
      const said = soleText(await w.say(`mark step client version filter done for site Berlin: ${EVIDENCE}`));
      assert.equal(
        said,
        'Recorded: client version filter done at Berlin, evidence ""OC 15.\\*" blocked on ocs-ber\\_fe01 (KB\\#4711), checked by sip:helga@contoso.com at 22:00; result: ok". An admin can take it back with "mark step … not done".',
        'the reply escapes markdown',
      );
      const recorded = (await ledger.read('Berlin')).manual.clientVersionFilter;
      assert.deepEqual({ by: recorded?.by.name, comment: recorded?.comment }, { by: 'Alex Wilber', comment: EVIDENCE });
      assert.ok(Math.abs(Date.now() - (recorded?.at ?? 0)) < 60_000);
      assert.deepEqual((await audit('runbook.stepRecorded')).map((e) => [e.site, e.target, e.outcome, e.details?.comment]), [['Berlin', 'clientVersionFilter', 'ok', EVIDENCE]]);
      const runbook = cardText((await w.say('runbook for site Berlin')).find((r) => r.card)?.card);
      assert.match(runbook, /6\. Client version filter on OCS blocks Lync 2013 clients — recorded by hand\nRecorded by Alex Wilber, [^\n]+: "/);

      assert.equal(soleText(await w.say('mark step client version filter not done for site Berlin', ERIN)), 'The record of client version filter at Berlin was taken back.');
      assert.equal((await ledger.read('Berlin')).manual.clientVersionFilter, undefined);
      assert.equal(soleText(await w.say('mark step client version filter not done for site Berlin')), 'client version filter at Berlin was not recorded; nothing to take back.');
      assert.deepEqual((await audit('runbook.stepUndone')).map((e) => [e.actor.name, e.outcome]), [
        ['Alex Wilber', 'info'],
        ['Erin Hartmann', 'ok'],
      ]);
    });

    it('answers a question about a step with the runbook and records nothing', async () => {
      for (const question of ['Versionsfilter in Berlin erledigt?', 'client version filter done in Berlin?', 'can I mark step client version filter done for site Berlin?']) {
        const replies = await w.say(question);
        assert.match(cardText(replies.find((r) => r.card)?.card), /^(Ablauf für Standort Berlin|Runbook of site Berlin)\n/, question);
      }
      assert.equal((await ledger.read('Berlin')).manual.clientVersionFilter, undefined);
      assert.deepEqual(await audit('runbook.stepRecorded'), []);
    });

    it('takes back and records in German', async () => {
      assert.equal((await ledger.read('Hamburg')).manual.clientVersionFilter?.by.name, 'Erin Hartmann', 'the demo recorded Hamburg\'s filter');
      assert.equal(soleText(await w.say('Schritt Versionsfilter für Standort Hamburg nicht erledigt', ALEX, 'de-DE')), 'Die Erfassung von Clientversionsfilter in Hamburg wurde zurückgenommen.');
      assert.equal((await ledger.read('Hamburg')).manual.clientVersionFilter, undefined);
      const said = soleText(await w.say('Schritt 9 für Standort Berlin erledigt: Edge ber-edge01 aktiv, Route für „fabrikam.com“ umgestellt', ALEX, 'de-DE'));
      assert.equal(said, 'Erfasst: Edge- und Föderationsumstellung in Berlin erledigt, Nachweis „Edge ber-edge01 aktiv, Route für „fabrikam.com“ umgestellt“. Ein Admin kann es mit „Schritt … nicht erledigt“ zurücknehmen.');
      assert.equal((await ledger.read('Berlin')).manual.edgeFederation?.comment, 'Edge ber-edge01 aktiv, Route für „fabrikam.com“ umgestellt');
    });

    it('names a site that does not exist and records nothing', async () => {
      const said = soleText(await w.say('mark step client version filter done for site Atlantis'));
      assert.equal(said, 'There is no site Atlantis. Known sites: Berlin, Munich, Hamburg, Frankfurt.');
      assert.deepEqual(await audit('runbook.stepRecorded'), []);
    });

    it('refuses the helpdesk and a pilot user: nothing is recorded or taken back', async () => {
      const before = { berlin: await ledger.read('Berlin'), hamburg: await ledger.read('Hamburg') };
      assert.equal(soleText(await w.say('mark step client version filter done for site Berlin: done by helpdesk', HELGA)), 'Sorry, only migration admins can do that. The request was recorded.');
      assert.equal(soleText(await w.say('Schritt Versionsfilter für Standort Hamburg nicht erledigt', ALICE, 'de-DE')), 'Das dürfen leider nur Migrations-Admins. Die Anfrage wurde protokolliert.');
      assert.deepEqual({ berlin: await ledger.read('Berlin'), hamburg: await ledger.read('Hamburg') }, before);
      assert.deepEqual([...(await audit('runbook.stepRecorded')), ...(await audit('runbook.stepUndone'))], []);
      assert.deepEqual((await audit('command.refused')).map((e) => [e.actor.name, e.details?.intent]), [
        ['Alice Schulz', 'markStep'],
        ['Helga Lorenz', 'markStep'],
      ]);
    });
  });
});

// signOffPilot ("sign off the pilot at site Munich" / "Pilot in München abnehmen"): recognised in
// both languages (a question reads the runbook); an admin's sign-off is refused while no pilot runs,
// too early or with open problem reports, then recorded once; the helpdesk and users change nothing.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { RunbookLedger } from '../../../migration/runbook/ledger';
import { ALEX, ALICE, ERIN, HELGA, makeWorld, type World } from '../../helpers/world';
import { queueJob } from '../../helpers/world/jobs';
import { soleText } from '../../helpers/turns/card-check';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

const DAY = 86_400_000;

describe('dialogs/commands/sign-off-pilot', () => {
  describe('recognition', () => {
    const rows: Array<[string, string, 'en' | 'de']> = [
      ['sign off the pilot at site Munich', 'Munich', 'en'],
      ['accept pilot in Munich', 'Munich', 'en'],
      ['Pilot in München abnehmen', 'Munich', 'de'],
      ['Pilot für Standort München freigeben', 'Munich', 'de'],
      ['sign off pilot Berlin', 'Berlin', 'en'],
      ['approve the pilot in Munich', 'Munich', 'en'],
      ['Pilot in Frankfurt abnehmen', 'Frankfurt', 'de'],
    ];
    readsAs(
      rows.map(([text, site, lang]) => ({ text, lang, command: { intent: 'signOffPilot', site }, title: `"${text}" signs off the pilot at ${site}` })),
    );

    it('reads a question as the runbook, and leaves confirmations and the pilot move as they were', () => {
      assert.deepEqual(recognize('can I sign off the pilot at Munich?', DEMO_CATALOG).command, { intent: 'runbook', site: 'Munich' });
      assert.deepEqual(recognize('is the pilot in Munich signed off?', DEMO_CATALOG).command, { intent: 'runbook', site: 'Munich' });
      assert.deepEqual(recognize('accept 12', DEMO_CATALOG).command, { intent: 'confirmProposal', proposalId: '12' });
      assert.equal(recognize('move pilot group to Lync 2013', DEMO_CATALOG).command.intent, 'move');
      assert.deepEqual(recognize('sign off', DEMO_CATALOG).command, { intent: 'unknown' });
    });
  });

  describe('through the conversation', () => {
    let w: World;
    let offset = 0;
    let ledger: RunbookLedger;
    beforeEach(async () => {
      offset = 0;
      w = await makeWorld({ clock: { now: () => Date.now() + offset } });
      ledger = new RunbookLedger(w.store);
    });
    afterEach(() => w.close());

    const refusals = async () => (await w.store.listAudit({ limit: 100 })).filter((e) => e.event === 'runbook.pilotSignOff').map((e) => [e.site, e.outcome, e.details?.reason]);

    /** Berlin's pilot: a passing coexistence test, then Alice moved to Lync 2013. */
    async function startBerlinPilot(): Promise<void> {
      await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
      const { job } = await queueJob(w, { intent: 'move', subject: { kind: 'user', user: 'alice@contoso.com' }, target: 'lync2013', dryRun: false });
      assert.equal((await w.observer.whenFinished(job.id)).state, 'completed');
    }

    it('refuses a site without a pilot, in English and German', async () => {
      assert.equal(soleText(await w.say('sign off the pilot at site Frankfurt')), 'There is no pilot at Frankfurt yet: no users of the site are on Lync 2013.');
      assert.equal(soleText(await w.say('Pilot in Berlin abnehmen', ERIN, 'de-DE')), 'In Berlin gibt es noch keinen Piloten: kein Benutzer des Standorts ist auf Lync 2013.');
      assert.deepEqual(await refusals(), [
        ['Berlin', 'refused', 'noPilot'],
        ['Frankfurt', 'refused', 'noPilot'],
      ]);
      assert.equal((await ledger.read('Berlin')).pilotSignOff, undefined);
      assert.equal(soleText(await w.say('sign off the pilot at site Atlantis')), 'There is no site Atlantis. Known sites: Berlin, Munich, Hamburg, Frankfurt.');
    });

    it('refuses a pilot too young (German), then one with an open problem report, then signs it off once', async () => {
      await startBerlinPilot();
      assert.equal(soleText(await w.say('Pilot für Standort Berlin freigeben', ALEX, 'de-DE')), 'Der Pilot in Berlin läuft seit 0 Tag(en); er muss vor der Abnahme mindestens 7 Tage laufen.');
      assert.equal((await ledger.read('Berlin')).pilotSignOff, undefined);

      offset = 8 * DAY;
      const reported = soleText(await w.say('report problem: my presence stays grey', ALICE));
      const problem = /problem (\d+)/.exec(reported)?.[1];
      assert.ok(problem, reported);
      assert.equal(soleText(await w.say('sign off the pilot at site Berlin')), 'The pilot at Berlin cannot be signed off: 1 problem report(s) are still open.');
      assert.equal((await ledger.read('Berlin')).pilotSignOff, undefined);
      assert.deepEqual(await refusals(), [
        ['Berlin', 'refused', 'openProblems'],
        ['Berlin', 'refused', 'tooEarly'],
      ]);

      await w.say(`resolve problem ${problem}`);
      assert.equal(soleText(await w.say('accept pilot in Berlin')), 'The pilot at Berlin is signed off. The site-wide move is open now.');
      const signed = (await ledger.read('Berlin')).pilotSignOff;
      assert.equal(signed?.by.name, 'Alex Wilber');
      assert.equal((await w.store.listAudit({ limit: 100 })).filter((e) => e.event === 'runbook.pilotSignedOff' && e.site === 'Berlin').length, 1);

      // Signed off already: said so in German, the record keeps who signed.
      assert.equal(soleText(await w.say('Pilot in Berlin abnehmen', ERIN, 'de-DE')), 'Der Pilot in Berlin ist bereits abgenommen.');
      assert.deepEqual((await ledger.read('Berlin')).pilotSignOff, signed);
    });

    it("counts the pilot's age from the move, not from the first time someone looks", async () => {
      // Alice is moved at day 0 and nobody asks the bot anything until day 8.
      const before = Date.now();
      await startBerlinPilot();
      const after = Date.now();

      offset = 8 * DAY;
      assert.equal(soleText(await w.say('sign off the pilot at site Berlin')), 'The pilot at Berlin is signed off. The site-wide move is open now.');
      const record = await ledger.read('Berlin');
      assert.ok(record.pilotStartedAt !== undefined && record.pilotStartedAt >= before && record.pilotStartedAt <= after, `pilot start ${record.pilotStartedAt} is the move's time`);
      assert.equal(record.pilotSignOff?.by.name, 'Alex Wilber');
    });

    it('refuses the helpdesk and a pilot user: the pilot stays unsigned', async () => {
      await startBerlinPilot();
      offset = 8 * DAY;
      const before = await ledger.read('Berlin');
      assert.equal(soleText(await w.say('sign off the pilot at site Berlin', HELGA)), 'Sorry, only migration admins can do that. The request was recorded.');
      assert.equal(soleText(await w.say('Pilot in Berlin abnehmen', ALICE, 'de-DE')), 'Das dürfen leider nur Migrations-Admins. Die Anfrage wurde protokolliert.');
      assert.deepEqual(await ledger.read('Berlin'), before);
      assert.equal(before.pilotSignOff, undefined);
      const audit = await w.store.listAudit({ limit: 100 });
      assert.equal(audit.filter((e) => e.event === 'runbook.pilotSignedOff' && e.site === 'Berlin').length, 0);
      assert.deepEqual(audit.filter((e) => e.event === 'command.refused').map((e) => [e.actor.name, e.details?.intent]), [
        ['Alice Schulz', 'signOffPilot'],
        ['Helga Lorenz', 'signOffPilot'],
      ]);
    });
  });
});

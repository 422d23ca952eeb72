// move through botbuilder's TestAdapter and the real bot and job runner: users, groups, sites,
// conference directories and applications from plan card to final card, blocked and nothing-to-do
// cards that lead with the reason and the next step, several subjects as one job, a time it cannot keep.
import { strict as assert } from 'node:assert';
import { recognize } from '../../../dialogs/recognizer';
import { DEMO_CATALOG } from '../../helpers/turns/recognition';
import { planCard } from '../../../dialogs/cards/plan';
import type { PlanSummary } from '../../../migration/model';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, execute, invokeCard, message, onlyCard, textsOf } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { FAILS, flowTests, MOVES, proposalTurns, topology } from './helpers';

const onlyCardOrNone = (replies: Array<{ attachments?: unknown[] }>) => replies.find((r) => r.attachments?.length);

describe('dialogs/commands/move', () => {
  flowTests('move');

  describe('confirmation safety', () => {
    let h: TurnHarness;
    beforeEach(async () => {
      h = await makeTurnHarness();
    });
    afterEach(() => h?.close());
    const { plan } = proposalTurns(() => h);

    it('a blocked step shows the reason and the next step, without buttons', async () => {
      const card = (await plan('move pilot group to Lync 2013')).card;
      assert.equal(card.actions, undefined);
      assert.match(cardText(card), /^Move to Lync 2013: blocked/);
      assert.match(cardText(card), /Run "run coexistence tests for site Berlin" first \(or add "force"\)/);
    });
  });

  describe('several subjects: one plan card, one job', () => {
    let h: TurnHarness;
    before(async () => {
      h = await makeTurnHarness({ topology, inject: [{ op: 'moveLegacyUser', object: FAILS, code: 'USER_NOT_FOUND' }] });
    });
    after(() => h.close());

    it('plans "move A and B" as one proposal listing each subject, runs one job, then lists its failure with a retry', async () => {
      const plan = onlyCard(await h.turn(message(`move ${FAILS} and ${MOVES} to Lync 2013`)));
      const text = cardText(plan);
      assert.match(text, /^Move to Lync 2013: please confirm/);
      assert.match(text, new RegExp(`${FAILS.replace(/\./g, '\\.')}: 1 to move, 0 already there`));
      assert.match(text, new RegExp(`${MOVES.replace(/\./g, '\\.')}: 1 to move, 0 already there`));
      assert.match(text, /How many\n2 users/);
      invokeCard(await h.turn(execute('proposal.confirm', buttonData(plan, 'proposal.confirm'))));
      const jobs = await h.world.store.listJobs(5);
      const job = jobs[0];
      assert.equal(job.subject.kind, 'list');
      assert.equal(job.totalItems, 2);
      assert.equal((await h.finished(job.id)).state, 'completedWithErrors');

      const failures = onlyCard(await h.turn(message('show failed moves', 'alex')));
      const ft = cardText(failures);
      assert.match(ft, /^Failed items/);
      assert.match(ft, /Failures by reason\nuser does not exist\n1/);
      assert.match(ft, new RegExp(`Job ${job.id}: Move to Lync 2013 · .* — 1 failed \\(completed with errors\\)`));
      assert.deepEqual(buttonData(failures, 'job.retry'), { verb: 'job.retry', jobId: job.id, lang: 'en' });
      assert.match(ft, new RegExp(`Or type: retry job ${job.id}`));

      const german = cardText(onlyCard(await h.turn(message(`Fehler von Auftrag ${job.id}`, 'helga'))));
      assert.match(german, new RegExp(`^Fehlgeschlagene Elemente von Auftrag ${job.id}`));
      assert.match(german, /Benutzer existiert nicht: 1/);
      assert.doesNotMatch(german, /Fehlgeschlagene wiederholen/, 'no retry button for the helpdesk');
    });
  });

  describe('words the bot cannot place', () => {
    let h: TurnHarness;
    before(async () => {
      h = await makeTurnHarness({ topology });
    });
    after(() => h.close());

    it('a time it cannot keep is named back and nothing is planned, in the language written', async () => {
      const before = (await h.world.store.listAudit({ limit: 200 })).filter((e) => e.event === 'proposal.created').length;
      // A day without a time is asked about (times themselves are placed: see test/dialogs/when.test.ts).
      const [en] = textsOf(await h.turn(message('move site Munich to Lync 2013 tonight')));
      assert.match(en, /^"tonight": at what time\? .*Nothing was planned yet\./);
      const [de] = textsOf(await h.turn(message('Standort München heute Abend nach Lync 2013 verschieben')));
      assert.match(de, /^„heute Abend“: um wie viel Uhr\? .*Es wurde noch nichts geplant\./);
      const after = (await h.world.store.listAudit({ limit: 200 })).filter((e) => e.event === 'proposal.created').length;
      assert.equal(after, before, 'no proposal was created');
    });

    it('keeps "in the maintenance window" on the order, so the plan can say whether the site has one', () => {
      const munich = { intent: 'move', subject: { kind: 'site', site: 'Munich' }, target: 'lync2013', dryRun: false, inWindow: true };
      assert.deepEqual(recognize('move site Munich to Lync 2013 during the maintenance window', DEMO_CATALOG).command, munich);
      assert.deepEqual(recognize('Standort München im nächsten Wartungsfenster verschieben', DEMO_CATALOG).command, munich);
      assert.equal('inWindow' in recognize('move site Munich to Lync 2013', DEMO_CATALOG).command, false);
      assert.equal('inWindow' in recognize('status of the maintenance window', DEMO_CATALOG).command, false, 'only an order that can be scheduled keeps it');
    });

    it('an order negated or put off is named back and nothing is planned, in the language written', async () => {
      const created = async () => (await h.world.store.listAudit({ limit: 200 })).filter((e) => e.event === 'proposal.created').length;
      const before = await created();
      const en = await h.turn(message("don't move site Munich to Lync 2013"));
      assert.equal(en.length, 1);
      assert.match(
        textsOf(en)[0],
        /^I did not act on "don't move site Munich to Lync 2013": I could not place "don't" in a command, and I do not guess\. Nothing was planned; please say it another way\./,
      );
      assert.equal(onlyCardOrNone(en), undefined, 'no card, so nothing to confirm');
      const de = textsOf(await h.turn(message('Standort München noch nicht nach Lync 2013 verschieben', 'alex', 'de-DE')));
      assert.match(de[0], /^„Standort München noch nicht nach Lync 2013 verschieben“ habe ich nicht ausgeführt: „noch nicht“ konnte ich keinem Befehl zuordnen/);
      assert.equal(await created(), before, 'no proposal was created');
    });
  });

  describe('first impressions', function () {
    this.timeout(30_000);
    let h: TurnHarness;
    afterEach(() => h?.close());
    const { run } = proposalTurns(() => h);

    it('says plainly that all are already on Lync 2013, with the next step, when a move has nothing to do', async () => {
      h = await makeTurnHarness();
      await run('move pilot group to Lync 2013 force');
      const again = onlyCard(await h.turn(message('move pilot group to Lync 2013')));
      const shown = cardText(again);
      assert.match(shown, /^Move to Lync 2013: nothing to do\n/);
      const all = /All (\d+) are already on Lync Server 2013\./.exec(shown)?.[1];
      assert.ok(all && Number(all) >= 20, shown);
      assert.match(shown, /Next step: "status of site (Berlin|Munich)"\./);
      assert.doesNotMatch(shown, /dry run/i);
      assert.equal((again.actions ?? []).length, 0, 'nothing to confirm');

      const de = cardText(onlyCard(await h.turn(message('Verschiebe die Pilotgruppe nach Lync 2013', 'alex', 'de-DE'))));
      assert.match(de, /nichts zu tun/);
      assert.ok(de.includes(`Alle ${all} sind bereits auf Lync Server 2013.`), de);
      assert.doesNotMatch(de, /Probelauf/);
    });

    it('still calls a what-if a dry run', async () => {
      h = await makeTurnHarness();
      assert.match(cardText(onlyCard(await h.turn(message('what if I move site Munich to Lync 2013')))), /dry run: nothing will change/);
    });

    it('tells the demo\'s two Anna Kleins apart by their address on a real plan', async () => {
      h = await makeTurnHarness();
      const shown = cardText(onlyCard(await h.turn(message('what if I move site Munich to Lync 2013'))));
      assert.match(shown, /To move: [^\n]*Anna Klein \(anna\.klein@contoso\.com\), Anna Klein \(anna\.klein2@contoso\.com\)/, shown);
      assert.doesNotMatch(shown, /Anna Klein, Anna Klein/);
    });

    it('leads a blocked card with the reason and the next step', async () => {
      h = await makeTurnHarness();
      const lines = cardText(onlyCard(await h.turn(message('move pilot group to Lync 2013')))).split('\n');
      assert.equal(lines[0], 'Move to Lync 2013: blocked');
      assert.equal(lines[1], 'Coexistence at Berlin has not passed a test yet.');
      assert.equal(lines[2], 'Run "run coexistence tests for site Berlin" first (or add "force").');
      assert.ok(!lines.some((l) => /:\s*$/.test(l) && /blocked/i.test(l)), 'no "blocked:" with nothing after it');

      const de = cardText(onlyCard(await h.turn(message('Verschiebe die Pilotgruppe nach Lync 2013', 'alex', 'de-DE')))).split('\n');
      assert.match(de[0], /: blockiert$/);
      assert.match(de[1], /Berlin/);
      assert.match(de[2], /Koexistenztest|coexistence/i);
    });

    it('tells two people with the same display name apart by their address in "To move"', () => {
      const item = (key: string, label: string) => ({ kind: 'user' as const, key, label, site: 'Berlin', fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local' });
      const summary = {
        operation: 'move',
        subject: { kind: 'site', name: 'Berlin' },
        sites: ['Berlin'],
        dryRun: false,
        forced: false,
        blocked: false,
        gates: [],
        flows: [{ fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local', count: 3 }],
        alreadyThere: 0,
        unresolved: [],
        skipped: [],
        caveats: [],
        itemCount: 3,
        itemKinds: ['user'],
        previewItems: [item('anna.klein@contoso.com', 'Anna Klein'), item('anna.klein2@contoso.com', 'Anna Klein'), item('ben.fischer@contoso.com', 'Ben Fischer')],
      } as unknown as PlanSummary;
      const shown = cardText(planCard(summary, 'dryRun', 'en'));
      assert.match(shown, /To move: Anna Klein \(anna\.klein@contoso\.com\), Anna Klein \(anna\.klein2@contoso\.com\), Ben Fischer(\n|$)/, shown);
    });
  });
});

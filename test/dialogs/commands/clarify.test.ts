// clarify: "which one did you mean?" when two readings fit ("move Berlin", "end the pilot in Munich",
// "roll back Berlin"), in English and German with typed twins, through botbuilder's TestAdapter and
// the real bot; a pick runs its reading like typed words, for that caller only.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, cardOf, execute, invokeCard, message, onlyCard, submit, textsOf } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { PICKED, topology } from './helpers';

describe('dialogs/commands/clarify', () => {
  let h: TurnHarness;
  before(async () => {
    h = await makeTurnHarness({ topology });
  });
  after(() => h.close());

  describe('clarify', () => {
    it('"move Berlin" asks: the site, or the group Sales Berlin; picking the site shows its plan in place', async () => {
      const card = onlyCard(await h.turn(message('move Berlin')));
      const text = cardText(card);
      assert.match(text, /^Which one did you mean\?\n"move Berlin" can mean more than one thing\./);
      assert.match(text, /Move site Berlin to Lync 2013/);
      assert.match(text, /Move group Sales Berlin to Lync 2013/);
      assert.match(text, /- move site Berlin to Lync 2013\n- move group "Sales Berlin" to Lync 2013/);
      const picks = (card.actions as Array<{ title: string; data: Record<string, unknown> }>).map((a) => a.data);
      assert.equal(picks.length, 2);
      const plan = cardText(invokeCard(await h.turn(execute('clarify.pick', picks[0]))));
      assert.match(plan, /^Move to Lync 2013: blocked/);
      assert.match(plan, /What\nsite Berlin/);
    });

    it('asks in German with German typed twins, and a pick runs the reading for that caller only', async () => {
      const card = onlyCard(await h.turn(message('verschiebe Berlin', 'alex', 'en-US')));
      const text = cardText(card);
      assert.match(text, /^Was meinten Sie\?/);
      assert.match(text, /Gruppe Sales Berlin nach Lync 2013 verschieben/);
      assert.match(text, /- Verschiebe Gruppe „Sales Berlin“ nach Lync 2013/);
      const group = (card.actions as Array<{ data: Record<string, unknown> }>)[1].data;
      assert.deepEqual(textsOf(await h.turn(execute('clarify.pick', group, 'alice'))), ['Das dürfen leider nur Migrations-Admins. Die Anfrage wurde protokolliert.']);
      const plan = cardText(invokeCard(await h.turn(execute('clarify.pick', group))));
      assert.match(plan, /^Nach Lync 2013 verschieben: blockiert|^Verschieben nach Lync 2013: blockiert|blockiert/);
      assert.match(plan, /Gruppe Sales Berlin/);
    });

    it('a confirmable reading becomes a proposal whose card is tracked where the question was', async () => {
      const cardId = (await h.turn(message('move Berlin')))[0].id;
      assert.ok(cardId);
      const reading = { intent: 'move', subject: { kind: 'user', user: PICKED }, target: 'lync2013', dryRun: false };
      assert.deepEqual(await h.turn(submit({ verb: 'clarify.pick', choice: reading, lang: 'en' }, 'alex', cardId)), []);
      const plan = cardOf(h.adapter.updates.at(-1));
      assert.match(cardText(plan), /^Move to Lync 2013: please confirm/);
      const proposal = await h.world.store.getProposal(String(buttonData(plan, 'proposal.confirm').proposalId));
      assert.equal(proposal?.card?.activityId, cardId, 'in-place updates go to the clicked card');
    });

    it('a reading that answers with text leaves the choice on the card', async () => {
      const cardId = (await h.turn(message('move Berlin')))[0].id;
      const replies = await h.turn(submit({ verb: 'clarify.pick', choice: { intent: 'jobStatus', jobId: '999' }, lang: 'en' }, 'alex', cardId));
      assert.deepEqual(textsOf(replies), ['There is no job 999.']);
      assert.match(cardText(cardOf(h.adapter.updates.at(-1))), /You chose: status of job 999/);
    });

    it('"end the pilot in Munich" asks: sign the pilot off, or move the rest of the site (EN and DE, buttons and typed twins)', async () => {
      const card = onlyCard(await h.turn(message('end the pilot in Munich')));
      const text = cardText(card);
      assert.match(text, /^Which one did you mean\?\n"end the pilot in Munich" can mean more than one thing\./);
      assert.match(text, /Sign off the pilot at Munich/);
      assert.match(text, /Move site Munich to Lync 2013/);
      assert.match(text, /- sign off the pilot at site Munich\n- move site Munich to Lync 2013/);
      const picks = (card.actions as Array<{ data: Record<string, unknown> }>).map((a) => a.data);
      assert.deepEqual(picks.map((p) => (p.choice as { intent: string }).intent), ['signOffPilot', 'move']);
      const plan = cardText(invokeCard(await h.turn(execute('clarify.pick', picks[1]))));
      assert.match(plan, /^Move to Lync 2013/);
      assert.match(plan, /site Munich/);

      const de = cardText(onlyCard(await h.turn(message('Pilotphase in München beenden', 'alex', 'en-US'))));
      assert.match(de, /^Was meinten Sie\?/);
      assert.match(de, /Pilot in München abnehmen/);
      assert.match(de, /- Pilot für Standort München abnehmen\n/);
      assert.doesNotMatch(de, /Munich/, 'a German sentence says München');
      // Asked as a question it changes nothing: the runbook answers.
      assert.match(cardText(onlyCard(await h.turn(message('kann ich die Pilotphase in München beenden?', 'alex')))), /^Ablauf für Standort München/);
    });

    it('"roll back Berlin" asks: the site, or the group Sales Berlin', async () => {
      const card = onlyCard(await h.turn(message('roll back Berlin')));
      const text = cardText(card);
      assert.match(text, /^Which one did you mean\?/);
      assert.match(text, /Roll back site Berlin to OCS 2007 R2/);
      assert.match(text, /Roll back group Sales Berlin to OCS 2007 R2/);
      assert.match(text, /- roll back site Berlin\n- roll back group "Sales Berlin"/);
    });

    it('refuses a forged pick that is no reading', async () => {
      const replies = await h.turn(execute('clarify.pick', { verb: 'clarify.pick', choice: { intent: 'clarify', choices: [] } }));
      assert.match(textsOf(replies).join(' '), /no longer matches anything/);
    });
  });
});

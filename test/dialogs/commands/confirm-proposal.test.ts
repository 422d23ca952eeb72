// confirmProposal and its Cancel twin: a double click on Confirm queues and audits one job, a later
// Action.Submit retry shows the job in place; "confirm N" and "reject N" do what the buttons do,
// through botbuilder's TestAdapter and the real bot and job runner.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, cardOf, execute, message, onlyCard, submit } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { proposalTurns } from './helpers';

describe('dialogs/commands/confirm-proposal', () => {
  let h: TurnHarness;
  afterEach(() => h?.close());
  const { plan } = proposalTurns(() => h);

  describe('confirmation safety', () => {
    beforeEach(async () => {
      h = await makeTurnHarness();
    });

    it('a double click is confirmed and audited once; a later Action.Submit retry shows the job in place', async () => {
      const proposed = await plan('run coexistence tests for site Berlin');
      const click = execute('proposal.confirm', buttonData(proposed.card, 'proposal.confirm'));
      const replies = await h.turns(click, { ...click, id: 'second-click' });
      const cards = replies.filter((r) => r.type === 'invokeResponse').map((r) => cardText((r.value as { body: { value: unknown } }).body.value));
      assert.equal(cards.length, 2);
      assert.equal(cards.filter((t) => /^Queued as job 1/.test(t)).length, 1, 'exactly one click queued the job');
      assert.ok(cards.every((t) => /job 1/i.test(t)), 'both clicks show job 1');
      await h.finished('1');

      h.adapter.updates.length = 0;
      const retried = await h.turn(submit(buttonData(proposed.card, 'proposal.confirm'), 'alex', proposed.activityId));
      assert.deepEqual(retried, []);
      assert.equal(h.adapter.updates[0].id, proposed.activityId);
      assert.match(cardText(cardOf(h.adapter.updates[0])), /^Job 1: Coexistence test · Berlin/);
      assert.equal((await h.world.store.listJobs(10)).length, 1);
      const audit = await h.world.store.listAudit({ limit: 20 });
      assert.equal(audit.filter((e) => e.event === 'proposal.confirmed').length, 1);
      assert.ok(audit.some((e) => e.event === 'proposal.confirmRepeated'));
    });

    it('typed twins: "reject N" cancels a proposal, "confirm N" queues one', async () => {
      await plan('run coexistence tests for site Berlin');
      assert.match(cardText(onlyCard(await h.turn(message('reject 1')))), /^Cancelled: nothing was changed/);
      await plan('run coexistence tests for site Berlin');
      assert.match(cardText(onlyCard(await h.turn(message('bestätige 2')))), /^Als Auftrag 1 eingereiht/);
      assert.equal((await h.finished('1')).state, 'completed');
      assert.match(cardText(onlyCard(await h.turn(message('confirm 1')))), /^Cancelled/);
    });
  });
});

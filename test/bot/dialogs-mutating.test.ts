// Every command with side effects through botbuilder's TestAdapter and the real TeamsBot over the
// real conversation and job runner: plan card -> Confirm invoke -> queued card -> final card, and
// the ways a confirmation must not start anything twice, late, for the wrong person or on a dry run;
// then cancelling and retrying jobs from the card and by typed command.
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import type { AdaptiveCard } from '../../dialogs/types';
import { cardText } from '../helpers/turns/card-check';
import { buttonData, cardOf, execute, invokeCard, message, onlyCard, submit, textsOf, type Person } from '../helpers/turns/activities';
import { FLOWS } from '../helpers/turns/flows';
import { makeTurnHarness, type TurnHarness } from '../helpers/turns/harness';

const NOT_ADMIN_CLICK = 'Only migration admins can confirm or cancel this. Your click was recorded; nothing was changed.';
const NOT_ADMIN_CLICK_DE = 'Nur Migrations-Admins können das bestätigen oder abbrechen. Ihr Klick wurde protokolliert; es wurde nichts geändert.';
const verbs = (card: AdaptiveCard) => ((card.actions ?? []) as Array<{ verb?: string }>).map((a) => a.verb);

describe('bot dialogs through TestAdapter: commands with side effects', () => {
  let h: TurnHarness;
  afterEach(() => h?.close());

  async function plan(text: string, as: Person = 'alex'): Promise<{ card: AdaptiveCard; activityId?: string }> {
    const replies = await h.turn(message(text, as));
    return { card: onlyCard(replies), activityId: replies[0].id };
  }

  /** Clicks Confirm; returns the queued card from the invokeResponse and the job id it names. */
  async function confirm(card: AdaptiveCard, as: Person = 'alex'): Promise<{ card: AdaptiveCard; jobId: string }> {
    const replies = await h.turn(execute('proposal.confirm', buttonData(card, 'proposal.confirm'), as));
    assert.deepEqual(replies.map((r) => r.type), ['invokeResponse'], 'a confirmation answers with the invoke response only');
    const queued = invokeCard(replies);
    const jobId = /^(?:Queued as job|Als Auftrag) (\d+)/.exec(cardText(queued))?.[1];
    assert.ok(jobId, `a queued card, got ${cardText(queued)}`);
    return { card: queued, jobId };
  }

  async function runToEnd(text: string): Promise<string> {
    const { jobId } = await confirm((await plan(text)).card);
    assert.equal((await h.finished(jobId)).state, 'completed', `${text} completes`);
    return jobId;
  }

  describe('plan -> confirm -> queued -> final', () => {
    for (const flow of FLOWS) {
      it(flow.name, async () => {
        h = await makeTurnHarness();
        for (const step of flow.prepare ?? []) await runToEnd(step);
        const proposed = await plan(flow.say);
        const planText = cardText(proposed.card);
        for (const pattern of flow.plan) assert.match(planText, pattern);
        assert.deepEqual(verbs(proposed.card), ['proposal.confirm', 'proposal.cancel']);
        const proposalId = String(buttonData(proposed.card, 'proposal.confirm').proposalId);
        assert.equal((await h.world.store.getProposal(proposalId))?.card?.activityId, proposed.activityId, 'the posted plan card is tracked for updates');

        const queued = await confirm(proposed.card);
        assert.match(cardText(queued.card), new RegExp(`(Job|Auftrag) ${queued.jobId} (is queued|ist eingereiht)`));
        assert.deepEqual(verbs(queued.card), ['job.pause', 'job.cancel']);

        await h.finished(queued.jobId);
        const final = cardText(onlyCard(await h.turn(message(`status of job ${queued.jobId}`))));
        for (const pattern of flow.final) assert.match(final, pattern);
        const after = cardText(onlyCard(await h.turn(message(flow.then.say, flow.then.as ?? 'alex'))));
        for (const pattern of flow.then.has) assert.match(after, pattern);
      });
    }
  });

  describe('what if, refusals, expiry and double clicks start nothing extra', () => {
    for (const flow of FLOWS) {
      it(flow.name, async () => {
        h = await makeTurnHarness();
        for (const step of flow.prepare ?? []) await runToEnd(step);
        const jobs = async () => (await h.world.store.listJobs(50)).length;
        const before = await jobs();
        if (flow.dryRun) {
          const dry = (await plan(flow.dryRun.say)).card;
          assert.match(cardText(dry), flow.dryRun.title);
          assert.equal(dry.actions, undefined, 'a what-if card has no buttons');
        }
        const proposed = await plan(flow.say);
        const data = buttonData(proposed.card, 'proposal.confirm');
        // Buttons carry the language of their card; the answers to a click follow it.
        const german = data.lang === 'de';
        for (const person of ['helga', 'alice'] as const) {
          assert.deepEqual(textsOf(await h.turn(execute('proposal.confirm', data, person))), [german ? NOT_ADMIN_CLICK_DE : NOT_ADMIN_CLICK], `${person} is refused`);
        }
        const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
        try {
          const late = await plan(flow.say);
          clock.tick(15 * 60_000 + 1);
          const expired = invokeCard(await h.turn(execute('proposal.confirm', buttonData(late.card, 'proposal.confirm'))));
          assert.match(cardText(expired), german ? /^Diese Bestätigung ist abgelaufen/ : /^This confirmation has expired/);
          assert.equal(expired.actions, undefined);
        } finally {
          clock.restore();
        }
        assert.equal(await jobs(), before, 'nothing started so far');
        const click = execute('proposal.confirm', data);
        const replies = await h.turns(click, { ...click, id: 'the-same-click-again' });
        const queued = replies.filter((r) => r.type === 'invokeResponse').filter((r) => /^(Queued as job|Als Auftrag) \d+/.test(cardText((r.value as { body: { value: unknown } }).body.value)));
        assert.equal(queued.length, 1, 'one of two simultaneous clicks queues the job');
        assert.equal(await jobs(), before + 1);
      });
    }
  });

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

    it('refuses Confirm and Cancel clicks from the helpdesk and a user, records them, and leaves the proposal usable', async () => {
      const proposed = await plan('run coexistence tests for site Berlin');
      const data = buttonData(proposed.card, 'proposal.confirm');
      for (const person of ['helga', 'alice'] as const) {
        for (const verb of ['proposal.confirm', 'proposal.cancel']) {
          const replies = await h.turn(execute(verb, { ...data, verb }, person));
          assert.deepEqual(textsOf(replies), [NOT_ADMIN_CLICK]);
          assert.doesNotMatch(JSON.stringify(replies), /AdaptiveCard/, 'a refusal carries no card: the clicked card stays as it was');
        }
      }
      assert.equal((await h.world.store.listJobs(10)).length, 0);
      const audit = await h.world.store.listAudit({ limit: 20 });
      for (const event of ['proposal.confirmRefused', 'proposal.cancelRefused']) {
        assert.deepEqual(audit.filter((e) => e.event === event).map((e) => e.actor.role).sort(), ['helpdesk', 'user'], event);
      }
      const { jobId } = await confirm(proposed.card, 'erin');
      assert.equal(jobId, '1');
    });

    it('refuses a typed mutating command from a non-admin in the language written in', async () => {
      assert.deepEqual(textsOf(await h.turn(message('move pilot group to Lync 2013', 'alice', 'de-DE'))), ['Sorry, only migration admins can do that. The request was recorded.']);
      assert.deepEqual(textsOf(await h.turn(message('Verschiebe die Pilotgruppe nach Lync 2013', 'helga'))), ['Das dürfen leider nur Migrations-Admins. Die Anfrage wurde protokolliert.']);
      assert.equal((await h.world.store.listAudit({ limit: 10 })).filter((e) => e.event === 'command.refused').length, 2);
    });

    it('a blocked step shows the reason and the next step, without buttons', async () => {
      const card = (await plan('move pilot group to Lync 2013')).card;
      assert.equal(card.actions, undefined);
      assert.match(cardText(card), /^Move to Lync 2013: blocked/);
      assert.match(cardText(card), /Run "run coexistence tests for site Berlin" first \(or add "force"\)/);
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

  describe('cancel and retry jobs', () => {
    it('Cancel job on the card stops a queued site move; the helpdesk cannot', async () => {
      h = await makeTurnHarness({ startRunner: false });
      await h.turn(message('resolve problem 1'));
      await h.turn(message('sign off the pilot at site Munich'));
      const { card: queued, jobId } = await confirm((await plan('move site Munich to Lync 2013')).card);
      const cancel = buttonData(queued, 'job.cancel');

      const refused = await h.turn(execute('job.cancel', cancel, 'helga'));
      assert.deepEqual(textsOf(refused), [NOT_ADMIN_CLICK]);
      assert.doesNotMatch(JSON.stringify(refused), /AdaptiveCard/, 'a refusal carries no card');
      assert.equal((await h.world.store.getJob(jobId))?.state, 'queued');

      const replies = await h.turn(execute('job.cancel', cancel));
      assert.deepEqual(textsOf(replies), [`Job ${jobId} is being cancelled: nothing new starts, items in flight finish.`]);
      assert.match(cardText(invokeCard(replies)), /State\ncancelling/);
      h.world.runner.start();
      assert.equal((await h.finished(jobId)).state, 'cancelled');
      assert.deepEqual(await h.world.backend.moves(), []);
      const final = cardText(onlyCard(await h.turn(message(`status of job ${jobId}`))));
      assert.match(final, /State\ncancelled/);
      assert.match(final, /Cancelled\n255/);
      assert.deepEqual(textsOf(await h.turn(message(`cancel job ${jobId}`))), [`Job ${jobId} is cancelled; there is nothing to cancel.`]);
    });

    it('"Auftrag N abbrechen" cancels by typed command, in German', async () => {
      h = await makeTurnHarness({ startRunner: false });
      await h.turn(message('resolve problem 1'));
      await h.turn(message('sign off the pilot at site Munich'));
      const { jobId } = await confirm((await plan('move site Munich to Lync 2013')).card);
      const replies = await h.turn(message(`Auftrag ${jobId} abbrechen`));
      assert.deepEqual(textsOf(replies), [`Auftrag ${jobId} wird abgebrochen: nichts Neues startet, laufende Einträge werden beendet.`]);
      assert.match(cardText(onlyCard(replies)), /^Auftrag \d+: Umzug nach Lync 2013/);
      h.world.runner.start();
      assert.equal((await h.finished(jobId)).state, 'cancelled');
    });

    it('Retry failed requeues what failed; the job then completes and nothing is left to retry', async () => {
      h = await makeTurnHarness({ inject: [{ op: 'moveLegacyUser', object: 'alice@contoso.com', code: 'LEGACY_CONFIG_NOT_IMPORTED', times: 1 }] });
      await runToEnd('run coexistence tests for site Berlin');
      const { jobId } = await confirm((await plan('move pilot group to Lync 2013')).card);
      assert.equal((await h.finished(jobId)).state, 'completedWithErrors');
      const failedCard = onlyCard(await h.turn(message(`status of job ${jobId}`)));
      assert.match(cardText(failedCard), /Failed\n1/);
      assert.match(cardText(failedCard), /legacy configuration not imported \(run Import-CsLegacyConfiguration\): 1 \(Alice Schulz\)/);
      const retry = buttonData(failedCard, 'job.retry');

      const refused = await h.turn(execute('job.retry', retry, 'helga'));
      assert.match(textsOf(refused)[0], /^Only migration admins/);

      const replies = await h.turn(execute('job.retry', retry));
      assert.deepEqual(textsOf(replies), [`Job ${jobId}: 1 failed item(s) queued again.`]);
      invokeCard(replies);
      assert.equal((await h.finished(jobId, 2)).state, 'completed');
      assert.match(cardText(onlyCard(await h.turn(message('have I been migrated?', 'alice')))), /You are on Lync Server 2013/);
      assert.deepEqual(textsOf(await h.turn(message(`retry job ${jobId}`))), [`Job ${jobId} has no failed items to retry.`]);
    });

    it('"retry job N" while the job still runs says to wait', async () => {
      h = await makeTurnHarness({ startRunner: false });
      await h.turn(message('resolve problem 1'));
      await h.turn(message('sign off the pilot at site Munich'));
      const { jobId } = await confirm((await plan('move site Munich to Lync 2013')).card);
      assert.deepEqual(textsOf(await h.turn(message(`retry job ${jobId}`))), [`Job ${jobId} is still running; retry its failed items when it has finished.`]);
    });
  });
});

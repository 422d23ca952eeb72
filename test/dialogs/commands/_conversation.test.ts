// What holds across commands, through botbuilder's TestAdapter and the real bot: @mentions in a
// channel, card actions and submits that match no button, the admin-only rule for Confirm, Cancel
// and typed commands with side effects, and plan cards that show pools only for real moves.
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, execute, invokeResponseOf, mention, message, onlyCard, submit, textsOf } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { NOT_ADMIN_CLICK, proposalTurns, useReadHarness } from './helpers';

describe('dialogs: the conversation across commands', () => {
  describe('reads', () => {
    const h = useReadHarness();

    describe('@mentions in a channel', () => {
      it('answers "<at>LyncOps</at> help" with the help card and keeps the channel reference', async () => {
        const card = onlyCard(await h.turn(mention('help')));
        assert.match(cardText(card), /^What I can do/);
        assert.ok(await h.world.store.getConversationRef('conversation:channel-1'), 'channel reference stored under the conversation');
      });

      it('strips the mention before recognising German or a site', async () => {
        assert.match(cardText(onlyCard(await h.turn(mention('Hilfe', 'helga')))), /^Was ich kann/);
        assert.match(cardText(onlyCard(await h.turn(mention('status of site Berlin', 'helga')))), /^Site Berlin/);
      });
    });

    describe('Action.Execute (invoke adaptiveCard/action)', () => {
      it('answers a button that matches nothing with a polite message and no card', async () => {
        const replies = await h.turn(execute('job.refresh', { verb: 'job.refresh', jobId: 'DROP TABLE' }));
        const { status, body } = invokeResponseOf(replies);
        assert.equal(status, 200);
        assert.equal(body.type, 'application/vnd.microsoft.activity.message');
        assert.match(String(body.value), /no longer matches anything/);
        assert.deepEqual(textsOf(replies), [String(body.value)]);
      });

      it('refuses an invoke that is no Action.Execute with 400', async () => {
        const invalid: Partial<Activity> = { ...execute('job.refresh', {}), value: { action: { type: 'Action.Submit', data: {} } } };
        const { status, body } = invokeResponseOf(await h.turn(invalid));
        assert.equal(status, 400);
        assert.equal(body.type, 'application/vnd.microsoft.error');
      });
    });

    describe('Action.Submit fallback (message whose value is the button data)', () => {
      it('answers submitted data that is no button of ours politely', async () => {
        const replies = await h.turn(submit({ verb: 'job.refresh' }, 'alex'));
        assert.deepEqual(textsOf(replies).map((t) => /no longer matches anything/.test(t)), [true]);
      });
    });
  });

  describe('confirmation safety', () => {
    let h: TurnHarness;
    beforeEach(async () => {
      h = await makeTurnHarness();
    });
    afterEach(() => h?.close());
    const { plan, confirm } = proposalTurns(() => h);

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
  });

  describe('plan cards', function () {
    this.timeout(30_000);
    let h: TurnHarness;
    afterEach(() => h?.close());

    it('shows no "From → To" row for checks or a pool being retired', async () => {
      h = await makeTurnHarness();
      const coexistence = cardText(onlyCard(await h.turn(message('run coexistence tests for site Berlin'))));
      assert.doesNotMatch(coexistence, /From → To/, coexistence);
      const decommission = cardText(onlyCard(await h.turn(message('decommission legacy pool at site Hamburg'))));
      assert.match(decommission, /Decommission legacy pool/);
      assert.doesNotMatch(decommission, /From → To/, decommission);
      const move = cardText(onlyCard(await h.turn(message('move pilot group to Lync 2013 force'))));
      assert.match(move, /From → To\nocs-ber\.contoso\.local → lync-ber\.contoso\.local \(\d+\)/, 'a real move still shows its pools');
    });
  });
});

// The conversation end to end on the real store, simulator and runner: read commands per role
// and language, and the propose -> confirm -> queued -> final flow with its refusals.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { AdaptiveCard } from '../../dialogs/types';
import { cardText, replyCard } from '../helpers/turns/card-check';
import { ALEX, ALICE, ERIN, HELGA, makeWorld, type World } from '../helpers/world';

function confirmData(card: AdaptiveCard): Record<string, unknown> {
  const action = (card.actions as Array<{ verb?: string; data: Record<string, unknown> }>).find((a) => a.verb === 'proposal.confirm');
  assert.ok(action, 'the card has a Confirm button');
  return action.data;
}

describe('dialogs/conversation', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.close());

  describe('read commands', () => {
    it('takes the pilot group from PILOT_GROUP: membership on user status and "accept the pilot" name it', async () => {
      const other = await makeWorld({ pilotGroup: 'Finance' });
      try {
        const member = other.topology.groups.find((g) => g.name === 'Finance')!.members[0];
        assert.match(cardText(replyCard(await other.say(`is ${member} migrated?`))), /Pilot group\s+yes/);
        assert.match(cardText(replyCard(await other.say('have I been migrated?', ALICE))), /Pilot group\s+no/);
        assert.match((await other.say('accept Finance in Munich'))[0].text ?? '', /pilot at Munich/);
        assert.doesNotMatch((await w.say('accept Finance in Munich'))[0].text ?? '', /pilot at Munich/);
      } finally {
        await other.close();
      }
    });

    it('site status names Berlin, its phase, both pools, blockers and the next step (EN and DE)', async () => {
      const en = cardText(replyCard(await w.say('status of site Berlin')));
      assert.match(en, /Site Berlin/);
      assert.match(en, /side-by-side/);
      assert.match(en, /ocs-ber\.contoso\.local/);
      assert.match(en, /lync-ber\.contoso\.local/);
      assert.match(en, /run coexistence tests for site Berlin/);
      const de = cardText(replyCard(await w.say('Status von Standort München', HELGA)));
      assert.match(de, /Standort München/);
      assert.doesNotMatch(de, /Munich/, 'German sentences say München');
      assert.match(de, /Pilotphase/);
      assert.match(de, /lync-muc\.contoso\.local/);
    });

    it('lists sites with derived phases for admins and helpdesk, and refuses pilot users politely', async () => {
      const text = cardText(replyCard(await w.say('list sites', HELGA)));
      for (const s of ['Berlin', 'Munich', 'Hamburg', 'Frankfurt']) assert.ok(text.includes(s));
      assert.match(text, /migrated/);
      const refused = await w.say('list sites', ALICE);
      assert.match(refused[0].text ?? '', /admins and the helpdesk/);
      const refusedDe = await w.say('Standorte anzeigen', ALICE);
      assert.match(refusedDe[0].text ?? '', /Helpdesk vorbehalten/);
    });

    it('answers a pilot user about themselves only, in the language they wrote in', async () => {
      const de = cardText(replyCard(await w.say('bin ich schon migriert?', ALICE)));
      assert.match(de, /Sie sind noch auf OCS 2007 R2/);
      assert.match(de, /ocs-ber\.contoso\.local/);
      assert.match(de, /Pilotgruppe\s+ja/);
      const en = cardText(replyCard(await w.say('have I been migrated?', ALICE)));
      assert.match(en, /still on OCS 2007 R2/);
      const other = await w.say('is bob@contoso.com migrated?', ALICE);
      assert.match(other[0].text ?? '', /ask about yourself/);
      const self = cardText(replyCard(await w.say('is alice@contoso.com migrated?', ALICE)));
      assert.match(self, /Your migration status/);
    });

    it('lets the helpdesk look up anyone; an unknown user gets a clear answer', async () => {
      const bob = cardText(replyCard(await w.say('is bob@contoso.com migrated?', HELGA)));
      assert.match(bob, /Lync Server 2013/);
      assert.match(bob, /lync-muc\.contoso\.local/);
      const ghost = await w.say('is nobody@contoso.com migrated?', HELGA);
      assert.match(ghost[0].text ?? '', /do not know a Lync user nobody@contoso.com/);
    });

    it('shows help filtered by role', async () => {
      const admin = cardText(replyCard(await w.say('help')));
      assert.match(admin, /move pilot group to Lync 2013/);
      const user = cardText(replyCard(await w.say('hilfe', ALICE)));
      assert.match(user, /bin ich schon migriert/);
      assert.ok(!/Pilotgruppe nach Lync 2013/.test(user), 'a user does not see admin commands');
    });

    it('answers unknown text with a did-you-mean, and unresolved sites with known sites', async () => {
      const unknown = await w.say('make me a sandwich');
      assert.match(unknown[0].text ?? '', /did not understand/);
      assert.match(unknown[0].text ?? '', /You could try/);
      const atlantis = await w.say('status of site Atlantis');
      assert.match(atlantis[0].text ?? '', /no site Atlantis/);
      assert.match(atlantis[0].text ?? '', /Berlin, Munich, Hamburg, Frankfurt/);
    });
  });

  describe('propose and confirm', () => {
    it('blocks the pilot move until coexistence passed, with the next step', async () => {
      const card = replyCard(await w.say('move pilot group to Lync 2013'));
      assert.equal(card.actions, undefined);
      assert.match(cardText(card), /blocked/);
      assert.match(cardText(card), /run coexistence tests for site Berlin/);
    });

    it('runs coexistence -> confirm -> queued -> final card, then the pilot move shows users on Lync', async () => {
      const plan = replyCard(await w.say('run coexistence tests for site Berlin'));
      const queued = await w.click(confirmData(plan));
      assert.match(cardText(queued.card), /Queued as job 1/);
      await w.observer.whenFinished('1');
      const final = await w.conversation.jobCard('1', 'en');
      assert.match(cardText(final), /9 of 9 checks passed/);

      const move = replyCard(await w.say('move pilot group to Lync 2013'));
      assert.match(cardText(move), /please confirm/);
      assert.match(cardText(move), /Communicator 2007 R2/);
      const started = await w.click(confirmData(move));
      assert.match(cardText(started.card), /Queued as job 2/);
      await w.observer.whenFinished('2');
      const done = cardText(await w.conversation.jobCard('2', 'en'));
      assert.match(done, /completed/);
      const status = cardText(replyCard(await w.say('status of site Berlin')));
      assert.match(status, /pilot/);
      const alice = cardText(replyCard(await w.say('have I been migrated?', ALICE)));
      assert.match(alice, /You are on Lync Server 2013/);
    });

    it('decommissions Hamburg after showing each prerequisite, then refuses rollback there with the reason', async () => {
      const plan = replyCard(await w.say('decommission legacy pool at site Hamburg'));
      const text = cardText(plan);
      assert.match(text, /no users left on the OCS pool/);
      assert.match(text, /conference directories moved/);
      assert.match(text, /dial-in breaks/);
      await w.click(confirmData(plan));
      assert.equal((await w.observer.whenFinished('1')).state, 'completed');
      const status = cardText(replyCard(await w.say('status of site Hamburg')));
      assert.match(status, /decommissioned/);
      const rollback = replyCard(await w.say('roll back helga@contoso.com force'));
      assert.match(cardText(rollback), /blocked/);
      assert.match(cardText(rollback), /rollback is no longer possible/);
      assert.equal(rollback.actions, undefined);
    });

    it('a double click or a retried invoke starts exactly one job and shows the current state', async () => {
      const plan = replyCard(await w.say('run coexistence tests for site Berlin'));
      const data = confirmData(plan);
      const [a, b] = await Promise.all([w.click(data), w.click(data)]);
      const c = await w.click(data);
      assert.equal((await w.store.listJobs(10)).length, 1);
      const texts = [a, b, c].map((r) => cardText(r.card));
      assert.equal(texts.filter((t) => /Queued as job 1/.test(t)).length, 1);
      assert.ok(texts.every((t) => /job 1/i.test(t)));
    });

    it('refuses and audits a click from a non-admin; nothing starts', async () => {
      const plan = replyCard(await w.say('run coexistence tests for site Berlin'));
      const result = await w.click(confirmData(plan), ALICE);
      assert.match(result.replies?.[0].text ?? '', /Only migration admins/);
      assert.equal((await w.store.listJobs(10)).length, 0);
      const audit = await w.store.listAudit({ limit: 10 });
      assert.ok(audit.some((e) => e.event === 'proposal.confirmRefused' && e.outcome === 'refused' && e.actor.id === ALICE.id));
    });

    it('an expired proposal starts nothing and says so', async () => {
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      try {
        const plan = replyCard(await w.say('run coexistence tests for site Berlin'));
        clock.tick(16 * 60_000);
        const result = await w.click(confirmData(plan));
        assert.match(cardText(result.card), /expired/);
        assert.equal((await w.store.listJobs(10)).length, 0);
      } finally {
        clock.restore();
      }
    });

    it('a cancelled proposal cannot be confirmed afterwards', async () => {
      const plan = replyCard(await w.say('run coexistence tests for site Berlin'));
      const data = confirmData(plan);
      const cancelled = await w.click({ ...data, verb: 'proposal.cancel' });
      assert.match(cardText(cancelled.card), /Cancelled: nothing was changed/);
      const confirm = await w.click(data);
      assert.match(cardText(confirm.card), /Cancelled/);
      assert.equal((await w.store.listJobs(10)).length, 0);
    });

    it('a dry run shows the plan without buttons and changes nothing', async () => {
      await w.say('resolve problem 1');
      assert.match((await w.say('sign off the pilot at site Munich'))[0].text ?? '', /signed off/);
      const card = replyCard(await w.say('what if I move site Munich'));
      assert.equal(card.actions, undefined);
      assert.match(cardText(card), /dry run/);
      assert.equal((await w.backend.moves()).length, 0);
    });

    it('rejects malformed card data politely and audits it', async () => {
      for (const data of [null, 'x', [], { verb: 'proposal.confirm' }, { verb: 'proposal.confirm', proposalId: '1; drop' }, { verb: 'nope', proposalId: '1' }, { __proto__: { admin: true }, verb: 'job.cancel', jobId: 'x' }]) {
        const result = await w.click(data);
        assert.equal(result.card, undefined);
        assert.match(result.replies?.[0].text ?? '', /no longer matches/);
      }
      assert.equal((await w.store.listJobs(10)).length, 0);
    });

    it('a refresh (trigger automatic) never acts', async () => {
      const plan = replyCard(await w.say('run coexistence tests for site Berlin'));
      const result = await w.click(confirmData(plan), ALEX, { trigger: 'automatic' });
      assert.deepEqual(result, {});
      assert.equal((await w.store.listJobs(10)).length, 0);
    });
  });

  describe('second approver', () => {
    it('needs a second admin for a site-wide move when configured', async () => {
      await w.close();
      w = await makeWorld({ requireSecondApprover: true });
      await w.say('resolve problem 1');
      await w.say('sign off the pilot at site Munich');
      const plan = replyCard(await w.say('move site Munich to Lync 2013'));
      const data = confirmData(plan);
      const first = await w.click(data, ALEX);
      assert.match(cardText(first.card), /second admin/);
      const again = await w.click(data, ALEX);
      assert.match(cardText(again.card), /already confirmed/);
      assert.equal((await w.store.listJobs(10)).length, 0);
      const second = await w.click(data, ERIN);
      assert.match(cardText(second.card), /Queued as job 1/);
    });
  });
});

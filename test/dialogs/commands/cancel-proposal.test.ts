// cancelProposal ("reject 12" / "ablehnen 12"): the typed twin of a plan card's Cancel button,
// recognised in both languages apart from cancelling a job; an admin cancels a pending plan (which
// then starts nothing), an unknown or confirmed one is named as such; others change nothing.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { cardText, soleCard, soleText } from '../../helpers/turns/card-check';
import { ALEX, ALICE, ERIN, HELGA, useWorld } from '../../helpers/world';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';
import { proposeByChat } from './helpers';

describe('dialogs/commands/cancel-proposal', () => {
  describe('recognition', () => {
    const rows: Array<[string, string, 'en' | 'de']> = [
      ['reject 12', '12', 'en'],
      ['reject proposal 12', '12', 'en'],
      ['ablehnen 12', '12', 'de'],
      ['verwerfen 12', '12', 'de'],
      ['cancel proposal 12', '12', 'en'],
      ['please reject 7', '7', 'en'],
      ['Vorschlag 12 verwerfen', '12', 'de'],
    ];
    readsAs(
      rows.map(([text, proposalId, lang]) => ({ text, lang, command: { intent: 'cancelProposal', proposalId }, title: `"${text}" cancels proposal ${proposalId}` })),
    );

    it('leaves cancelling a job and confirming a proposal as they were', () => {
      assert.deepEqual(recognize('cancel job 12', DEMO_CATALOG).command, { intent: 'cancelJob', jobId: '12' });
      assert.deepEqual(recognize('cancel 12', DEMO_CATALOG).command, { intent: 'cancelJob', jobId: '12' });
      assert.deepEqual(recognize('accept 12', DEMO_CATALOG).command, { intent: 'confirmProposal', proposalId: '12' });
      assert.notEqual(recognize('reject', DEMO_CATALOG).command.intent, 'cancelProposal', 'no id, no cancel');
    });
  });

  describe('through the conversation', () => {
    const w = useWorld({ startRunner: false });

    const propose = (text?: string) => proposeByChat(w, text);

    it('cancels a pending plan in English: the card names who, the proposal is cancelled and confirming it starts nothing', async () => {
      const id = await propose();
      const text = cardText(soleCard(await w.say(`reject ${id}`)));
      assert.match(text, /^Cancelled: nothing was changed\nCoexistence test: site Berlin \(\d+\)\nCancelled by Alex Wilber\. Nothing was changed\.$/);
      const proposal = await w.store.getProposal(id);
      assert.equal(proposal?.state, 'cancelled');
      assert.equal(proposal?.cancelledBy?.name, 'Alex Wilber');
      const audit = (await w.store.listAudit({ limit: 50 })).filter((e) => e.event === 'proposal.cancelled' && e.target === id);
      assert.equal(audit.length, 1);

      // Cancelling again shows the same state; the later Confirm queues nothing.
      assert.match(cardText(soleCard(await w.say(`reject proposal ${id}`, ERIN))), /^Cancelled: nothing was changed[\s\S]*Cancelled by Alex Wilber/);
      assert.match(cardText(soleCard(await w.say(`confirm ${id}`))), /^Cancelled/);
      assert.deepEqual(await w.store.listJobs(10), []);
    });

    it('cancels in German with the German card', async () => {
      const id = await propose('Koexistenztest für Standort Hamburg');
      const text = cardText(soleCard(await w.say(`verwerfen ${id}`, ERIN, 'de-DE')));
      assert.match(text, /^Abgebrochen: es wurde nichts geändert\nKoexistenztest: Standort Hamburg \(\d+\)\nAbgebrochen von Erin Hartmann\. Es wurde nichts geändert\.$/);
      assert.equal((await w.store.getProposal(id))?.state, 'cancelled');
    });

    it('names an unknown proposal and audits the attempt; a confirmed one answers with its job', async () => {
      assert.equal(soleText(await w.say('reject 99')), 'There is no confirmation 99. Nothing was changed.');
      assert.equal(soleText(await w.say('ablehnen 98', ALEX, 'de-DE')), 'Es gibt keine Bestätigung 98. Es wurde nichts geändert.');
      const unknown = (await w.store.listAudit({ limit: 50 })).filter((e) => e.event === 'proposal.cancelUnknown').map((e) => e.target);
      assert.deepEqual(unknown.sort(), ['98', '99']);

      const id = await propose();
      const queued = await w.say(`confirm ${id}`);
      const jobId = (await w.store.getProposal(id))?.jobId;
      assert.ok(jobId, JSON.stringify(queued).slice(0, 300));
      const text = cardText(soleCard(await w.say(`reject ${id}`)));
      assert.match(text, new RegExp(`^Job ${jobId}: Coexistence test · Berlin`));
      assert.equal((await w.store.getProposal(id))?.state, 'confirmed');
      assert.equal((await w.store.getJob(jobId))?.state, 'queued', 'the job is left alone');
    });

    it('refuses the helpdesk and a pilot user: the plan stays pending and can still be confirmed', async () => {
      const id = await propose();
      assert.equal(soleText(await w.say(`reject ${id}`, HELGA)), 'Sorry, only migration admins can do that. The request was recorded.');
      assert.equal(soleText(await w.say(`ablehnen ${id}`, ALICE, 'de-DE')), 'Das dürfen leider nur Migrations-Admins. Die Anfrage wurde protokolliert.');
      const proposal = await w.store.getProposal(id);
      assert.equal(proposal?.state, 'pending');
      assert.equal(proposal?.cancelledBy, undefined);
      const audit = await w.store.listAudit({ limit: 50 });
      assert.equal(audit.filter((e) => e.event === 'proposal.cancelled').length, 0);
      assert.deepEqual(
        audit.filter((e) => e.event === 'command.refused').map((e) => e.actor.name).sort(),
        ['Alice Schulz', 'Helga Lorenz'],
      );
      assert.match(cardText(soleCard(await w.say(`confirm ${id}`))), /^Queued as job \d+/);
    });
  });
});

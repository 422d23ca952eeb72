// proposalStatus ("show proposal 12" / "Vorschlag 12 anzeigen"): a plan waiting for confirmation
// as it stands, changing nothing; it is also the answer to a question about confirming or
// rejecting one ("can I confirm 12?", "soll ich 12 bestätigen?"), which never confirms.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { cardText, soleCard, soleText } from '../../helpers/turns/card-check';
import { ERIN, HELGA, useWorld } from '../../helpers/world';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';
import { proposeByChat } from './helpers';

describe('dialogs/commands/proposal-status', () => {
  describe('recognition', () => {
    const rows: Array<[string, 'en' | 'de']> = [
      ['show proposal 12', 'en'],
      ['status of proposal 12', 'en'],
      ['confirm 12?', 'en'],
      ['can I confirm 12?', 'en'],
      ['should I reject 12?', 'en'],
      ['Vorschlag 12 anzeigen', 'de'],
      ['soll ich 12 bestätigen?', 'de'],
    ];
    readsAs(rows.map(([text, lang]) => ({ text, lang, command: { intent: 'proposalStatus', proposalId: '12' }, title: `"${text}" shows proposal 12` })));

    it('an order, also a polite one with a question mark, still confirms or rejects', () => {
      assert.deepEqual(recognize('confirm 12', DEMO_CATALOG).command, { intent: 'confirmProposal', proposalId: '12' });
      assert.deepEqual(recognize('kannst du 12 bestätigen?', DEMO_CATALOG).command, { intent: 'confirmProposal', proposalId: '12' });
      assert.deepEqual(recognize('reject 12', DEMO_CATALOG).command, { intent: 'cancelProposal', proposalId: '12' });
      assert.deepEqual(recognize('cancel proposal 12', DEMO_CATALOG).command, { intent: 'cancelProposal', proposalId: '12' });
    });
  });

  describe('through the conversation', () => {
    const w = useWorld({ startRunner: false });

    const propose = (text?: string) => proposeByChat(w, text);

    it('a question about confirming shows the pending plan with its buttons and starts nothing', async () => {
      const id = await propose();
      const card = soleCard(await w.say(`can I confirm ${id}?`));
      assert.match(cardText(card), /^Coexistence test: please confirm\n/);
      assert.match(cardText(card), new RegExp(`Or type: confirm ${id} / reject ${id}`));
      assert.deepEqual(
        card.actions?.map((a) => a.title),
        ['Confirm', 'Cancel'],
      );
      assert.equal((await w.store.getProposal(id))?.state, 'pending');
      assert.deepEqual(await w.store.listJobs(10), []);
      assert.match(cardText(soleCard(await w.say(`soll ich ${id} ablehnen?`, ERIN, 'de-DE'))), /^Koexistenztest: bitte bestätigen\n/);
      assert.equal((await w.store.getProposal(id))?.state, 'pending');
    });

    it('shows a cancelled plan as cancelled, a confirmed one as its job, and names an unknown one', async () => {
      const cancelled = await propose();
      await w.say(`reject ${cancelled}`);
      assert.match(cardText(soleCard(await w.say(`show proposal ${cancelled}`))), /^Cancelled: nothing was changed\n[\s\S]*Cancelled by Alex Wilber/);

      const confirmed = await propose('run coexistence tests for site Hamburg');
      await w.say(`confirm ${confirmed}`);
      const jobId = (await w.store.getProposal(confirmed))?.jobId;
      assert.ok(jobId);
      assert.match(cardText(soleCard(await w.say(`status of proposal ${confirmed}`))), new RegExp(`Job ${jobId}`));

      assert.equal(soleText(await w.say('show proposal 99')), 'There is no confirmation 99. Nothing was changed.');
      assert.equal(soleText(await w.say('show proposal 99', HELGA)), 'Sorry, only migration admins can do that. The request was recorded.');
    });
  });
});

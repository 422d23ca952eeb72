// jobStatus: the card of job N for admins and the helpdesk in English and German whatever the locale,
// through botbuilder's TestAdapter and the real bot, and its Refresh button: Action.Execute (the
// invokeResponse carries the card, in the button's language) and the Action.Submit fallback.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { cardOf, execute, invokeCard, invokeResponseOf, message, onlyCard, submit } from '../../helpers/turns/activities';
import { bi, readCommandTests, type ReadCase, useReadHarness } from './helpers';

const JOB_STATUS: ReadCase = {
  intent: 'jobStatus',
  say: { en: 'status of job 1', de: 'Status von Auftrag 1' },
  roles: ['admin', 'helpdesk'],
  expect: (_p, lang) => ({
    has: [bi(/^Job 1: Coexistence test · Munich/, /^Auftrag 1: Koexistenztest · München/)(lang), bi(/9 of 9 checks passed/, /9 von 9 Prüfungen bestanden/)(lang)],
  }),
};

describe('dialogs/commands/job-status', () => {
  const h = useReadHarness();

  readCommandTests(JOB_STATUS, () => h);

  describe('Action.Execute (invoke adaptiveCard/action)', () => {
    it('answers a refresh click with an invokeResponse whose body carries the current job card, and posts nothing else', async () => {
      const replies = await h.turn(execute('job.refresh', { verb: 'job.refresh', jobId: '1', lang: 'en' }));
      assert.deepEqual(replies.map((r) => r.type), ['invokeResponse']);
      const { body } = invokeResponseOf(replies);
      assert.equal(body.statusCode, 200);
      assert.match(cardText(invokeCard(replies)), /^Job 1: Coexistence test · Munich/);
    });

    it('renders in the language the button carries, not the locale', async () => {
      const card = invokeCard(await h.turn(execute('job.refresh', { verb: 'job.refresh', jobId: '1', lang: 'de' }, 'helga', { locale: 'en-US' })));
      assert.match(cardText(card), /^Auftrag 1: Koexistenztest · München/);
    });

    it('an automatic refresh only returns the card', async () => {
      const replies = await h.turn(execute('job.refresh', { verb: 'job.refresh', jobId: '1' }, 'alex', { trigger: 'automatic' }));
      assert.deepEqual(replies.map((r) => r.type), ['invokeResponse']);
      assert.match(cardText(invokeCard(replies)), /completed/);
    });
  });

  describe('Action.Submit fallback (message whose value is the button data)', () => {
    it('updates the clicked card in place and sends no new message', async () => {
      const posted = await h.turn(message('status of job 1', 'helga'));
      const cardId = posted[0].id;
      assert.ok(cardId, 'the posted card has an activity id');
      h.adapter.updates.length = 0;
      const replies = await h.turn(submit({ verb: 'job.refresh', jobId: '1', lang: 'en' }, 'helga', cardId));
      assert.deepEqual(replies, []);
      assert.equal(h.adapter.updates.length, 1);
      assert.equal(h.adapter.updates[0].id, cardId);
      assert.match(cardText(cardOf(h.adapter.updates[0])), /^Job 1: Coexistence test · Munich/);
    });

    it('sends the card anew when the client did not say which card was clicked', async () => {
      h.adapter.updates.length = 0;
      const replies = await h.turn(submit({ verb: 'job.refresh', jobId: '1', lang: 'de' }, 'alex'));
      assert.equal(h.adapter.updates.length, 0);
      assert.match(cardText(onlyCard(replies)), /^Auftrag 1: Koexistenztest/);
    });
  });
});

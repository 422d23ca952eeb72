// cancelJob: Cancel job on the card and "cancel job N" / "Auftrag N abbrechen" stop a queued site
// move, through botbuilder's TestAdapter and the real bot and job runner; the helpdesk cannot.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, execute, invokeCard, message, onlyCard, textsOf } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { NOT_ADMIN_CLICK, proposalTurns } from './helpers';

describe('dialogs/commands/cancel-job', () => {
  let h: TurnHarness;
  afterEach(() => h?.close());
  const { plan, confirm } = proposalTurns(() => h);

  describe('cancel jobs', () => {
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
  });
});

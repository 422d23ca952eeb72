// retryJob: Retry failed on the card and "retry job N" queue a finished job's failed items again,
// through botbuilder's TestAdapter and the real bot and job runner; a running job is waited for.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, execute, invokeCard, message, onlyCard, textsOf } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { proposalTurns } from './helpers';

describe('dialogs/commands/retry-job', () => {
  let h: TurnHarness;
  afterEach(() => h?.close());
  const { plan, confirm, runToEnd } = proposalTurns(() => h);

  describe('retry jobs', () => {
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

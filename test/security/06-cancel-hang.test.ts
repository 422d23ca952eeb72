// Point 6, a cancelled job can hang forever. The attack (or accident): cancel while the in-flight
// move then fails transiently. The item must not go back to pending in a cancelling job; the job
// reaches "cancelled", and cancel and retry answer sensibly afterwards.
import { strict as assert } from 'node:assert';
import { startFakeConnector, type FakeConnector } from '../bot/helpers/http';
import { cardInvoke, message, PEOPLE, post, proposalIdIn, repliesOf, replyText, type Person } from '../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../helpers/host/app';
import { itemStates, jobs } from '../helpers/host/store-views';

describe('security 6: a cancelled job whose in-flight move fails transiently still ends cancelled', function () {
  this.timeout(60_000);
  let bot: InProcessApp;
  let connector: FakeConnector;
  before(async () => {
    connector = await startFakeConnector();
    bot = await startInProcess({ SIM_TRANSIENT_FAILURE_RATE: '1', SIM_MOVE_LATENCY_MS: '1500', JOB_BACKOFF_MS: '100' });
  });
  after(async () => {
    await bot?.close();
    await connector?.close();
  });
  const options = (from: Person) => ({ from, expectReplies: true, serviceUrl: connector.url });
  const say = async (text: string) => replyText(repliesOf(await post(bot.url, message(text, options(PEOPLE.alex)))));

  it('cancel 0.5 s into a one-user move that then fails transiently: the job reaches cancelled, nothing is left pending', async () => {
    const proposalId = proposalIdIn(repliesOf(await post(bot.url, message('move sip:carol@contoso.com to lync 2013 force', options(PEOPLE.alex)))));
    await post(bot.url, cardInvoke('proposal.confirm', { verb: 'proposal.confirm', proposalId }, options(PEOPLE.alex)));
    const jobId = String(jobs(bot.dbFile)[0].id);
    await new Promise((r) => setTimeout(r, 500));
    assert.match(await say(`cancel job ${jobId}`), /is being cancelled/);
    let state = '';
    for (let i = 0; i < 200; i++) {
      state = jobs(bot.dbFile)[0].state;
      if (state === 'cancelled') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(state, 'cancelled', `job state after the failed in-flight move: ${state}, items ${JSON.stringify(itemStates(bot.dbFile, jobId))}`);
    assert.equal(itemStates(bot.dbFile, jobId).pending ?? 0, 0, 'no item requeued into the cancelled job');
    assert.match(await say(`cancel job ${jobId}`), /is cancelled; there is nothing to cancel/);
    assert.doesNotMatch(await say(`retry job ${jobId}`), /still running/);
  });
});

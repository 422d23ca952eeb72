// Point 5, the second approver covers too little. The attack: with REQUIRE_SECOND_APPROVER=true a
// single admin runs a forced 40-user group move, a rollback, a conference-directory move and the
// retry of a job that needed two admins. Each of these now waits for a second, different admin.
import { strict as assert } from 'node:assert';
import { startFakeConnector, type FakeConnector } from '../bot/helpers/http';
import { cardInvoke, message, PEOPLE, post, proposalIdIn, repliesOf, replyText, type Person } from '../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../helpers/host/app';
import { itemStates, jobs } from '../helpers/host/store-views';

describe('security 5: a second, different admin for big, forced, rollback, infrastructure and retried-two-admin steps', function () {
  this.timeout(90_000);
  let bot: InProcessApp;
  let connector: FakeConnector;

  before(async () => {
    connector = await startFakeConnector();
    bot = await startInProcess({ REQUIRE_SECOND_APPROVER: 'true', SIM_TRANSIENT_FAILURE_RATE: '0.5', JOB_MAX_ATTEMPTS: '1', SIM_SEED: '11' });
  });
  after(async () => {
    await bot?.close();
    await connector?.close();
  });

  const options = (from: Person) => ({ from, expectReplies: true, serviceUrl: connector.url });
  const say = async (text: string, from: Person = PEOPLE.alex) => replyText(repliesOf(await post(bot.url, message(text, options(from)))));
  async function confirm(proposalId: string, from: Person): Promise<string> {
    const result = await post(bot.url, cardInvoke('proposal.confirm', { verb: 'proposal.confirm', proposalId }, options(from)));
    // The answer is the invoke response's card (and any message beside it).
    return JSON.stringify(repliesOf(result));
  }
  async function plan(text: string): Promise<string> {
    const result = await post(bot.url, message(text, options(PEOPLE.alex)));
    return proposalIdIn(repliesOf(result));
  }
  async function finished(): Promise<void> {
    for (let i = 0; i < 400 && jobs(bot.dbFile).some((j) => j.state === 'queued' || j.state === 'running'); i++) await new Promise((r) => setTimeout(r, 25));
  }

  for (const [name, command] of [
    ['a forced group move of about 40 users', 'move group Sales Berlin to Lync 2013 force'],
    ['a forced one-user move', 'move sip:carol@contoso.com to lync 2013 force'],
    ['a rollback', 'roll back sip:bob@contoso.com'],
    // Munich's conference directories are imported (runbook step 4); Berlin's are not, which no force overrides.
    ['a conference directory move', 'move conference directories of Munich to Lync 2013 force'],
    ['an application endpoint move', 'move applications of Berlin to Lync 2013 force'],
  ] as const) {
    it(`${name}: one admin's confirmation starts nothing; the same admin again neither; a second admin does`, async () => {
      const proposalId = await plan(command);
      const before = jobs(bot.dbFile).length;
      assert.match(await confirm(proposalId, PEOPLE.alex), /A second admin must confirm this step too/);
      assert.equal(jobs(bot.dbFile).length, before, 'no job after one admin');
      assert.match(await confirm(proposalId, PEOPLE.alex), /You have already confirmed\. A different admin must confirm this step/);
      assert.equal(jobs(bot.dbFile).length, before, 'no job after the same admin twice');
      await confirm(proposalId, PEOPLE.erin);
      assert.equal(jobs(bot.dbFile).length, before + 1, 'the second admin starts it');
      await finished();
    });
  }

  it('the retry of a job that needed two admins needs two again', async () => {
    const sales = jobs(bot.dbFile)[0];
    assert.equal(sales.state, 'completedWithErrors', 'the 40-user move has failed items (transient failures, one attempt)');
    const failedBefore = itemStates(bot.dbFile, String(sales.id)).failed;
    assert.ok(failedBefore > 0);
    assert.match(await say(`retry job ${sales.id}`), new RegExp(`asked to retry job ${sales.id}\\. It needed two admins to start, so a different admin must also type`));
    assert.equal(itemStates(bot.dbFile, String(sales.id)).failed, failedBefore, 'nothing requeued by one admin');
    assert.match(await say(`retry job ${sales.id}`), /You have already confirmed/);
    assert.equal(jobs(bot.dbFile)[0].state, 'completedWithErrors');
    assert.match(await say(`retry job ${sales.id}`, PEOPLE.erin), new RegExp(`Job ${sales.id}: \\d+ failed item\\(s\\) queued again`));
    assert.notEqual(itemStates(bot.dbFile, String(sales.id)).failed, failedBefore, 'the second admin requeued the failed items');
  });

  it('positive control: a small unforced move needs one admin', async () => {
    const coexistence = proposalIdIn(repliesOf(await post(bot.url, message('run coexistence tests for site Berlin', options(PEOPLE.alex)))));
    const before = jobs(bot.dbFile).length;
    await confirm(coexistence, PEOPLE.alex);
    assert.equal(jobs(bot.dbFile).length, before + 1);
  });
});

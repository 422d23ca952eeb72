// Point 3, card actions without the role check. The attack: a plain user replays job.refresh with
// ids 1…N to read subjects, names, SIP addresses, errors and the admins' AAD ids; refused
// confirm/cancel/retry clicks that still return the whole card; an Action.Submit whose replyToId
// names some other message for the bot to overwrite. One authorisation covers every verb (staff
// may read job cards, only admins act), a refusal carries no card, and the bot updates only the
// activity it recorded for that proposal or job.
import { strict as assert } from 'node:assert';
import { startFakeConnector, type FakeConnector } from '../bot/helpers/http';
import { cardInvoke, message, PEOPLE, post, proposalIdIn, repliesOf, replyText, type Person } from '../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../helpers/host/app';
import { auditSince, jobs, lastAuditId, snapshot } from '../helpers/host/store-views';

/** What a card leaks: names, SIP addresses, pools and the admins' AAD object ids. */
const SECRETS = [/carol/i, /Carol Braun/, /contoso\.(com|local)/, new RegExp(PEOPLE.alex.aadObjectId), new RegExp(PEOPLE.erin.aadObjectId), /AdaptiveCard/];

interface Click {
  status: number;
  body: unknown;
  text: string;
}

describe('security 3: one authorisation for every card verb; refusals carry no card', function () {
  this.timeout(60_000);
  let bot: InProcessApp;
  let connector: FakeConnector;
  let jobId: string;

  const options = (from: Person, extra: Record<string, unknown> = {}) => ({ from, expectReplies: true, serviceUrl: connector.url, ...extra });

  async function click(from: Person, verb: string, data: Record<string, unknown>): Promise<Click> {
    const result = await post(bot.url, cardInvoke(verb, { verb, ...data }, options(from)));
    assert.equal(result.status, 200, result.text.slice(0, 200));
    const response = repliesOf(result).find((r) => r.type === 'invokeResponse')?.value as { status: number; body?: unknown } | undefined;
    assert.ok(response, 'an invoke response');
    return { status: response.status, body: response.body, text: replyText(repliesOf(result)) };
  }

  before(async () => {
    connector = await startFakeConnector();
    bot = await startInProcess();
    const planned = await post(bot.url, message('move sip:carol@contoso.com to lync 2013 force', options(PEOPLE.alex)));
    const proposalId = proposalIdIn(repliesOf(planned));
    const started = await click(PEOPLE.alex, 'proposal.confirm', { proposalId });
    assert.match(JSON.stringify(started.body), /Queued as job|Job 1/);
    jobId = String(jobs(bot.dbFile)[0].id);
    for (let i = 0; i < 200 && !['completed', 'completedWithErrors'].includes(jobs(bot.dbFile)[0].state); i++) await new Promise((r) => setTimeout(r, 25));
  });
  after(async () => {
    await bot?.close();
    await connector?.close();
  });

  it('a plain user replaying job.refresh with ids 1…5 reads nothing: no card, no name, no SIP address, no AAD id', async () => {
    const auditFrom = lastAuditId(bot.dbFile);
    for (let id = 1; id <= 5; id++) {
      const answer = await click(PEOPLE.alice, 'job.refresh', { jobId: String(id) });
      const shown = JSON.stringify(answer.body);
      for (const secret of SECRETS) assert.doesNotMatch(shown, secret, `job ${id} leaked ${secret}`);
      assert.match(shown, /that is for migration admins and the helpdesk/);
    }
    const refused = auditSince(bot.dbFile, auditFrom).filter((e) => e.event === 'cardAction.refused');
    assert.equal(refused.length, 5, 'every refused refresh is audited');
    assert.ok(refused.every((e) => e.actor.role === 'user' && e.details?.verb === 'job.refresh'));
  });

  it('the helpdesk may read the job card (job.refresh), without admin buttons', async () => {
    const answer = await click(PEOPLE.helga, 'job.refresh', { jobId });
    const shown = JSON.stringify(answer.body);
    assert.match(shown, /AdaptiveCard/);
    assert.match(shown, new RegExp(`Job ${jobId}`));
    assert.doesNotMatch(shown, /"verb":"job\.(cancel|retry)"/);
  });

  for (const [who, verb, data] of [
    ['helga', 'job.cancel', () => ({ jobId })],
    ['helga', 'job.retry', () => ({ jobId })],
    ['alice', 'job.cancel', () => ({ jobId })],
    ['alice', 'job.retry', () => ({ jobId })],
  ] as const) {
    it(`${who}'s ${verb} click is refused with one sentence and no card content`, async () => {
      const before = snapshot(bot.dbFile);
      const answer = await click(PEOPLE[who], verb, data());
      const shown = JSON.stringify(answer.body);
      for (const secret of SECRETS) assert.doesNotMatch(shown, secret);
      assert.match(shown, /Only migration admins/);
      assert.deepEqual(snapshot(bot.dbFile), before, 'nothing changed');
    });
  }

  it('refused confirm and cancel clicks on a proposal carry no plan card', async () => {
    const planned = await post(bot.url, message('move sip:erin@contoso.com to lync 2013 force', options(PEOPLE.alex)));
    const proposalId = proposalIdIn(repliesOf(planned));
    for (const who of ['alice', 'helga'] as const) {
      for (const verb of ['proposal.confirm', 'proposal.cancel']) {
        const shown = JSON.stringify((await click(PEOPLE[who], verb, { proposalId })).body);
        assert.doesNotMatch(shown, /AdaptiveCard|erin|Erin Hartmann/i);
      }
    }
  });

  it('an Action.Submit naming another message in replyToId does not overwrite it: the card is posted anew', async () => {
    connector.calls.length = 0;
    const forged = message(undefined, { from: PEOPLE.alex, serviceUrl: connector.url, replyToId: 'someone-elses-announcement', extra: { value: { verb: 'job.refresh', jobId } } });
    const result = await post(bot.url, forged);
    assert.equal(result.status, 200);
    for (let i = 0; i < 40 && connector.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(connector.calls.filter((c) => c.method === 'PUT').map((c) => c.path), [], 'no message updated');
    assert.equal(connector.calls.filter((c) => c.method === 'POST').length, 1, 'the card was sent as a new message');
  });

  it('positive control: a click on the recorded card activity updates exactly that activity', async () => {
    const posted = await post(bot.url, message(`status of job ${jobId}`, { from: PEOPLE.alex, serviceUrl: connector.url }));
    assert.equal(posted.status, 200);
    for (let i = 0; i < 40 && !connector.calls.some((c) => c.method === 'POST'); i++) await new Promise((r) => setTimeout(r, 25));
    const recorded = (snapshot(bot.dbFile).jobs[0] as { card: string }).card;
    const activityId = (JSON.parse(recorded) as { activityId: string }).activityId;
    assert.ok(activityId, 'the posted status card was recorded');
    connector.calls.length = 0;
    await post(bot.url, message(undefined, { from: PEOPLE.alex, serviceUrl: connector.url, replyToId: activityId, extra: { value: { verb: 'job.refresh', jobId } } }));
    for (let i = 0; i < 40 && connector.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(connector.calls.map((c) => `${c.method} ${c.path.replace(/^.*\/activities\//, '')}`), [`PUT ${activityId}`]);
  });
});

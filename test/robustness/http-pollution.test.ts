// Prototype-pollution keys (`__proto__`, `constructor.prototype`) in activity bodies and card
// action payloads, against the bot running in this process (bot/compose startApp), so the test
// can see this heap: afterwards `({}).polluted` is still undefined, Object.prototype has no new
// property, nothing was confirmed or moved, and no turn failed.
import { strict as assert } from 'node:assert';
import { healthz, message, PEOPLE, post, proposalIdIn, repliesOf, replyText } from '../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../helpers/host/app';
import { objectPrototypeKeys, pollutedObject, pollutedTopLevel, rawJson } from '../helpers/host/payloads';
import { snapshot } from '../helpers/host/store-views';

const MALLORY = { id: 'mallory', name: 'Mallory', aadObjectId: '99999999-0000-0000-0000-000000000666' };
const polluted = () => (({}) as Record<string, unknown>).polluted;

describe('robustness: prototype pollution (in-process)', function () {
  this.timeout(30_000);
  let bot: InProcessApp;
  let proposalId: string;
  let prototypeKeys: string[];

  before(async () => {
    prototypeKeys = objectPrototypeKeys();
    bot = await startInProcess();
    const created = await post(bot.url, message('move site Berlin to Lync 2013 force', { expectReplies: true }));
    proposalId = proposalIdIn(repliesOf(created));
  });
  after(() => bot?.close());

  /** Posts a raw body and checks: no 5xx, polite or 4xx, nothing polluted, nothing changed. */
  async function unpolluted(raw: string): Promise<string> {
    const before = snapshot(bot.dbFile);
    const result = await post(bot.url, raw);
    assert.ok(result.status < 500, `status ${result.status} ${result.text.slice(0, 200)}`);
    assert.equal(polluted(), undefined, '({}).polluted');
    assert.deepEqual(objectPrototypeKeys(), prototypeKeys, 'Object.prototype unchanged');
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
    assert.equal(await healthz(bot.url), 200);
    assert.deepEqual(snapshot(bot.dbFile), before, 'nothing confirmed, queued or moved');
    assert.deepEqual(bot.logger.errors(), [], 'no turn failed');
    return replyText(repliesOf(result));
  }

  const proto = { polluted: 'yes', role: 'admin', isAdmin: true };

  describe('in message bodies', () => {
    it('at the top level of the activity', async () => {
      const reply = await unpolluted(pollutedTopLevel(message('status of site Berlin', { expectReplies: true })));
      assert.match(reply, /Site Berlin/);
    });

    for (const field of ['from', 'conversation', 'recipient', 'channelData'] as const) {
      it(`inside ${field}`, async () => {
        const activity = message('status of site Berlin', { expectReplies: true });
        const own = (activity[field] as Record<string, unknown> | undefined) ?? {};
        assert.match(await unpolluted(rawJson({ ...activity, [field]: '<<x>>' }, { x: pollutedObject(own, proto) })), /Site Berlin/);
      });
    }

    it('inside entities and attachments', async () => {
      const activity = message('status of site Berlin', { expectReplies: true });
      const raw = rawJson({ ...activity, entities: ['<<entity>>'], attachments: ['<<attachment>>'] }, {
        entity: pollutedObject({ type: 'mention', text: '<at>LyncOps</at>' }, proto),
        attachment: pollutedObject({ contentType: 'text/plain' }, proto),
      });
      assert.match(await unpolluted(raw), /Site Berlin/);
    });

    it('an unknown caller claiming an admin id through __proto__ is still refused', async () => {
      const activity = message('move site Berlin to Lync 2013 force', { expectReplies: true, from: MALLORY });
      const from = pollutedObject({ id: MALLORY.id, name: MALLORY.name }, { aadObjectId: PEOPLE.alex.aadObjectId, role: 'admin' });
      const reply = await unpolluted(rawJson({ ...activity, from: '<<from>>' }, { from }));
      assert.match(reply, /only migration admins/i);
    });

    it('in the text itself', async () => {
      const text = '{"__proto__":{"polluted":"yes"}} constructor.prototype.polluted=1 __proto__[polluted]=1';
      assert.ok(await unpolluted(JSON.stringify(message(text, { expectReplies: true }))));
    });
  });

  describe('in card action payloads', () => {
    const invoke = (value: unknown) => ({ ...message(undefined, { expectReplies: true }), type: 'invoke', name: 'adaptiveCard/action', value });

    it('Action.Submit data whose verb and proposal id hide in __proto__', async () => {
      const activity = message(undefined, { expectReplies: true });
      const value = pollutedObject({}, { verb: 'proposal.confirm', proposalId, polluted: 'yes' });
      const reply = await unpolluted(rawJson({ ...activity, value: '<<value>>' }, { value }));
      assert.match(reply, /could not be read|nothing was changed/i);
    });

    it('Action.Execute data whose proposal id hides in __proto__', async () => {
      const data = pollutedObject({ verb: 'proposal.confirm' }, { proposalId, polluted: 'yes' });
      const reply = await unpolluted(rawJson(invoke({ action: { type: 'Action.Execute', verb: 'proposal.confirm', data: '<<data>>' }, trigger: 'manual' }), { data }));
      assert.match(reply, /could not be read|nothing was changed/i);
    });

    it('an invoke whose whole action hides in __proto__', async () => {
      const action = { type: 'Action.Execute', verb: 'proposal.confirm', data: { verb: 'proposal.confirm', proposalId } };
      await unpolluted(rawJson(invoke('<<value>>'), { value: pollutedObject({ trigger: 'manual' }, { action, polluted: 'yes' }) }));
    });

    it('an action whose type hides in __proto__', async () => {
      const action = pollutedObject({ verb: 'proposal.confirm', data: { verb: 'proposal.confirm', proposalId } }, { type: 'Action.Execute', polluted: 'yes' });
      await unpolluted(rawJson(invoke({ action: '<<action>>', trigger: 'manual' }), { action }));
    });

    it('nested __proto__ chains and constructor.prototype at every level', async () => {
      const nested = '{"jobId":"1","a":{"__proto__":{"__proto__":{"polluted":"deep"}}},"constructor":{"prototype":{"constructor":{"prototype":{"polluted":"deeper"}}}}}';
      await unpolluted(rawJson(invoke({ action: { type: 'Action.Execute', verb: 'job.refresh', data: '<<data>>' } }), { data: nested }));
    });
  });

  describe('afterwards', () => {
    it('the proposal named in the payloads is still waiting for a real click', () => {
      const { proposals, jobs } = snapshot(bot.dbFile);
      assert.equal(proposals.length, 1);
      assert.equal((proposals[0] as { state: string }).state, 'pending');
      assert.deepEqual(jobs, []);
    });

    it('the same Action.Submit with its fields in plain sight does confirm it (so the refusals above mean something)', async () => {
      const activity = { ...message(undefined, { expectReplies: true }), value: { verb: 'proposal.confirm', proposalId } };
      const result = await post(bot.url, activity);
      assert.equal(result.status, 200);
      assert.match(replyText(repliesOf(result)), /Queued as job/);
      assert.equal(snapshot(bot.dbFile).jobs.length, 1);
    });
  });
});

// smalltalk and the welcome it shares, through botbuilder's TestAdapter and the real bot: a welcome
// on install or when the bot joins a team (once, however often Teams announces it), fitting the role
// and the language; friendly answers to greetings and thanks.
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { BOT, PEOPLE, message, textsOf, type Person } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';

function announce(type: 'installationUpdate' | 'conversationUpdate', from: Person, locale: string, conversation: Partial<Activity>['conversation'], id = `${type}-${from}`): Partial<Activity> {
  return {
    id,
    type,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    locale,
    from: PEOPLE[from],
    recipient: BOT,
    conversation,
    ...(type === 'installationUpdate' ? { action: 'add' } : { membersAdded: [BOT] }),
  };
}
const personal = (who: Person) => ({ id: `personal-${who}`, conversationType: 'personal', isGroup: false, name: '' });
const team = { id: '19:migration-team@thread.tacv2', conversationType: 'channel', isGroup: true, name: 'Migration' };

describe('dialogs/commands/smalltalk', function () {
  this.timeout(30_000);
  let h: TurnHarness;
  afterEach(() => h?.close());

  describe('welcome', () => {
    it('welcomes an admin on install with where things stand and three commands, once', async () => {
      h = await makeTurnHarness();
      const first = textsOf(await h.turn(announce('installationUpdate', 'alex', 'en-US', personal('alex'))));
      assert.equal(first.length, 1, JSON.stringify(first));
      const [welcome] = first;
      assert.match(welcome, /^Hello Alex, I am LyncOps/);
      assert.match(welcome, /Where things stand: Berlin side-by-side · Munich pilot · Hamburg migrated · Frankfurt OCS only\./);
      assert.match(welcome, /Try "status of site Berlin", "runbook for site Berlin", "help"\./);
      // The same install announced as a conversationUpdate, and the installationUpdate delivered again: quiet.
      assert.deepEqual(await h.turn(announce('conversationUpdate', 'alex', 'en-US', personal('alex'))), []);
      assert.deepEqual(await h.turn(announce('installationUpdate', 'alex', 'en-US', personal('alex'))), []);
    });

    it('welcomes again after an uninstall and a new install', async () => {
      h = await makeTurnHarness();
      assert.equal(textsOf(await h.turn(announce('installationUpdate', 'alice', 'en-US', personal('alice')))).length, 1);
      await h.turn({ ...announce('installationUpdate', 'alice', 'en-US', personal('alice'), 'remove-1'), action: 'remove' });
      assert.equal(textsOf(await h.turn(announce('installationUpdate', 'alice', 'en-US', personal('alice'), 'again-1'))).length, 1);
    });

    it('tells a pilot user, in German, to ask whether they have been moved', async () => {
      h = await makeTurnHarness();
      const [welcome] = textsOf(await h.turn(announce('installationUpdate', 'alice', 'de-DE', personal('alice'))));
      assert.match(welcome, /^Hallo Alice, ich bin LyncOps/);
      assert.match(welcome, /Fragen Sie mich, ob Sie schon umgezogen sind: „bin ich schon migriert\?“/);
      assert.doesNotMatch(welcome, /Stand:|status of site/);
    });

    it('tells the helpdesk what it can look up', async () => {
      h = await makeTurnHarness();
      const [welcome] = textsOf(await h.turn(announce('conversationUpdate', 'helga', 'en-US', personal('helga'))));
      assert.match(welcome, /where someone is homed, who is still on OCS and which moves failed/);
      assert.match(welcome, /"is alice@contoso\.com migrated\?", "who is left on OCS in Berlin\?", "show failed moves"/);
    });

    it('welcomes a team once when the bot is added to it, not when a person joins', async () => {
      h = await makeTurnHarness();
      const [welcome] = textsOf(await h.turn(announce('conversationUpdate', 'erin', 'en-US', team)));
      assert.match(welcome, /^Hello Erin/);
      assert.match(welcome, /Where things stand:/);
      assert.deepEqual(await h.turn(announce('installationUpdate', 'erin', 'en-US', team)), []);
      assert.deepEqual(await h.turn({ ...announce('conversationUpdate', 'alex', 'en-US', team, 'joined'), membersAdded: [PEOPLE.alice] }), []);
    });
  });

  describe('greetings and thanks', () => {
    it('answers greetings and thanks in kind, never "did not understand" and never with a plan', async () => {
      h = await makeTurnHarness();
      const cases: Array<[string, RegExp]> = [
        ['hi', /^Hello Alex/],
        ['hello', /^Hello Alex/],
        ['hallo', /^Hallo Alex/],
        ['servus', /^Hallo Alex/],
        ['thanks', /^You are welcome\./],
        ['thank you', /^You are welcome\./],
        ['danke', /^Gern geschehen\./],
        // Who the bot is: the welcome says it (these read as "who is left" before).
        ['who are you?', /^Hello Alex, I am LyncOps/],
        ['wer bist du?', /^Hallo Alex, ich bin LyncOps/],
      ];
      for (const [text, expected] of cases) {
        const replies = await h.turn(message(text));
        const said = textsOf(replies);
        assert.equal(said.length, 1, `${text}: ${JSON.stringify(replies).slice(0, 300)}`);
        assert.match(said[0], expected, text);
        assert.doesNotMatch(said[0], /did not understand|nicht verstanden/i, text);
        assert.ok(!replies.some((r) => r.attachments?.length), `${text}: no card`);
      }
      assert.equal((await h.world.store.listJobs(10)).length, 0);
    });
  });
});

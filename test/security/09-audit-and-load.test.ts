// Point 9, audit and load. The attacks: the helpdesk looks up other users without a trace; one big
// job's item events push every command and confirmation out of the history card; one caller
// floods the chat; a crowd asking for status starves a running job in the one PowerShell session.
// (Approve/cancel/retry audit rows written in the same transaction as the change are covered by
// the store contract suite.)
import { strict as assert } from 'node:assert';
import { startFakeConnector, type FakeConnector } from '../bot/helpers/http';
import { cardInvoke, message, PEOPLE, post, proposalIdIn, repliesOf, replyText, type Person } from '../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../helpers/host/app';
import { auditSince, jobs, lastAuditId } from '../helpers/host/store-views';
import { fakeBackend, readLog, removeTempLogs, scriptsOf, tempLogFile } from '../adapters/lync/powershell/helpers';

describe('security 9: audit and load', function () {
  this.timeout(120_000);

  describe('through the running bot', () => {
    let bot: InProcessApp;
    let connector: FakeConnector;
    before(async () => {
      connector = await startFakeConnector();
      bot = await startInProcess({ CHAT_TURNS_PER_MINUTE: '8' });
    });
    after(async () => {
      await bot?.close();
      await connector?.close();
    });
    const options = (from: Person) => ({ from, expectReplies: true, serviceUrl: connector.url });
    const say = async (text: string, from: Person) => replyText(repliesOf(await post(bot.url, message(text, options(from)))));

    it('a staff lookup of another user is audited (who asked about whom); asking about oneself is not', async () => {
      const auditFrom = lastAuditId(bot.dbFile);
      assert.match(await say('is alice@contoso.com migrated?', PEOPLE.helga), /alice/i);
      assert.match(await say('have I been migrated?', PEOPLE.alice), /OCS 2007 R2|Lync/);
      const lookups = auditSince(bot.dbFile, auditFrom).filter((e) => e.event === 'user.lookup');
      assert.deepEqual(
        lookups.map((e) => [e.actor.name, e.actor.role, e.target]),
        [['Helga Lorenz', 'helpdesk', 'alice@contoso.com']],
      );
    });

    it('the history card summarises a big job’s item events instead of letting them push everything else out', async () => {
      const planned = await post(bot.url, message('move site Berlin to Lync 2013 force', options(PEOPLE.erin)));
      const proposalId = proposalIdIn(repliesOf(planned));
      await post(bot.url, cardInvoke('proposal.confirm', { verb: 'proposal.confirm', proposalId }, options(PEOPLE.erin)));
      for (let i = 0; i < 600 && jobs(bot.dbFile).some((j) => j.state !== 'completed' && j.state !== 'completedWithErrors'); i++) await new Promise((r) => setTimeout(r, 25));
      const total = jobs(bot.dbFile)[0].total_items;
      assert.ok(total > 100, `a big job (${total} items)`);
      const history = await say('history of site Berlin', PEOPLE.erin);
      assert.match(history, /proposed plan \d+/, 'the proposal is still on the card');
      assert.match(history, /confirmed plan \d+, which became job \d+/, 'and its confirmation');
      assert.match(history, /finished job \d+/);
      const summary = /([\d,.]+) moved/.exec(history);
      assert.ok(summary, 'item events summarised in one line');
      assert.ok(!/ · lyncops moved /.test(history), 'no item event shown one by one');
    });

    it('per-caller limit on chat turns: the ninth turn in a minute is refused politely; others are still served', async () => {
      // The earlier tests took turns as helga, alice and erin; bob has taken none.
      const bob: Person = { id: 'user-id-2', name: 'Bob Keller', aadObjectId: '11111111-0000-0000-0000-000000000002' };
      const answers: string[] = [];
      for (let i = 0; i < 9; i++) answers.push(await say('help', bob));
      assert.ok(answers.slice(0, 8).every((a) => !/faster than I can take them/.test(a)));
      assert.match(answers[8], /You are sending commands faster than I can take them/);
      assert.doesNotMatch(await say('help', PEOPLE.alex), /faster than I can take them/, 'another caller is unaffected');
    });
  });

  describe('the PowerShell backend under status load (fake pwsh)', () => {
    after(() => removeTempLogs());

    it('a crowd of status reads shares one inventory query while it is fresh', async () => {
      const log = tempLogFile();
      const backend = fakeBackend({ log });
      try {
        await Promise.all(Array.from({ length: 20 }, () => backend.countUsersByPool()));
        await Promise.all(Array.from({ length: 20 }, () => backend.listPools()));
        const scripts = scriptsOf(readLog(log));
        assert.equal(scripts.filter((s) => s.includes('Get-CsUser')).length, 1, 'one user count for 20 status turns');
        assert.equal(scripts.filter((s) => s.includes('Get-CsPool')).length, 1, 'one pool list for 20 status turns');
      } finally {
        await backend.close();
      }
    });

    it('a job move is not starved by status reads queued before it in the one session', async () => {
      const log = tempLogFile();
      const backend = fakeBackend({ log, inventoryCacheMs: 0 });
      try {
        await backend.listPools();
        const status = Array.from({ length: 30 }, () => backend.getServiceStatus('ocs-ber-fe01.contoso.local').catch(() => []));
        const move = backend.forJobs().moveLegacyUser('carol@contoso.com', 'lync-ber.contoso.local');
        await Promise.all([...status, move]);
        const scripts = scriptsOf(readLog(log)).slice(1);
        const moveAt = scripts.findIndex((s) => s.includes('Move-CsLegacyUser'));
        assert.ok(moveAt >= 0, 'the move ran');
        assert.ok(moveAt < 6, `the move ran after ${moveAt} earlier scripts, not behind all 30 status reads`);
      } finally {
        await backend.close();
      }
    });
  });
});

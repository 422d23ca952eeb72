// Point 2, identity from ids the client chooses. The attack: name an admin in from.id or put an
// e-mail address (which Graph accepts as a user key) in from.aadObjectId, or, with authentication
// on, send a valid token from another tenant or channel. Roles come only from a GUID in
// from.aadObjectId; with authentication on only msteams and the allow-listed tenants are served,
// others get a polite refusal that is audited.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { resolveCaller } from '../../bot/turn';
import type { Directory, DirectoryUser } from '../../migration/ports';
import { silentLogger } from '../../migration/ports';
import { startFakeConnector, type FakeConnector } from '../bot/helpers/http';
import { message, PEOPLE, post, repliesOf, replyText, TENANT_ID } from '../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../helpers/host/app';
import { redirectOpenIdMetadata, startTokenService, type TokenService } from '../helpers/host/token-service';
import { auditSince, jobs, lastAuditId, snapshot } from '../helpers/host/store-views';

const ALEX_SIP = 'alex.wilber@contoso.com';

/** A directory as lenient as Graph: any key (object id or UPN) finds Alex, an admin. */
function lenientDirectory(): Directory & { lookups: string[] } {
  const alex: DirectoryUser = { aadObjectId: PEOPLE.alex.aadObjectId, displayName: 'Alex Wilber', sip: ALEX_SIP };
  const lookups: string[] = [];
  return {
    lookups,
    userByAadObjectId: async (id) => {
      lookups.push(id);
      return alex;
    },
    roleOf: async () => 'admin',
    groupByName: async () => null,
    transitiveMembers: async () => [],
    isMember: async () => false,
  };
}

describe('security 2: identity comes only from a GUID object id, from the served tenants', function () {
  this.timeout(30_000);

  it('an e-mail address in from.aadObjectId or from.id never reaches the directory and never gets a role', async () => {
    for (const from of [
      { id: ALEX_SIP, name: 'Alex Wilber' },
      { id: '29:x', name: 'Alex Wilber', aadObjectId: ALEX_SIP },
      { id: '29:x', name: 'Alex Wilber', aadObjectId: 'ALEX.WILBER@CONTOSO.COM' },
      { id: PEOPLE.alex.aadObjectId, name: 'Alex Wilber' },
    ]) {
      const directory = lenientDirectory();
      const caller = await resolveCaller(directory, from, silentLogger, true);
      assert.ok(caller.ok);
      assert.equal(caller.actor.role, 'user', JSON.stringify(from));
      assert.equal(caller.actor.name, 'unknown');
      assert.deepEqual(directory.lookups, [], `no directory lookup for ${JSON.stringify(from)}`);
    }
  });

  describe('through the running bot (authentication off, local use)', () => {
    let bot: InProcessApp;
    before(async () => {
      bot = await startInProcess();
    });
    after(() => bot?.close());

    it('from.id = "alex.wilber@contoso.com" cannot plan or run a forced move', async () => {
      const auditFrom = lastAuditId(bot.dbFile);
      const result = await post(bot.url, message('move site Berlin to Lync 2013 force', { from: { id: ALEX_SIP, name: 'Alex Wilber', aadObjectId: '' }, expectReplies: true }));
      assert.equal(result.status, 200);
      assert.match(replyText(repliesOf(result)), /only migration admins can do that/);
      assert.deepEqual(snapshot(bot.dbFile).proposals, []);
      const refused = auditSince(bot.dbFile, auditFrom).find((e) => e.event === 'command.refused');
      assert.equal(refused?.actor.role, 'user');
      assert.equal(refused?.actor.name, 'unknown');
    });

    it('from.aadObjectId = "alex.wilber@contoso.com" cannot either', async () => {
      const result = await post(bot.url, message('move site Berlin to Lync 2013 force', { from: { id: '29:mallory', name: 'Alex Wilber', aadObjectId: ALEX_SIP }, expectReplies: true }));
      assert.match(replyText(repliesOf(result)), /only migration admins can do that/);
      assert.deepEqual(snapshot(bot.dbFile).proposals, []);
    });
  });

  describe('with authentication on: locally signed tokens from another tenant or channel', () => {
    const APP_ID = randomUUID();
    let connector: FakeConnector;
    let tokens: TokenService;
    let bot: InProcessApp;
    let quiet: sinon.SinonStub | undefined;
    before(async () => {
      connector = await startFakeConnector();
      // The key is endorsed for other channels too, so the bot (not the token check) decides.
      tokens = await startTokenService(APP_ID, connector.url, ['msteams', 'webchat', 'directline']);
      const restore = redirectOpenIdMetadata(tokens.metadataUrl);
      try {
        bot = await startInProcess({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'security-secret', MicrosoftAppTenantId: TENANT_ID });
      } finally {
        restore();
      }
    });
    after(async () => {
      await bot?.close();
      await tokens?.close();
      await connector?.close();
    });
    beforeEach(() => {
      quiet = sinon.stub(console, 'error');
    });
    afterEach(() => quiet?.restore());

    const bearer = () => ({ authorization: `Bearer ${tokens.sign()}` });
    const forcedMove = (extra: Record<string, unknown>) =>
      message('move site Berlin to Lync 2013 force', { from: PEOPLE.erin, serviceUrl: connector.url, expectReplies: true, extra });

    for (const [name, extra, reason] of [
      ['a tenant not on the allow-list', { channelData: { tenant: { id: randomUUID() } } }, 'tenant'],
      ['no tenant at all', { channelData: {} }, 'tenant'],
      ['a tenant only in conversation.tenantId that is not allowed', { channelData: {}, conversation: { id: 'c-x', conversationType: 'personal', tenantId: randomUUID() } }, 'tenant'],
      ['another channel (webchat)', { channelId: 'webchat' }, 'channel'],
      ['another channel (directline)', { channelId: 'directline' }, 'channel'],
    ] as const) {
      it(`a valid token with ${name}: polite refusal, audited, nothing planned`, async () => {
        const auditFrom = lastAuditId(bot.dbFile);
        const result = await post(bot.url, forcedMove(extra), bearer());
        assert.equal(result.status, 200, result.text.slice(0, 200));
        assert.match(replyText(repliesOf(result)), /serves only the Microsoft Teams organisation it was set up for/);
        assert.deepEqual(snapshot(bot.dbFile).proposals, []);
        const audit = auditSince(bot.dbFile, auditFrom);
        assert.deepEqual(audit.map((e) => e.event), ['request.refused']);
        assert.equal(audit[0].details?.reason, reason);
      });
    }

    it('positive control: the same request from the allow-listed tenant on msteams is planned', async () => {
      const result = await post(bot.url, forcedMove({}), bearer());
      assert.equal(result.status, 200);
      assert.equal(snapshot(bot.dbFile).proposals.length, 1);
      assert.deepEqual(jobs(bot.dbFile), []);
    });
  });
});

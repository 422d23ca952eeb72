// Authentication with MicrosoftAppId set: the bot in this process validates Bot Framework JWTs
// against a local OpenID metadata + JWKS endpoint (helpers/host/token-service.ts). Requests without a valid token
// (none, expired, another audience, unknown or forged key, wrong algorithm, malformed) get 401
// and are not processed: no reply, nothing written. A correctly signed token for the bot is
// accepted, so the refusals are about the tokens and nothing else.
import { strict as assert } from 'node:assert';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { cardInvoke, message, PEOPLE, post, proposalIdIn, repliesOf, replyText, TENANT_ID, type PostResult } from '../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../helpers/host/app';
import { redirectOpenIdMetadata, startTokenService, type TokenService } from '../helpers/host/token-service';
import { ALL_TABLES, snapshot } from '../helpers/host/store-views';
import { startFakeConnector, type FakeConnector } from '../bot/helpers/http';

const APP_ID = randomUUID();
/** An admin whose AAD object id is a GUID, as Teams sends them (roles come only from such ids). */
const ADMIN = PEOPLE.erin;
const hour = 3600;
const now = () => Math.floor(Date.now() / 1000);

describe('robustness: authentication (MicrosoftAppId set)', function () {
  this.timeout(30_000);
  let connector: FakeConnector;
  let tokens: TokenService;
  let bot: InProcessApp;
  let proposalId: string;
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

  before(async () => {
    connector = await startFakeConnector();
    tokens = await startTokenService(APP_ID, connector.url);
    const restore = redirectOpenIdMetadata(tokens.metadataUrl);
    try {
      bot = await startInProcess({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'robustness-secret', ALLOWED_TENANT_IDS: TENANT_ID });
    } finally {
      restore();
    }
    // A real proposal, so a forged confirm below would have something to start.
    const created = await post(bot.url, message('move site Berlin to Lync 2013 force', { from: ADMIN, serviceUrl: connector.url, expectReplies: true }), { authorization: `Bearer ${tokens.sign()}` });
    assert.equal(created.status, 200, created.text.slice(0, 200));
    proposalId = proposalIdIn(repliesOf(created));
  });
  after(async () => {
    await bot?.close();
    await tokens?.close();
    await connector?.close();
  });

  // botframework-connector prints rejected tokens with console.error; keep the report readable.
  let quiet: sinon.SinonStub | undefined;
  beforeEach(() => {
    quiet = sinon.stub(console, 'error');
  });
  afterEach(() => quiet?.restore());

  const activity = () => message('move site Berlin to Lync 2013 force', { from: ADMIN, serviceUrl: connector.url });
  const confirm = () => cardInvoke('proposal.confirm', { verb: 'proposal.confirm', proposalId }, { serviceUrl: connector.url });

  /** Posts with `authorization` and checks: nothing processed (no reply, not one row written), then the 401. */
  async function refused(authorization: string | undefined, body: Record<string, unknown> = activity(), status = 401): Promise<PostResult> {
    const before = snapshot(bot.dbFile, ALL_TABLES);
    const calls = connector.calls.length;
    const result = await post(bot.url, body, authorization === undefined ? {} : { authorization });
    assert.deepEqual(repliesOf(result), []);
    assert.equal(connector.calls.length, calls, 'nothing sent to the channel');
    assert.deepEqual(snapshot(bot.dbFile, ALL_TABLES), before, 'nothing written');
    assert.equal(result.status, status, `status ${result.status} ${result.text.slice(0, 200)}`);
    if (status === 401) assert.equal((result.body as { code?: string }).code, 'Unauthorized');
    return result;
  }

  const cases: Record<string, () => string | undefined> = {
    'no Authorization header': () => undefined,
    'an empty bearer': () => 'Bearer ',
    'basic credentials': () => `Basic ${Buffer.from('alex:password').toString('base64')}`,
    'an expired token': () => `Bearer ${tokens.sign({ claims: { iat: now() - 2 * hour, nbf: now() - 2 * hour, exp: now() - hour } })}`,
    'a token not valid yet': () => `Bearer ${tokens.sign({ claims: { nbf: now() + hour, exp: now() + 2 * hour } })}`,
    'a token for another audience': () => `Bearer ${tokens.sign({ claims: { aud: randomUUID() } })}`,
    'a token without audience': () => `Bearer ${tokens.sign({ claims: { aud: undefined } })}`,
    'a token from another issuer': () => `Bearer ${tokens.sign({ claims: { iss: 'https://login.example.com' } })}`,
    'a token for another service URL': () => `Bearer ${tokens.sign({ claims: { serviceurl: 'https://evil.example.com/' } })}`,
    'a token signed by an unknown key': () => `Bearer ${tokens.sign({ key: other.privateKey, keyId: 'unknown-key' })}`,
    'a token signed by another key under the published key id': () => `Bearer ${tokens.sign({ key: other.privateKey })}`,
    'an unsigned token (alg none)': () => `Bearer ${tokens.sign({ algorithm: 'none' })}`,
    'an HS256 token keyed with the public key': () => `Bearer ${tokens.sign({ algorithm: 'HS256' })}`,
    'an emulator-style token signed by an unknown key': () =>
      `Bearer ${tokens.sign({ key: other.privateKey, keyId: 'unknown-key', claims: { iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0', appid: APP_ID } })}`,
    'a malformed token': () => 'Bearer not.a.jwt',
    'a token of two parts': () => 'Bearer eyJhbGciOiJSUzI1NiJ9.e30',
    'a token with a tampered payload': () => {
      const [header, , signature] = tokens.sign().split('.');
      return `Bearer ${header}.${Buffer.from(JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: connector.url, exp: now() + hour })).toString('base64url')}.${signature}`;
    },
    'a 12 kB token': () => `Bearer ${'x'.repeat(12_288)}`,
  };

  for (const [name, authorization] of Object.entries(cases)) {
    it(`401 for ${name}`, () => refused(authorization()));
  }

  it('431 for a 64 kB Authorization header (refused by the HTTP parser)', () => refused(`Bearer ${'x'.repeat(65_536)}`, activity(), 431));

  it('401 for a forged confirm click, and no job', async () => {
    await refused(`Bearer ${tokens.sign({ key: other.privateKey, keyId: 'unknown-key' })}`, confirm());
    await refused(undefined, confirm());
    assert.deepEqual(snapshot(bot.dbFile).jobs, []);
  });

  it('fetched the signing keys from the local metadata endpoint', () => {
    assert.ok(tokens.requests.some((r) => r.endsWith('/openidconfiguration')), JSON.stringify(tokens.requests));
    assert.ok(tokens.requests.some((r) => r.endsWith('/keys')));
  });

  describe('positive control', () => {
    it('accepts a correctly signed token for this bot from the channel issuer', async () => {
      const result = await post(bot.url, message('status of site Berlin', { from: ADMIN, serviceUrl: connector.url, expectReplies: true }), { authorization: `Bearer ${tokens.sign()}` });
      assert.equal(result.status, 200, result.text.slice(0, 200));
      assert.match(replyText(repliesOf(result)), /Site Berlin/);
    });

    it('processes the very request the refusals used once the token is valid', async () => {
      const before = snapshot(bot.dbFile).proposals.length;
      const result = await post(bot.url, { ...activity(), deliveryMode: 'expectReplies' }, { authorization: `Bearer ${tokens.sign()}` });
      assert.equal(result.status, 200);
      assert.equal(snapshot(bot.dbFile).proposals.length, before + 1, 'a proposal was created');
    });
  });
});

// Token acquisition: @azure/identity (client secret or certificate) against the fake's Entra ID
// endpoints with instance discovery off, the token reaching Graph as a bearer, an injected
// credential, refused credentials, and option validation at construction.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { GraphDirectory } from '../../../../adapters/directory/graph';
import { graphScope } from '../../../../adapters/directory/graph/client';
import { isLyncOpsError } from '../../../../migration/errors';
import { FAKE_GRAPH_CERT_PATH, FAKE_GRAPH_KEY_PATH, startFakeGraph, type FakeGraph } from '../../../../testkit/fake-graph';
import { assertFakeGraphTrusted, fakeGraphOptions, graphDirectoryFor } from '../../../helpers/graph/directory';

const ALICE = '11111111-0000-0000-0000-000000000001';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

describe('GraphDirectory authentication', () => {
  let fake: FakeGraph;

  before(async () => {
    assertFakeGraphTrusted();
    fake = await startFakeGraph({ acceptTokens: ['injected-token'] });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.setBehaviour();
    fake.requests.length = 0;
  });

  const tokenRequests = () => fake.requests.filter((r) => r.path === `/${fake.tenantId}/oauth2/v2.0/token`);

  it('gets an app-only token with the client secret and sends it to Graph as the bearer', async () => {
    const directory = graphDirectoryFor(fake);
    const issuedBefore = fake.issuedTokens.length;
    await directory.userByAadObjectId(ALICE);
    await directory.groupByName('Pilot');
    await directory.transitiveMembers('44444444-0000-4000-8000-000000000001');

    assert.equal(fake.requests[0].path, `/${fake.tenantId}/v2.0/.well-known/openid-configuration`);
    const [tokenRequest, ...more] = tokenRequests();
    assert.equal(more.length, 0, 'the token is cached by the credential');
    const form = new URLSearchParams(tokenRequest.body);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('client_id'), fake.clientId);
    assert.equal(form.get('client_secret'), fake.clientSecret);
    assert.equal(form.get('scope'), GRAPH_SCOPE);

    assert.equal(fake.issuedTokens.length, issuedBefore + 1);
    const graphCalls = fake.graphRequests();
    assert.equal(graphCalls.length, 3);
    assert.ok(graphCalls.every((r) => r.headers.authorization === `Bearer ${fake.issuedTokens.at(-1)}`));
  });

  it('gets a token with a certificate (signed client assertion, no secret)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lyncops-graph-'));
    try {
      const pem = path.join(dir, 'app.pem');
      writeFileSync(pem, readFileSync(FAKE_GRAPH_KEY_PATH, 'utf8') + readFileSync(FAKE_GRAPH_CERT_PATH, 'utf8'));
      const directory = new GraphDirectory(fakeGraphOptions(fake, { clientSecret: undefined, certificatePath: pem }));
      assert.equal((await directory.userByAadObjectId(ALICE))?.sip, 'alice@contoso.com');
      const form = new URLSearchParams(tokenRequests()[0].body);
      assert.equal(form.get('client_secret'), null);
      assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      assert.equal(form.get('client_assertion')?.split('.').length, 3);
      assert.equal(fake.graphRequests()[0].headers.authorization, `Bearer ${fake.issuedTokens.at(-1)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers DIRECTORY_UNAVAILABLE without calling Graph when the secret is refused', async () => {
    const directory = graphDirectoryFor(fake, { clientSecret: 'wrong-secret' });
    await assert.rejects(directory.userByAadObjectId(ALICE), (e: unknown) => {
      assert.ok(isLyncOpsError(e));
      assert.equal(e.code, 'DIRECTORY_UNAVAILABLE');
      assert.match(e.message, /no Graph access token/);
      return true;
    });
    assert.equal(tokenRequests().length, 1);
    assert.equal(fake.graphRequests().length, 0);
  });

  it('uses an injected credential with the Graph scope and no token endpoint', async () => {
    const getToken = sinon.stub().resolves({ token: 'injected-token', expiresOnTimestamp: Date.now() + 3_600_000 });
    const directory = graphDirectoryFor(fake, { clientSecret: undefined, credential: { getToken } });
    assert.ok(await directory.groupByName('Pilot'));
    assert.deepEqual(getToken.firstCall.args[0], [GRAPH_SCOPE]);
    assert.equal(tokenRequests().length, 0);
    assert.equal(fake.graphRequests()[0].headers.authorization, 'Bearer injected-token');
  });

  it('answers DIRECTORY_UNAVAILABLE when Graph refuses the token (401)', async () => {
    const credential = { getToken: sinon.stub().resolves({ token: 'stale-token', expiresOnTimestamp: Date.now() + 60_000 }) };
    await assert.rejects(graphDirectoryFor(fake, { credential }).groupByName('Pilot'), (e: unknown) => {
      assert.ok(isLyncOpsError(e) && e.code === 'DIRECTORY_UNAVAILABLE');
      assert.match(e.message, /refused access \(401 InvalidAuthenticationToken/);
      return true;
    });
  });

  it('refuses options without a credential, with plain http, or beyond the retry limit', () => {
    assert.throws(() => new GraphDirectory(fakeGraphOptions(fake, { clientSecret: undefined })), /client secret or a certificate path/);
    assert.throws(() => new GraphDirectory(fakeGraphOptions(fake, { baseUrl: 'http://127.0.0.1:1' })), /https[\s\S]*baseUrl/);
    assert.throws(() => new GraphDirectory(fakeGraphOptions(fake, { maxRetries: 11 })), /maxRetries/);
    assert.throws(() => new GraphDirectory(fakeGraphOptions(fake, { tenantId: ' ' })), /tenantId/);
  });

  it('asks for the .default scope of the Graph cloud it talks to', () => {
    assert.equal(graphScope('https://graph.microsoft.com'), GRAPH_SCOPE);
    assert.equal(graphScope('https://graph.microsoft.us'), 'https://graph.microsoft.us/.default');
    assert.equal(graphScope(fake.url), GRAPH_SCOPE);
  });
});

// The fake Graph itself, driven with plain fetch: it must refuse what Graph refuses (no token,
// bad $top, unknown $select properties, unescaped quotes, advanced queries without
// ConsistencyLevel, bad client assertions) so the adapter's tests against it mean something.
import assert from 'node:assert/strict';
import { startFakeGraph, type FakeGraph } from '../../../../testkit/fake-graph';
import { assertFakeGraphTrusted } from '../../../helpers/graph/directory';

const TOKEN = 'static-test-token';
const PILOT = '44444444-0000-4000-8000-000000000001';
const HELPDESK = '44444444-0000-4000-8000-000000000004';
const NESTED = '88888888-0000-4000-8000-000000000001';
const ALICE = '11111111-0000-0000-0000-000000000001';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

describe('fake Graph', () => {
  let fake: FakeGraph;

  before(async () => {
    assertFakeGraphTrusted();
    fake = await startFakeGraph({ acceptTokens: [TOKEN], extraGroups: [{ id: NESTED, name: 'Nested', members: ['dave@contoso.com'], groups: [HELPDESK] }] });
  });
  after(() => fake.close());
  beforeEach(() => fake.setBehaviour());

  async function call(pathAndQuery: string, init: RequestInit & { token?: string | null } = {}): Promise<Answer> {
    const { token = TOKEN, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const response = await fetch(`${fake.url}${pathAndQuery}`, { ...rest, headers });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  }
  const errorCode = (a: Answer) => (a.body.error as { code: string }).code;

  it('refuses Graph calls without an accepted bearer token', async () => {
    assert.equal(errorCode(await call('/v1.0/groups', { token: null })), 'InvalidAuthenticationToken');
    assert.equal((await call('/v1.0/groups', { token: 'forged' })).status, 401);
  });

  it('pages with absolute next links that keep the query and carry one skip token', async () => {
    const first = await call(`/v1.0/groups/${PILOT}/transitiveMembers/microsoft.graph.user?$select=id,displayName&$top=10`);
    const next = String(first.body['@odata.nextLink']);
    assert.ok(next.startsWith(`${fake.url}/v1.0/groups/${PILOT}/transitiveMembers/microsoft.graph.user?$select=id,displayName&$top=10&$skiptoken=`));
    const second = await call(next.slice(fake.url.length));
    assert.equal((second.body.value as unknown[]).length, 10);
    assert.equal((String(second.body['@odata.nextLink']).match(/\$skiptoken=/g) ?? []).length, 1);
    assert.deepEqual(Object.keys((first.body.value as object[])[0]).sort(), ['displayName', 'id']);
  });

  it('refuses a page size above 999 and a forged skip token', async () => {
    assert.match(JSON.stringify((await call(`/v1.0/groups/${PILOT}/transitiveMembers?$top=1000`)).body), /between 1 and 999/);
    assert.equal(errorCode(await call(`/v1.0/groups/${PILOT}/transitiveMembers?$skiptoken=bogus`)), 'Directory_ExpiredPageToken');
  });

  it('refuses unknown $select properties and returns only default user properties without $select', async () => {
    assert.equal((await call(`/v1.0/users/${ALICE}?$select=id,sipAddress`)).status, 400);
    const plain = await call(`/v1.0/users/${ALICE}`);
    assert.equal(plain.body.userPrincipalName, 'alice@contoso.com');
    assert.equal(plain.body.imAddresses, undefined);
  });

  it("parses displayName eq with doubled quotes and refuses a bare quote", async () => {
    const ok = await call(`/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'PILOT'")}`);
    assert.deepEqual((ok.body.value as Array<{ id: string }>).map((g) => g.id), [PILOT]);
    const bad = await call(`/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'O'Brien'")}`);
    assert.equal(bad.status, 400);
  });

  it('wants ConsistencyLevel: eventual for $count', async () => {
    assert.equal(errorCode(await call('/v1.0/groups?$count=true')), 'Request_UnsupportedQuery');
    assert.equal((await call('/v1.0/groups?$count=true', { headers: { ConsistencyLevel: 'eventual' } })).status, 200);
  });

  it('answers 400 for a malformed group id and 404 for an unknown one', async () => {
    assert.equal((await call('/v1.0/groups/pilot')).status, 400);
    assert.equal(errorCode(await call('/v1.0/groups/99999999-0000-4000-8000-000000000999')), 'Request_ResourceNotFound');
  });

  it('lists nested groups in untyped member collections and resolves membership transitively', async () => {
    const members = (await call(`/v1.0/groups/${NESTED}/transitiveMembers`)).body.value as Array<Record<string, string>>;
    assert.ok(members.some((m) => m['@odata.type'] === '#microsoft.graph.group' && m.id === HELPDESK));
    const check = await call('/v1.0/users/helga@contoso.com/checkMemberGroups', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupIds: [NESTED, PILOT] }),
    });
    assert.deepEqual(check.body.value, [NESTED]);
    const tooMany = await call(`/v1.0/users/${ALICE}/checkMemberGroups`, { method: 'POST', body: JSON.stringify({ groupIds: Array(21).fill(PILOT) }) });
    assert.equal(tooMany.status, 400);
  });

  it('issues tokens only to the right tenant, client, scope and credential', async () => {
    const token = (tenant: string, form: Record<string, string>) =>
      call(`/${tenant}/oauth2/v2.0/token`, { method: 'POST', token: null, body: new URLSearchParams(form) });
    const good = { grant_type: 'client_credentials', client_id: fake.clientId, client_secret: fake.clientSecret, scope: 'https://graph.microsoft.com/.default' };
    assert.equal((await token(fake.tenantId, good)).body.token_type, 'Bearer');
    assert.equal((await token('other-tenant', good)).status, 400);
    assert.equal((await token(fake.tenantId, { ...good, scope: 'User.Read' })).body.error, 'invalid_scope');
    assert.equal((await token(fake.tenantId, { ...good, client_secret: 'nope' })).body.error, 'invalid_client');
    const { client_secret: _secret, ...withoutSecret } = good;
    const forged = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: fake.clientId, sub: fake.clientId, aud: `x/${fake.tenantId}/oauth2/v2.0/token`, exp: 4102444800 })).toString('base64url')}.c2ln`;
    const assertion = { ...withoutSecret, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: forged };
    assert.equal((await token(fake.tenantId, assertion)).status, 401);
  });

  it('applies faults in order, after letting `skip` requests through, `times` times', async () => {
    fake.setBehaviour({ kind: 'throttle', match: /groups/, skip: 1, times: 2, retryAfterSeconds: 3 }, { kind: 'notFound', match: /users/, times: 1 });
    assert.equal((await call(`/v1.0/groups/${PILOT}`)).status, 200);
    const throttled = await call(`/v1.0/groups/${PILOT}`);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '3');
    assert.equal((await call(`/v1.0/users/${ALICE}`)).status, 404);
    assert.equal((await call(`/v1.0/groups/${PILOT}`)).status, 429);
    assert.equal((await call(`/v1.0/groups/${PILOT}`)).status, 200);
    assert.equal((await call(`/v1.0/users/${ALICE}`)).status, 200);
  });
});

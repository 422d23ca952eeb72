// Teams SSO for the personal tab, against the real server: tokens signed by a local Entra
// stand-in (RSA key, key set on 127.0.0.1) are exchanged for a cross-site session cookie only with
// the right signature, algorithm, audience, issuer, tenant and lifetime, and only for staff.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { PEOPLE, TENANT_ID } from '../../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../../helpers/host/app';
import { getJson, startEntraStandIn, type EntraStandIn } from '../../helpers/host/dashboard';

const APP_ID_URI = 'api://lyncops.contoso.com/3f2c9b1e-0000-4000-8000-000000000abc';
const OTHER_TENANT = '00000000-1111-4000-8000-000000000bad';

describe('dashboard Teams SSO', function () {
  this.timeout(30_000);
  let entra: EntraStandIn;
  let host: InProcessApp;

  const claims = (overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { aud: APP_ID_URI, iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`, tid: TENANT_ID, oid: PEOPLE.alex.aadObjectId, name: 'Alex Wilber', iat: now, nbf: now - 10, exp: now + 3600, ...overrides };
  };

  async function exchange(token: string, lang?: string): Promise<{ status: number; cookie?: string; body: unknown }> {
    const response = await fetch(`${host.url}/api/dashboard/session/sso`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ...(lang ? { lang } : {}) }) });
    return { status: response.status, cookie: response.headers.get('set-cookie') ?? undefined, body: await response.json() };
  }

  before(async () => {
    entra = await startEntraStandIn();
    host = await startInProcess({ DASHBOARD_SSO_APP_ID_URI: APP_ID_URI, DASHBOARD_SSO_JWKS_URL: entra.jwksUrl, ALLOWED_TENANT_IDS: TENANT_ID });
  });

  after(async () => {
    await host?.close();
    await entra?.close();
  });

  it('turns a valid token of an admin into an HttpOnly, SameSite=None, Secure, partitioned session', async () => {
    const answer = await exchange(entra.sign(claims()), 'de');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { name: 'Alex Wilber', role: 'admin', lang: 'de' });
    assert.match(answer.cookie ?? '', /^lyncops_dashboard=session\.[^;]+; Path=\/; HttpOnly; Max-Age=28800; SameSite=None; Secure; Partitioned$/);
    const me = await getJson(host.url, '/api/dashboard/me', answer.cookie!.split(';')[0]);
    assert.equal(me.status, 200);
    // A v1 token (sts.windows.net issuer) of the helpdesk works too.
    const v1 = await exchange(entra.sign(claims({ iss: `https://sts.windows.net/${TENANT_ID}/`, oid: PEOPLE.helga.aadObjectId })));
    assert.equal(v1.status, 200);
    assert.equal((v1.body as { role: string }).role, 'helpdesk');
  });

  it('refuses tokens with the wrong audience, issuer, tenant, signature, algorithm or lifetime with 401 and no cookie', async () => {
    const { privateKey: strangerKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Math.floor(Date.now() / 1000);
    const refused: Record<string, string> = {
      'wrong audience': entra.sign(claims({ aud: 'api://someone-else.example/abc' })),
      'the bot id as audience': entra.sign(claims({ aud: '3f2c9b1e-0000-4000-8000-000000000abc' })),
      'wrong issuer': entra.sign(claims({ iss: 'https://login.microsoftonline.com/common/v2.0' })),
      'issuer of another tenant': entra.sign(claims({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })),
      'tenant not allowed': entra.sign(claims({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })),
      'signed by another key': entra.sign(claims(), { key: strangerKey }),
      'unknown key id': entra.sign(claims(), { kid: 'rotated-away' }),
      'alg none': entra.sign(claims(), { alg: 'none' }),
      'alg HS256 header': entra.sign(claims(), { alg: 'HS256' }),
      expired: entra.sign(claims({ exp: now - 3600, nbf: now - 7200 })),
      'not yet valid': entra.sign(claims({ nbf: now + 3600 })),
      'no oid': entra.sign(claims({ oid: undefined })),
      tampered: (() => {
        const [h, , s] = entra.sign(claims()).split('.');
        return `${h}.${Buffer.from(JSON.stringify(claims({ oid: PEOPLE.erin.aadObjectId }))).toString('base64url')}.${s}`;
      })(),
    };
    for (const [why, token] of Object.entries(refused)) {
      const answer = await exchange(token);
      assert.equal(answer.status, 401, why);
      assert.equal(answer.cookie, undefined, why);
    }
    assert.equal((await exchange('not-a-jwt-at-all')).status, 401);
    const badBody = await fetch(`${host.url}/api/dashboard/session/sso`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token": 5}' });
    assert.equal(badBody.status, 400);
  });

  it('refuses a valid token of a plain user or a stranger with 403', async () => {
    assert.equal((await exchange(entra.sign(claims({ oid: PEOPLE.alice.aadObjectId })))).status, 403);
    assert.equal((await exchange(entra.sign(claims({ oid: '99999999-0000-4000-8000-000000000000' })))).status, 403);
    const audit = await host.app.store.listAudit({ limit: 50 });
    assert.ok(audit.some((e) => e.event === 'dashboard.refused' && e.actor.id === PEOPLE.alice.aadObjectId));
  });
});

describe('dashboard without Teams SSO configured', () => {
  it('refuses SSO exchanges with 403', async () => {
    const host = await startInProcess();
    try {
      const response = await fetch(`${host.url}/api/dashboard/session/sso`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'a.b.c-and-more' }) });
      assert.equal(response.status, 403);
    } finally {
      await host.close();
    }
  });
});

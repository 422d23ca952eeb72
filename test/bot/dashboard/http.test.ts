// The dashboard over HTTP against the real restify server of a composed lyncops (SQLite store,
// simulator, demo topology): the link from chat, the session cookie, refusals (no session, replay,
// expiry, forgery, plain users), the JSON read models, live events, the static page and the exports.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardSigner } from '../../../bot/dashboard/tokens';
import type { Overview, SitePage } from '../../../migration/dashboard';
import { PEOPLE, message, post, proposalIdIn, repliesOf } from '../../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../../helpers/host/app';
import { dashboardLink, getJson, getRaw, openLink, parseCsv } from '../../helpers/host/dashboard';

const SECRET = 'a-dashboard-secret-of-forty-characters-x';
const helpdesk = PEOPLE.helga;

describe('dashboard over HTTP', function () {
  this.timeout(30_000);
  let host: InProcessApp;
  let webRoot: string;
  let admin: string;

  before(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'lyncops-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>lyncops</title><script src="assets/app.abcdef12.js"></script>');
    writeFileSync(join(webRoot, 'app.abcdef12.js'), 'console.log("dashboard")');
    writeFileSync(join(webRoot, 'app.abcdef12.js.gz'), gzipSync('console.log("dashboard")'));
    host = await startInProcess({ DASHBOARD_SECRET: SECRET, DASHBOARD_LINK_TTL_SECONDS: '60' }, { webRoot });
    const link = await dashboardLink(host.url, PEOPLE.alex);
    assert.ok(link, 'the bot answers "dashboard" with a link');
    const opened = await openLink(link);
    assert.ok(opened.cookie);
    admin = opened.cookie;
  });

  after(async () => {
    await host?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  describe('access', () => {
    it('answers "dashboard" and "Übersicht" with an Open dashboard button whose link becomes an HttpOnly SameSite session cookie', async () => {
      const replies = repliesOf(await post(host.url, message('Übersicht', { from: PEOPLE.alex, expectReplies: true })));
      const card = JSON.stringify(replies);
      assert.match(card, /Übersicht öffnen/);
      assert.match(card, /Action\.OpenUrl/);
      const link = await dashboardLink(host.url, PEOPLE.alex);
      assert.ok(link?.startsWith(`${host.url}/dashboard/open?t=link.`), link);
      const opened = await openLink(link!);
      assert.equal(opened.status, 303);
      assert.equal(opened.location, '/dashboard/');
      assert.match(opened.setCookie ?? '', /^lyncops_dashboard=session\.[^;]+; Path=\/; HttpOnly; Max-Age=28800; SameSite=Lax$/);
      const me = await getJson<{ name: string; role: string; lang: string }>(host.url, '/api/dashboard/me', opened.cookie);
      assert.deepEqual(me, { status: 200, body: { name: 'Alex Wilber', role: 'admin', lang: 'en' } });
    });

    it('refuses a replayed link with 403 and no data', async () => {
      const link = (await dashboardLink(host.url, PEOPLE.alex))!;
      assert.equal((await openLink(link)).status, 303);
      const again = await openLink(link);
      assert.equal(again.status, 403);
      assert.equal(again.setCookie, undefined);
      assert.match(again.body, /used before, has expired, or was not made for you/);
      assert.doesNotMatch(again.body, /Berlin|Munich|alice|<script/i);
    });

    it('refuses expired, tampered and forged links, and a plain user even with a correctly signed link', async () => {
      const signer = new DashboardSigner(SECRET);
      const base = { sub: PEOPLE.alex.aadObjectId, name: 'Alex Wilber', role: 'admin' as const, lang: 'de' as const };
      const expired = signer.sign('link', { ...base, exp: Date.now() - 1 });
      const refusedExpired = await openLink(`${host.url}/dashboard/open?t=${expired}`);
      assert.equal(refusedExpired.status, 403);
      assert.match(refusedExpired.body, /schon benutzt, ist abgelaufen/, 'the refusal speaks the link\'s language');
      const valid = signer.sign('link', { ...base, exp: Date.now() + 60_000 });
      const [purpose, payload] = valid.split('.');
      const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin', sub: PEOPLE.alice.aadObjectId })).toString('base64url');
      assert.equal((await openLink(`${host.url}/dashboard/open?t=${purpose}.${otherPayload}.${valid.split('.')[2]}`)).status, 403, 'tampered payload');
      const forged = new DashboardSigner('another-secret-that-is-long-enough-xxxxx').sign('link', { ...base, exp: Date.now() + 60_000 });
      assert.equal((await openLink(`${host.url}/dashboard/open?t=${forged}`)).status, 403, 'signed with another secret');
      const session = signer.sign('session', { ...base, exp: Date.now() + 60_000 });
      assert.equal((await openLink(`${host.url}/dashboard/open?t=${session}`)).status, 403, 'a session token is no link');
      assert.equal((await openLink(`${host.url}/dashboard/open`)).status, 403);
      // alice is a plain user: the directory decides at the exchange, whatever the link says.
      const alice = signer.sign('link', { sub: PEOPLE.alice.aadObjectId, name: 'Alice', role: 'admin', lang: 'en', exp: Date.now() + 60_000 });
      const refused = await openLink(`${host.url}/dashboard/open?t=${alice}`);
      assert.equal(refused.status, 403);
      assert.match(refused.body, /for the migration admins and the helpdesk/);
      const audit = await host.app.store.listAudit({ limit: 50 });
      assert.ok(audit.some((e) => e.event === 'dashboard.refused' && e.actor.id === PEOPLE.alice.aadObjectId && e.details?.reason === 'role'));
      assert.ok(audit.some((e) => e.event === 'dashboard.refused' && e.details?.reason === 'link replayed'));
    });

    it('gives a plain user no link in chat, and the helpdesk one', async () => {
      assert.equal(await dashboardLink(host.url, PEOPLE.alice), undefined);
      const link = await dashboardLink(host.url, helpdesk);
      assert.ok(link);
      const opened = await openLink(link);
      assert.equal(opened.status, 303);
      assert.equal((await getJson<{ role: string }>(host.url, '/api/dashboard/me', opened.cookie)).body.role, 'helpdesk');
      assert.equal((await getJson(host.url, '/api/dashboard/overview', opened.cookie)).status, 200);
    });

    it('answers 401 on every API route without a valid session, and with a forged cookie', async () => {
      const forged = `lyncops_dashboard=${new DashboardSigner('another-secret-that-is-long-enough-xxxxx').sign('session', { sub: PEOPLE.alex.aadObjectId, name: 'x', role: 'admin', lang: 'en', exp: Date.now() + 60_000 })}`;
      for (const path of ['/api/dashboard/me', '/api/dashboard/overview', '/api/dashboard/sites/Berlin', '/api/dashboard/events', '/api/dashboard/export/inventory.csv', '/api/dashboard/export/audit.csv', '/api/dashboard/export/jobs/1/items.csv']) {
        for (const cookie of [undefined, forged]) {
          const response = await getRaw(host.url, path, cookie ? { cookie } : {});
          assert.equal(response.status, 401, `${path} with ${cookie ? 'a forged cookie' : 'no cookie'}`);
          assert.doesNotMatch(response.bytes.toString(), /Berlin|Munich|alice/);
        }
      }
    });
  });

  describe('read models', () => {
    it('shows four sites with the phases and user counts of the chat', async () => {
      const { status, body } = await getJson<Overview>(host.url, '/api/dashboard/overview', admin);
      assert.equal(status, 200);
      assert.deepEqual(body.sites.map((s) => [s.site, s.phase]), [['Berlin', 'side-by-side'], ['Munich', 'pilot'], ['Hamburg', 'migrated'], ['Frankfurt', 'legacy']]);
      const card = JSON.stringify(repliesOf(await post(host.url, message('list sites', { from: PEOPLE.alex, expectReplies: true }))));
      for (const s of body.sites) {
        const block = card.slice(card.indexOf(`"text":"${s.site}"`));
        const [ocs, lync] = [...block.matchAll(/"title":"Users on (?:OCS 2007 R2|Lync 2013)","value":"([\d,.]+)"/g)].slice(0, 2).map((m) => Number(m[1].replace(/[,.]/g, '')));
        assert.deepEqual([s.onOcs, s.onLync], [ocs, lync], `${s.site} counts as the list sites card`);
      }
      const all = body.sites.reduce((n, s) => n + s.onOcs + s.onLync, 0);
      const lync = body.sites.reduce((n, s) => n + s.onLync, 0);
      assert.equal(body.totals.percentMigrated, Math.round((lync / all) * 1000) / 10);
      assert.equal(body.sites[0].runbook.total, 12);
      assert.ok(body.sites[0].runbook.open, 'Berlin has an open runbook step');
      assert.equal(body.timeline.bucket, 'hour');
      assert.equal((await getJson<Overview>(host.url, '/api/dashboard/overview?bucket=day', admin)).body.timeline.bucket, 'day');
      assert.equal((await getJson(host.url, '/api/dashboard/overview?bucket=week', admin)).status, 400);
    });

    it('shows a site page with runbook evidence and searchable, paged users still on OCS', async () => {
      const { body } = await getJson<SitePage>(host.url, '/api/dashboard/sites/Berlin', admin);
      assert.equal(body.site.site, 'Berlin');
      assert.equal(body.steps.length, 12);
      assert.ok(body.steps.some((s) => s.evidence.kind !== 'none'));
      assert.equal(body.users.pageSize, 25);
      assert.equal(body.users.users.length, 25);
      assert.equal(body.users.total, body.site.onOcs);
      const search = await getJson<SitePage>(host.url, `/api/dashboard/sites/${encodeURIComponent('berlin')}?q=alice`, admin);
      assert.ok(search.body.users.users.some((u) => u.sip === 'alice@contoso.com'));
      assert.ok(search.body.users.matching < search.body.users.total);
      const page2 = await getJson<SitePage>(host.url, '/api/dashboard/sites/Berlin?page=2', admin);
      assert.equal(page2.body.users.page, 2);
      assert.notDeepEqual(page2.body.users.users[0], body.users.users[0]);
      assert.equal((await getJson(host.url, '/api/dashboard/sites/München', admin)).status, 200, 'aliases resolve');
      assert.equal((await getJson(host.url, '/api/dashboard/sites/Atlantis', admin)).status, 404);
      assert.equal((await getJson(host.url, '/api/dashboard/sites/Berlin?page=x', admin)).status, 400);
    });
  });

  describe('live and static', () => {
    it('streams the unfinished jobs as server-sent events', async () => {
      const controller = new AbortController();
      const response = await fetch(`${host.url}/api/dashboard/events`, { headers: { cookie: admin }, signal: controller.signal });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('event: jobs')) text += Buffer.from((await reader.read()).value ?? []).toString();
      controller.abort();
      assert.match(text, /^retry: 2000/);
      assert.match(text, /event: jobs\ndata: \{"jobs":\[/);
    });

    it('serves the page shell without data and hashed assets with long caching and gzip', async () => {
      const page = await getRaw(host.url, '/dashboard/');
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
      assert.doesNotMatch(page.bytes.toString(), /Berlin|Munich|alice/);
      const asset = await getRaw(host.url, '/dashboard/assets/app.abcdef12.js', { 'accept-encoding': 'gzip' });
      assert.equal(asset.status, 200);
      assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(asset.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal((await getRaw(host.url, '/dashboard/assets/app.abcdef12.js', { 'if-none-match': asset.headers.get('etag')! })).status, 304);
      for (const name of ['..%2Fpackage.json', 'index.html', 'app.abcdef12.js.gz', 'missing.js']) {
        assert.equal((await getRaw(host.url, `/dashboard/assets/${name}`)).status, 404, name);
      }
      const redirect = await fetch(`${host.url}/dashboard`, { redirect: 'manual' });
      assert.equal(redirect.status, 301);
    });
  });

  describe('exports', () => {
    it('exports the inventory per pool as UTF-8 CSV with BOM: one row per user, Berlin matching its counts', async () => {
      const csv = await getRaw(host.url, '/api/dashboard/export/inventory.csv', { cookie: admin });
      assert.equal(csv.status, 200);
      assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.match(csv.headers.get('content-disposition') ?? '', /^attachment; filename="lyncops-inventory-\d{4}-\d{2}-\d{2}\.csv"$/);
      assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const rows = parseCsv(csv.bytes.toString('utf8').slice(1));
      assert.deepEqual(rows[0], ['site', 'pool', 'pool version', 'sip address', 'display name', 'enabled', 'legacy home pool', 'moved to Lync 2013 (UTC)']);
      const overview = (await getJson<Overview>(host.url, '/api/dashboard/overview', admin)).body;
      assert.equal(rows.length - 1, overview.sites.reduce((n, s) => n + s.onOcs + s.onLync, 0));
      const berlin = overview.sites.find((s) => s.site === 'Berlin')!;
      const berlinRows = rows.filter((r) => r[0] === 'Berlin');
      assert.equal(berlinRows.filter((r) => r[2] === 'OCS2007R2').length, berlin.onOcs);
      assert.equal(berlinRows.filter((r) => r[2] === 'Lync2013').length, berlin.onLync);
      assert.ok(rows.every((r) => r.length === 8), 'every row has eight fields');
      const spaced = rows.find((r) => r[3].startsWith('kai.leerzeichen'));
      assert.ok(spaced, 'the address with a trailing space survives');
      const site = await getRaw(host.url, '/api/dashboard/export/inventory.csv?site=Munich', { cookie: admin });
      assert.ok(parseCsv(site.bytes.toString('utf8').slice(1)).slice(1).every((r) => r[0] === 'Munich'));
      assert.equal((await getRaw(host.url, '/api/dashboard/export/inventory.csv?site=Atlantis', { cookie: admin })).status, 404);
    });

    it("exports a job's items with state and error, and the audit trail of a site and time range", async () => {
      const page = (await getJson<SitePage>(host.url, '/api/dashboard/sites/Munich', admin)).body;
      const target = page.users.users.find((u) => !u.skip)!;
      const plan = repliesOf(await post(host.url, message(`move sip:${target.sip} to Lync 2013`, { from: PEOPLE.alex, expectReplies: true })));
      const proposal = proposalIdIn(plan);
      await post(host.url, message(`confirm ${proposal}`, { from: PEOPLE.alex, expectReplies: true }));
      const job = (await host.app.store.listJobs(1))[0];
      for (let i = 0; i < 100 && !['completed', 'completedWithErrors'].includes((await host.app.store.getJob(job.id))!.state); i++) await new Promise((r) => setTimeout(r, 50));
      const items = await getRaw(host.url, `/api/dashboard/export/jobs/${job.id}/items.csv`, { cookie: admin });
      const rows = parseCsv(items.bytes.toString('utf8').slice(1));
      assert.deepEqual(rows[0], ['job', 'item', 'kind', 'key', 'name', 'site', 'from pool', 'to pool', 'state', 'attempts', 'error code', 'error', 'updated (UTC)']);
      assert.deepEqual(rows[1].slice(0, 4), [job.id, '1', 'user', target.sip]);
      assert.equal(rows[1][8], 'done');
      assert.equal((await getRaw(host.url, '/api/dashboard/export/jobs/999/items.csv', { cookie: admin })).status, 404);
      assert.equal((await getRaw(host.url, '/api/dashboard/export/jobs/x/items.csv', { cookie: admin })).status, 404);

      const from = new Date(Date.now() - 3_600_000).toISOString();
      const audit = await getRaw(host.url, `/api/dashboard/export/audit.csv?site=Munich&from=${encodeURIComponent(from)}`, { cookie: admin });
      const events = parseCsv(audit.bytes.toString('utf8').slice(1));
      assert.deepEqual(events[0], ['time (UTC)', 'actor', 'actor id', 'role', 'event', 'site', 'target', 'outcome', 'details']);
      assert.ok(events.slice(1).every((e) => e[5] === 'Munich' && Date.parse(e[0]) >= Date.parse(from)));
      assert.ok(events.some((e) => e[4] === 'job.started'));
      const future = await getRaw(host.url, `/api/dashboard/export/audit.csv?from=2999-01-01`, { cookie: admin });
      assert.equal(parseCsv(future.bytes.toString('utf8').slice(1)).length, 1, 'only the header');
      assert.equal((await getRaw(host.url, '/api/dashboard/export/audit.csv?from=yesterday', { cookie: admin })).status, 400);
      const exports = (await host.app.store.listAudit({ limit: 20 })).filter((e) => e.event === 'dashboard.export');
      assert.ok(exports.some((e) => e.target === 'audit' && e.actor.name === 'Alex Wilber'));
    });
  });
});

describe('dashboard at shutdown', () => {
  it('ends open event streams at once instead of holding the server for the whole grace', async () => {
    const host = await startInProcess();
    const opened = await openLink((await dashboardLink(host.url, PEOPLE.alex))!);
    const response = await fetch(`${host.url}/api/dashboard/events`, { headers: { cookie: opened.cookie! } });
    const reader = response.body!.getReader();
    await reader.read();
    const started = Date.now();
    await host.close();
    const took = Date.now() - started;
    // startInProcess gives requests a grace of 2 s; a stream still open would take all of it.
    assert.ok(took < 1500, `shutdown took ${took} ms`);
    const rest = await reader.read().catch(() => ({ done: true }));
    assert.equal(rest.done, true, 'the stream ended');
  });
});

// The same dashboard from either store engine: a lyncops on SQLite and one on PostgreSQL, given the
// same chat turns (a coexistence test, a pilot move), serve the same overview (phases, counts,
// runbook progress, moves per hour, jobs), the same site page and the same inventory export.
import assert from 'node:assert/strict';
import type { Overview, SitePage } from '../../../migration/dashboard';
import { PEOPLE, message, post, proposalIdIn, repliesOf } from '../../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../../helpers/host/app';
import { dashboardLink, getJson, getRaw, openLink, parseCsv } from '../../helpers/host/dashboard';
import { requireTestDatabase, type TestDatabase } from '../../helpers/store/pg-database';

async function confirm(host: InProcessApp, text: string): Promise<void> {
  const proposal = proposalIdIn(repliesOf(await post(host.url, message(text, { from: PEOPLE.alex, expectReplies: true }))));
  await post(host.url, message(`confirm ${proposal}`, { from: PEOPLE.alex, expectReplies: true }));
  const job = (await host.app.store.listJobs(1))[0];
  for (let i = 0; i < 200; i++) {
    if (['completed', 'completedWithErrors'].includes((await host.app.store.getJob(job.id))!.state)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${job.id} did not finish`);
}

/** What must be equal between engines (ids and times differ). */
function comparable(o: Overview) {
  // The open runbook step's evidence carries the time it was observed.
  return {
    sites: o.sites.map((s) => ({ ...s, runbook: { ...s.runbook, open: s.runbook.open && { ...s.runbook.open, evidence: s.runbook.open.evidence.kind } } })),
    totals: o.totals,
    moved: o.timeline.buckets.reduce((n, b) => n + b.moved, 0),
    jobs: o.jobs.map((j) => [j.job.operation, j.job.state, j.counts]),
    events: o.audit.length,
  };
}

describe('dashboard on SQLite and PostgreSQL', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  const hosts: InProcessApp[] = [];
  const cookies: string[] = [];

  before(async function () {
    database = await requireTestDatabase(this);
    hosts.push(await startInProcess());
    hosts.push(await startInProcess({ STORE_URL: database.url, LYNCOPS_UNAUTHENTICATED: 'allow' }));
    assert.deepEqual(hosts.map((h) => h.app.store.engine), ['sqlite', 'postgres']);
    for (const host of hosts) {
      await confirm(host, 'run coexistence tests for site Berlin');
      await confirm(host, 'move pilot group to Lync 2013');
      cookies.push((await openLink((await dashboardLink(host.url, PEOPLE.alex))!)).cookie!);
    }
  });

  after(async () => {
    for (const host of hosts) await host.close();
    await database?.drop();
  });

  it('serves the same overview', async () => {
    const [sqlite, postgres] = await Promise.all(hosts.map((h, i) => getJson<Overview>(h.url, '/api/dashboard/overview', cookies[i])));
    assert.deepEqual(comparable(postgres.body), comparable(sqlite.body));
    assert.ok(comparable(sqlite.body).moved > 0, 'the pilot move shows in the moves per hour');
    assert.equal(sqlite.body.sites.find((s) => s.site === 'Berlin')?.phase, 'pilot');
  });

  it('serves the same site page and inventory', async () => {
    const pages = await Promise.all(hosts.map((h, i) => getJson<SitePage>(h.url, '/api/dashboard/sites/Berlin?q=a&page=2', cookies[i])));
    const strip = (p: SitePage) => ({ site: { ...p.site, runbook: { done: p.site.runbook.done, open: p.site.runbook.open?.id } }, steps: p.steps.map((s) => [s.id, s.state]), users: p.users, failed: p.failed.total, jobs: p.jobs.map((j) => [j.job.operation, j.job.state, j.counts]) });
    assert.deepEqual(strip(pages[1].body), strip(pages[0].body));
    const csv = await Promise.all(hosts.map(async (h, i) => parseCsv((await getRaw(h.url, '/api/dashboard/export/inventory.csv', { cookie: cookies[i] })).bytes.toString('utf8').slice(1))));
    const withoutTimes = (rows: string[][]) => rows.map((r) => [...r.slice(0, 7), r[7] ? 'moved' : '']);
    assert.deepEqual(withoutTimes(csv[1]), withoutTimes(csv[0]));
    const movedRows = csv.map((rows) => rows.filter((r) => /^\d{4}-/.test(r[7])).length);
    assert.ok(movedRows[0] > 0 && movedRows[0] === movedRows[1], `moved users with their move time: ${movedRows.join(' / ')}`);
  });
});

// The dashboard in chromium against the compiled server: the admin opens the link the bot gives in
// chat and sees four sites with the right phases and counts; a pilot move started in chat moves
// the job bar on the open page without a reload; a lost connection is shown and recovers; the
// inventory CSV downloads and parses (one row per user, Berlin as the status card says); the
// helpdesk gets in; a plain user's, a replayed and an expired link get 403; a German viewer gets
// the German page; axe-core finds no serious or critical violation on either page. Chat turns go
// to /api/messages as Teams would send them (expectReplies); screenshots land in screenshots/dashboard/.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DashboardSigner } from '../../../bot/dashboard/tokens';
import { PEOPLE, message, post, proposalIdIn, repliesOf, replyText, type Person } from '../../helpers/host/activities';
import { dashboardLink, parseCsv } from '../../helpers/host/dashboard';
import { PROJECT_ROOT, startBot, type RunningBot } from '../../helpers/browser/processes';
import { launchChromium } from '../../helpers/browser/teams-client';

const SECRET = 'browser-test-dashboard-secret-0123456789';
const SHOTS = path.join(PROJECT_ROOT, 'screenshots', 'dashboard');
const AXE = path.join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TIMEOUT = 30_000;
// One worker lane and a slow simulator: the pilot move takes seconds, long enough to watch.
const BOT_ENV = { DASHBOARD_SECRET: SECRET, SIM_MOVE_LATENCY_MS: '400', JOB_CONCURRENCY: '1' };

/** What functions run inside the page use (the test build has no DOM typings). */
interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; getAttribute(name: string): string | null; value?: number; max?: number }>;
  documentElement: { lang: string };
}
interface PageWindow {
  document: PageDocument;
  __untouched?: boolean;
  axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> };
}
declare const window: PageWindow;

async function say(base: string, person: Person, text: string) {
  return repliesOf(await post(base, message(text, { from: person, expectReplies: true })));
}

/** Plans and confirms a change in chat; returns the job id. */
async function confirmInChat(base: string, text: string): Promise<string> {
  const proposal = proposalIdIn(await say(base, PEOPLE.alex, text));
  const confirmed = replyText(await say(base, PEOPLE.alex, `confirm ${proposal}`));
  const job = /Job (\d+)/.exec(confirmed)?.[1];
  assert.ok(job, `no job in ${confirmed.slice(0, 300)}`);
  return job;
}

async function untilJobFinished(base: string, job: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if (/State\s*","value":"(completed|completed with errors)"/.test(replyText(await say(base, PEOPLE.alex, `status of job ${job}`)))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`job ${job} did not finish`);
}

/** Users on OCS / Lync of a site as its status card in chat shows them. */
async function statusCardCounts(base: string, site: string): Promise<{ ocs: number; lync: number }> {
  const text = replyText(await say(base, PEOPLE.alex, `status of site ${site}`));
  const count = (title: string) => {
    const value = new RegExp(`"title":"${title}","value":"([\\d,.]+)"`).exec(text)?.[1];
    assert.ok(value, `"${title}" on the status card of ${site}`);
    return Number(value.replace(/[,.]/g, ''));
  };
  return { ocs: count('Users on OCS 2007 R2'), lync: count('Users on Lync 2013') };
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(window.document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

async function siteCards(page: Page): Promise<Array<{ site: string; phase: string; ocs: number; lync: number }>> {
  const cards = [];
  for (const card of await page.locator('[data-site]').all()) {
    const count = async (which: string) => Number((await card.locator(`[data-count="${which}"]`).innerText()).replace(/[^\d]/g, ''));
    cards.push({
      site: (await card.getAttribute('data-site')) ?? '',
      phase: (await card.locator('[data-phase]').getAttribute('data-phase')) ?? '',
      ocs: await count('ocs'),
      lync: await count('lync'),
    });
  }
  return cards;
}

describe('dashboard in chromium', function () {
  this.timeout(120_000);
  let bot: RunningBot;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async function () {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    bot = await startBot(BOT_ENV);
    // The address the bot's links name (it listens on loopback): cookies belong to that host.
    base = `http://127.0.0.1:${bot.port}`;
    browser = await launchChromium();
    // bypassCSP only so axe-core can be injected; the page's own scripts are all same-origin files.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, bypassCSP: true });
    page = await context.newPage();
  });

  after(async function () {
    await context?.close();
    await browser?.close();
    await bot?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await page?.screenshot({ path: path.join(SHOTS, `FAILED-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`), fullPage: true }).catch(() => undefined);
      process.stderr.write(`--- bot output ---\n${bot.process.tail(40)}\n`);
    }
  });

  it('admin opens the link from chat and sees four sites with the phases and counts of the status cards', async () => {
    const link = await dashboardLink(base, PEOPLE.alex);
    assert.ok(link);
    const response = await page.goto(link);
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/dashboard/', 'the token left the address bar');
    await page.waitForSelector('[data-site]', { timeout: TIMEOUT });
    const cards = await siteCards(page);
    assert.deepEqual(cards.map((c) => [c.site, c.phase]), [['Berlin', 'side-by-side'], ['Munich', 'pilot'], ['Hamburg', 'migrated'], ['Frankfurt', 'legacy']]);
    for (const card of cards) {
      const status = await statusCardCounts(base, card.site);
      assert.deepEqual([card.ocs, card.lync], [status.ocs, status.lync], `${card.site}: users on OCS and Lync as on its status card`);
    }
    assert.match(await page.locator('#who').innerText(), /Signed in as Alex Wilber \(admin\)/);
    await page.screenshot({ path: path.join(SHOTS, '01-overview-admin.png'), fullPage: true });
  });

  it('moves the job bar of a pilot move started in chat without a reload', async () => {
    await page.evaluate(() => {
      window.__untouched = true;
    });
    const coexistence = await confirmInChat(base, 'run coexistence tests for site Berlin');
    await untilJobFinished(base, coexistence);
    const job = await confirmInChat(base, 'move pilot group to Lync 2013');
    const bar = `[data-job-progress="${job}"]`;
    await page.waitForSelector(bar, { timeout: TIMEOUT });
    const seen: number[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const value = await page.evaluate((selector) => {
        const el = window.document.querySelectorAll(selector)[0];
        return el ? Number(el.value) : -1;
      }, bar);
      if (value < 0) break; // the job finished and left the list of unfinished jobs
      if (seen[seen.length - 1] !== value) seen.push(value);
      if (seen.length === 3) await page.screenshot({ path: path.join(SHOTS, '02-job-bar-moving.png'), fullPage: true });
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(seen.length >= 3, `the bar moved through several values: ${seen.join(' → ')}`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'never backwards');
    assert.equal(await page.evaluate(() => window.__untouched), true, 'no reload happened');
    await page.waitForFunction(() => window.document.querySelectorAll('[data-site="Berlin"] [data-phase="pilot"]').length === 1, undefined, { timeout: TIMEOUT });
  });

  it('says so when the live connection is lost, and recovers', async () => {
    const live = page.locator('#live');
    assert.equal(await live.getAttribute('data-status'), 'live');
    // The server goes away (its shutdown cuts the event stream) and comes back on the same port and store.
    const restarting = (async () => {
      await bot.stop({ keepData: true });
      bot = await startBot(BOT_ENV, { port: bot.port, dataDir: bot.dataDir });
    })();
    await page.waitForFunction(() => ['lost', 'closed'].includes(window.document.querySelectorAll('#live')[0].getAttribute('data-status') ?? ''), undefined, { timeout: TIMEOUT, polling: 50 });
    assert.match(await live.innerText(), /Connection lost/);
    await page.screenshot({ path: path.join(SHOTS, '03-connection-lost.png') });
    await restarting;
    await page.waitForFunction(() => window.document.querySelectorAll('#live')[0].getAttribute('data-status') === 'live', undefined, { timeout: TIMEOUT });
    assert.match(await live.innerText(), /Connected again/);
    assert.equal(await page.evaluate(() => window.__untouched), true, 'recovered without a reload');
  });

  it('downloads the inventory CSV: one row per user, Berlin as its status card', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/api/dashboard/export/inventory.csv"]')]);
    const file = path.join(SHOTS, 'inventory.csv');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const rows = parseCsv(bytes.toString('utf8').slice(1)).slice(1);
    const cards = await siteCards(page);
    assert.equal(rows.length, cards.reduce((n, c) => n + c.ocs + c.lync, 0), 'one row per user');
    const berlin = await statusCardCounts(base, 'Berlin');
    assert.equal(rows.filter((r) => r[0] === 'Berlin' && r[2] === 'OCS2007R2').length, berlin.ocs);
    assert.equal(rows.filter((r) => r[0] === 'Berlin' && r[2] === 'Lync2013').length, berlin.lync);
    assert.ok(rows.filter((r) => r[0] === 'Berlin' && r[2] === 'Lync2013').every((r) => /^\d{4}-\d{2}-\d{2}T/.test(r[7])), 'moved Berlin users carry their move time');
  });

  it('shows a site page with runbook, users on OCS and search; no serious or critical axe violations on both pages', async () => {
    await page.goto(`${base}/dashboard/`);
    await page.waitForSelector('[data-site]');
    const overviewViolations = await axeViolations(page);
    await page.click('[data-site="Berlin"] h3 a');
    await page.waitForSelector('[data-step]', { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-step]').count(), 12);
    await page.fill('#user-search', 'carol');
    await page.click('form.search button');
    await page.waitForFunction(() => window.document.querySelectorAll('td')[1]?.textContent === 'carol@contoso.com', undefined, { timeout: TIMEOUT });
    await page.screenshot({ path: path.join(SHOTS, '04-site-berlin.png'), fullPage: true });
    const siteViolations = await axeViolations(page);
    assert.deepEqual({ overview: overviewViolations, site: siteViolations }, { overview: [], site: [] });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/dashboard/`);
    await page.waitForSelector('[data-site]');
    assert.deepEqual(await axeViolations(page), [], 'dark, phone width');
    const overflow = await page.evaluate(() => (window.document as unknown as { documentElement: { scrollWidth: number; clientWidth: number } }).documentElement.scrollWidth - (window.document as unknown as { documentElement: { clientWidth: number } }).documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow}px)`);
    await page.screenshot({ path: path.join(SHOTS, '05-overview-phone-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('lets the helpdesk in, and shows a German viewer the German page', async () => {
    const helpdesk = await browser.newContext({ bypassCSP: true });
    try {
      const helga = await helpdesk.newPage();
      await helga.goto((await dashboardLink(base, PEOPLE.helga))!);
      await helga.waitForSelector('[data-site]', { timeout: TIMEOUT });
      assert.match(await helga.locator('#who').innerText(), /\(helpdesk\)/);
      const german = await helpdesk.newPage();
      await german.goto((await dashboardLink(base, PEOPLE.erin, 'Übersicht'))!);
      await german.waitForSelector('[data-site]', { timeout: TIMEOUT });
      assert.equal(await german.evaluate(() => window.document.documentElement.lang), 'de');
      assert.equal(await german.locator('#sites-title').innerText(), 'Standorte');
      assert.match(await german.locator('[data-site="Munich"] .phase').innerText(), /Phase: Pilot/);
      await german.screenshot({ path: path.join(SHOTS, '06-overview-german.png'), fullPage: true });
    } finally {
      await helpdesk.close();
    }
  });

  it("refuses a plain user's, a replayed and an expired link with 403 and no data", async () => {
    const fresh = await browser.newContext();
    try {
      const tab = await fresh.newPage();
      assert.equal(await dashboardLink(base, PEOPLE.alice), undefined, 'the bot gives alice no link');
      const signer = new DashboardSigner(SECRET);
      const alice = signer.sign('link', { sub: PEOPLE.alice.aadObjectId, name: 'Alice Schulz', role: 'admin', lang: 'en', exp: Date.now() + 60_000 });
      const expired = signer.sign('link', { sub: PEOPLE.alex.aadObjectId, name: 'Alex Wilber', role: 'admin', lang: 'en', exp: Date.now() - 1000 });
      const used = (await dashboardLink(base, PEOPLE.alex))!;
      assert.equal((await tab.goto(used))?.status(), 200);
      await (await fresh.newPage()).context().clearCookies();
      for (const [why, url] of [['plain user', `${base}/dashboard/open?t=${alice}`], ['replayed', used], ['expired', `${base}/dashboard/open?t=${expired}`]] as const) {
        const response = await tab.goto(url);
        assert.equal(response?.status(), 403, why);
        const body = await tab.content();
        assert.doesNotMatch(body, /Berlin|Munich|Frankfurt|<script/, why);
      }
      await tab.screenshot({ path: path.join(SHOTS, '07-refused.png') });
      // Without a session the page itself shows only the sign-in hint.
      await fresh.clearCookies();
      await tab.goto(`${base}/dashboard/`);
      await tab.waitForSelector('[role="alert"]', { timeout: TIMEOUT });
      assert.doesNotMatch(await tab.content(), /Berlin|Munich|Frankfurt/);
    } finally {
      await fresh.close();
    }
  });
});

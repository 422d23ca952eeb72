// A scheduled pilot move in the local Teams client (Agents Playground + chromium): the admin
// asks for it "in 2 minutes", confirms, and sees "scheduled" on the card and in "list jobs".
// Instead of waiting two minutes the test restarts the bot with its clock moved to the start
// time (LYNCOPS_TEST_CLOCK_OFFSET_MS, on the same store and port): the restarted bot starts the
// job at its time and the same card turns running, then completed.
import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { startBot, type RunningBot } from '../../helpers/browser/processes';
import { launchChromium } from '../../helpers/browser/teams-client';
import { loadProfile, openSession, reportFailure, screenshotPath, type Session } from '../../helpers/browser/session';

const ADMIN = loadProfile('admin', '.m365agentsplayground.yml');
const MINUTE = 60_000;
const ENV = { DEFAULT_TIME_ZONE: 'UTC', CARD_UPDATE_INTERVAL_MS: '500' };

/** "in 2 minutes" as the bot reads it: two minutes on, rounded up to the next whole minute. */
const dueFor = (now: number) => Math.ceil((now + 2 * MINUTE) / MINUTE) * MINUTE;

describe('a scheduled pilot move in the Teams client (Agents Playground + chromium)', function () {
  this.timeout(120_000);
  let bot: RunningBot | undefined;
  let browser: Browser | undefined;
  let admin: Session | undefined;

  before(async function () {
    this.timeout(90_000);
    bot = await startBot(ENV);
    browser = await launchChromium();
    admin = await openSession(browser, bot, ADMIN);
  });

  after(async function () {
    this.timeout(30_000);
    await admin?.close();
    await browser?.close();
    await bot?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await reportFailure(this.currentTest.fullTitle(), admin, admin ? [admin] : [], bot);
  });

  it('"move pilot group to Lync 2013 in 2 minutes": scheduled on the card and in "list jobs", then it runs and completes on the same card', async () => {
    const { client } = admin!;
    // The pilot gate needs a passing coexistence test at Berlin.
    const checks = await client.ask('run coexistence tests for site Berlin', /Coexistence test: please confirm/);
    await client.clickCardButton(checks.message, 'Confirm');
    await client.waitForUpdate(checks.index, /State\s+completed/, 'the completed coexistence test');

    // Not within a few seconds of a minute boundary, so the test knows the minute the bot rounds to.
    while (((Date.now() + 2 * MINUTE) % MINUTE) / 1000 < 3 || ((Date.now() + 2 * MINUTE) % MINUTE) / 1000 > 50) await new Promise((r) => setTimeout(r, 1000));
    const due = dueFor(Date.now());
    await client.resetCardHistory();
    const proposal = await client.ask('move pilot group to Lync 2013 in 2 minutes', /Move to Lync 2013: please confirm/);
    const dueText = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(due);
    assert.match(proposal.text, new RegExp(`in 2 minutes → .*${dueText} UTC`));
    await client.clickCardButton(proposal.message, 'Confirm');
    const scheduled = await client.waitForUpdate(proposal.index, /State\s+scheduled/, 'the scheduled job');
    const job = /Job (\d+): Move to Lync 2013/.exec(scheduled);
    assert.ok(job, `no job number on the card: ${scheduled}`);
    assert.match(scheduled, new RegExp(`${dueText} UTC`));
    const list = await client.ask('list jobs', new RegExp(`Job ${job[1]}:`));
    assert.match(list.text, new RegExp(`Job ${job[1]}: .*scheduled.*Next start: .*${dueText} UTC`, 's'));
    await client.screenshot(screenshotPath('06-admin-pilot-move-scheduled'), proposal.message);

    // Two minutes pass while the bot is down: it comes back on the same store and port, its clock at the start time.
    const { port, dataDir } = bot!;
    await bot!.stop({ keepData: true });
    bot = await startBot({ ...ENV, LYNCOPS_TEST_CLOCK_OFFSET_MS: String(due - Date.now() - 1000) }, { port, dataDir });

    const final = await client.waitForUpdate(proposal.index, /State\s+completed/, 'the completed scheduled pilot move');
    const total = /How many\s+(\d+) users/.exec(proposal.text);
    assert.ok(total, `no user count on the plan card: ${proposal.text}`);
    assert.match(final, new RegExp(`Done\\s+${total[1]}\\b`));
    assert.match(final, /Failed\s+0\b/);
    assert.doesNotMatch(final, /late/, 'started at its time, not late');
    const history = (await client.cardHistory(await client.cardIndexOf(proposal.message))).map((text) => /State\s+(\w+)/.exec(text)?.[1] ?? 'proposal');
    const states = history.filter((s, i) => s !== history[i - 1]);
    assert.deepEqual(states.slice(0, 2), ['proposal', 'scheduled'], states.join(' → '));
    assert.equal(states[states.length - 1], 'completed', states.join(' → '));
    await client.screenshot(screenshotPath('07-admin-scheduled-pilot-move-completed'), proposal.message);
  });
});

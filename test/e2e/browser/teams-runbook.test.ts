// The runbook and the pilot's problem reports in the local Teams client (Agents Playground +
// chromium, the compiled bot on a fresh store): the admin reads Berlin's runbook, clicks its next
// action and gets the plan card below the runbook; alice reports a problem, the admin lists and
// resolves it, and alice gets a personal notice in her chat.
import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { startBot, type RunningBot } from '../../helpers/browser/processes';
import { launchChromium, SELECTORS } from '../../helpers/browser/teams-client';
import { loadProfile, openSession, reportFailure, screenshotPath, type Session } from '../../helpers/browser/session';

const ADMIN = loadProfile('admin', '.m365agentsplayground.yml');
const PILOT = loadProfile('pilot', 'playground/pilot.yml');

describe('the runbook and problem reports in the Teams client (Agents Playground + chromium)', function () {
  this.timeout(120_000);
  let bot: RunningBot | undefined;
  let browser: Browser | undefined;
  let admin: Session | undefined;
  let pilot: Session | undefined;
  let active: Session | undefined;

  before(async function () {
    this.timeout(120_000);
    bot = await startBot();
    browser = await launchChromium();
    admin = await openSession(browser, bot, ADMIN);
    pilot = await openSession(browser, bot, PILOT);
  });

  after(async function () {
    this.timeout(30_000);
    await pilot?.close();
    await admin?.close();
    await browser?.close();
    await bot?.stop();
  });

  afterEach(async function () {
    const sessions = [admin, pilot].filter((s): s is Session => !!s);
    if (this.currentTest?.state === 'failed') await reportFailure(this.currentTest.fullTitle(), active, sessions, bot);
  });

  it('the admin sees Berlin\'s twelve steps and clicks the next action: the plan comes below, the runbook stays', async () => {
    active = admin;
    const { client } = admin!;
    const runbook = await client.ask('runbook for site Berlin', /Runbook of site Berlin/);
    // Teams renders "1. …" as a numbered list: the numbers are list markers, not text.
    assert.match(runbook.text, /Steps done\s+4\/12/);
    assert.match(runbook.text, /Lync 2013 pool deployed beside the OCS pool — done/);
    assert.match(runbook.text, /Coexistence verified .* — pending/);
    assert.match(runbook.text, /Next: "run coexistence tests for site Berlin"/);
    assert.match(runbook.text, /Legacy pool decommissioned.* — blocked/);
    assert.match(runbook.text, /Read from the backend (just now|\d+ s ago)/);
    assert.equal(await runbook.message.locator(`${SELECTORS.cardButton}[aria-label="Run coexistence tests"]`).count(), 1, 'the next action is a button');
    assert.equal(await runbook.message.locator(`${SELECTORS.cardButton}[aria-label="Record as done"]`).count(), 2, 'client filter and Edge cut-over can be recorded');

    const before = await client.botMessages().count();
    await client.clickCardButton(runbook.message, 'Run coexistence tests');
    const plan = await client.waitForBotMessage(before, /Coexistence test: please confirm/, 'the plan of the clicked next action');
    assert.match(plan.text, /How many\s+9 checks/);
    assert.equal(await plan.message.locator(`${SELECTORS.cardButton}[aria-label="Confirm"]`).count(), 1);
    assert.match(await client.botMessages().nth(runbook.index).innerText(), /Runbook of site Berlin/, 'the runbook card is still there');
    await client.screenshot(screenshotPath('10-admin-runbook-berlin'), runbook.message);
  });

  it('alice reports a problem; the admin lists and resolves it; alice is told in her chat', async () => {
    active = pilot;
    const report = await pilot!.client.ask('report problem: I cannot join meetings since the move', /your report is recorded as problem (\d+)/);
    const id = /problem (\d+)/.exec(report.text)?.[1];
    assert.ok(id, report.text);
    const noticesFrom = await pilot!.client.botMessages().count();

    active = admin;
    const list = await admin!.client.ask('list problems in Berlin', /Problem reports at Berlin/);
    assert.match(list.text, new RegExp(`#${id} · open · Alice Schulz`));
    assert.match(list.text, /I cannot join meetings since the move/);
    const resolved = await admin!.client.ask(`resolve problem ${id}`, new RegExp(`Problem ${id} is resolved`));
    assert.match(resolved.text, /Alice Schulz has been told/);
    await admin!.client.screenshot(screenshotPath('11-admin-resolves-problem'), resolved.message);

    active = pilot;
    const notice = await pilot!.client.waitForBotMessage(noticesFrom, new RegExp(`problem report ${id}|Problemmeldung ${id}`), 'the personal notice of the resolved report');
    assert.match(notice.text, /resolved by Alex Wilber|von Alex Wilber gelöst/);
    await pilot!.client.screenshot(screenshotPath('12-pilot-notified'), notice.message);
  });
});

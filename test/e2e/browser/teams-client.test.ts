// lyncops in the local Teams client: the compiled bot behind the Microsoft 365 Agents Playground,
// driven through chromium as the admin and as a pilot user. The bot starts once and its store
// carries state from scenario to scenario (coexistence test -> pilot move -> alice is migrated);
// each user profile gets its own playground instance. Final states are saved as screenshots.
// Ambiguous text is asked about on a card ("move Berlin"), and a pilot user's question about
// their own meetings is answered about them, in the language they wrote; a greeting gets a welcome.
import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { startBot, type RunningBot } from '../../helpers/browser/processes';
import { launchChromium, SELECTORS } from '../../helpers/browser/teams-client';
import { loadProfile, openSession, reportFailure, resetScreenshots, screenshotPath, type Session } from '../../helpers/browser/session';

const ADMIN = loadProfile('admin', '.m365agentsplayground.yml');
const PILOT = loadProfile('pilot', 'playground/pilot.yml');

/** "Progress 45% (9 / 20)" -> [9, 20] */
function progressOf(cardText: string): [number, number] | undefined {
  const match = /Progress\s+\S+\s+\((\d+) \/ (\d+)\)/.exec(cardText);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** The card went confirm -> queued/running -> completed, in place and never backwards. */
function assertProgressedToCompletion(history: string[], total: number): void {
  const shown = history.map((text) => text.split('\n')[0]);
  assert.match(history[0], /please confirm/, `first state: ${shown.join(' | ')}`);
  const firstFinal = history.findIndex((text) => /State\s+completed/.test(text));
  assert.ok(firstFinal > 0, `never completed: ${shown.join(' | ')}`);
  const between = history.slice(1, firstFinal);
  assert.ok(
    between.some((text) => /State\s+(queued|running)/.test(text) && (progressOf(text)?.[0] ?? total) < total),
    `no queued/running state between confirmation and completion: ${shown.join(' | ')}`,
  );
  for (const text of history.slice(firstFinal)) assert.match(text, /State\s+completed/, 'a later edit replaced the final card');
}

describe('lyncops in the Teams client (Agents Playground + chromium)', function () {
  let bot: RunningBot | undefined;
  let browser: Browser | undefined;
  let admin: Session;
  let active: Session | undefined;
  const sessions: Session[] = [];

  before(async function () {
    this.timeout(90_000);
    resetScreenshots();
    bot = await startBot();
    browser = await launchChromium();
    admin = await openSession(browser, bot, ADMIN);
    sessions.push(admin);
  });

  after(async function () {
    this.timeout(30_000);
    for (const session of sessions.splice(0)) await session.close();
    await browser?.close();
    await bot?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await reportFailure(this.currentTest.fullTitle(), active, sessions, bot);
  });

  describe(`as the admin ${ADMIN.user.name}, in the personal chat`, () => {
    beforeEach(() => {
      active = admin;
    });

    it('"status of site Berlin" shows Berlin\'s phase and both of its pools', async () => {
      const { client } = admin;
      const reply = await client.ask('status of site Berlin', /Site Berlin/);
      assert.equal(await reply.message.locator(SELECTORS.card).count(), 1, 'the answer is an Adaptive Card');
      assert.match(reply.text, /Phase\s+side-by-side/);
      assert.match(reply.text, /Pool ocs-ber\.contoso\.local\s+Version\s+OCS 2007 R2/);
      assert.match(reply.text, /Pool lync-ber\.contoso\.local\s+Version\s+Lync Server 2013/);
      assert.match(reply.text, /Last coexistence test\s+never run/);
      await client.screenshot(screenshotPath('01-admin-status-berlin'), reply.message);
    });

    it('"run coexistence tests for site Berlin", Confirm: the card reports 9 of 9 checks passed', async () => {
      const { client } = admin;
      await client.resetCardHistory();
      const proposal = await client.ask('run coexistence tests for site Berlin', /Coexistence test: please confirm/);
      assert.match(proposal.text, /How many\s+9 checks/);
      assert.match(proposal.text, /What\s+site Berlin/);
      assert.doesNotMatch(proposal.text, /From → To/, 'checks move nobody: no pool flow on the card');
      const cardIndex = await client.cardIndexOf(proposal.message);
      await client.clickCardButton(proposal.message, 'Confirm');

      const final = await client.waitForUpdate(proposal.index, /State\s+completed/, 'the completed coexistence test');
      assert.match(final, /9 of 9 checks passed/);
      assert.match(final, /Failed\s+0/);
      const passed = final.split('\n').filter((line) => line.startsWith('✓ '));
      assert.equal(passed.length, 9, `per-check lines: ${JSON.stringify(passed)}`);
      assert.doesNotMatch(final, /^✗ /m);
      for (const check of ['IM legacy → Lync', 'IM Lync → legacy', 'Presence legacy → Lync', 'Presence Lync → legacy'])
        assert.ok(passed.some((line) => line.startsWith(`✓ ${check}`)), `no passed line for ${check}`);
      assert.equal(await proposal.message.locator(`${SELECTORS.cardButton}[aria-label="Confirm"]`).count(), 0, 'Confirm is gone');
      assertProgressedToCompletion(await client.cardHistory(cardIndex), 9);
      await client.screenshot(screenshotPath('02-admin-coexistence-berlin'), proposal.message);
    });

    it('"move pilot group to Lync 2013", Confirm: progress on the card, then the completed counts', async () => {
      const { client } = admin;
      await client.resetCardHistory();
      const proposal = await client.ask('move pilot group to Lync 2013', /Move to Lync 2013: please confirm/);
      const planned = /How many\s+(\d+) users/.exec(proposal.text);
      assert.ok(planned, `no user count on the confirmation card: ${proposal.text}`);
      const total = Number(planned[1]);
      assert.ok(total > 0);
      assert.match(proposal.text, /group Pilot/);
      assert.match(proposal.text, /✓ Berlin: coexistence verified/, 'the coexistence test of the previous scenario opened the gate');
      const cardIndex = await client.cardIndexOf(proposal.message);
      const cardsBefore = await client.page.locator(SELECTORS.card).count();
      await client.clickCardButton(proposal.message, 'Confirm');

      const final = await client.waitForUpdate(proposal.index, /State\s+completed/, 'the completed pilot move');
      assert.match(final, /Job \d+: Move to Lync 2013/);
      assert.deepEqual(progressOf(final), [total, total]);
      assert.match(final, new RegExp(`Done\\s+${total}\\b`));
      assert.match(final, /Failed\s+0\b/);
      assert.match(final, /Remaining\s+0\b/);
      assert.equal(await client.page.locator(SELECTORS.card).count(), cardsBefore, 'progress edits the card instead of posting new ones');
      assertProgressedToCompletion(await client.cardHistory(cardIndex), total);
      await client.screenshot(screenshotPath('03-admin-move-pilot'), proposal.message);
    });

    it('"move Berlin" asks whether the site or the group Sales Berlin is meant; picking the site turns the question into its plan', async () => {
      const { client } = admin;
      const question = await client.ask('move Berlin', /Which one did you mean\?/);
      assert.match(question.text, /"move Berlin" can mean more than one thing/);
      assert.match(question.text, /move site Berlin to Lync 2013\s+move group "Sales Berlin" to Lync 2013/, "typed twins of both readings");
      assert.equal(await question.message.locator(`${SELECTORS.cardButton}[aria-label="Move group Sales Berlin to Lync 2013"]`).count(), 1);
      await client.clickCardButton(question.message, 'Move site Berlin to Lync 2013');
      // Right after the pilot move the site-wide move is refused until the pilot has run and is signed off.
      const plan = await client.waitForUpdate(question.index, /Move to Lync 2013: blocked/, 'the plan of site Berlin in place of the question');
      assert.match(plan, /The pilot at Berlin is not signed off/);
      assert.match(plan, /What\s+site Berlin/);
      assert.match(plan, /ocs-ber\.contoso\.local → lync-ber\.contoso\.local/);
      assert.doesNotMatch(plan, /Which one did you mean/, 'the question was replaced');
      await client.screenshot(screenshotPath('03b-admin-clarify-move-berlin'), question.message);
    });
  });

  describe(`as the pilot user ${PILOT.user.upn}, in the personal chat`, () => {
    let pilot: Session;

    before(async function () {
      this.timeout(60_000);
      pilot = await openSession(browser!, bot!, PILOT);
      sessions.push(pilot);
    });

    after(async () => {
      sessions.splice(sessions.indexOf(pilot), 1);
      await pilot?.close();
    });

    beforeEach(() => {
      active = pilot;
    });

    it('"hallo" gets a short German welcome that tells alice how to ask about her move; "danke" a friendly answer', async () => {
      const { client } = pilot;
      const hello = await client.ask('hallo', /Hallo Alice, ich bin LyncOps/);
      assert.match(hello.text, /Fragen Sie mich, ob Sie schon umgezogen sind: „bin ich schon migriert\?“/);
      assert.doesNotMatch(hello.text, /nicht verstanden|did not understand|Stand:/);
      const thanks = await client.ask('danke', /Gern geschehen/);
      assert.doesNotMatch(thanks.text, /nicht verstanden/);
      await client.screenshot(screenshotPath('04a-pilot-greeting-de'), hello.message);
    });

    it('"bin ich schon migriert?" answers in German, about alice only: she is on Lync 2013 now', async () => {
      const { client } = pilot;
      const reply = await client.ask('bin ich schon migriert?', /Ihr Migrationsstatus/);
      assert.match(reply.text, /Sie sind bereits auf Lync Server 2013 \(Pool lync-ber\.contoso\.local\)/);
      assert.match(reply.text, new RegExp(`SIP\\s+${PILOT.user.upn.replace(/[.]/g, '\\.')}`));
      assert.match(reply.text, /Heimatpool\s+lync-ber\.contoso\.local/);
      assert.match(reply.text, /Standort\s+Berlin/);
      assert.match(reply.text, /Pilotgruppe\s+ja/);
      assert.doesNotMatch(reply.text, /Your migration status|You are|Home pool/, 'no English left in the answer');
      assert.doesNotMatch(reply.text, /alex\.wilber|bob@|carol@|erin@/, 'nobody else appears');
      await client.screenshot(screenshotPath('04-pilot-my-status-de'), reply.message);
    });

    it('"was passiert mit meinen Besprechungen?" answers in German about alice\'s own meetings', async () => {
      const { client } = pilot;
      const reply = await client.ask('was passiert mit meinen Besprechungen?', /Ihre Besprechungen/);
      assert.match(reply.text, /Sie sind auf Lync Server 2013 \(Pool lync-ber\.contoso\.local, Standort Berlin\)/);
      assert.match(reply.text, /Besprechungslink und ihre Konferenz-ID behalten/);
      assert.doesNotMatch(reply.text, /Your meetings|You are|meeting link/, 'no English left in the answer');
      assert.doesNotMatch(reply.text, /alex\.wilber|bob@|carol@|erin@/, 'nobody else appears');
      await client.screenshot(screenshotPath('04b-pilot-faq-meetings-de'), reply.message);
    });

    it('"move pilot group to Lync 2013" is refused politely, with nothing to confirm', async () => {
      const { client } = pilot;
      const reply = await client.ask('move pilot group to Lync 2013', /only migration admins/);
      assert.equal(reply.text.trim(), 'Sorry, only migration admins can do that. The request was recorded.');
      assert.equal(await reply.message.locator(SELECTORS.card).count(), 0, 'no card');
      assert.equal(await client.page.locator(`${SELECTORS.cardButton}[aria-label="Confirm"]`).count(), 0, 'no Confirm button anywhere');
      await client.screenshot(screenshotPath('05-pilot-move-refused'), reply.message);
    });
  });

  describe(`as the admin ${ADMIN.user.name}, in the group chat`, () => {
    beforeEach(() => {
      active = admin;
    });

    it('"@LyncOps status of site Munich" answers with Munich\'s card; a message without @mention reaches no bot', async () => {
      const { client, profile } = admin;
      assert.ok(profile.groupChatName, `${profile.configPath} names no group chat`);
      await client.openFreshConversation(profile.groupChatName);
      // In group chats Teams hands the bot only messages that @mention it.
      await client.send('status of site Hamburg');
      const reply = await client.ask(`@${profile.botName} status of site Munich`, /Site Munich/, () =>
        client.sendMentioning(profile.botName, 'status of site Munich'),
      );
      assert.equal(await reply.message.locator(SELECTORS.card).count(), 1, 'the answer is an Adaptive Card');
      assert.match(reply.text, /Phase\s+pilot/);
      assert.match(reply.text, /Pool ocs-muc\.contoso\.local\s+Version\s+OCS 2007 R2/);
      assert.match(reply.text, /Pool lync-muc\.contoso\.local\s+Version\s+Lync Server 2013/);

      const traffic = await client.logPanelLines();
      assert.ok(
        traffic.some((line) => line.includes(`message 200 <at>${profile.botName}</at> status of site Munich`)),
        `the playground did not send the @mention as <at>…</at>: ${traffic.slice(-8).join(' / ')}`,
      );
      assert.ok(!traffic.some((line) => line.includes('status of site Hamburg')), 'the message without @mention was sent to the bot');
      // Besides the welcome it posted once when it was added to the new chat.
      const answered = (await client.botMessages().allInnerTexts()).map((text) => text.split('\n')[0]);
      const welcomes = answered.filter((line) => /^Hello Alex, I am LyncOps/.test(line));
      assert.ok(welcomes.length <= 1, `welcomed ${welcomes.length} times: ${JSON.stringify(answered)}`);
      assert.deepEqual(
        answered.filter((line) => !welcomes.includes(line)),
        ['Site Munich'],
        'the bot answered only the @mention',
      );
      await client.screenshot(screenshotPath('06-admin-group-chat-munich'), reply.message);
    });
  });
});

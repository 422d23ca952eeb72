// The pilot migration of site Berlin end to end against the real restify server (startApp on an
// ephemeral port, SQLite in a temp folder, the simulator with a short move latency), spoken over
// HTTP with expectReplies: coexistence test -> confirm -> pilot move -> confirm -> the site shows
// the pilot users on the Lync pool, and alice hears she is on Lync 2013 (and got a personal notice).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../../bot/compose';
import { loadConfig } from '../../../bot/config';
import { silentLogger } from '../../../migration/ports';
import { startFakeConnector, type FakeConnector } from '../../bot/helpers/http';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, cardOf } from '../../helpers/turns/activities';
import { chatClient, invokeBodyCard, siteFacts, type ChatClient } from './client';

const count = (value: string | undefined) => Number((value ?? '').replace(/\D/g, ''));

describe('e2e over HTTP: pilot migration of Berlin', function () {
  this.timeout(60_000);
  let dir: string;
  let connector: FakeConnector;
  let app: App;
  let chat: ChatClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-e2e-'));
    connector = await startFakeConnector();
    const config = loadConfig({
      PORT: '0',
      STORE_URL: join(dir, 'lyncops.sqlite'),
      SIM_MOVE_LATENCY_MS: '20',
      SIM_TRANSIENT_FAILURE_RATE: '0',
      JOB_BACKOFF_MS: '10',
      CARD_UPDATE_INTERVAL_MS: '100',
      LOG_LEVEL: 'silent',
    });
    app = await startApp(config, { logger: silentLogger, host: '127.0.0.1', shutdownGraceMs: 2_000 });
    chat = chatClient(app.server.url, connector.url);
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts with Berlin side by side and alice on OCS', async () => {
    const status = siteFacts(await chat.card('status of site Berlin'));
    assert.equal(status.site.Phase, 'side-by-side (coexistence not yet verified)');
    assert.equal(count(status.pools['lync-ber.contoso.local'].Users), 0);
    assert.match(cardText(await chat.card('have I been migrated?', 'alice')), /You are still on OCS 2007 R2 \(pool ocs-ber\.contoso\.local\)/);
  });

  it('"run coexistence tests for site Berlin" -> Confirm -> the job completes with every check passed', async () => {
    const plan = await chat.card('run coexistence tests for site Berlin');
    assert.match(cardText(plan), /^Coexistence test: please confirm/);
    const { status, body } = await chat.click('proposal.confirm', buttonData(plan, 'proposal.confirm'));
    assert.equal(status, 200);
    assert.match(cardText(invokeBodyCard(body)), /^Queued as job 1/);
    const final = cardText(await chat.waitForJob('1', /State\n(completed|completed with errors|cancelled)\n/));
    assert.match(final, /State\ncompleted\n/);
    assert.match(final, /9 of 9 checks passed/);
  });

  it('"move pilot group to Lync 2013" -> Confirm -> the job moves every pilot user', async () => {
    const plan = await chat.card('move pilot group to Lync 2013');
    const planText = cardText(plan);
    assert.match(planText, /^Move to Lync 2013: please confirm/);
    const planned = Number(/How many\n(\d+) users/.exec(planText)?.[1]);
    assert.ok(planned > 0, planText);
    const { body } = await chat.click('proposal.confirm', buttonData(plan, 'proposal.confirm'));
    assert.match(cardText(invokeBodyCard(body)), /^Queued as job 2/);
    const final = cardText(await chat.waitForJob('2', /State\n(completed|completed with errors|cancelled)\n/));
    assert.match(final, /State\ncompleted\n/);
    assert.match(final, new RegExp(`Done\\n${planned}\\nFailed\\n0\\n`));
  });

  it('"status of site Berlin" shows the pilot users on lync-ber.contoso.local, phase pilot', async () => {
    const status = siteFacts(await chat.card('status of site Berlin'));
    assert.equal(status.site.Phase, 'pilot');
    assert.equal(status.site['Last coexistence test']?.startsWith('passed'), true);
    const onLync = count(status.pools['lync-ber.contoso.local'].Users);
    assert.ok(onLync > 0, `users on lync-ber: ${onLync}`);
    assert.equal(count(status.site['Users on Lync 2013']), onLync);
    assert.equal(status.pools['lync-ber.contoso.local'].Version, 'Lync Server 2013');
  });

  it('"have I been migrated?" as alice answers Lync 2013, in the language she writes', async () => {
    const [reply] = await chat.say('have I been migrated?', 'alice');
    const text = cardText(cardOf(reply));
    assert.match(text, /^Your migration status/);
    assert.match(text, /You are on Lync Server 2013 \(pool lync-ber\.contoso\.local\)/);
    assert.match(text, /Version\nLync Server 2013/);
    const [german] = await chat.say('bin ich schon migriert?', 'alice');
    assert.match(cardText(cardOf(german)), /Sie sind bereits auf Lync Server 2013 \(Pool lync-ber\.contoso\.local\)/);
  });

  it('told alice personally through the connector, in the language she last wrote in before the move', async () => {
    const toAlice = () => connector.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/v3/conversations/personal-alice/'));
    // Notices go out in the background as items finish; give the last one a moment to arrive.
    const deadline = performance.now() + 5_000;
    while (toAlice().length === 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const notices = toAlice();
    assert.equal(notices.length, 1, JSON.stringify(connector.calls.map((c) => `${c.method} ${c.path}`)));
    assert.match(String(notices[0].body.text), /^You have been moved to Lync Server 2013 \(pool lync-ber\.contoso\.local\)\./);
  });
});

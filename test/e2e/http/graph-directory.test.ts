// The app with DIRECTORY=graph against the local fake Microsoft Graph (HTTPS, trusted through
// NODE_EXTRA_CA_CERTS, in a process of its own: see fake-graph-process.ts): callers' roles come
// from the role groups, the pilot plan lists the Pilot group's members as Graph returns them, and
// after a membership change the plan follows once the membership cache (GRAPH_CACHE_TTL_SECONDS)
// has expired, not before.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { startApp, type App } from '../../../bot/compose';
import { loadConfig } from '../../../bot/config';
import { demoTopology } from '../../../migration/demo-topology';
import { silentLogger } from '../../../migration/ports';
import { TopologyIndex } from '../../../migration/topology';
import { startFakeConnector, type FakeConnector } from '../../bot/helpers/http';
import { cardText } from '../../helpers/turns/card-check';
import { ADMIN_GROUP_NAME, HELPDESK_GROUP_NAME } from '../../../testkit/fake-graph';
import { assertFakeGraphTrusted } from '../../helpers/graph/directory';
import { chatClient, type ChatClient } from './client';
import { startFakeGraphChild, type FakeGraphChild } from './fake-graph-child';
import type { Member } from './fake-graph-process';

const PILOT_ID = '44444444-0000-4000-8000-000000000001';
const NAMES_SHOWN = 10;
const CACHE_TTL_SECONDS = 1;
const index = new TopologyIndex(demoTopology());

/**
 * What the plan card must say for these Graph members: members homed on an OCS pool of a site
 * with a Lync pool move (names sorted by site, then name; the first ten shown), the rest are
 * already there. A fresh store starts every user on the topology's home pool.
 */
function expectedPlan(members: Member[]): { moving: number; alreadyThere: number; names: string } {
  const moving: Array<{ site: string; name: string }> = [];
  let alreadyThere = 0;
  for (const member of members) {
    const user = index.user(member.userPrincipalName);
    const pool = index.topology.pools.find((p) => p.fqdn === user?.homePool);
    assert.ok(user && pool, `${member.userPrincipalName} is in the topology`);
    if (pool.version === 'Lync2013') alreadyThere++;
    else moving.push({ site: pool.site, name: user.displayName });
  }
  moving.sort((a, b) => a.site.localeCompare(b.site) || a.name.localeCompare(b.name));
  const shown = moving.slice(0, NAMES_SHOWN).map((m) => m.name).join(', ');
  const names = moving.length > NAMES_SHOWN ? `${shown} +${moving.length - NAMES_SHOWN} more` : shown;
  return { moving: moving.length, alreadyThere, names };
}

function assertPlanMatches(text: string, members: Member[]): void {
  const expected = expectedPlan(members);
  assert.match(text, /^Move to Lync 2013: please confirm/);
  assert.match(text, new RegExp(`How many\\n${expected.moving} users\\n`));
  assert.match(text, new RegExp(`Already there\\n${expected.alreadyThere}\\n`));
  assert.ok(text.includes(`\nTo move: ${expected.names}\n`), `the plan names ${expected.names}\n${text}`);
}

describe('e2e over HTTP: DIRECTORY=graph against the fake Microsoft Graph', function () {
  this.timeout(60_000);
  let dir: string;
  let fake: FakeGraphChild;
  let connector: FakeConnector;
  let app: App;
  let chat: ChatClient;

  before(async () => {
    assertFakeGraphTrusted();
    dir = mkdtempSync(join(tmpdir(), 'lyncops-e2e-graph-'));
    fake = await startFakeGraphChild();
    connector = await startFakeConnector();
    const config = loadConfig({
      PORT: '0',
      STORE_URL: join(dir, 'lyncops.sqlite'),
      SIM_MOVE_LATENCY_MS: '0',
      SIM_TRANSIENT_FAILURE_RATE: '0',
      LOG_LEVEL: 'silent',
      DIRECTORY: 'graph',
      LYNCOPS_UNAUTHENTICATED: 'allow',
      GRAPH_BASE_URL: fake.url,
      GRAPH_AUTHORITY_HOST: fake.url,
      GRAPH_TENANT_ID: fake.tenantId,
      GRAPH_CLIENT_ID: fake.clientId,
      GRAPH_CLIENT_SECRET: fake.clientSecret,
      GRAPH_CACHE_TTL_SECONDS: String(CACHE_TTL_SECONDS),
      ADMIN_GROUP: ADMIN_GROUP_NAME,
      HELPDESK_GROUP: HELPDESK_GROUP_NAME,
    });
    app = await startApp(config, { logger: silentLogger, host: '127.0.0.1', shutdownGraceMs: 2_000 });
    chat = chatClient(app.server.url, connector.url);
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes roles from the Graph role groups', async () => {
    assert.match(cardText(await chat.card('list sites', 'helga')), /^Sites/);
    const [refused] = await chat.say('list sites', 'alice');
    assert.equal(refused.text, 'Sorry, that is for migration admins and the helpdesk.');
    assert.equal((await chat.say('move pilot group to Lync 2013 force', 'helga'))[0].text, 'Sorry, only migration admins can do that. The request was recorded.');
    assert.ok((await fake.requests('users/')).some((r) => r.endsWith('/checkMemberGroups')), 'roles were asked of Graph');
  });

  it('plans the pilot move from the Pilot members Graph returns, and follows a membership change after the cache TTL', async () => {
    const memberFetches = async () => (await fake.requests(`groups/${PILOT_ID}/transitiveMembers`)).length;
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    try {
      const before = await fake.members(PILOT_ID);
      const first = cardText(await chat.card('move pilot group to Lync 2013 force'));
      assertPlanMatches(first, before);
      assert.match(first, /Alice Schulz/);
      assert.match(first, /⚠ Gate overridden with force/);
      assert.equal(await memberFetches(), 1);

      // Alice and Erin leave the pilot, Carol joins it.
      const leaving = new Set(['alice@contoso.com', 'erin@contoso.com']);
      const after = await fake.setMembers(PILOT_ID, [...before.map((m) => m.userPrincipalName).filter((upn) => !leaving.has(upn)), 'carol@contoso.com']);
      assert.equal(after.length, before.length - 1);

      const cached = cardText(await chat.card('move pilot group to Lync 2013 force'));
      assertPlanMatches(cached, before);
      assert.equal(await memberFetches(), 1, 'within the TTL the cached membership is used');

      clock.tick(CACHE_TTL_SECONDS * 1000 + 1);
      const fresh = cardText(await chat.card('move pilot group to Lync 2013 force'));
      assertPlanMatches(fresh, after);
      assert.equal(await memberFetches(), 2, 'after the TTL Graph is asked again');
      assert.doesNotMatch(fresh, /Alice Schulz/);
      assert.match(fresh, /Carol Braun/);
    } finally {
      clock.restore();
    }
  });

  it('answers "have I been migrated?" with the pilot membership Graph reports now', async () => {
    assert.match(cardText(await chat.card('have I been migrated?', 'alice')), /Pilot group\nno\n/);
    assert.match(cardText(await chat.card('is carol@contoso.com migrated?')), /Pilot group\nyes\n/);
  });
});

// Point 4, role groups by display name. The attack: any tenant user creates a group with the same
// name as ADMIN_GROUP (Entra allows that by default) and becomes admin; a chat group subject
// resolves to whichever same-named group comes first. Role groups given by name must match
// exactly one group or start stops; an ambiguous subject is refused listing the groups' ids; the
// plan card shows the group's id.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../bot/compose';
import { ConfigError, loadConfig } from '../../bot/config';
import { StaticDirectory } from '../../adapters/directory/static';
import { demoTopology } from '../../migration/demo-topology';
import { silentLogger } from '../../migration/ports';
import { ADMIN_GROUP_NAME, startFakeGraph, type FakeGraph } from '../../testkit/fake-graph';
import { message, PEOPLE, post, repliesOf, replyText } from '../helpers/host/activities';
import { startInProcess, type InProcessApp } from '../helpers/host/app';
import { snapshot } from '../helpers/host/store-views';

const REAL_ADMINS_ID = '44444444-0000-4000-8000-000000000005';
const PILOT_ID = '44444444-0000-4000-8000-000000000001';
/** Created by alice, a plain user: the same names as the admins group and a real group. */
const FORGED_ADMINS_ID = '66666666-0000-4000-8000-000000000001';
const FORGED_FINANCE_ID = '66666666-0000-4000-8000-000000000002';

describe('security 4: role groups and group subjects by object id, never by a shared name', function () {
  this.timeout(60_000);
  let graph: FakeGraph;

  const graphEnv = () => ({
    DIRECTORY: 'graph',
    LYNCOPS_UNAUTHENTICATED: 'allow',
    GRAPH_BASE_URL: graph.url,
    GRAPH_AUTHORITY_HOST: graph.url,
    GRAPH_TENANT_ID: graph.tenantId,
    GRAPH_CLIENT_ID: graph.clientId,
    GRAPH_CLIENT_SECRET: graph.clientSecret,
  });

  before(async () => {
    graph = await startFakeGraph({
      extraGroups: [
        { id: FORGED_ADMINS_ID, name: ADMIN_GROUP_NAME, members: ['alice@contoso.com'] },
        { id: FORGED_FINANCE_ID, name: 'Finance', members: ['alice@contoso.com'] },
      ],
    });
  });
  after(() => graph?.close());

  it('ADMIN_GROUP given as a name two groups share: start stops, naming the variable and both ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lyncops-sec-'));
    try {
      const config = loadConfig({ PORT: '0', STORE_URL: join(dir, 'db.sqlite'), ...graphEnv(), ADMIN_GROUP: ADMIN_GROUP_NAME });
      await assert.rejects(startApp(config, { logger: silentLogger }), (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, /^ADMIN_GROUP "LyncOps Admins" names 2 groups/);
        assert.ok(error.message.includes(REAL_ADMINS_ID) && error.message.includes(FORGED_ADMINS_ID), error.message);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ADMIN_GROUP naming no group stops start too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lyncops-sec-'));
    try {
      const config = loadConfig({ PORT: '0', STORE_URL: join(dir, 'db.sqlite'), ...graphEnv(), ADMIN_GROUP: 'Migration Admins (typo)' });
      await assert.rejects(startApp(config, { logger: silentLogger }), /ADMIN_GROUP names no group in the directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the topology-file directory refuses a shared group name the same way', async () => {
    const topology = demoTopology();
    topology.groups.push({ id: FORGED_ADMINS_ID, name: 'lyncops admins', aliases: [], members: ['alice@contoso.com'] });
    const byName = new StaticDirectory(topology, { adminGroup: ADMIN_GROUP_NAME });
    await assert.rejects(byName.checkRoleGroups(), /ADMIN_GROUP "LyncOps Admins" names 2 groups/);
    await assert.rejects(byName.groupByName('LyncOps Admins'), /2 groups are named/);
    await new StaticDirectory(topology, { adminGroup: REAL_ADMINS_ID }).checkRoleGroups();
  });

  describe('with ADMIN_GROUP given by object id', () => {
    let bot: InProcessApp;
    before(async () => {
      bot = await startInProcess({ ...graphEnv(), ADMIN_GROUP: REAL_ADMINS_ID });
    });
    after(() => bot?.close());

    it('alice, member only of the forged same-named group, is no admin', async () => {
      const result = await post(bot.url, message('move site Berlin to Lync 2013 force', { from: PEOPLE.alice, expectReplies: true }));
      assert.match(replyText(repliesOf(result)), /only migration admins can do that/);
      assert.deepEqual(snapshot(bot.dbFile).proposals, []);
    });

    it('a group subject two groups share is refused, listing both ids; nothing is planned', async () => {
      const result = await post(bot.url, message('move group Finance to Lync 2013 force', { from: PEOPLE.alex, expectReplies: true }));
      const said = replyText(repliesOf(result));
      assert.match(said, /Several groups in the directory are named Finance/);
      assert.ok(said.includes('44444444-0000-4000-8000-000000000003') && said.includes(FORGED_FINANCE_ID), said);
      assert.deepEqual(snapshot(bot.dbFile).proposals, []);
    });

    it('the plan card shows the object id of the group it will move', async () => {
      const result = await post(bot.url, message('move pilot group to Lync 2013 force', { from: PEOPLE.alex, expectReplies: true }));
      const said = replyText(repliesOf(result));
      assert.match(said, /please confirm/);
      assert.ok(said.includes(`group Pilot (${PILOT_ID})`), said.slice(0, 600));
    });
  });
});

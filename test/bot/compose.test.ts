// The composed application with the real adapters (SQLite store, simulated Lync, static
// directory) on an ephemeral port: health, a chat turn, a confirmed job whose card is edited in
// place through the connector, seeding of the coexistence history, and shutdown.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { ConfigError, loadConfig } from '../../bot/config';
import { startApp, type App } from '../../bot/compose';
import { openConfiguredStore } from '../../bot/store-url';
import { loadTopology } from '../../bot/topology-file';
import { localSiteName } from '../../migration/topology';
import { generateTopologyInput } from '../../migration/demo-topology';
import sinon from 'sinon';
import Database from 'better-sqlite3';
import { silentLogger } from '../../migration/ports';
import { invokeActivity, messageActivity } from './helpers/fakes';
import { postActivity, startFakeConnector, type FakeConnector } from './helpers/http';

interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
}

function findActions(node: unknown, out: CardAction[] = []): CardAction[] {
  if (Array.isArray(node)) node.forEach((n) => findActions(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute') out.push(o as unknown as CardAction);
    Object.values(o).forEach((v) => findActions(v, out));
  }
  return out;
}

describe('bot/compose', function () {
  this.timeout(30_000);
  let dir: string;
  let app: App | undefined;
  let connector: FakeConnector;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-compose-'));
    connector = await startFakeConnector();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (env: Record<string, string> = {}) =>
    startApp(loadConfig({ PORT: '0', STORE_URL: join(dir, 'lyncops.sqlite'), SIM_MOVE_LATENCY_MS: '0', SIM_TRANSIENT_FAILURE_RATE: '0', CARD_UPDATE_INTERVAL_MS: '100', ...env }), {
      logger: silentLogger,
      host: '127.0.0.1',
      shutdownGraceMs: 2000,
    });

  it('serves health and a chat turn with the demo topology', async () => {
    app = await start();
    const health = await fetch(`${app.server.url}/healthz`);
    assert.equal(health.status, 200);
    const { body } = await postActivity(app.server.url, messageActivity('status of site Berlin', { deliveryMode: 'expectReplies' }));
    const [reply] = (body as { activities: Array<{ attachments: Array<{ content: unknown }> }> }).activities;
    assert.match(JSON.stringify(reply.attachments[0].content), /Berlin/);
  });

  it('runs a confirmed job and edits its card in place through the connector', async () => {
    app = await start();
    await postActivity(app.server.url, messageActivity('run coexistence tests for site Berlin', { serviceUrl: connector.url }));
    const posted = connector.calls.find((c) => c.method === 'POST');
    assert.ok(posted, 'proposal card posted');
    const confirm = findActions(posted.body.attachments).find((a) => a.verb === 'proposal.confirm');
    assert.ok(confirm, 'confirm button');
    const { status, body } = await postActivity(
      app.server.url,
      invokeActivity({ action: { type: 'Action.Execute', verb: confirm.verb, data: confirm.data }, trigger: 'manual' }, { serviceUrl: connector.url, replyToId: 'posted-1' }),
    );
    assert.equal(status, 200);
    assert.equal((body as { type: string }).type, 'application/vnd.microsoft.card.adaptive');
    // The job runs in the background; its final card replaces the posted one.
    let finalEdit: (typeof connector.calls)[number] | undefined;
    for (let i = 0; i < 200 && !finalEdit; i++) {
      await new Promise((r) => setTimeout(r, 25));
      finalEdit = connector.calls.filter((c) => c.method === 'PUT').find((c) => /completed/i.test(JSON.stringify(c.body)));
    }
    assert.ok(finalEdit, 'final card edited in place');
    assert.match(finalEdit.path, /\/activities\/posted-1$/);
    const result = await app.store.lastCoexistenceResult('Berlin');
    assert.equal(result?.passed, true);
  });

  it('seeds the topology coexistence history once, never over newer results', async () => {
    app = await start();
    assert.equal((await app.store.lastCoexistenceResult('Munich'))?.passed, true);
    assert.equal(await app.store.lastCoexistenceResult('Berlin'), null);
    await app.store.saveCoexistenceResult({ site: 'Munich', at: Date.now(), passed: false, checks: [] });
    await app.close();
    app = await start();
    const munich = await app.store.lastCoexistenceResult('Munich');
    assert.equal(munich?.passed, false);
  });

  it('loads a YAML topology file', async () => {
    const file = join(dir, 'topology.yaml');
    writeFileSync(file, YAML.stringify(generateTopologyInput({ usersPerSite: 10, name: 'lab' })));
    app = await start({ TOPOLOGY_FILE: file });
    const { body } = await postActivity(app.server.url, messageActivity('list sites', { deliveryMode: 'expectReplies' }));
    assert.match(JSON.stringify(body), /Frankfurt/);
  });

  it('stops accepting and closes the store on close()', async () => {
    app = await start();
    const url = app.server.url;
    await app.close();
    await assert.rejects(fetch(`${url}/healthz`));
    await assert.rejects(app.store.listJobs(1));
    app = undefined;
  });

  it('rejects start when the port is taken, and closes the store it opened', async () => {
    app = await start();
    const file = join(dir, 'second.sqlite');
    // The store's SQLite connection: the second app's store is the only one closed meanwhile.
    const closeSpy = sinon.spy(Database.prototype, 'close');
    try {
      const port = app.server.port;
      await assert.rejects(
        startApp(loadConfig({ PORT: String(port), STORE_URL: file }), { logger: silentLogger, host: '127.0.0.1' }),
        (e: Error) => e instanceof ConfigError && /EADDRINUSE/.test(e.message) && e.message.includes(`PORT ${port} is already in use`) && e.message.includes(`PORT=${port + 1}`),
      );
      assert.equal(closeSpy.callCount, 1);
    } finally {
      closeSpy.restore();
    }
  });
});

describe('bot/store-url', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-store-url-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (message: RegExp) => (e: Error) => e instanceof ConfigError && /^STORE_URL /.test(e.message) && message.test(e.message) && !e.message.includes('\n');

  it('names STORE_URL when PostgreSQL is not reachable, without the password', async () => {
    const url = 'postgres://lyncops:s3cret@127.0.0.1:1/lyncops';
    await assert.rejects(openConfiguredStore(url, silentLogger), (e: Error) => refused(/cannot be opened \(.*ECONNREFUSED.*"postgres:\/\/lyncops:\*\*\*@127\.0\.0\.1:1\/lyncops"\)$/)(e) && !e.message.includes('s3cret'));
  });

  it('names STORE_URL for a path that cannot hold a SQLite file, and for another kind of URL', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    await assert.rejects(openConfiguredStore(join(file, 'lyncops.sqlite'), silentLogger), refused(/cannot be opened \(.*a-file/));
    await assert.rejects(openConfiguredStore('mysql://db.example/lyncops', silentLogger), refused(/must be a SQLite file path or a postgres:\/\/ URL \(got "mysql:\/\/db\.example\/lyncops"\)/));
  });

  it('stops start-up with the same line', async () => {
    // A PostgreSQL store without Bot Framework credentials is a lab: allowed explicitly.
    const config = loadConfig({ PORT: '0', STORE_URL: 'postgres://nobody@127.0.0.1:1/x', LYNCOPS_UNAUTHENTICATED: 'allow' });
    await assert.rejects(startApp(config, { logger: silentLogger, host: '127.0.0.1' }), refused(/ECONNREFUSED/));
  });

  it('gives up on a database that does not answer, after the time limit', async () => {
    const silent = await import('node:net').then(({ createServer }) => createServer(() => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as import('node:net').AddressInfo;
    try {
      await assert.rejects(openConfiguredStore(`postgres://lyncops@127.0.0.1:${port}/lyncops`, silentLogger, 300), refused(/no answer within 0.3 s/));
    } finally {
      silent.close();
    }
  });
});

describe('bot/topology-file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-topology-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the demo topology when no file is configured', async () => {
    assert.equal((await loadTopology(undefined)).name, 'demo');
  });

  it('loads JSON files', async () => {
    const file = join(dir, 't.json');
    writeFileSync(file, JSON.stringify(generateTopologyInput({ usersPerSite: 10, name: 'json-lab' })));
    assert.equal((await loadTopology(file)).name, 'json-lab');
  });

  it('reads a site\'s name in German from localNames (YAML), and refuses a language it does not speak', async () => {
    const input = generateTopologyInput({ usersPerSite: 10, name: 'yaml-lab' }) as { sites: Array<Record<string, unknown>> };
    input.sites[1] = { ...input.sites[1], localNames: { de: 'München' } };
    const file = join(dir, 'names.yaml');
    writeFileSync(file, YAML.stringify(input));
    const topology = await loadTopology(file);
    assert.equal(localSiteName(topology.sites[1], 'de'), 'München');
    assert.equal(localSiteName(topology.sites[1], 'en'), topology.sites[1].name);
    assert.equal(localSiteName(topology.sites[0], 'de'), topology.sites[0].name);
    input.sites[1] = { ...input.sites[1], localNames: { fr: 'Munich' } };
    writeFileSync(file, YAML.stringify(input));
    await assert.rejects(loadTopology(file), /sites\.1\.localNames/);
  });

  it('names the file and the first problem of an invalid topology in one line', async () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'sipDomain: contoso.com\nsites: []\npools: []\nusers: []\n');
    await assert.rejects(loadTopology(file), (e: Error) => /^TOPOLOGY_FILE ".*bad\.yml" is not a valid topology \(sites: /.test(e.message) && !e.message.includes('\n'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"sites": [');
    await assert.rejects(loadTopology(broken), /is not a valid topology/);
  });
});

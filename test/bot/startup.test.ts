// Start-up loads only what the configuration uses: with the simulator, the static directory and a
// SQLite store, neither the Microsoft Graph client, the PowerShell backend, the pg driver nor the
// YAML parser is loaded. Checked in a fresh process (a mocha worker has loaded everything), with
// the same check run after importing those modules, so it cannot pass by not seeing them.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

const PROBE = `
const watched = {
  pg: '/node_modules/pg/',
  graphClient: '/node_modules/@microsoft/microsoft-graph-client/',
  graphAdapter: '/adapters/directory/graph/',
  powershell: '/adapters/lync/powershell/',
  postgresStore: '/adapters/store/postgres/',
  yaml: '/node_modules/yaml/',
};
const loaded = () => Object.fromEntries(Object.entries(watched).map(([k, v]) => [k, Object.keys(require.cache).some((f) => f.includes(v))]));
(async () => {
  const { loadConfig } = require(${JSON.stringify(`${ROOT}/bot/config.ts`)});
  const { startApp } = require(${JSON.stringify(`${ROOT}/bot/compose.ts`)});
  const app = await startApp(loadConfig({ PORT: '0', STORE_URL: ':memory:', LOG_LEVEL: 'silent' }), { host: '127.0.0.1' });
  const response = await fetch(app.server.url + '/healthz');
  const served = loaded();
  await app.close();
  require(${JSON.stringify(`${ROOT}/adapters/directory/graph/index.ts`)});
  require(${JSON.stringify(`${ROOT}/adapters/lync/powershell/index.ts`)});
  require(${JSON.stringify(`${ROOT}/adapters/store/postgres/index.ts`)});
  await require(${JSON.stringify(`${ROOT}/bot/topology-file.ts`)}).parseTopologyText('a: 1', 'x.yaml');
  process.stdout.write(JSON.stringify({ status: response.status, served, afterImports: loaded() }));
  process.exit(0);
})();
`;

const LOCALES_PROBE = `
const before = () => Object.keys(require.cache).filter((f) => f.includes('/zod/v4/locales/') && !f.endsWith('index.cjs')).map((f) => f.split('/').pop()).sort();
require(${JSON.stringify(`${ROOT}/bot/zod-locales.ts`)});
const { z } = require('zod');
const loadedAtStart = before();
const schema = z.object({ name: z.string().min(2) });
const english = schema.safeParse({ name: 5 }).error.issues[0].message;
const german = z.locales.de().localeError({ code: 'invalid_type', expected: 'string', input: 5 });
process.stdout.write(JSON.stringify({ loadedAtStart, english, german, afterReading: before(), count: Object.keys(z.locales).length }));
`;

describe('bot start-up', function () {
  this.timeout(60_000);

  it('loads neither Graph, PowerShell, PostgreSQL nor YAML modules when the configuration does not use them', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--no-deprecation', '-e', PROBE], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const { status, served, afterImports } = JSON.parse(result.stdout) as { status: number; served: Record<string, boolean>; afterImports: Record<string, boolean> };
    assert.equal(status, 200);
    assert.deepEqual(served, { pg: false, graphClient: false, graphAdapter: false, powershell: false, postgresStore: false, yaml: false });
    assert.deepEqual(afterImports, { pg: true, graphClient: true, graphAdapter: true, powershell: true, postgresStore: true, yaml: true }, 'the check sees these modules once they are loaded');
  });

  it("loads zod's English locale only; the others load when read, and validation messages stay the same", () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--no-deprecation', '-e', LOCALES_PROBE], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const probe = JSON.parse(result.stdout) as { loadedAtStart: string[]; english: string; german: string; afterReading: string[]; count: number };
    assert.deepEqual(probe.loadedAtStart, ['en.cjs']);
    assert.equal(probe.english, 'Invalid input: expected string, received number');
    assert.match(probe.german, /^Ungültige Eingabe: erwartet string/);
    assert.deepEqual(probe.afterReading, ['de.cjs', 'en.cjs']);
    assert.ok(probe.count >= 60, `${probe.count} locales listed`);
  });
});

// The Agents Playground setup: both config files describe people of the demo topology in the
// shape the playground accepts (exactly 5 users), and the config path follows --as / the env.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import YAML from 'yaml';
import { z } from 'zod';
import { loadConfig } from '../../bot/config';
import { playgroundConfigPath, playgroundLogPath, PLAYGROUND_PROFILES, startPlayground } from '../../bot/playground';
import { demoTopology } from '../../migration/demo-topology';
import { silentLogger } from '../../migration/ports';
import { TopologyIndex } from '../../migration/topology';

const ROOT = resolve(__dirname, '../..');
const User = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  userPrincipleName: z.string().min(1),
  aadObjectId: z.string().min(1),
  givenName: z.string(),
  surname: z.string(),
  email: z.string(),
}).strict();
const PlaygroundConfig = z.object({
  version: z.enum(['0.1.0', '0.1.1']),
  tenantId: z.string(),
  bot: z.object({ id: z.string(), name: z.string() }),
  currentUser: User,
  users: z.array(User).length(5),
  personalChat: z.object({ id: z.string() }).strict(),
  groupChat: z.object({ id: z.string(), name: z.string() }).strict(),
  team: z.object({ id: z.string(), name: z.string(), aadGroupId: z.string(), channels: z.array(z.object({ id: z.string(), name: z.string() })) }),
}).strict();

const index = new TopologyIndex(demoTopology());

function load(profile: keyof typeof PLAYGROUND_PROFILES) {
  return PlaygroundConfig.parse(YAML.parse(readFileSync(join(ROOT, PLAYGROUND_PROFILES[profile]), 'utf8')));
}

describe('playground configuration', () => {
  for (const [profile, current, role] of [['admin', 'alex.wilber@contoso.com', 'admin'], ['pilot', 'alice@contoso.com', 'user']] as const) {
    it(`${PLAYGROUND_PROFILES[profile]} acts as ${current} with 5 demo users`, () => {
      const config = load(profile);
      const people = [config.currentUser, ...config.users];
      assert.equal(config.currentUser.userPrincipleName, current);
      assert.equal(index.user(current)?.role, role);
      for (const person of people) {
        const user = index.user(person.userPrincipleName);
        assert.ok(user, `${person.userPrincipleName} is in the demo topology`);
        assert.equal(person.aadObjectId, user.aadObjectId);
      }
      assert.equal(new Set(people.map((p) => p.id)).size, 6, 'user ids are unique');
    });
  }

  it('keeps the playground default user as the admin', () => {
    const alex = load('admin').currentUser;
    assert.equal(alex.aadObjectId, '00000000-0000-0000-0000-0000000000020');
    assert.equal(alex.name, 'Alex Wilber');
  });

  it('chooses the config: --as first, then M365_AGENTS_PLAYGROUND_CONFIG_PATH, then the admin file', () => {
    assert.equal(playgroundConfigPath('/p', 'pilot', '/custom.yml'), join('/p', 'playground', 'pilot.yml'));
    assert.equal(playgroundConfigPath('/p', undefined, '/custom.yml'), '/custom.yml');
    assert.equal(playgroundConfigPath('/p', undefined, undefined), join('/p', '.m365agentsplayground.yml'));
  });
});

describe('lyncops playground (real Agents Playground child)', function () {
  this.timeout(90_000);

  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-playground-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the bot and the playground, which answers and loads the config without error, and stops both', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    const running = await startPlayground(loadConfig({ PORT: '0', STORE_URL: join(dir, 'store.sqlite') }), { profile: 'pilot', out, logger: silentLogger });
    try {
      assert.match(printed, /Agents Playground: http:\/\/localhost:\d+/);
      const page = await fetch(running.url);
      assert.equal(page.status, 200);
      const health = await fetch(`${running.app.server.url}/healthz`);
      assert.equal(health.status, 200);
      const log = existsSync(playgroundLogPath()) ? readFileSync(playgroundLogPath(), 'utf8') : '';
      assert.doesNotMatch(log, /ConfigFileParseError|YAML path|must have/i);
    } finally {
      await running.stop();
    }
    assert.ok(running.child.exitCode !== null || running.child.signalCode !== null, 'playground process ended');
  });

  it('fails start with a pointer to the playground log when the playground rejects its config', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'version: "0.1.1"\ncurrentUser: {}\n');
    const config = loadConfig({ PORT: '0', STORE_URL: join(dir, 'store.sqlite'), M365_AGENTS_PLAYGROUND_CONFIG_PATH: bad });
    await assert.rejects(startPlayground(config, { out: new PassThrough(), logger: silentLogger }), /exited with code 1; see devTools\/m365agentsplayground\.log/);
  });
});

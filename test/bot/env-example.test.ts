// bot/production.env.example against bot/config.ts: it names every variable the config reads and
// no other, loadConfig accepts it once the <placeholders> are filled in (a production shape:
// Graph, PowerShell, PostgreSQL, authenticated bot), its commented "# NAME=value" lines are the
// real defaults, and it holds no secret of its own.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../bot/config';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = readFileSync(path.join(ROOT, 'bot', 'production.env.example'), 'utf8');
const NAME = '[A-Za-z][A-Za-z0-9_]*';

/** Variables set by the example ("NAME=value") and those shown commented with their default ("# NAME=value"). */
function parseExample(text: string): { active: Map<string, string>; defaults: Map<string, string> } {
  const active = new Map<string, string>();
  const defaults = new Map<string, string>();
  for (const line of text.split('\n')) {
    const set = new RegExp(`^(${NAME})=(.*)$`).exec(line);
    const shown = new RegExp(`^# (${NAME})=(.*)$`).exec(line);
    const [target, match] = set ? [active, set] : shown ? [defaults, shown] : [undefined, undefined];
    if (!target || !match) continue;
    assert.ok(!active.has(match[1]) && !defaults.has(match[1]), `${match[1]} appears twice`);
    target.set(match[1], match[2].trim());
  }
  return { active, defaults };
}

/** The variable names the config schema reads, from bot/config.ts itself. */
function configVariables(): string[] {
  const source = readFileSync(path.join(ROOT, 'bot', 'config.ts'), 'utf8');
  const schema = /const EnvSchema = z\s*\.object\(\{([\s\S]*?)\n {2}\}\)/.exec(source);
  assert.ok(schema, 'EnvSchema found in bot/config.ts');
  return [...schema[1].matchAll(new RegExp(`^\\s+(${NAME}):`, 'gm'))].map((m) => m[1]);
}

const fill = (value: string) => value.replace(/<[^>]+>/g, 'placeholder');
const filled = (vars: Map<string, string>) => Object.fromEntries([...vars].map(([k, v]) => [k, fill(v)]));

describe('bot/production.env.example', () => {
  const { active, defaults } = parseExample(EXAMPLE);

  it('names every variable of bot/config.ts, and only those', () => {
    const known = configVariables();
    assert.ok(known.length >= 30, `read ${known.length} variables from the config schema`);
    const documented = [...active.keys(), ...defaults.keys()];
    assert.deepEqual(known.filter((v) => !documented.includes(v)), [], 'config variables missing from the example');
    assert.deepEqual(documented.filter((v) => !known.includes(v)), [], 'example variables the config does not read');
  });

  it('is accepted by loadConfig with the placeholders filled in, as a production configuration', () => {
    const config = loadConfig(filled(active));
    assert.equal(config.authEnabled, true);
    assert.equal(config.bot.appType, 'SingleTenant');
    assert.ok(config.directory.kind === 'graph');
    assert.ok(config.backend.kind === 'powershell');
    assert.equal(config.store.kind, 'postgres');
    assert.match(config.store.url, /^postgres:\/\//);
    assert.match(config.backend.uri, /^https:\/\/[^/]+\/OcsPowershell$/);
    assert.equal(config.backend.pwshPath, '/usr/bin/pwsh');
    assert.ok(config.directory.clientSecret && config.access.adminGroup && config.access.helpdeskGroup);
    assert.equal(config.directory.baseUrl, 'https://graph.microsoft.com');
  });

  it('shows the real default in every commented "# NAME=value" line', () => {
    const base = filled(active);
    assert.deepEqual(loadConfig({ ...base, ...Object.fromEntries(defaults) }), loadConfig(base));
    for (const [name, value] of defaults) {
      assert.deepEqual(loadConfig({ ...base, [name]: value }), loadConfig(base), `${name}=${value} is not the default`);
    }
  });

  it('holds placeholders, never values, for every secret', () => {
    for (const secret of ['MicrosoftAppPassword', 'GRAPH_CLIENT_SECRET', 'LYNC_PS_PASSWORD']) {
      assert.match(active.get(secret) ?? '', /^<[^>]+>$/, secret);
    }
    assert.match(active.get('STORE_URL') ?? '', /^postgres:\/\/[^:]+:<[^>]+>@/);
  });
});

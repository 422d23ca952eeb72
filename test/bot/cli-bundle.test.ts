// The bundled `lyncops` command (dist/bot/cli.bundle.js, scripts/bundle-cli.ts) has no dialogs/commands/
// folder to load the command modules from: the bundle holds those found when it was built. It
// must know every command the registry knows: one example of each parses to its intent.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REGISTRY } from '../../dialogs/registry';

const ROOT = resolve(__dirname, '../..');

describe('the bundled lyncops command', function () {
  this.timeout(600_000);
  before(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.js')], { cwd: ROOT, stdio: 'ignore' });
  });

  it('knows every command: one example of each parses to its intent', () => {
    const examples = REGISTRY.map((spec) => ({ intent: spec.intent, text: spec.examples.en[0] ?? spec.examples.de[0] }));
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'bot', 'cli.js'), 'parse'], {
      cwd: ROOT,
      input: examples.map((e) => e.text).join('\n'),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    assert.equal(result.status, 0, result.stderr);
    const intents = result.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { intent: string }).intent);
    assert.deepEqual(intents, examples.map((e) => e.intent));
  });
});

// What the bundled command loads when it serves the embedded defaults (simulator, demo directory,
// SQLite): none of the packages only other configurations use. The adapters that need them are in
// the bundle but run only when selected, and then require these packages; so their absence from
// the module cache after a start and an answered turn shows none of those adapters ran either.
// (@azure/identity is not among them: botbuilder's connector loads it for every bot.)
const NOT_LOADED = ['pg', '@microsoft/microsoft-graph-client', 'yaml'];

describe('the bundled lyncops command on the embedded defaults', function () {
  this.timeout(120_000);
  before(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.js')], { cwd: ROOT, stdio: 'ignore' });
  });

  it('serves a turn without loading the PostgreSQL, Graph or YAML packages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lyncops-bundle-'));
    const report = join(dir, 'loaded.json');
    // Preloaded: writes the packages in the module cache when the process ends.
    writeFileSync(
      join(dir, 'probe.js'),
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache).map((f) => (/node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f) || [])[1]).filter(Boolean))));`,
    );
    // Port 0: the system picks a free one and the "listening" log line names it (no collision with
    // a port some other process holds).
    const child = spawn(process.execPath, ['-r', join(dir, 'probe.js'), join(ROOT, 'dist', 'bot', 'cli.js'), 'serve'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', STORE_URL: join(dir, 'lyncops.sqlite'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Listened for from the start, so an early exit cannot be missed.
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let stderr = '';
    const listening = new Promise<number>((resolvePort, reject) => {
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(stderr);
        if (m) resolvePort(Number(m[1]));
      });
      void exited.then((code) => reject(new Error(`the bot exited with ${String(code)} before listening: ${stderr.slice(-2000)}`)));
    });
    try {
      const port = await listening;
      const activity = { type: 'message', id: 'a1', text: 'status of site Berlin', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', locale: 'en-US', deliveryMode: 'expectReplies', conversation: { id: 'c1', conversationType: 'personal' }, from: { id: 'u1', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' }, recipient: { id: 'bot' } };
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(60_000) });
      assert.equal(response.status, 200);
      assert.match(await response.text(), /"AdaptiveCard"[\s\S]*Berlin/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    }
    const loaded = new Set(JSON.parse(readFileSync(report, 'utf8')) as string[]);
    rmSync(dir, { recursive: true, force: true });
    assert.ok(loaded.has('botbuilder') && loaded.has('better-sqlite3'), 'the probe sees what the bot loads');
    assert.deepEqual(NOT_LOADED.filter((p) => loaded.has(p)), []);
  });
});

// The bundled `lyncops` command (dist/bot/cli.bundle.js, scripts/bundle-cli.ts) has no dialogs/commands/
// folder to load the command modules from: the bundle holds those found when it was built. It
// must know every command the registry knows: one example of each parses to its intent.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
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

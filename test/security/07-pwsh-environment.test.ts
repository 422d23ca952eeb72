// Point 7, secrets in the child. The attack: the pwsh child (and anything it loads or runs)
// inherits MicrosoftAppPassword, GRAPH_CLIENT_SECRET, LYNC_PS_PASSWORD and the store URL from the
// bot's environment. The child now gets a minimal environment: what pwsh needs to start, nothing else.
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBackend } from '../../bot/compose';
import { loadConfig } from '../../bot/config';
import { demoTopology } from '../../migration/demo-topology';
import { silentLogger, type Store } from '../../migration/ports';

const SECRETS = {
  MicrosoftAppPassword: 'bot-secret-7f3a',
  GRAPH_CLIENT_SECRET: 'graph-secret-91bc',
  LYNC_PS_PASSWORD: 'ps-secret-4d2e',
  STORE_URL: 'postgres://lyncops:db-secret-c0ff@db.contoso.local:5432/lyncops',
  SOME_OTHER_TOKEN: 'unrelated-secret-5150',
};

describe('security 7: the pwsh child gets a minimal environment', function () {
  this.timeout(30_000);
  let dir: string;
  const saved: Record<string, string | undefined> = {};

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-sec-pwsh-'));
    for (const [name, value] of Object.entries(SECRETS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('a stand-in pwsh started by the production wiring sees PATH and HOME but none of the secrets', async () => {
    const envFile = join(dir, 'child-env.txt');
    const pwsh = join(dir, 'pwsh');
    // Writes its environment where the test can read it, then exits: the session fails to open.
    writeFileSync(pwsh, `#!/bin/sh\nenv > '${envFile}'\nexit 3\n`);
    chmodSync(pwsh, 0o755);
    const config = loadConfig({ LYNC_BACKEND: 'powershell', LYNC_PS_URI: 'https://lync-ber.contoso.local/OcsPowershell', PWSH_PATH: pwsh, PWSH_TIMEOUT_MS: '5000' });
    const backend = await buildBackend(config, demoTopology(), {} as Store, silentLogger);
    try {
      await assert.rejects(backend.listPools());
    } finally {
      await backend.close?.();
    }
    assert.ok(existsSync(envFile), 'the stand-in ran');
    const seen = readFileSync(envFile, 'utf8');
    for (const [name, value] of Object.entries(SECRETS)) {
      assert.ok(!seen.includes(value), `${name} leaked into the child`);
      assert.doesNotMatch(seen, new RegExp(`^${name}=`, 'm'));
    }
    assert.match(seen, /^PATH=/m, 'PATH is kept (pwsh must start)');
    if (process.env.HOME) assert.match(seen, /^HOME=/m, 'HOME is kept (PowerShell profile and module paths)');
  });
});

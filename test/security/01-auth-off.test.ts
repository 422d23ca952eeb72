// Point 1, authentication off by accident. The attack: start the bot with production settings but
// no (or a misspelled) MicrosoftAppId, then POST as an admin without a token, or have replies sent
// to a URL of the attacker's choosing. Unauthenticated mode is local use only: refused next to any
// production setting, loopback-only, announced with a warning banner; LYNCOPS_UNAUTHENTICATED=allow
// is the one explicit opt-in.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../bot/compose';
import { ConfigError, loadConfig } from '../../bot/config';
import { message, PEOPLE, post, repliesOf } from '../helpers/host/activities';
import { RecordingLogger, runningBotAndConnector } from '../helpers/host/app';
import { ALL_TABLES, snapshot } from '../helpers/host/store-views';

const ROOT = join(__dirname, '..', '..');

/** What startApp says about `env` (plus a temp store): the ConfigError line, or "started". */
async function startOutcome(env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lyncops-sec-'));
  try {
    const config = loadConfig({ PORT: '0', STORE_URL: join(dir, 'db.sqlite'), LOG_LEVEL: 'silent', ...env });
    const app = await startApp(config, { logger: new RecordingLogger() });
    await app.close();
    return 'started';
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('security 1: authentication is never off by accident', function () {
  this.timeout(30_000);

  it('the reported attack: DIRECTORY=graph, LYNC_BACKEND=powershell and an app password but no app id: start stops naming MicrosoftAppId', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/bot/cli.js'), 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        DIRECTORY: 'graph',
        GRAPH_TENANT_ID: '5f1c7d27-0000-4000-8000-0000000000aa',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CLIENT_SECRET: 's',
        LYNC_BACKEND: 'powershell',
        LYNC_PS_URI: 'https://lync-ber.contoso.local/OcsPowershell',
        MicrosoftAppPassword: 'a-real-looking-secret',
        STORE_URL: join(tmpdir(), 'lyncops-sec-never-created.sqlite'),
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 2, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /^lyncops: invalid configuration: MicrosoftAppId is required when MicrosoftAppPassword, DIRECTORY=graph, LYNC_BACKEND=powershell are set/);
    assert.doesNotMatch(result.stderr, /a-real-looking-secret/);
  });

  const production: Record<string, Record<string, string>> = {
    MicrosoftAppPassword: { MicrosoftAppPassword: 'secret' },
    MicrosoftAppTenantId: { MicrosoftAppTenantId: '5f1c7d27-0000-4000-8000-0000000000aa' },
    'DIRECTORY=graph': { DIRECTORY: 'graph', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' },
    'LYNC_BACKEND=powershell': { LYNC_BACKEND: 'powershell', LYNC_PS_URI: 'https://lync/OcsPowershell' },
    'a postgres:// STORE_URL': { STORE_URL: 'postgres://lyncops@127.0.0.1:5432/never' },
  };
  for (const [name, env] of Object.entries(production)) {
    it(`refuses to start unauthenticated with ${name}`, async () => {
      const outcome = await startOutcome(env);
      assert.match(outcome, new RegExp(`^MicrosoftAppId is required when ${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is set`));
    });
  }

  it('refuses a misspelled app id instead of silently turning authentication off', async () => {
    assert.match(await startOutcome({ MicrosoftAppID: '5f1c7d27-0000-4000-8000-000000000001' }), /^MicrosoftAppId is empty but MicrosoftAppID is set/);
    assert.match(await startOutcome({ MICROSOFT_APP_ID: '5f1c7d27-0000-4000-8000-000000000001' }), /^MicrosoftAppId is empty but MICROSOFT_APP_ID is set/);
  });

  it('refuses to listen beyond loopback without authentication unless explicitly allowed', async () => {
    assert.match(await startOutcome({ LISTEN_HOST: '0.0.0.0' }), /^MicrosoftAppId is required when LISTEN_HOST is not a loopback address/);
  });

  it('the README start (no settings) listens on loopback only and logs a warning banner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lyncops-sec-'));
    const logger = new RecordingLogger();
    const app = await startApp(loadConfig({ PORT: '0', STORE_URL: join(dir, 'db.sqlite') }), { logger });
    try {
      assert.equal((app.server.server.address() as AddressInfo).address, '127.0.0.1');
      const banner = logger.entries.find((e) => e.level === 'warn' && /AUTHENTICATION IS OFF/.test(e.msg ?? ''));
      assert.ok(banner, 'warning banner logged');
      assert.match(banner.msg ?? '', /local use only/);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('LYNCOPS_UNAUTHENTICATED=allow is the one opt-in: it starts next to production settings, loudly, still on loopback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lyncops-sec-'));
    const logger = new RecordingLogger();
    const config = loadConfig({ PORT: '0', STORE_URL: join(dir, 'db.sqlite'), LYNCOPS_UNAUTHENTICATED: 'allow', MicrosoftAppPassword: 'p' });
    assert.equal(config.authEnabled, false);
    const app = await startApp(config, { logger });
    try {
      assert.equal((app.server.server.address() as AddressInfo).address, '127.0.0.1');
      assert.ok(logger.entries.some((e) => e.level === 'warn' && /AUTHENTICATION IS OFF \(LYNCOPS_UNAUTHENTICATED=allow\)/.test(e.msg ?? '')));
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(() => loadConfig({ LYNCOPS_UNAUTHENTICATED: 'yes' }), /LYNCOPS_UNAUTHENTICATED must be "allow" or unset/);
  });

  describe('replies only to loopback or allow-listed service URLs while authentication is off', () => {
    const running = runningBotAndConnector();

    for (const serviceUrl of ['https://evil.example.com/', 'http://10.0.0.7:8080/', 'https://smba.trafficmanager.net.evil.example/']) {
      it(`400 for an activity naming ${serviceUrl}, nothing posted or written`, async () => {
        const before = snapshot(running.bot.dbFile, ALL_TABLES);
        const result = await post(running.bot.url, message('move site Berlin to Lync 2013 force', { from: PEOPLE.alex, serviceUrl }));
        assert.equal(result.status, 400, result.text);
        assert.match(result.text, /serviceUrl must be a loopback or allow-listed host/);
        assert.deepEqual(snapshot(running.bot.dbFile, ALL_TABLES), before);
      });
    }

    it('serves a loopback service URL (the local playground)', async () => {
      const result = await post(running.bot.url, message('help', { serviceUrl: running.connector.url, expectReplies: true }));
      assert.equal(result.status, 200);
      assert.ok(repliesOf(result).length > 0);
    });
  });
});

// `npm run package` as an operator runs it: a child process configured through the environment.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { envProblem, optionsFromEnv } from '../../manifest/cli';
import { BOT_ID, tempDir, unzip } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Only the variables a shell would pass anyway: the test must not inherit a developer's settings.
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'SystemRoot']) if (process.env[key]) base[key] = process.env[key] as string;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'manifest/cli.ts', ...args], { cwd: ROOT, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('manifest/cli', () => {
  it('writes the zip and exits 0 with a valid environment', async () => {
    const out = await tempDir();
    try {
      const res = await runCli(['--out', out.dir], {
        MicrosoftAppId: BOT_ID,
        LYNCOPS_APP_VERSION: '3.0.1',
        LYNCOPS_VALID_DOMAINS: 'lyncops.example.com, bot.example.com',
        LYNCOPS_DEVELOPER_NAME: 'Contoso IT',
        LYNCOPS_DEVELOPER_WEBSITE_URL: 'https://it.contoso.com',
      });
      assert.equal(res.code, 0, res.stderr);
      const zipPath = path.join(out.dir, 'appPackage.zip');
      assert.equal(res.stdout.trim(), zipPath);
      const files = await unzip(zipPath);
      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      assert.equal(manifest.version, '3.0.1');
      assert.equal(manifest.bots[0].botId, BOT_ID);
      assert.deepEqual(manifest.validDomains, ['lyncops.example.com', 'bot.example.com']);
      assert.equal(manifest.developer.name, 'Contoso IT');
      assert.equal(manifest.developer.websiteUrl, 'https://it.contoso.com');
    } finally {
      await out.remove();
    }
  });

  it('exits non-zero with one line per problem, naming the variables', async () => {
    const out = await tempDir();
    try {
      const res = await runCli(['--out', out.dir], { MicrosoftAppId: 'my-bot', LYNCOPS_APP_ID: 'x', LYNCOPS_VALID_DOMAINS: 'https://bot.example.com' });
      assert.equal(res.code, 1);
      assert.match(res.stderr, /^app package not written, 3 problem\(s\):$/m);
      assert.match(res.stderr, /^ {2}MicrosoftAppId: must be the bot's MicrosoftAppId, a GUID like .*; got "my-bot"$/m);
      assert.match(res.stderr, /^ {2}LYNCOPS_APP_ID: must be a GUID/m);
      assert.match(res.stderr, /^ {2}LYNCOPS_VALID_DOMAINS\[0\]: must be a host name/m);
      assert.equal(existsSync(path.join(out.dir, 'appPackage.zip')), false);
    } finally {
      await out.remove();
    }
  });

  it('maps the environment to package options; empty variables count as unset', () => {
    const options = optionsFromEnv(
      { MicrosoftAppId: undefined, LYNCOPS_VALID_DOMAINS: 'a.example.com b.example.com,,c.example.com', LYNCOPS_DEVELOPER_PRIVACY_URL: 'https://p.example.com' },
      true,
      '0.1.0',
    );
    assert.equal(options.target, 'local');
    assert.equal(options.version, '0.1.0');
    assert.deepEqual(options.validDomains, ['a.example.com', 'b.example.com', 'c.example.com']);
    assert.deepEqual(options.developer, { privacyUrl: 'https://p.example.com' });
    assert.equal(envProblem('developer.termsOfUseUrl: must be an absolute https:// URL'), 'LYNCOPS_DEVELOPER_TERMS_URL: must be an absolute https:// URL');
    assert.equal(envProblem('manifest.json bots[0].botId: x'), 'manifest.json bots[0].botId: x');
  });
});

// The `lyncops` command as a process: parse (stdin and argv), configuration errors, usage errors,
// topology generation, sim moves (also into a pipe closed early), playground --help, start-up
// refusals that name the setting (STORE_URL, PORT), and serve with a graceful SIGTERM shutdown.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../../adapters/store';
import { CommandSchema } from '../../dialogs/registry';
import { parseTopology } from '../../migration/topology';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'bot', 'cli.ts');

function lyncops(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...opts.env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bot/cli', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parse prints one compact JSON command per stdin line, in order', () => {
    const { code, stdout } = lyncops(['parse'], { input: 'move pilot group to Lync 2013\nstatus of site Berln\n' });
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    const [first, second] = lines.map((l) => CommandSchema.parse(JSON.parse(l)));
    assert.equal(first.intent, 'move');
    assert.deepEqual(second, { intent: 'siteStatus', site: 'Berlin' });
    assert.equal(lines[1], JSON.stringify(second), 'compact JSON');
  });

  it('parse answers an empty line with the unknown intent and handles CRLF', () => {
    const { stdout } = lyncops(['parse'], { input: '\r\nhelp\r\n' });
    assert.deepEqual(stdout.trimEnd().split('\n').map((l) => JSON.parse(l)), [{ intent: 'unknown' }, { intent: 'help' }]);
  });

  it('parse takes one utterance from argv', () => {
    const { code, stdout } = lyncops(['parse', 'cancel', 'job', '42']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), { intent: 'cancelJob', jobId: '42' });
  });

  it('stops with one line and exit code 2 on a bad configuration', () => {
    const { code, stdout, stderr } = lyncops(['parse', 'help'], { env: { LYNC_BACKEND: 'foo' } });
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trim(), 'lyncops: invalid configuration: LYNC_BACKEND must be one of simulated, powershell (got "foo")');
  });

  it('stops with one line and exit code 2 on an unreadable topology file', () => {
    const { code, stderr } = lyncops(['parse', 'help'], { env: { TOPOLOGY_FILE: join(dir, 'missing.yaml') } });
    assert.equal(code, 2);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /^lyncops: invalid configuration: TOPOLOGY_FILE cannot be read \(ENOENT/);
  });

  it('prints the usage on stderr with exit code 2 for an unknown subcommand', () => {
    const { code, stderr } = lyncops(['frobnicate']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown command: frobnicate/);
    assert.match(stderr, /Usage: lyncops/);
  });

  it('prints the usage on stdout for --help', () => {
    const { code, stdout } = lyncops(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /topology generate --users-per-site N/);
  });

  it('topology generate prints a valid topology with the requested size', () => {
    const { code, stdout } = lyncops(['topology', 'generate', '--users-per-site', '20', '--seed', '7']);
    assert.equal(code, 0);
    const topology = parseTopology(JSON.parse(stdout));
    assert.equal(topology.users.filter((u) => u.aadObjectId.startsWith('22222222')).length, 4 * 20 + 2);
    assert.ok(topology.users.some((u) => u.sip === 'alex.wilber@contoso.com'));
    const bad = lyncops(['topology', 'generate', '--users-per-site', 'many']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--users-per-site must be an integer/);
  });

  it('sim moves prints the move records of the configured store', async () => {
    const file = join(dir, 'moves.sqlite');
    const store = await openStore(file);
    await store.init();
    await store.simSet('userPool', 'alice@contoso.com', 'lync-ber.contoso.local', {
      at: 1_700_000_000_000,
      cmdlet: 'Move-CsLegacyUser',
      object: 'alice@contoso.com',
      fromPool: 'ocs-ber.contoso.local',
      toPool: 'lync-ber.contoso.local',
    });
    await store.close();
    const { code, stdout } = lyncops(['sim', 'moves'], { env: { STORE_URL: file } });
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, [{ at: 1_700_000_000_000, cmdlet: 'Move-CsLegacyUser', object: 'alice@contoso.com', fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local' }]);
  });

  it('serve answers /healthz and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', STORE_URL: join(dir, 'serve.sqlite'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in: ${log}`)), 30_000);
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString('utf8');
        const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(log);
        if (match) {
          clearTimeout(timer);
          resolvePort(Number(match[1]));
        }
      });
    });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    const lines = log.trim().split('\n');
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `log line is JSON: ${line}`);
    assert.ok(lines.some((l) => JSON.parse(l).msg === 'stopped'));
  });

  it('prints the playground usage for `playground --help` and exits 0, without starting anything', () => {
    const { code, stdout, stderr } = lyncops(['playground', '--help'], { env: { LYNC_BACKEND: 'not-even-valid' } });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Usage: lyncops playground \[--as admin\|pilot\]/);
    assert.match(stdout, /--as pilot/);
    assert.equal(stderr, '');
  });

  it('ends quietly with exit code 0 when the reader of its output goes away (sim moves | head -1)', async () => {
    const file = join(dir, 'many-moves.sqlite');
    const store = await openStore(file);
    await store.init();
    for (let i = 0; i < 3000; i++) {
      await store.simSet('userPool', `user${i}@contoso.com`, 'lync-ber.contoso.local', { at: i, cmdlet: 'Move-CsLegacyUser', object: `user${i}@contoso.com`, fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local' });
    }
    await store.close();
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'sim', 'moves'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', STORE_URL: file, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const firstLine = await new Promise<string>((resolveLine) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('\n')) {
          // What `head -1` does: take one line and close the pipe.
          child.stdout.destroy();
          resolveLine(out.split('\n')[0]);
        }
      });
    });
    assert.equal(JSON.parse(firstLine).cmdlet, 'Move-CsLegacyUser');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('names STORE_URL in one line when the database cannot be reached, without its password', () => {
    const { code, stdout, stderr } = lyncops(['serve'], { env: { PORT: '0', STORE_URL: 'postgres://lyncops:s3cret@127.0.0.1:1/lyncops', LYNCOPS_UNAUTHENTICATED: 'allow' } });
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /^lyncops: invalid configuration: STORE_URL cannot be opened \(.*ECONNREFUSED.*"postgres:\/\/lyncops:\*\*\*@127\.0\.0\.1:1\/lyncops"\)$/m);
    assert.ok(!stderr.includes('s3cret'));
  });

  it('suggests another PORT in one line when the port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '0.0.0.0', r));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const { code, stderr } = lyncops(['serve'], { env: { PORT: String(port), STORE_URL: join(dir, 'port.sqlite') } });
      assert.equal(code, 2);
      assert.equal(stderr.trim(), `lyncops: invalid configuration: PORT ${port} is already in use (EADDRINUSE): stop the process listening there or choose another port, e.g. PORT=${port + 1}`);
    } finally {
      taken.close();
    }
  });
});

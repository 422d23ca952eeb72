// Child processes for the browser end-to-end tests: the compiled bot (`node dist/bot/cli.js serve`)
// on a fresh temp store, and the Microsoft 365 Agents Playground pointed at it. Both listen on
// ports the OS picks (PORT=0, `-p 0`) and announce them in their output, so parallel runs never
// collide; both keep their output for failure reports and are killed if the test process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const BOT_CLI = path.join(PROJECT_ROOT, 'dist', 'bot', 'cli.js');
const PLAYGROUND_CLI = path.join(PROJECT_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
const KEPT_LINES = 400;

/** A child process whose stdout and stderr lines are kept (the newest few hundred). */
export class ManagedChild {
  readonly lines: string[] = [];
  private readonly listeners: Array<(line: string) => void> = [];
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.push(line);
      });
    }
    // mocha's --exit ends the process without after-hooks when something hangs; no orphan survives it.
    process.once('exit', this.killOnExit);
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  tail(count = 40): string {
    return this.lines.slice(-count).join('\n');
  }

  /** Resolves with the first line (kept or future) that `pattern` matches. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    for (const line of this.lines) {
      const match = pattern.exec(line);
      if (match) return Promise.resolve(match);
    }
    return new Promise((resolve, reject) => {
      const fail = (reason: string) => {
        cleanup();
        reject(new Error(`${this.name}: ${reason}\n--- last output ---\n${this.tail()}`));
      };
      const onLine = (line: string) => {
        const match = pattern.exec(line);
        if (match) {
          cleanup();
          resolve(match);
        }
      };
      const onExit = (code: number | null, signal: string | null) => fail(`exited (code ${code}, signal ${signal}) before printing ${pattern}`);
      const timer = setTimeout(() => fail(`no line matching ${pattern} within ${timeoutMs} ms`), timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.child.off('exit', onExit);
        this.listeners.splice(this.listeners.indexOf(onLine), 1);
      };
      this.listeners.push(onLine);
      this.child.once('exit', onExit);
    });
  }

  async stop(): Promise<void> {
    process.off('exit', this.killOnExit);
    if (this.exited) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      this.child.kill('SIGTERM');
    });
  }

  private push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
    for (const listener of [...this.listeners]) listener(line);
  }
}

async function waitUntilAnswering(url: string, owner: ManagedChild, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (owner.exited) throw new Error(`${owner.name} exited before answering ${url}\n${owner.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // not accepting connections yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${owner.name} did not answer ${url} within ${timeoutMs} ms\n${owner.tail()}`);
}

export interface RunningBot {
  process: ManagedChild;
  port: number;
  /** The Bot Framework endpoint the playground posts to. */
  endpoint: string;
  /** Where its SQLite store lives. */
  dataDir: string;
  /** Stops it (SIGTERM) and removes its store unless `keepData` (a restart follows). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts the compiled bot with the embedded demo topology on a fresh SQLite store, the simulator
 * fast and without transient failures, and local (unauthenticated) Bot Framework traffic.
 * A restart passes the `port` and `dataDir` of the bot before it (the store and the playground's
 * endpoint stay), and `keepData` on the stop before it.
 */
export async function startBot(extraEnv: Record<string, string> = {}, options: { port?: number; dataDir?: string } = {}): Promise<RunningBot> {
  if (!fs.existsSync(BOT_CLI)) throw new Error(`${BOT_CLI} is missing: run "npm run build" first`);
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lyncops-e2e-bot-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port ?? 0),
    STORE_URL: path.join(dataDir, 'lyncops.sqlite'),
    LYNC_BACKEND: 'simulated',
    DIRECTORY: 'static',
    TOPOLOGY_FILE: '',
    SIM_MOVE_LATENCY_MS: '20',
    SIM_TRANSIENT_FAILURE_RATE: '0',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: '',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [BOT_CLI, 'serve'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const bot = new ManagedChild('bot', child);
  const stop = async (stopOptions: { keepData?: boolean } = {}) => {
    await bot.stop();
    if (!stopOptions.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [, port] = await bot.waitForLine(/"port":(\d+).*"msg":"listening"/, 30_000);
    await waitUntilAnswering(`http://127.0.0.1:${port}/healthz`, bot, 10_000);
    return { process: bot, port: Number(port), dataDir, endpoint: `http://localhost:${port}/api/messages`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface RunningPlayground {
  process: ManagedChild;
  url: string;
  /** The playground's own log file (M365_AGENTS_PLAYGROUND_LOGFILE), one per instance. */
  logFile: string;
  logTail(count?: number): string;
  stop(): Promise<void>;
}

/**
 * Starts the Agents Playground acting as the `currentUser` of `configPath`. Its log goes to a file
 * of its own instead of the shared devTools/m365agentsplayground.log, so concurrent runs do not
 * interleave and a failure report shows only this instance's lines.
 */
export async function startPlayground(configPath: string, botEndpoint: string, logFile: string): Promise<RunningPlayground> {
  if (!fs.existsSync(configPath)) throw new Error(`playground config not found: ${configPath}`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.rmSync(logFile, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
  const child = spawn(process.execPath, [PLAYGROUND_CLI, 'start', '-e', botEndpoint, '-c', 'msteams', '-p', '0', '--dt'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const playground = new ManagedChild(`playground (${path.basename(configPath)})`, child);
  const logTail = (count = 40) => {
    const lines = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
    return lines.slice(-count).join('\n');
  };
  try {
    // A bad config makes it exit 1 with the reason only in its log file.
    const [, port] = await playground.waitForLine(/Listening on (\d+)/, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- ${logFile} ---\n${logTail()}`);
    });
    const url = `http://localhost:${port}`;
    await waitUntilAnswering(url, playground, 15_000);
    return { process: playground, url, logFile, logTail, stop: () => playground.stop() };
  } catch (error) {
    await playground.stop();
    throw error;
  }
}

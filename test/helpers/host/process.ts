// The compiled bot as a child process for the robustness suite: `lyncops serve` on a port of its
// own (restartable on the same port, killable with SIGKILL), its JSON log lines kept for
// assertions, and the one-shot CLI commands (`sim moves`, `topology generate`).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist/bot/cli.js');

/** Only what the child needs: configuration comes from `env`, never from the test's own environment. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[name] !== undefined) base[name] = process.env[name];
  return { ...base, ...env };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
  });
}

/**
 * A free port below the kernel's ephemeral range (32768+ here), so no outgoing connection of
 * another process can take it between a kill and the restart on the same port.
 */
export async function freeFixedPort(random: () => number = Math.random): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(random() * 12_000);
    if (await portFree(port)) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

export interface LogLine {
  /** pino label ("info", "error") or number, depending on the formatter. */
  level?: string | number;
  msg?: string;
  [field: string]: unknown;
}

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Parsed JSON log lines (stdout and stderr), oldest first; the last `maxLogLines` are kept. */
  logs: LogLine[];
  /** Lines that were not JSON, for failure messages. */
  otherOutput: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and resolves when the process is gone. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (graceful shutdown), SIGKILL if it takes longer than `graceMs`. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  port: number;
  env: Record<string, string>;
  readyTimeoutMs?: number;
  maxLogLines?: number;
}

function collectLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', () => pending && onLine(pending));
}

async function waitHealthy(url: string, exited: Promise<unknown>, timeoutMs: number): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(gone ? 'the server exited before it was ready' : `the server was not ready within ${timeoutMs} ms`);
}

/** Starts `node dist/bot/cli.js serve` and resolves once /healthz answers 200. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const maxLogLines = options.maxLogLines ?? 5000;
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: childEnv({ ...options.env, PORT: String(options.port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const otherOutput: string[] = [];
  const keep = (line: string) => {
    try {
      logs.push(JSON.parse(line) as LogLine);
      if (logs.length > maxLogLines) logs.shift();
    } catch {
      otherOutput.push(line.slice(0, 2000));
      if (otherOutput.length > maxLogLines) otherOutput.shift();
    }
  };
  collectLines(child.stdout!, keep);
  collectLines(child.stderr!, keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  try {
    await waitHealthy(url, exited, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await kill('SIGKILL');
    throw new Error(`${(error as Error).message}: ${otherOutput.slice(-5).join(' | ')}`);
  }
  return {
    port: options.port,
    url,
    child,
    logs,
    otherOutput,
    exited,
    kill,
    stop: async (graceMs = 10_000) => {
      const timer = setTimeout(() => void kill('SIGKILL'), graceMs);
      try {
        return await kill('SIGTERM');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs a one-shot `lyncops` command and returns its stdout. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv(env), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`lyncops ${args.join(' ')} failed: ${error.message} ${stderr.slice(0, 500)}`));
      else resolve(stdout);
    });
  });
}

/** `lyncops sim moves`: the simulator's move records in the store, one object per line. */
export async function simMovesCli(storeUrl: string): Promise<Array<{ object: string; fromPool: string; toPool: string; cmdlet: string }>> {
  const out = await runCli(['sim', 'moves'], { STORE_URL: storeUrl, LOG_LEVEL: 'warn' });
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { object: string; fromPool: string; toPool: string; cmdlet: string });
}

/** Error-level (or worse) lines of a child's JSON log. */
export function errorLogs(logs: readonly LogLine[]): LogLine[] {
  return logs.filter((line) => line.level === 'error' || line.level === 'fatal' || (typeof line.level === 'number' && line.level >= 50));
}

// Bot replicas as child processes: `node dist/bot/cli.js serve` with its own port and
// environment, its JSON log lines kept for diagnosis, ready once it logs "listening". Used by the
// replica drill and the replica end-to-end tests, which need real processes to kill with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The compiled CLI, found from this file whether it runs compiled (dist/testkit/replicas) or through tsx. */
const compiled = path.basename(path.resolve(__dirname, '../..')) === 'dist';
export const DEFAULT_CLI = path.resolve(__dirname, compiled ? '../../bot/cli.js' : '../../dist/bot/cli.js');

const KEPT_LOG_LINES = 400;

export interface LogLine {
  msg?: string;
  level?: string;
  [field: string]: unknown;
}

export interface Replica {
  name: string;
  port: number;
  url: string;
  pid: number;
  /** The runner's worker id, as the replica logged it at start. */
  workerId: string;
  /** The last few hundred log lines (parsed JSON; other lines as { msg }). */
  logs: LogLine[];
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  alive(): boolean;
  /** Sends the signal and waits for the process to end. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Graceful stop (SIGTERM), then SIGKILL if it takes longer than `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ReplicaOptions {
  name: string;
  /**
   * Variables for the replica on top of PATH (the caller's environment is not inherited).
   * Readiness and the worker id are read from the "lyncops started" line, so LOG_LEVEL must
   * stay at info or more verbose (info unless set).
   */
  env: Record<string, string>;
  /** A fixed port (a restart on the same port); by default a free one is picked. */
  port?: number;
  cliPath?: string;
  /** Options for node before the CLI (e.g. `-r` of a preloaded module). */
  nodeArgs?: string[];
  startTimeoutMs?: number;
}

/** A port that was free a moment ago (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function parseLine(line: string): LogLine {
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as LogLine;
  } catch {
    // not JSON: kept as text
  }
  return { msg: line };
}

class AddressInUse extends Error {}

async function launch(options: ReplicaOptions, port: number): Promise<Replica> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), options.cliPath ?? DEFAULT_CLI, 'serve'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LOG_LEVEL: 'info', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: LogLine[] = [];
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  let workerId = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${options.name} did not start within ${options.startTimeoutMs ?? 20_000} ms`)), options.startTimeoutMs ?? 20_000);
    createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (raw) => {
      const line = parseLine(raw);
      logs.push(line);
      if (logs.length > KEPT_LOG_LINES) logs.shift();
      if (line.msg === 'lyncops started' && typeof line.workerId === 'string') {
        workerId = line.workerId;
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      const text = logs.map((l) => JSON.stringify(l)).join('\n');
      const Failure = /EADDRINUSE/.test(text) ? AddressInUse : Error;
      reject(new Failure(`replica ${options.name} exited with ${code} before it was ready:\n${text.slice(-2000)}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    if (exitCode === undefined) {
      child.kill('SIGKILL');
      await exited;
    }
    throw error;
  }
  const kill = async (signal: NodeJS.Signals) => {
    if (exitCode === undefined) child.kill(signal);
    await exited;
  };
  return {
    name: options.name,
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    workerId,
    logs,
    exited,
    alive: () => exitCode === undefined,
    kill,
    async stop(graceMs = 10_000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts a replica and waits until it serves. A picked port another process grabbed in between
 * is picked again (a few times); a fixed port is tried once.
 */
export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(options, options.port ?? (await freePort()));
    } catch (error) {
      if (!(error instanceof AddressInUse) || options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

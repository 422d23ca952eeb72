// Child processes for the benchmarks: the compiled bot (`node dist/bot/cli.js serve`) on a free
// port with a throw-away store, waited for until /healthz answers, and stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The compiled tree: this file lives in dist/scripts/bench/. */
export const DIST = path.resolve(__dirname, '..', '..');
export const CLI = path.join(DIST, 'bot', 'cli.js');

/** A port nobody listens on right now (the OS picks it; released before the server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lyncops-bench-${prefix}-`));
}

export interface Spawned {
  child: ChildProcess;
  url: string;
  /** Ends the process (SIGTERM, then SIGKILL after a grace period) and waits for its exit. */
  stop(): Promise<void>;
}

export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `url` until it answers 200; rejects when the child exits first or the deadline passes. */
export async function waitForOk(url: string, child: ChildProcess, deadlineMs: number, pollMs = 10): Promise<void> {
  const until = performance.now() + deadlineMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (performance.now() < until) {
    if (exited) throw new Error(`process exited before ${url} answered`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`${url} did not answer 200 within ${deadlineMs} ms`);
}

/**
 * Only what a process needs to run: the caller's own bot settings (an app id, a PowerShell
 * backend, admin groups) must not change what is measured.
 */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name]) env[name] = process.env[name]!;
  return env;
}

export interface BotProcessOptions {
  env?: Record<string, string>;
  /** Extra node options (e.g. --cpu-prof) for the server process. */
  nodeArgs?: string[];
  readyDeadlineMs?: number;
}

/** Starts the compiled bot with a fresh SQLite store in a temp folder; resolves once /healthz is 200. */
export async function startBot(options: BotProcessOptions = {}): Promise<Spawned> {
  const port = await freePort();
  const dir = tempDir('store');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, 'serve'], {
    cwd: dir,
    env: {
      ...baseEnv(),
      PORT: String(port),
      STORE_URL: path.join(dir, 'lyncops.sqlite'),
      LOG_LEVEL: 'warn',
      SIM_TRANSIENT_FAILURE_RATE: '0',
      // A handful of simulated people take thousands of turns: the per-caller limit would answer most of them.
      CHAT_TURNS_PER_MINUTE: '0',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForOk(`${url}/healthz`, child, options.readyDeadlineMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, url, stop };
}

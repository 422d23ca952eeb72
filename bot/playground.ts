// `lyncops playground`: runs the bot in this process and the Microsoft 365 Agents Playground (a
// local Teams client) as a child process pointed at it, waits until the playground answers,
// prints its URL and stops both on Ctrl-C. `--as pilot` acts as a pilot user instead of the admin.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from '../migration/ports';
import { childEnvironment, type Config } from './config';
import { startApp, type App } from './compose';
import { packageRoot } from './version';

export const PLAYGROUND_PORT = 56150;
export const PLAYGROUND_PROFILES = { admin: '.m365agentsplayground.yml', pilot: join('playground', 'pilot.yml') } as const;
export type PlaygroundProfile = keyof typeof PLAYGROUND_PROFILES;

export interface PlaygroundOptions {
  profile?: PlaygroundProfile;
  out: Writable;
  logger: Logger;
  /** How long to wait for the playground to answer. */
  startTimeoutMs?: number;
}

/** The playground config: `--as` wins, then M365_AGENTS_PLAYGROUND_CONFIG_PATH, then the admin file. */
export function playgroundConfigPath(root: string, profile: PlaygroundProfile | undefined, configured: string | undefined): string {
  if (profile) return join(root, PLAYGROUND_PROFILES[profile]);
  return configured ?? join(root, PLAYGROUND_PROFILES.admin);
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the playground exited with code ${child.exitCode}; see devTools/m365agentsplayground.log`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the playground did not answer on ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface RunningPlayground {
  url: string;
  app: App;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startPlayground(config: Config, options: PlaygroundOptions): Promise<RunningPlayground> {
  const root = packageRoot();
  const configPath = playgroundConfigPath(root, options.profile, config.playgroundConfigPath);
  if (!existsSync(configPath)) throw new Error(`playground config not found: ${configPath}`);
  const app = await startApp(config, { logger: options.logger });
  const endpoint = `http://localhost:${app.server.port}/api/messages`;
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [root] });
  const child = spawn(process.execPath, [cli, 'start', '-e', endpoint, '-c', 'msteams', '-p', String(PLAYGROUND_PORT), '--dt'], {
    cwd: root,
    env: childEnvironment({ TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The playground falls back to a random port when 56150 is taken; it says which on stdout.
  let announcedPort: number | undefined;
  // Its lines go to our log so the terminal shows only the URL.
  const relay = (stream: NodeJS.ReadableStream | null, level: 'info' | 'warn') =>
    stream?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter((l) => l.trim())) {
        const listening = /Listening on (\d+)/.exec(line);
        if (listening) announcedPort = Number(listening[1]);
        options.logger[level]({ component: 'playground' }, line.slice(0, 500));
      }
    });
  relay(child.stdout, 'info');
  relay(child.stderr, 'warn');
  const stop = async () => {
    await stopChild(child);
    await app.close();
  };
  let url = `http://localhost:${PLAYGROUND_PORT}`;
  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    while (announcedPort === undefined && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    url = `http://localhost:${announcedPort ?? PLAYGROUND_PORT}`;
    await waitUntilAnswering(url, child, Math.max(1000, deadline - Date.now()));
  } catch (error) {
    await stop();
    throw error;
  }
  options.out.write(`Agents Playground: ${url}  (bot: ${endpoint}, config: ${configPath})\nPress Ctrl-C to stop.\n`);
  return { url, app, child, stop };
}

export function playgroundLogPath(root: string = packageRoot()): string {
  return join(root, 'devTools', 'm365agentsplayground.log');
}

// The composed lyncops inside the test process for the robustness suite: bot/compose startApp
// with the real SQLite store (in a temp folder), the simulator and the static directory, on an
// ephemeral port. Logs are recorded so tests can assert that nothing failed unseen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App, type StartOptions } from '../../../bot/compose';
import { loadConfig } from '../../../bot/config';
import type { Logger } from '../../../migration/ports';
import { startFakeConnector, type FakeConnector } from '../../bot/helpers/http';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg?: string;
  fields: Record<string, unknown>;
}

export class RecordingLogger implements Logger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}
  private record(level: LogEntry['level'], fields: Record<string, unknown>, msg?: string): void {
    this.entries.push({ level, msg, fields: { ...this.bindings, ...fields } });
  }
  debug(fields: Record<string, unknown>, msg?: string) {
    this.record('debug', fields, msg);
  }
  info(fields: Record<string, unknown>, msg?: string) {
    this.record('info', fields, msg);
  }
  warn(fields: Record<string, unknown>, msg?: string) {
    this.record('warn', fields, msg);
  }
  error(fields: Record<string, unknown>, msg?: string) {
    this.record('error', fields, msg);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.entries, { ...this.bindings, ...bindings });
  }
  /** Error entries, summarised for an assertion message. */
  errors(): string[] {
    return this.entries.filter((e) => e.level === 'error').map((e) => `${e.msg}: ${JSON.stringify(e.fields).slice(0, 300)}`);
  }
}

export interface InProcessApp {
  app: App;
  url: string;
  dbFile: string;
  logger: RecordingLogger;
  close(): Promise<void>;
}

/** Starts the whole bot in this process; `env` adds to a quiet, deterministic baseline. */
export async function startInProcess(env: Record<string, string> = {}, options: Pick<StartOptions, 'webRoot' | 'fetchJson'> = {}): Promise<InProcessApp> {
  const dir = mkdtempSync(join(tmpdir(), 'lyncops-robust-'));
  const dbFile = join(dir, 'lyncops.sqlite');
  const logger = new RecordingLogger();
  const config = loadConfig({
    PORT: '0',
    STORE_URL: dbFile,
    SIM_MOVE_LATENCY_MS: '0',
    SIM_TRANSIENT_FAILURE_RATE: '0',
    CARD_UPDATE_INTERVAL_MS: '100',
    NOTIFY_MOVED_USERS: 'false',
    // Hostile-input tests send far more turns per person than the per-caller limit allows.
    CHAT_TURNS_PER_MINUTE: '0',
    ...env,
  });
  let app: App;
  try {
    app = await startApp(config, { logger, host: '127.0.0.1', shutdownGraceMs: 2000, ...options });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    url: app.server.url,
    dbFile,
    logger,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Mocha hooks for a suite that talks to one bot started in this process and reads what it posts
 * to a fake Bot Framework connector: both start before the suite and close after it.
 */
export function runningBotAndConnector(env: Record<string, string> = {}): { readonly bot: InProcessApp; readonly connector: FakeConnector } {
  let bot: InProcessApp | undefined;
  let connector: FakeConnector | undefined;
  before(async () => {
    connector = await startFakeConnector();
    bot = await startInProcess(env);
  });
  after(async () => {
    await bot?.close();
    await connector?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running (used outside the suite's tests)`);
    return value;
  };
  return {
    get bot() {
      return started(bot, 'the bot');
    },
    get connector() {
      return started(connector, 'the fake connector');
    },
  };
}

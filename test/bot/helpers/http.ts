// HTTP test doubles: a fake Bot Framework connector (the service the bot sends replies, card
// edits and proactive messages to) and the real bot server wired with fakes on an ephemeral port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Conversation } from '../../../dialogs/types';
import type { Directory } from '../../../migration/ports';
import { silentLogger } from '../../../migration/ports';
import { loadConfig, serviceUrlAllowed } from '../../../bot/config';
import { createAdapter, startServer, type RunningServer } from '../../../bot/server';
import { TeamsBot } from '../../../bot/teams-bot';
import { StoreStorage, UserPreferences } from '../../../bot/storage';
import { ConversationPacer } from '../../../bot/pacing';
import { ProactiveMessenger } from '../../../bot/proactive';
import type { MemoryBotStore } from './fakes';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  /** Statuses to answer the next calls with (then 200). */
  failNext: number[];
  /** A status for every call it returns one for (checked after failNext); unset, calls succeed. */
  refuse?: (call: ConnectorCall) => number | undefined;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const failNext: number[] = [];
  let ids = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const call = { method: req.method ?? '', path: req.url ?? '', body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
      calls.push(call);
      const status = failNext.shift() ?? connector.refuse?.(call) ?? 200;
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) });
      res.end(JSON.stringify(status === 200 ? { id: `posted-${++ids}` } : { error: { code: 'Throttled', message: 'slow down' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const connector: FakeConnector = {
    url: `http://127.0.0.1:${port}/`,
    calls,
    failNext,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return connector;
}

export interface TestBotServer {
  url: string;
  server: RunningServer;
  close(): Promise<void>;
}

export async function startBotServer(opts: {
  conversation: Conversation;
  directory: Directory;
  store: MemoryBotStore;
  env?: Record<string, string>;
  invokeDeadlineMs?: number;
}): Promise<TestBotServer> {
  const config = loadConfig({ PORT: '0', ...opts.env });
  const adapter = createAdapter(config, silentLogger, () => 'en');
  const allowed = (url: string) => serviceUrlAllowed(url, config.serviceUrlAllowlist);
  const messenger = new ProactiveMessenger({ adapter, appId: config.bot.appId, pacer: new ConversationPacer(), logger: silentLogger, serviceUrlAllowed: allowed });
  const bot = new TeamsBot({
    conversation: opts.conversation,
    directory: opts.directory,
    store: opts.store,
    logger: silentLogger,
    authEnabled: config.authEnabled,
    serviceUrlAllowed: allowed,
    messenger,
    preferences: new UserPreferences(new StoreStorage(opts.store)),
    invokeDeadlineMs: opts.invokeDeadlineMs,
  });
  const server = await startServer({ port: 0, host: '127.0.0.1', adapter, bot, logger: silentLogger, version: '9.9.9', isReady: () => true });
  return { url: server.url, server, close: () => server.close() };
}

export async function postActivity(base: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // plain text body
  }
  return { status: response.status, body: parsed };
}

// Load generation for the robustness suite: N conversations, each a loop that sends its next
// activity as soon as the previous one was answered, each over its own kept-alive connection
// (one http.Agent with one socket per conversation, as every Teams conversation reaches the bot
// on its own). The N connections are opened before the load starts: a server saturated by N
// requests in flight accepts late, and connecting under full load would measure the kernel's
// accept queue instead of the bot. Every response body is checked, so "2xx" also means "the
// right answer".
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';

export interface LoadOptions {
  url: string;
  /** Concurrent conversations, each with at most one request in flight. */
  conversations: number;
  durationSeconds: number;
  /** Per-request timeout; the Bot Framework channel itself waits 15 s for a bot. */
  timeoutSeconds?: number;
  /** The activity for conversation `index`, request number `n` of that conversation. */
  activity(index: number, n: number): Record<string, unknown>;
  /** Whether a 2xx body is the expected answer. */
  expected(body: string): boolean;
}

export interface LoadFigures {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 2xx responses whose body was not the expected answer. */
  wrongAnswers: number;
  /** Conversations that got at least one expected answer. */
  conversationsAnswered: number;
  /** Failed requests by error code (ECONNRESET, timeout, ...). */
  errorCodes: Record<string, number>;
  /** Connections opened during the load because a kept-alive one was closed. */
  reconnects: number;
}

class Timeout extends Error {}

function connect(url: URL): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Opens `count` connections, `parallel` at a time. */
async function connectAll(url: URL, count: number, parallel = 50): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < count; i += parallel) sockets.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, () => connect(url)))));
  return sockets;
}

/** A one-socket keep-alive agent whose first connection is `socket`. */
function agentOver(socket: net.Socket, onReconnect: () => void): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let first: net.Socket | undefined = socket;
  agent.createConnection = (options): Duplex => {
    if (first && !first.destroyed) {
      const ready = first;
      first = undefined;
      return ready;
    }
    first = undefined;
    onReconnect();
    return net.createConnection({ host: options.host ?? undefined, port: Number(options.port) });
  };
  return agent;
}

function send(agent: http.Agent, url: URL, body: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, host: url.hostname, port: url.port, path: '/api/messages', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    const timer = setTimeout(() => request.destroy(new Timeout()), timeoutMs);
    request.on('close', () => clearTimeout(timer));
    request.on('error', reject);
    request.end(body);
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);

export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const url = new URL(options.url);
  const timeoutMs = (options.timeoutSeconds ?? 15) * 1000;
  let reconnects = 0;
  const agents = (await connectAll(url, options.conversations)).map((socket) => agentOver(socket, () => reconnects++));
  const latencies: number[] = [];
  const answered = new Set<number>();
  const counts = { errors: 0, timeouts: 0, non2xx: 0, wrongAnswers: 0 };
  const errorCodes: Record<string, number> = {};
  const started = performance.now();
  const end = started + options.durationSeconds * 1000;

  async function conversation(index: number): Promise<void> {
    for (let n = 1; performance.now() < end; n++) {
      const body = JSON.stringify(options.activity(index, n));
      const sentAt = performance.now();
      try {
        const response = await send(agents[index], url, body, timeoutMs);
        latencies.push(performance.now() - sentAt);
        if (response.status < 200 || response.status >= 300) counts.non2xx++;
        else if (options.expected(response.body)) answered.add(index);
        else counts.wrongAnswers++;
      } catch (error) {
        counts.errors++;
        const code = error instanceof Timeout ? 'timeout' : String((error as { code?: unknown }).code ?? (error as Error).message);
        if (error instanceof Timeout) counts.timeouts++;
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: options.conversations }, (_, i) => conversation(i)));
  } finally {
    for (const agent of agents) agent.destroy();
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / elapsedSeconds,
    total: latencies.length,
    p50: Math.round(percentile(sorted, 50)),
    p90: Math.round(percentile(sorted, 90)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted.at(-1) ?? 0),
    ...counts,
    conversationsAnswered: answered.size,
    errorCodes,
    reconnects,
  };
}

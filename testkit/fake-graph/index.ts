// A local stand-in for Microsoft Graph and its Entra ID token endpoint, over real HTTPS (the
// Graph client sends bearer tokens only over https), serving a Topology's users and groups.
// Tests switch faults on (404, throttling with Retry-After, 503/504, malformed bodies, slow or
// dropped answers) and read back every request it received.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { demoTopology } from '../../migration/demo-topology';
import type { Topology } from '../../migration/topology';
import { FakeTokenService } from './auth';
import { FakeDirectoryData, type FakeGroupSpec } from './data';
import { answerGraph, graphError, type GraphAnswer } from './routes';

export { ADMIN_GROUP_NAME, HELPDESK_GROUP_NAME, type FakeGroupSpec } from './data';

/** The fixtures folder, found from here upwards so a compiled copy of this module finds it too. */
function fixturesDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'fixtures', 'graph');
    if (existsSync(path.join(candidate, 'cert.pem'))) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'graph');
  }
}

export const FAKE_GRAPH_CERT_PATH = path.join(fixturesDir(), 'cert.pem');
export const FAKE_GRAPH_KEY_PATH = path.join(fixturesDir(), 'key.pem');

export const FAKE_GRAPH_TENANT_ID = '0d5a1c9e-3b7f-4e2a-9c61-4f0b8d2e7a13';
export const FAKE_GRAPH_CLIENT_ID = '6c8e0f4a-2d1b-4c3e-8f5a-7b9d1e3c5a70';
export const FAKE_GRAPH_CLIENT_SECRET = 'fake-graph-client-secret';

export interface FakeGraphOptions {
  /** Users and groups to serve; the demo topology by default. */
  topology?: Topology;
  /** Groups added to the topology's (nested groups, awkward names, huge groups). */
  extraGroups?: FakeGroupSpec[];
  port?: number;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Certificate (PEM) that verifies certificate-credential assertions; the fixture certificate by default. */
  clientCertificatePem?: string;
  /** Bearer tokens accepted without a token request (for clients with a fixed credential). */
  acceptTokens?: string[];
  tokenLifetimeSeconds?: number;
  /** Origin written into @odata.context and next links instead of the one the client used. */
  linkOrigin?: string;
  /** Keep every request in `requests` (true by default; a long-running dev server turns it off). */
  recordRequests?: boolean;
  /** Told about every request as it arrives. */
  onRequest?: (request: RecordedRequest) => void;
}

export type FakeGraphFaultKind = 'notFound' | 'throttle' | 'unavailable' | 'gatewayTimeout' | 'malformed' | 'invalidJson' | 'slow' | 'disconnect';

export interface FakeGraphFault {
  kind: FakeGraphFaultKind;
  /** Requests it hits, by path; every Graph v1.0 request by default. */
  match?: RegExp;
  /** How many matching requests it hits; all of them by default. */
  times?: number;
  /** Matching requests it lets through before it starts hitting (0 by default). */
  skip?: number;
  /** Retry-After sent with throttle/unavailable/gatewayTimeout (0 by default; null sends none). */
  retryAfterSeconds?: number | null;
  /** Delay before a slow answer. */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeGraph {
  /** https://127.0.0.1:port, both the Graph base URL and the authority host. */
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  requests: RecordedRequest[];
  /** Access tokens the token endpoint issued, in order. */
  issuedTokens: string[];
  data: FakeDirectoryData;
  /** Replaces the active faults; no argument restores normal service. */
  setBehaviour(...faults: FakeGraphFault[]): void;
  /** Recorded Graph v1.0 requests whose path starts with `/v1.0/<prefix>`. */
  graphRequests(prefix?: string): RecordedRequest[];
  close(): Promise<void>;
}

const GRAPH_PATH = /^\/v1\.0\//;
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const OPENID_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MAX_BODY = 1_000_000;

interface ActiveFault extends FakeGraphFault {
  remaining: number;
  toSkip: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) req.destroy(new Error('request body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: GraphAnswer, clientRequestId?: string): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'request-id': randomUUID(), ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}), ...answer.headers };
  if (answer.body === undefined) {
    // Two statements: restify replaces writeHead process-wide with one that returns nothing.
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': JSON_TYPE, ...headers });
  res.end(text);
}

function faultAnswer(fault: FakeGraphFault): GraphAnswer | undefined {
  const retryAfter = fault.retryAfterSeconds === undefined ? 0 : fault.retryAfterSeconds;
  const retryHeaders: Record<string, string> = retryAfter === null ? {} : { 'retry-after': String(retryAfter) };
  switch (fault.kind) {
    case 'notFound':
      return graphError(404, 'Request_ResourceNotFound', 'Resource does not exist or one of its queried reference-property objects are not present.');
    case 'throttle':
      return { ...graphError(429, 'TooManyRequests', 'Too many requests, please retry later.'), headers: retryHeaders };
    case 'unavailable':
      return { ...graphError(503, 'serviceNotAvailable', 'Service is temporarily unavailable. Please retry later.'), headers: retryHeaders };
    case 'gatewayTimeout':
      return { ...graphError(504, 'UnknownError', 'Gateway timeout.'), headers: retryHeaders };
    case 'malformed':
      return { status: 200, body: { value: [{ id: 42, displayName: ['not', 'a', 'name'] }], '@odata.nextLink': 17 } };
    case 'invalidJson':
      return { status: 200, body: '{"value": [{"id": "11111111-0000' };
    default:
      return undefined;
  }
}

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const tenantId = options.tenantId ?? FAKE_GRAPH_TENANT_ID;
  const clientId = options.clientId ?? FAKE_GRAPH_CLIENT_ID;
  const clientSecret = options.clientSecret ?? FAKE_GRAPH_CLIENT_SECRET;
  const data = new FakeDirectoryData(options.topology ?? demoTopology(), options.extraGroups);
  const tokens = new FakeTokenService({
    tenantId,
    clientId,
    clientSecret,
    clientCertificatePem: options.clientCertificatePem ?? readFileSync(FAKE_GRAPH_CERT_PATH, 'utf8'),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    acceptTokens: options.acceptTokens ?? [],
  });
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let faults: ActiveFault[] = [];

  const takeFault = (pathname: string): FakeGraphFault | undefined => {
    for (const fault of faults) {
      if (fault.remaining <= 0 || !(fault.match ?? GRAPH_PATH).test(pathname)) continue;
      if (fault.toSkip > 0) {
        fault.toSkip -= 1;
        continue;
      }
      fault.remaining -= 1;
      return fault;
    }
    return undefined;
  };

  const sleep = (ms: number, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve();
      });
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const origin = `https://${req.headers.host ?? '127.0.0.1'}`;
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
    if (options.recordRequests ?? true) requests.push(recorded);
    options.onRequest?.(recorded);
    const clientRequestId = typeof req.headers['client-request-id'] === 'string' ? req.headers['client-request-id'] : undefined;
    const isGraph = GRAPH_PATH.test(url.pathname);
    if (isGraph && !tokens.accepts(req.headers.authorization)) {
      send(res, graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.'), clientRequestId);
      return;
    }
    const fault = takeFault(url.pathname);
    if (fault?.kind === 'disconnect') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') {
      await sleep(fault.delayMs ?? 1000, res);
      if (res.destroyed) return;
    }
    const injected = fault ? faultAnswer(fault) : undefined;
    if (injected) {
      send(res, injected, clientRequestId);
      return;
    }
    if (isGraph) {
      const rawQuery = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
      const call = { method, path: url.pathname.replace(GRAPH_PATH, ''), rawQuery, query: url.searchParams, headers: req.headers, body, origin: options.linkOrigin ?? origin };
      send(res, answerGraph(data, call), clientRequestId);
      return;
    }
    const token = TOKEN_PATH.exec(url.pathname);
    if (token && method === 'POST') {
      send(res, tokens.token(decodeURIComponent(token[1]), new URLSearchParams(body), Math.floor(Date.now() / 1000)));
      return;
    }
    const openId = OPENID_PATH.exec(url.pathname);
    if (openId && method === 'GET') {
      send(res, tokens.openIdConfiguration(origin, decodeURIComponent(openId[1])));
      return;
    }
    send(res, { status: 404, body: { error: 'not_found', error_description: `no route for ${method} ${url.pathname}` } });
  };

  const server: Server = createServer({ cert: readFileSync(FAKE_GRAPH_CERT_PATH), key: readFileSync(FAKE_GRAPH_KEY_PATH) }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, graphError(500, 'InternalServerError', error instanceof Error ? error.message : String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}`,
    tenantId,
    clientId,
    clientSecret,
    requests,
    issuedTokens: tokens.issuedTokens,
    data,
    setBehaviour(...next: FakeGraphFault[]) {
      faults = next.map((f) => ({ ...f, remaining: f.times ?? Number.POSITIVE_INFINITY, toSkip: f.skip ?? 0 }));
    },
    graphRequests(prefix = '') {
      return requests.filter((r) => r.path.startsWith(`/v1.0/${prefix}`));
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// Driving the dashboard over HTTP as a browser would: ask the bot for the link in chat, open it
// (the session cookie comes back), call the JSON API and the exports with the cookie, and read
// CSV the way a spreadsheet does. Also a local Entra stand-in for Teams SSO: an RSA key, its
// key set served on 127.0.0.1, and access tokens signed like the ones getAuthToken returns.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { message, post, repliesOf, type Person } from './activities';

/** The "Open dashboard" button's URL from the bot's answer to `text`. */
export async function dashboardLink(base: string, person: Person, text = 'dashboard'): Promise<string | undefined> {
  const replies = repliesOf(await post(base, message(text, { from: person, expectReplies: true })));
  for (const reply of replies) {
    for (const attachment of reply.attachments ?? []) {
      const actions = (attachment.content as { actions?: Array<{ type?: string; url?: string }> }).actions ?? [];
      const open = actions.find((a) => a.type === 'Action.OpenUrl');
      if (open?.url) return open.url;
    }
  }
  return undefined;
}

export interface Opened {
  status: number;
  location?: string;
  setCookie?: string;
  /** `name=value` to send back. */
  cookie?: string;
  body: string;
}

/** Opens a sign-in link without following the redirect. */
export async function openLink(url: string): Promise<Opened> {
  const response = await fetch(url, { redirect: 'manual' });
  const setCookie = response.headers.get('set-cookie') ?? undefined;
  return {
    status: response.status,
    location: response.headers.get('location') ?? undefined,
    setCookie,
    cookie: setCookie?.split(';')[0],
    body: await response.text(),
  };
}

export async function getJson<T = unknown>(base: string, path: string, cookie?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function getRaw(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF), as a spreadsheet reads it: rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface EntraStandIn {
  jwksUrl: string;
  /** Requests for the key set. */
  requests: number;
  sign(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string; alg?: string }): string;
  close(): Promise<void>;
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An Entra ID key set on 127.0.0.1 and a signer for tokens as Teams SSO issues them. */
export async function startEntraStandIn(kid = 'entra-test-key'): Promise<EntraStandIn> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  const state = { requests: 0 };
  const server = http.createServer((_req, res) => {
    state.requests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/discovery/v2.0/keys`,
    get requests() {
      return state.requests;
    },
    sign(claims, options = {}) {
      const alg = options.alg ?? 'RS256';
      const input = `${b64({ typ: 'JWT', alg, kid: options.kid ?? kid })}.${b64(claims)}`;
      if (alg === 'none') return `${input}.`;
      const signer = createSign('RSA-SHA256');
      signer.update(input);
      return `${input}.${signer.sign(options.key ?? privateKey).toString('base64url')}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

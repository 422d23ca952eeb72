// Teams SSO for the personal tab: the page asks TeamsJS for the user's token (getAuthToken) and
// posts it here. The token is an Entra ID access token for the tab's Application ID URI: RS256,
// signed with one of the tenant's published keys (JWKS), issued by the tenant (v1 or v2 issuer),
// for the configured audience, not expired. Only then do its `oid` and `tid` claims count.
import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

const HeaderSchema = z.object({ alg: z.string(), kid: z.string().min(1).max(200), typ: z.string().optional() });
const ClaimsSchema = z.looseObject({
  aud: z.union([z.string(), z.array(z.string())]),
  iss: z.string(),
  tid: z.string(),
  oid: z.string().min(1),
  exp: z.number(),
  nbf: z.number().optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
});
const JwksSchema = z.object({ keys: z.array(z.looseObject({ kid: z.string().optional(), kty: z.string() })) });

export interface SsoIdentity {
  oid: string;
  tid: string;
  name?: string;
}

export interface SsoOptions {
  jwksUrl: string;
  audience: string;
  tenantIds: string[];
  /** Clock skew tolerated on exp and nbf. */
  skewSeconds?: number;
  now?: () => number;
  fetchJson?: (url: string) => Promise<unknown>;
}

export class SsoError extends Error {
  constructor(readonly reason: string) {
    super(`Teams SSO token refused: ${reason}`);
    this.name = 'SsoError';
  }
}

const KEYS_TTL_MS = 60 * 60_000;
const REFRESH_AT_MOST_EVERY_MS = 30_000;

async function fetchJsonDefault(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

export class SsoValidator {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private readonly tenants: Set<string>;

  constructor(private readonly options: SsoOptions) {
    this.tenants = new Set(options.tenantIds.map((t) => t.toLowerCase()));
  }

  async validate(token: string): Promise<SsoIdentity> {
    const parts = token.split('.');
    if (parts.length !== 3 || token.length > 16_384) throw new SsoError('malformed');
    const header = HeaderSchema.safeParse(decodePart(parts[0]));
    if (!header.success) throw new SsoError('malformed header');
    if (header.data.alg !== 'RS256') throw new SsoError(`algorithm ${header.data.alg}`);
    const key = await this.key(header.data.kid);
    const signed = verifySignature('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
    if (!signed) throw new SsoError('signature');
    const claims = ClaimsSchema.safeParse(decodePart(parts[1]));
    if (!claims.success) throw new SsoError('claims');
    const c = claims.data;
    const now = (this.options.now ?? Date.now)() / 1000;
    const skew = this.options.skewSeconds ?? 300;
    if (c.exp + skew <= now) throw new SsoError('expired');
    if (c.nbf !== undefined && c.nbf - skew > now) throw new SsoError('not yet valid');
    const audiences = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!audiences.includes(this.options.audience)) throw new SsoError('audience');
    const tid = c.tid.toLowerCase();
    if (!this.tenants.has(tid)) throw new SsoError('tenant');
    const issuers = [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
    if (!issuers.includes(c.iss.toLowerCase())) throw new SsoError('issuer');
    return { oid: c.oid, tid, ...(c.name ? { name: c.name } : {}) };
  }

  /** The signing key by id; the key set is fetched again when stale, or for an unknown id (rotation) at most every 30 s. */
  private async key(kid: string): Promise<KeyObject> {
    const now = Date.now();
    const stale = now - this.fetchedAt > KEYS_TTL_MS;
    if (stale || (!this.keys.has(kid) && now - this.fetchedAt > REFRESH_AT_MOST_EVERY_MS)) await this.refresh();
    const key = this.keys.get(kid);
    if (!key) throw new SsoError('unknown key');
    return key;
  }

  private async refresh(): Promise<void> {
    let raw: unknown;
    try {
      raw = await (this.options.fetchJson ?? fetchJsonDefault)(this.options.jwksUrl);
    } catch (error) {
      throw new SsoError(`signing keys unavailable (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = JwksSchema.safeParse(raw);
    if (!parsed.success) throw new SsoError('signing keys malformed');
    const keys = new Map<string, KeyObject>();
    for (const jwk of parsed.data.keys) {
      if (jwk.kty !== 'RSA' || !jwk.kid) continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
      } catch {
        // A key this process cannot read is skipped; the others still count.
      }
    }
    this.keys = keys;
    this.fetchedAt = Date.now();
  }
}

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

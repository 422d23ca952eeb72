// A stand-in for the Bot Framework token service in the robustness suite: an RSA key pair, an
// OpenID metadata document and its JWKS served on 127.0.0.1, and tokens signed like the ones
// Teams sends. botframework-connector reads the metadata URL from AuthenticationConstants when
// the adapter is built, so pointing that constant here (and back) redirects the validator.
import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationConstants } from 'botframework-connector';
import jwt from 'jsonwebtoken';

export const CHANNEL_ISSUER = 'https://api.botframework.com';
export const KEY_ID = 'lyncops-robust-key';

export interface SignOptions {
  /** Claims added to (or overriding) the defaults: iss, aud, serviceurl, iat/nbf/exp. */
  claims?: Record<string, unknown>;
  /** Key to sign with; the published key by default. */
  key?: KeyObject;
  keyId?: string;
  /** RS256 by default; `none` is unsigned, HS256 is keyed with the published public key (algorithm confusion). */
  algorithm?: 'RS256' | 'RS512' | 'PS256' | 'HS256' | 'none';
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A token built by hand, for the shapes a JWT library refuses to produce. */
function handMadeToken(header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => string): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${sign(input)}`;
}

export interface TokenService {
  metadataUrl: string;
  /** Requests the validator made for the metadata and the keys. */
  requests: string[];
  publicKeyPem: string;
  sign(options?: SignOptions): string;
  close(): Promise<void>;
}

/**
 * Serves metadata and keys for `appId`'s tokens; `serviceUrl` is the default serviceurl claim.
 * The key is endorsed for `endorsements` (the channels whose activities it may sign).
 */
export async function startTokenService(appId: string, serviceUrl: string, endorsements: string[] = ['msteams']): Promise<TokenService> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KEY_ID, use: 'sig', endorsements };
  const requests: string[] = [];
  // A fresh path per service: the validator caches metadata per URL for the life of the process.
  const prefix = `/${randomUUID()}`;
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const { port } = server.address() as AddressInfo;
    res.setHeader('content-type', 'application/json');
    if (req.url === `${prefix}/v1/.well-known/openidconfiguration`) {
      res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `http://127.0.0.1:${port}${prefix}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === `${prefix}/keys`) {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const now = () => Math.floor(Date.now() / 1000);
  return {
    metadataUrl: `http://127.0.0.1:${port}${prefix}/v1/.well-known/openidconfiguration`,
    requests,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
    sign: (options = {}) => {
      const payload = { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, iat: now(), nbf: now() - 60, exp: now() + 600, ...options.claims };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete (payload as Record<string, unknown>)[name];
      const algorithm = options.algorithm ?? 'RS256';
      const kid = options.keyId ?? KEY_ID;
      if (algorithm === 'none') return handMadeToken({ alg: 'none', typ: 'JWT', kid }, payload, () => '');
      if (algorithm === 'HS256') {
        const secret = publicKey.export({ format: 'pem', type: 'spki' }) as string;
        return handMadeToken({ alg: 'HS256', typ: 'JWT', kid }, payload, (input) => createHmac('sha256', secret).update(input).digest('base64url'));
      }
      return jwt.sign(payload, options.key ?? privateKey, { algorithm, keyid: kid });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Points the channel and emulator metadata URLs of botframework-connector at `url` until the
 * returned function restores them. Adapters built meanwhile keep the redirected URLs.
 */
export function redirectOpenIdMetadata(url: string): () => void {
  const constants = AuthenticationConstants as unknown as Record<string, string>;
  const saved = { channel: constants.ToBotFromChannelOpenIdMetadataUrl, emulator: constants.ToBotFromEmulatorOpenIdMetadataUrl };
  constants.ToBotFromChannelOpenIdMetadataUrl = url;
  constants.ToBotFromEmulatorOpenIdMetadataUrl = url;
  return () => {
    constants.ToBotFromChannelOpenIdMetadataUrl = saved.channel;
    constants.ToBotFromEmulatorOpenIdMetadataUrl = saved.emulator;
  };
}

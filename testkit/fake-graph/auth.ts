// The Entra ID side of the fake Graph: the OpenID configuration MSAL reads when instance
// discovery is off, the v2.0 token endpoint for the client-credentials grant (client secret or
// certificate assertion), and the bearer check every Graph call goes through.
import { createPublicKey, randomBytes, verify, constants, type KeyObject } from 'node:crypto';
import { z } from 'zod';

export interface TokenServiceOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** PEM certificate whose key signs client assertions (certificate credentials). */
  clientCertificatePem?: string;
  tokenLifetimeSeconds: number;
  acceptTokens: string[];
}

export interface AuthAnswer {
  status: number;
  body: unknown;
}

const TokenRequestSchema = z.object({
  grant_type: z.string(),
  client_id: z.string(),
  scope: z.string(),
  client_secret: z.string().optional(),
  client_assertion: z.string().optional(),
  client_assertion_type: z.string().optional(),
});

const AssertionHeaderSchema = z.object({ alg: z.enum(['RS256', 'PS256']) });
const AssertionClaimsSchema = z.object({ iss: z.string(), sub: z.string(), aud: z.string(), exp: z.number() });

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function oauthError(status: number, error: string, description: string): AuthAnswer {
  return { status, body: { error, error_description: description, error_codes: [Number(description.match(/AADSTS(\d+)/)?.[1] ?? 0)] } };
}

function base64urlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export class FakeTokenService {
  readonly issuedTokens: string[] = [];
  private readonly accepted: Set<string>;
  private readonly certificateKey?: KeyObject;

  constructor(private readonly options: TokenServiceOptions) {
    this.accepted = new Set(options.acceptTokens);
    if (options.clientCertificatePem) this.certificateKey = createPublicKey(options.clientCertificatePem);
  }

  /** The OpenID configuration of the tenant, with endpoints on this server. */
  openIdConfiguration(origin: string, tenant: string): AuthAnswer {
    if (tenant !== this.options.tenantId) return oauthError(400, 'invalid_tenant', `AADSTS90002: Tenant '${tenant}' not found.`);
    const base = `${origin}/${tenant}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
      },
    };
  }

  /** POST /{tenant}/oauth2/v2.0/token with a form body. */
  token(tenant: string, form: URLSearchParams, nowSeconds: number): AuthAnswer {
    if (tenant !== this.options.tenantId) return oauthError(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    const parsed = TokenRequestSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return oauthError(400, 'invalid_request', 'AADSTS900144: The request body must contain grant_type, client_id and scope.');
    const request = parsed.data;
    if (request.grant_type !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
    if (request.client_id !== this.options.clientId) {
      return oauthError(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${request.client_id}' was not found in the directory.`);
    }
    if (!request.scope.split(' ').every((s) => s.endsWith('/.default'))) {
      return oauthError(400, 'invalid_scope', 'AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default.');
    }
    const authenticated = request.client_assertion
      ? request.client_assertion_type === JWT_BEARER && this.assertionValid(request.client_assertion, nowSeconds)
      : request.client_secret === this.options.clientSecret;
    if (!authenticated) {
      return oauthError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.');
    }
    const token = `fake-graph.${randomBytes(18).toString('base64url')}`;
    this.issuedTokens.push(token);
    this.accepted.add(token);
    const lifetime = this.options.tokenLifetimeSeconds;
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token } };
  }

  private assertionValid(assertion: string, nowSeconds: number): boolean {
    if (!this.certificateKey) return false;
    const parts = assertion.split('.');
    if (parts.length !== 3) return false;
    const header = AssertionHeaderSchema.safeParse(base64urlJson(parts[0]));
    const claims = AssertionClaimsSchema.safeParse(base64urlJson(parts[1]));
    if (!header.success || !claims.success) return false;
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    const key =
      header.data.alg === 'PS256'
        ? { key: this.certificateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
        : this.certificateKey;
    if (!verify('sha256', signed, key, signature)) return false;
    const c = claims.data;
    return c.iss === this.options.clientId && c.sub === this.options.clientId && c.aud.endsWith(`/${this.options.tenantId}/oauth2/v2.0/token`) && c.exp > nowSeconds;
  }

  /** Whether an Authorization header carries a token this fake issued or was told to accept. */
  accepts(authorization: string | undefined): boolean {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    return match !== null && this.accepted.has(match[1]);
  }
}

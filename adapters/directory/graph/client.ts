// The Microsoft Graph client as the directory uses it: app-only token from @azure/identity, the
// SDK's retry handler tuned for chat turns, a per-attempt timeout, and zod validation of every
// response body. Failures come out as LyncOpsError with a catalogue code, never as raw errors.
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type GraphRequest,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import type { z } from 'zod';
import { LyncOpsError } from '../../../migration/errors';
import type { Clock, Logger } from '../../../migration/ports';
import { AttemptHandler } from './attempt-handler';
import { retryAfterSeconds, statusOf, toDirectoryError } from './errors';
import { DEFAULT_AUTHORITY_HOST, type ParsedGraphDirectoryOptions } from './options';

/** National-cloud Graph hosts; their token scope is their own origin. Any other host is a stand-in. */
const GRAPH_HOSTS = new Set(['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn']);
const DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export function graphScope(baseUrl: string): string {
  const url = new URL(baseUrl);
  return GRAPH_HOSTS.has(url.hostname) ? `${url.origin}/.default` : DEFAULT_SCOPE;
}

export function createCredential(options: ParsedGraphDirectoryOptions): TokenCredential {
  // Instance discovery asks login.microsoftonline.com about the authority; a sovereign cloud or a
  // local token endpoint is not known there, so discovery is skipped for any other host.
  const credentialOptions = {
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: options.authorityHost !== DEFAULT_AUTHORITY_HOST,
  };
  if (options.clientSecret) {
    return new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, credentialOptions);
  }
  if (options.certificatePath) {
    return new ClientCertificateCredential(options.tenantId, options.clientId, { certificatePath: options.certificatePath }, credentialOptions);
  }
  throw new Error('Graph directory needs a client secret, a certificate path or a credential');
}

/** Result of a call whose "not found" is an answer, not a failure. */
export type Found<T> = { found: true; value: T } | { found: false };

export class GraphTransport {
  private readonly client: Client;
  readonly origin: string;

  constructor(
    private readonly options: ParsedGraphDirectoryOptions,
    credential: TokenCredential,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [graphScope(options.baseUrl)] });
    const retryOptions = new RetryHandlerOptions(options.retryDelaySeconds, options.maxRetries, (_delay, attempt, _request, _init, response) =>
      this.shouldRetry(attempt, response),
    );
    this.client = Client.initWithMiddleware({
      baseUrl: options.baseUrl,
      defaultVersion: 'v1.0',
      // The SDK adds the bearer token only for Graph's own hosts and these.
      customHosts: new Set([base.hostname]),
      middleware: [
        new AuthenticationHandler(authProvider),
        new RetryHandler(retryOptions),
        new RedirectHandler(new RedirectHandlerOptions()),
        new TelemetryHandler(),
        new AttemptHandler(options.requestTimeoutMs),
        new HTTPMessageHandler(),
      ],
    });
  }

  /** Whether a 429/503/504 is worth waiting for: not when Graph asks for longer than a turn can wait. */
  private shouldRetry(attempt: number, response: Response): boolean {
    const retryAfter = retryAfterSeconds(response.headers, this.clock.now());
    const retry = retryAfter === undefined || retryAfter <= this.options.maxRetryAfterSeconds;
    this.logger.warn(
      { status: response.status, attempt: attempt + 1, maxRetries: this.options.maxRetries, retryAfterSeconds: retryAfter, retry },
      retry ? 'graph throttled or unavailable; retrying' : 'graph asks to wait longer than a turn can; not retrying',
    );
    return retry;
  }

  async get<S extends z.ZodType>(path: string, schema: S, what: string): Promise<z.output<S>> {
    const result = await this.send(this.client.api(path), (r) => r.get(), schema, what, false);
    if (!result.found) throw new LyncOpsError('NOT_FOUND', `${what}: not found`);
    return result.value;
  }

  /** GET where 404 is an answer (unknown user or group). */
  async find<S extends z.ZodType>(path: string, schema: S, what: string): Promise<Found<z.output<S>>> {
    return this.send(this.client.api(path), (r) => r.get(), schema, what, true);
  }

  /** POST where 404 is an answer. */
  async postFind<S extends z.ZodType>(path: string, body: unknown, schema: S, what: string): Promise<Found<z.output<S>>> {
    return this.send(this.client.api(path), (r) => r.post(body), schema, what, true);
  }

  /** An absolute @odata.nextLink, accepted only on the configured Graph origin (it carries the token). */
  async getLink<S extends z.ZodType>(link: string, schema: S, what: string): Promise<z.output<S>> {
    if (new URL(link).origin !== this.origin) {
      throw new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what}: Graph returned a next link outside ${this.origin}`);
    }
    return this.get(link, schema, what);
  }

  private async send<S extends z.ZodType>(
    request: GraphRequest,
    call: (r: GraphRequest) => Promise<unknown>,
    schema: S,
    what: string,
    notFoundIsAnswer: boolean,
  ): Promise<Found<z.output<S>>> {
    const started = this.clock.now();
    let body: unknown;
    try {
      body = await call(request);
    } catch (error) {
      if (notFoundIsAnswer && statusOf(error) === 404) {
        this.logger.debug({ call: what, status: 404, ms: this.clock.now() - started }, 'graph call');
        return { found: false };
      }
      const coded = toDirectoryError(error, what, this.clock.now());
      this.logger.warn({ call: what, code: coded.code, ...coded.details, err: coded.message }, 'graph call failed');
      throw coded;
    }
    this.logger.debug({ call: what, ms: this.clock.now() - started }, 'graph call');
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      const error = new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what}: Graph returned a malformed body${where}: ${issue?.message ?? 'invalid'}`, {
        call: what,
      });
      this.logger.warn({ call: what, code: error.code, err: error.message }, 'graph call failed');
      throw error;
    }
    return { found: true, value: parsed.data };
  }
}

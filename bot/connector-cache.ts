// Bot Framework clients reused across turns. CloudAdapter asks its BotFrameworkAuthentication for
// a new ConnectorClient and a new UserTokenClient on every activity, each with a fresh HTTP
// pipeline of a dozen policies: building them cost more CPU than a whole status turn of the bot.
// The clients hold no per-turn state (credentials cache their own tokens), so, as the legacy
// BotFrameworkAdapter did, they are kept per app id, service URL and audience.
import type { CloudAdapter } from 'botbuilder';

type Authentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;
type AuthenticateResult = Awaited<ReturnType<Authentication['authenticateRequest']>>;
type ConnectorFactory = ReturnType<Authentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type Claims = Parameters<Authentication['createConnectorFactory']>[0];
type UserTokenClient = Awaited<ReturnType<Authentication['createUserTokenClient']>>;

/** Distinct service URLs and audiences a bot talks to are few; the bound only guards against abuse. */
const MAX_CLIENTS = 100;

/** A bounded map of promises; a rejected promise is dropped so the next turn tries again. */
class ClientCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, create: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= MAX_CLIENTS) this.entries.delete(this.entries.keys().next().value as string);
      entry = create();
      this.entries.set(key, entry);
      entry.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    }
    return entry;
  }
}

/** The app id the Bot Framework derives credentials from: audience claim, else appid claim. */
function appIdOf(claims: Claims): string {
  return `${claims.getClaimValue('aud') ?? ''}\n${claims.getClaimValue('appid') ?? ''}`;
}

/** `inner` with its connector and user-token clients reused; every other call goes straight through. */
export function reuseClients(inner: Authentication): Authentication {
  const connectors = new ClientCache<ConnectorClient>();
  const tokenClients = new ClientCache<UserTokenClient>();
  const cachingFactory = (factory: ConnectorFactory, claims: Claims): ConnectorFactory => ({
    create: (serviceUrl: string, audience?: string) =>
      connectors.get(`${appIdOf(claims)}\n${serviceUrl}\n${audience ?? ''}`, () => factory.create(serviceUrl, audience)),
  });
  const withCachingFactory = (result: AuthenticateResult): AuthenticateResult =>
    result.connectorFactory ? { ...result, connectorFactory: cachingFactory(result.connectorFactory, result.claimsIdentity) } : result;
  // Inherits from `inner`, so methods not overridden here run on it unchanged.
  const wrapper = Object.create(inner) as Authentication;
  return Object.assign(wrapper, {
    authenticateRequest: async (...args: Parameters<Authentication['authenticateRequest']>) => withCachingFactory(await inner.authenticateRequest(...args)),
    authenticateStreamingRequest: async (...args: Parameters<Authentication['authenticateStreamingRequest']>) =>
      withCachingFactory(await inner.authenticateStreamingRequest(...args)),
    createConnectorFactory: (claims: Claims) => cachingFactory(inner.createConnectorFactory(claims), claims),
    createUserTokenClient: (claims: Claims) => tokenClients.get(appIdOf(claims), () => inner.createUserTokenClient(claims)),
  });
}

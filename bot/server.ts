// The HTTP face of the bot: restify on PORT with POST /api/messages (Bot Framework activities
// through CloudAdapter) and GET /healthz. Bad input always gets a 4xx with a short JSON body;
// details of failures go to the log, never into a response.
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import pino from 'pino';
import restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../migration/ports';
import type { Config } from './config';
import { reuseClients } from './connector-cache';
import { errorFields } from './logger';
import { hostText } from './texts';

/** Teams activities are a few kilobytes; anything near this is no chat message. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** CloudAdapter that hands back the turn's HTTP result instead of writing the response itself. */
export class LyncOpsAdapter extends CloudAdapter {
  async handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(config: Pick<Config, 'bot'>, logger: Logger, language: (context: TurnContext) => 'en' | 'de'): LyncOpsAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppType: config.bot.appType,
    ...(config.bot.appPassword ? { MicrosoftAppPassword: config.bot.appPassword } : {}),
    ...(config.bot.appTenantId ? { MicrosoftAppTenantId: config.bot.appTenantId } : {}),
  });
  const adapter = new LyncOpsAdapter(reuseClients(auth));
  adapter.onTurnError = async (context, error) => {
    logger.error({ ...errorFields(error), correlationId: context.activity.id, activityType: context.activity.type }, 'turn failed');
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity(hostText('turnError', language(context)));
    } catch (sendError) {
      logger.warn(errorFields(sendError), 'apology for a failed turn could not be sent');
    }
  };
  return adapter;
}

const ActivitySchema = z.looseObject({
  type: z.string().min(1).max(100),
  id: z.string().max(1000).optional(),
  serviceUrl: z.string().max(2000).refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v)),
  channelId: z.string().max(200).optional(),
  conversation: z.looseObject({ id: z.string().min(1).max(2000) }),
  text: z.string().optional(),
  timestamp: z.string().optional(),
  localTimestamp: z.string().optional(),
});

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/i;

/** Bot Framework Activity from a parsed body, timestamps as Dates as botbuilder expects them. */
function toActivity(body: z.infer<typeof ActivitySchema>): Activity {
  const activity = { ...body } as unknown as Activity & Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const raw = activity[field];
    if (typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) {
      activity[`raw${field[0].toUpperCase()}${field.slice(1)}`] = raw;
      activity[field] = new Date(raw);
    }
  }
  return activity;
}

/** Token errors the Bot Framework validator passes through unchanged (forged, expired, not yet valid). */
const TOKEN_ERRORS = new Set(['AuthenticationError', 'JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

function isAuthError(error: unknown): boolean {
  const e = error as { name?: unknown; statusCode?: unknown };
  return (typeof e?.name === 'string' && TOKEN_ERRORS.has(e.name)) || e?.statusCode === 401 || e?.statusCode === 403;
}

/** Real activities nest a few levels; deeper JSON is refused before parsing (it would overflow the stack later). */
export const MAX_JSON_DEPTH = 64;

/** A deeper accept queue than Node's default 511 rides out connection bursts while saturated. */
const LISTEN_BACKLOG = 2048;

/** Nesting depth of a JSON text, counting brackets outside string literals. */
export function jsonDepthExceeds(raw: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

export interface ServerOptions {
  port: number;
  host?: string;
  adapter: LyncOpsAdapter;
  bot: { run(context: TurnContext): Promise<void> };
  logger: Logger;
  version: string;
  /** False while starting up or shutting down: /healthz then answers 503. */
  isReady: () => boolean;
  /**
   * Without authentication, where replies may go: an activity naming any other serviceUrl is
   * refused with 400 before a turn runs (no replies posted to arbitrary URLs).
   */
  unauthenticatedServiceUrlAllowed?: (serviceUrl: string) => boolean;
  /** Further routes (the dashboard), registered before the server listens. */
  routes?: (server: restify.Server) => void;
}

export interface RunningServer {
  server: restify.Server;
  port: number;
  url: string;
  /** Stops accepting connections; requests still running after `graceMs` are cut off. */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { adapter, bot, logger } = options;
  // restify's own logger would dump whole requests (headers included) past the app's redacted log.
  const silent = pino({ level: 'silent' }) as unknown as restify.ServerOptions['log'];
  const server = restify.createServer({ name: 'lyncops', handleUncaughtExceptions: false, log: silent });

  // Content type and encoding first: a 415 needs no body read, and compressed bodies would slip
  // past the size limit (it counts bytes on the wire).
  const requireJson: restify.RequestHandler = (req, res, next) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
    const encoding = (req.headers['content-encoding'] ?? 'identity').toString().trim().toLowerCase();
    if (!JSON_TYPE.test(type) || encoding !== 'identity') {
      res.send(415, { code: 'UnsupportedMediaType', message: 'send the activity as application/json' });
      return next(false);
    }
    return next();
  };

  server.post('/api/messages', requireJson, restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }), async (req: restify.Request, res: restify.Response) => {
    let body: unknown;
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? '');
      if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
        res.send(400, { code: 'BadRequest', message: `request body is nested deeper than ${MAX_JSON_DEPTH} levels` });
        return;
      }
      body = JSON.parse(raw);
    } catch {
      res.send(400, { code: 'BadRequest', message: 'request body is not valid JSON' });
      return;
    }
    const parsed = ActivitySchema.safeParse(body);
    if (!parsed.success) {
      res.send(400, { code: 'BadRequest', message: `not a Bot Framework activity (${parsed.error.issues[0]?.path.join('.') || 'body'})` });
      return;
    }
    if (options.unauthenticatedServiceUrlAllowed && !options.unauthenticatedServiceUrlAllowed(parsed.data.serviceUrl)) {
      logger.warn({ correlationId: parsed.data.id, serviceUrl: parsed.data.serviceUrl.slice(0, 200) }, 'unauthenticated request naming a foreign serviceUrl refused');
      res.send(400, { code: 'BadRequest', message: 'serviceUrl must be a loopback or allow-listed host while authentication is off' });
      return;
    }
    const authHeader = String(req.headers.authorization ?? '');
    try {
      const result = await adapter.handle(authHeader, toActivity(parsed.data), (context) => bot.run(context));
      if (result?.body !== undefined) res.send(result.status ?? 200, result.body);
      else res.send(result?.status ?? 200);
    } catch (error) {
      if (isAuthError(error)) {
        logger.warn({ correlationId: parsed.data.id, reason: (error as Error).message?.slice(0, 200) }, 'unauthenticated request refused');
        res.send(401, { code: 'Unauthorized', message: 'a valid Bot Framework token is required' });
        return;
      }
      logger.error({ ...errorFields(error), correlationId: parsed.data.id }, 'activity could not be processed');
      res.send(500, { code: 'InternalError', message: 'the activity could not be processed' });
    }
  });

  // Clients (the Agents Playground among them) probe the endpoint with HEAD before posting.
  server.head('/api/messages', async (_req: restify.Request, res: restify.Response) => {
    res.send(200);
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const ready = options.isReady();
    res.send(ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', version: options.version });
  });

  options.routes?.(server);

  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: Error & { statusCode?: number }, callback: () => void) => {
    const status = error.statusCode ?? 500;
    const fields = { status, method: req.method, path: req.path(), code: (error as { code?: string }).code };
    if (status >= 500) logger.error({ ...fields, ...errorFields(error) }, 'request failed');
    else logger.info(fields, 'request refused');
    callback();
  });

  // restify re-emits the http server's errors on itself; without a listener there they throw.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', LISTEN_BACKLOG, () => {
      server.off('error', reject);
      server.on('error', (error: Error) => logger.error(errorFields(error), 'server error'));
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const bound = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
  const host = bound.includes(':') ? `[${bound}]` : bound;
  logger.info({ port, version: options.version }, 'listening');
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close: (graceMs = 5000) =>
      new Promise<void>((resolve) => {
        const cutOff = setTimeout(() => server.server.closeAllConnections(), graceMs);
        server.server.close(() => {
          clearTimeout(cutOff);
          resolve();
        });
        server.server.closeIdleConnections();
      }),
  };
}

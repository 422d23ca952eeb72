// The dashboard over HTTP, on the bot's restify server:
//   /dashboard/                 the page shell (no data in it), /dashboard/assets/<file> its bundle
//   /dashboard/open?t=…         a sign-in link from chat -> session cookie -> the page (403 otherwise)
//   /api/dashboard/session/sso  a Teams SSO token from the personal tab -> session cookie
//   /api/dashboard/me, /overview, /sites/<site>, /events (server-sent events, live job progress)
//   /api/dashboard/export/inventory.csv, /export/jobs/<id>/items.csv, /export/audit.csv
// Every /api/dashboard route answers 401 without a session; the session names an admin or the helpdesk.
import type restify from 'restify';
import { z } from 'zod';
import { findSite, inventory, overview, sitePage, type DashboardDeps } from '../../migration/dashboard';
import type { Logger } from '../../migration/ports';
import type { JobLedger } from '../../migration/store';
import { languageFromLocale, texts } from '../../dialogs/i18n';
import type { Language } from '../../dialogs/types';
import { errorFields } from '../logger';
import { SESSION_COOKIE, type DashboardGate, type DashboardIdentity } from './access';
import { AssetStore } from './assets';
import { CSV_CONTENT_TYPE, csvDocument, csvTime } from './csv';
import { LiveFeed } from './live';
import type { DashboardClaims } from './tokens';

export interface DashboardRouteOptions {
  gate: DashboardGate;
  deps: DashboardDeps & { store: DashboardDeps['store'] & JobLedger };
  assets: AssetStore;
  logger: Logger;
  /** Whether cookies must be Secure (the public address is https). */
  secureCookies: boolean;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Teams loads the personal tab in a frame; nothing else may. */
const FRAME_ANCESTORS = "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.skype.com https://*.office.com https://*.cloud.microsoft";
const PAGE_CSP = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ${FRAME_ANCESTORS}`;

function cookies(req: restify.Request): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return out;
}

function preferredLanguage(req: restify.Request): Language {
  return languageFromLocale(String(req.headers['accept-language'] ?? '').split(',')[0]);
}

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The refusal page: one sentence in the viewer's language, no data, no script. */
function refusalPage(lang: Language, sentence: string): string {
  const t = texts(lang).dashboard.refused;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(t.title)}</title></head><body><main><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(sentence)}</p></main></body></html>`;
}

const SiteQuery = z.object({ q: z.string().max(200).optional(), page: z.coerce.number().int().min(1).max(100_000).optional() });
const BucketQuery = z.object({ bucket: z.enum(['hour', 'day']).optional() });
const DateParam = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)))
  .transform((v) => Date.parse(v));
const AuditQuery = z.object({ site: z.string().max(100).optional(), from: DateParam.optional(), to: DateParam.optional() });
const JobIdParam = z.string().regex(/^\d{1,12}$/);
const SsoBody = z.object({ token: z.string().min(10).max(16_384), lang: z.enum(['en', 'de']).optional() });

const DAY = 24 * 3_600_000;
const AUDIT_EXPORT_LIMIT = 100_000;
const ITEM_PAGE = 1000;

export function registerDashboard(server: restify.Server, options: DashboardRouteOptions): { close(): void } {
  const { gate, deps, assets, logger } = options;
  const live = new LiveFeed(deps.store, logger);

  const setCookie = (res: restify.Response, value: string, crossSite: boolean) => {
    const maxAge = Math.floor(gate.sessionTtlMs / 1000);
    const attributes = crossSite ? ['SameSite=None', 'Secure', 'Partitioned'] : ['SameSite=Lax', ...(options.secureCookies ? ['Secure'] : [])];
    res.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; Max-Age=${maxAge}; ${attributes.join('; ')}`);
  };

  const sessionOf = (req: restify.Request): DashboardClaims | undefined => gate.session(cookies(req).get(SESSION_COOKIE));

  /** Runs `handler` for a signed-in admin or helpdesk member; 401 JSON otherwise. */
  const api =
    (handler: (req: restify.Request, res: restify.Response, who: DashboardClaims) => Promise<void>) =>
    async (req: restify.Request, res: restify.Response): Promise<void> => {
      res.set({ ...SECURITY_HEADERS, 'cache-control': 'no-store' });
      const who = sessionOf(req);
      if (!who) {
        res.send(401, { code: 'Unauthorized', message: 'sign in through the bot ("dashboard") or the Teams tab' });
        return;
      }
      try {
        await handler(req, res, who);
      } catch (error) {
        logger.error({ ...errorFields(error), path: req.path() }, 'dashboard request failed');
        if (!res.headersSent) res.send(500, { code: 'InternalError', message: 'the dashboard data could not be read' });
      }
    };

  const query = (req: restify.Request) => new URL(req.url ?? '/', 'http://dashboard.local').searchParams;
  const params = (req: restify.Request) => Object.fromEntries(query(req));

  const sendPage = (req: restify.Request, res: restify.Response) => {
    const page = assets.get('index.html');
    res.set({ ...SECURITY_HEADERS, 'content-security-policy': PAGE_CSP, 'cache-control': 'no-cache' });
    if (!page) {
      res.send(503, { code: 'Unavailable', message: 'the dashboard is not built (npm run build)' });
      return;
    }
    res.writeHead(200, { 'content-type': page.type, 'content-length': page.body.length });
    res.end(req.method === 'HEAD' ? undefined : page.body);
  };

  server.get('/dashboard', async (_req: restify.Request, res: restify.Response) => {
    res.redirect(301, '/dashboard/', () => undefined);
  });
  server.get('/dashboard/', async (req: restify.Request, res: restify.Response) => sendPage(req, res));
  server.get('/dashboard/site/:site', async (req: restify.Request, res: restify.Response) => sendPage(req, res));

  server.get('/dashboard/assets/:file', async (req: restify.Request, res: restify.Response) => {
    const asset = assets.get(String(req.params.file ?? ''));
    res.set(SECURITY_HEADERS);
    if (!asset || asset.type.startsWith('text/html')) {
      res.send(404, { code: 'NotFound', message: 'no such asset' });
      return;
    }
    const headers: Record<string, string | number> = {
      'content-type': asset.type,
      etag: asset.etag,
      'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      vary: 'accept-encoding',
    };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip! : asset.body;
    res.writeHead(200, { ...headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': body.length });
    res.end(body);
  });

  server.get('/dashboard/open', async (req: restify.Request, res: restify.Response) => {
    res.set({ ...SECURITY_HEADERS, 'cache-control': 'no-store' });
    const admission = await gate.exchangeLink(query(req).get('t') ?? undefined);
    if (!admission.ok) {
      const lang = admission.lang ?? preferredLanguage(req);
      const refused = texts(lang).dashboard.refused;
      const status = admission.status === 503 ? 503 : 403;
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'" });
      res.end(refusalPage(lang, admission.reason === 'role' ? refused.role : refused.link));
      return;
    }
    setCookie(res, gate.sessionToken(admission.identity), false);
    // The token leaves the address bar: the page is reached without it.
    res.redirect(303, '/dashboard/', () => undefined);
  });

  server.post('/api/dashboard/session/sso', async (req: restify.Request, res: restify.Response) => {
    res.set({ ...SECURITY_HEADERS, 'cache-control': 'no-store' });
    const raw = await readBody(req, 32_768);
    let parsed: z.infer<typeof SsoBody> | undefined;
    try {
      const result = SsoBody.safeParse(JSON.parse(raw ?? ''));
      parsed = result.success ? result.data : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      res.send(400, { code: 'BadRequest', message: 'send {"token": "<Teams SSO token>"} as JSON' });
      return;
    }
    try {
      const admission = await gate.exchangeSso(parsed.token, parsed.lang ?? preferredLanguage(req));
      if (!admission.ok) {
        res.send(admission.status, { code: admission.status === 401 ? 'Unauthorized' : 'Forbidden', message: admission.reason === 'role' ? 'the dashboard is for admins and the helpdesk' : 'the token was not accepted' });
        return;
      }
      setCookie(res, gate.sessionToken(admission.identity), true);
      res.send(200, identityView(admission.identity));
    } catch (error) {
      logger.error(errorFields(error), 'dashboard SSO exchange failed');
      res.send(500, { code: 'InternalError', message: 'the sign-in could not be completed' });
    }
  });

  server.get('/api/dashboard/me', api(async (_req, res, who) => {
    res.send(200, identityView(who));
  }));

  server.get('/api/dashboard/overview', api(async (req, res) => {
    const q = BucketQuery.safeParse(params(req));
    if (!q.success) {
      res.send(400, { code: 'BadRequest', message: 'bucket is hour or day' });
      return;
    }
    res.send(200, await overview(deps, q.data.bucket ?? 'hour'));
  }));

  server.get('/api/dashboard/sites/:site', api(async (req, res) => {
    const site = findSite(deps.topology, String(req.params.site ?? ''));
    const q = SiteQuery.safeParse(params(req));
    if (!site) {
      res.send(404, { code: 'NotFound', message: 'no such site' });
      return;
    }
    if (!q.success) {
      res.send(400, { code: 'BadRequest', message: 'q is a search text, page a number' });
      return;
    }
    res.send(200, await sitePage(deps, site, { query: q.data.q, page: q.data.page }));
  }));

  server.get('/api/dashboard/events', (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const who = sessionOf(req);
    if (!who) {
      res.set(SECURITY_HEADERS);
      res.send(401, { code: 'Unauthorized', message: 'sign in first' });
      return next(false);
    }
    live.subscribe(req, res);
    return next(false);
  });

  server.get('/api/dashboard/export/inventory.csv', api(async (req, res, who) => {
    const siteName = query(req).get('site');
    const site = siteName ? findSite(deps.topology, siteName) : undefined;
    if (siteName && !site) {
      res.send(404, { code: 'NotFound', message: 'no such site' });
      return;
    }
    const rows = await inventory(deps, site);
    await auditExport(who, 'inventory', { site: site?.name, rows: rows.length });
    sendCsv(res, `lyncops-inventory${site ? `-${site.name}` : ''}`, csvDocument(
      ['site', 'pool', 'pool version', 'sip address', 'display name', 'enabled', 'legacy home pool', 'moved to Lync 2013 (UTC)'],
      rows.map((r) => [r.site, r.pool, r.version, r.sip, r.displayName, r.enabled, r.legacyPool, csvTime(r.movedAt)]),
    ));
  }));

  server.get('/api/dashboard/export/jobs/:id/items.csv', api(async (req, res, who) => {
    const id = JobIdParam.safeParse(req.params.id);
    const job = id.success ? await deps.store.getJob(id.data) : null;
    if (!job) {
      res.send(404, { code: 'NotFound', message: 'no such job' });
      return;
    }
    const lines: Array<Array<string | number>> = [];
    for (let offset = 0; ; offset += ITEM_PAGE) {
      const page = await deps.store.listItems(job.id, { limit: ITEM_PAGE, offset });
      for (const i of page) lines.push([job.id, i.seq + 1, i.kind, i.key, i.label, i.site, i.fromPool, i.toPool, i.state, i.attempts, i.errorCode ?? '', i.errorMessage ?? '', csvTime(i.updatedAt)]);
      if (page.length < ITEM_PAGE) break;
    }
    await auditExport(who, 'jobItems', { job: job.id, rows: lines.length });
    sendCsv(res, `lyncops-job-${job.id}-items`, csvDocument(
      ['job', 'item', 'kind', 'key', 'name', 'site', 'from pool', 'to pool', 'state', 'attempts', 'error code', 'error', 'updated (UTC)'],
      lines,
    ));
  }));

  server.get('/api/dashboard/export/audit.csv', api(async (req, res, who) => {
    const q = AuditQuery.safeParse(params(req));
    if (!q.success) {
      res.send(400, { code: 'BadRequest', message: 'from and to are dates (2026-12-01 or an ISO time), site a site name' });
      return;
    }
    const site = q.data.site ? findSite(deps.topology, q.data.site) : undefined;
    if (q.data.site && !site) {
      res.send(404, { code: 'NotFound', message: 'no such site' });
      return;
    }
    const to = q.data.to ?? deps.clock.now() + 1;
    const from = q.data.from ?? to - 30 * DAY;
    const events = await deps.store.auditTrail({ site: site?.name, from, to, limit: AUDIT_EXPORT_LIMIT });
    await auditExport(who, 'audit', { site: site?.name, from, to, rows: events.length });
    sendCsv(res, `lyncops-audit${site ? `-${site.name}` : ''}`, csvDocument(
      ['time (UTC)', 'actor', 'actor id', 'role', 'event', 'site', 'target', 'outcome', 'details'],
      events.map((e) => [csvTime(e.at), e.actor.name, e.actor.id, e.actor.role, e.event, e.site ?? '', e.target ?? '', e.outcome, e.details ? JSON.stringify(e.details) : '']),
    ));
  }));

  function sendCsv(res: restify.Response, name: string, body: string): void {
    const stamp = new Date(deps.clock.now()).toISOString().slice(0, 10);
    const bytes = Buffer.from(body, 'utf8');
    res.writeHead(200, {
      'content-type': CSV_CONTENT_TYPE,
      'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.csv"`,
      'content-length': bytes.length,
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
    });
    res.end(bytes);
  }

  async function auditExport(who: DashboardClaims, what: string, details: Record<string, unknown>): Promise<void> {
    try {
      await deps.store.appendAudit({ at: deps.clock.now(), actor: { id: who.sub, name: who.name, role: who.role }, event: 'dashboard.export', target: what, outcome: 'ok', details });
    } catch (error) {
      logger.warn({ ...errorFields(error), what }, 'dashboard export audit failed');
    }
  }

  return { close: () => live.close() };
}

function identityView(who: DashboardIdentity): { name: string; role: string; lang: Language } {
  return { name: who.name, role: who.role, lang: who.lang };
}

/** The raw body of a small request, or undefined when it is larger than `limit` bytes. */
function readBody(req: restify.Request, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => resolve(undefined));
  });
}

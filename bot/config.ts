// Runtime configuration: the environment, validated once with zod into a typed object. This is
// the only module that reads process.env; everything else receives the Config it returns.
import { z } from 'zod';
import { isTimeZone } from '../migration/schedule/time';
import { parseMaintenanceWindows, type MaintenanceWindows } from '../migration/schedule/windows';
import { DEFAULT_PILOT_GROUP } from '../migration/topology';

export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The Lync backend and the settings only that backend reads. */
export type LyncBackendConfig =
  | { kind: 'simulated'; moveLatencyMs: number; transientFailureRate: number; seed?: number }
  | { kind: 'powershell'; pwshPath: string; uri: string; user?: string; password?: string; timeoutMs: number; testCredentials: TestCredential[] };

/** An account of a health test user for the synthetic tests' credential forms (LYNC_TEST_CREDENTIALS). */
export interface TestCredential {
  sip: string;
  username: string;
  password: string;
}

const TestCredentialsSchema = z.record(
  z.string().regex(/^(sip:)?[^\s@]+@[^\s@]+$/i),
  z.object({ username: z.string().min(1), password: z.string().min(1) }).strict(),
);

/** LYNC_TEST_CREDENTIALS: {"<test user sip>": {"username": "DOMAIN\\user", "password": "…"}}; never echoed in an error. */
function parseTestCredentials(raw: string | undefined): TestCredential[] | undefined {
  if (!raw) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = TestCredentialsSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return Object.entries(parsed.data).map(([sip, c]) => ({ sip: sip.replace(/^sip:/i, '').toLowerCase(), username: c.username, password: c.password }));
}

/** Where people, groups and roles come from. */
export type DirectoryConfig =
  | { kind: 'static' }
  | {
      kind: 'graph';
      tenantId: string;
      clientId: string;
      clientSecret?: string;
      certificatePath?: string;
      baseUrl: string;
      authorityHost: string;
      cacheTtlMs: number;
    };

/** The store: one SQLite file, or PostgreSQL shared by replicas. */
export type StoreConfig = { kind: 'sqlite'; url: string } | { kind: 'postgres'; url: string };

/**
 * How incoming requests are authenticated. `token`: every request carries a Bot Framework JWT
 * and only the allow-listed tenants and the Teams channel are served. `local`: no app id and no
 * production setting, loopback only. `optIn`: LYNCOPS_UNAUTHENTICATED=allow (tests, drills, labs).
 */
export type AuthConfig =
  | { mode: 'token'; allowedTenantIds: string[] }
  | { mode: 'local' }
  | { mode: 'optIn' }
  /** Serving is refused (the reason is the one line start prints); commands that serve nothing still run. */
  | { mode: 'refused'; reason: string };

export interface Config {
  port: number;
  /** LISTEN_HOST: the address the HTTP server binds; loopback whenever authentication is off. */
  listenHost: string;
  bot: { appId: string; appPassword?: string; appType: (typeof APP_TYPES)[number]; appTenantId?: string };
  /** JWT checks on incoming activities; off only in local or explicitly allowed unauthenticated mode. */
  authEnabled: boolean;
  auth: AuthConfig;
  backend: LyncBackendConfig;
  directory: DirectoryConfig;
  store: StoreConfig;
  topologyFile?: string;
  access: { adminUsers: string[]; adminGroup?: string; helpdeskGroup?: string };
  /** PILOT_GROUP: display name of the pilot group ("pilot: yes" on user status, "accept the pilot", "move pilot group", the suggested pilot move). */
  pilotGroup: string;
  jobs: { concurrencyPerPool: number; maxAttempts: number; leaseMs: number; backoffBaseMs: number };
  /**
   * WORKER_ID: the name this replica's job runner leases items under. Must differ between replicas
   * that share a store and stay the same across restarts of one replica, so a restart resumes its
   * own interrupted items at once instead of waiting for their leases to expire. Unset, the
   * composition root uses `<hostname>:<PORT>`.
   */
  workerId?: string;
  proposalTtlMs: number;
  /** DEFAULT_TIME_ZONE: where "tonight" is when a Teams activity does not say (IANA name). */
  defaultTimeZone: string;
  /** MAINTENANCE_WINDOWS: per site, when jobs may work there (`Munich=Mon-Fri 20:00-06:00,Sat-Sun 00:00-24:00`). */
  maintenanceWindows: MaintenanceWindows;
  requireSecondApprover: boolean;
  /** COEXISTENCE_MAX_AGE_HOURS and PILOT_MIN_DAYS. */
  policy: { coexistenceMaxAgeHours: number; pilotMinDays: number };
  /** Plans with more items than this need a second admin (with REQUIRE_SECOND_APPROVER). */
  secondApproverMinUsers: number;
  /** Chat turns one caller may take per minute (0: no limit). */
  turnsPerMinute: number;
  notifyMovedUsers: boolean;
  /** Host patterns ("*.botframework.com", "localhost") whose conversation references are kept. */
  serviceUrlAllowlist: string[];
  cardUpdateIntervalMs: number;
  /** INVENTORY_TTL_SECONDS: how long status and runbook turns reuse one backend inventory (0: read it every turn). */
  inventoryTtlMs: number;
  logLevel: LogLevel;
  /** M365_AGENTS_PLAYGROUND_CONFIG_PATH: the playground's user/chat file (`lyncops playground`). */
  playgroundConfigPath?: string;
  dashboard: DashboardConfig;
  /**
   * LYNCOPS_TEST_CLOCK_OFFSET_MS: moves the bot's clock (schedules, windows, leases, cards) by this
   * much, so a test can be minutes before a start time without waiting for it. Refused together
   * with MicrosoftAppId (never in production); 0 when unset.
   */
  clockOffsetMs: number;
}

/** The dashboard's access settings (README "Dashboard"). */
export interface DashboardConfig {
  /** DASHBOARD_SECRET: HMAC key of sign-in links and session cookies; unset, one is generated into the store at first start. */
  secret?: string;
  /** DASHBOARD_PUBLIC_URL: the https address Teams and browsers reach the bot at (links in chat, the tab's content URL). */
  publicUrl?: string;
  /** DASHBOARD_LINK_TTL_SECONDS: how long a sign-in link from chat stays valid. */
  linkTtlMs: number;
  /** DASHBOARD_SESSION_MINUTES: how long a dashboard session lasts. */
  sessionTtlMs: number;
  /** Teams SSO in the personal tab: on when DASHBOARD_SSO_APP_ID_URI is set. */
  sso?: { appIdUri: string; jwksUrl: string; tenantIds: string[] };
}

/** A configuration problem, phrased as the one line an operator reads. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEFAULT_ALLOWLIST = ['*.botframework.com', '*.teams.microsoft.com', 'smba.trafficmanager.net'];
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', 'localhost']);
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

// What each variable accepts, in the words of the error line ("<NAME> <rule> (got "<value>")").
const RULES: Record<string, string> = {
  PORT: 'must be an integer between 0 and 65535',
  MicrosoftAppType: `must be one of ${APP_TYPES.join(', ')}`,
  LYNC_BACKEND: 'must be one of simulated, powershell',
  SIM_MOVE_LATENCY_MS: 'must be an integer between 0 and 600000',
  SIM_TRANSIENT_FAILURE_RATE: 'must be a number between 0 and 1',
  SIM_SEED: 'must be an integer',
  DIRECTORY: 'must be one of static, graph',
  JOB_CONCURRENCY: 'must be an integer between 1 and 64',
  JOB_MAX_ATTEMPTS: 'must be an integer between 1 and 100',
  JOB_LEASE_MS: 'must be an integer between 1000 and 3600000',
  JOB_BACKOFF_MS: 'must be an integer between 0 and 3600000',
  WORKER_ID: 'must be 1 to 200 characters of letters, digits and . _ : @ -',
  PROPOSAL_TTL_MINUTES: 'must be an integer between 1 and 1440',
  DEFAULT_TIME_ZONE: 'must be an IANA time zone name such as Europe/Berlin or UTC',
  REQUIRE_SECOND_APPROVER: 'must be true or false',
  NOTIFY_MOVED_USERS: 'must be true or false',
  SERVICE_URL_ALLOWLIST: 'must be a comma-separated list of host names, optionally starting with "*."',
  CARD_UPDATE_INTERVAL_MS: 'must be an integer between 100 and 600000',
  INVENTORY_TTL_SECONDS: 'must be an integer between 0 and 3600',
  LOG_LEVEL: `must be one of ${LOG_LEVELS.join(', ')}`,
  GRAPH_BASE_URL: 'must be an http(s) URL',
  GRAPH_AUTHORITY_HOST: 'must be an http(s) URL',
  GRAPH_CACHE_TTL_SECONDS: 'must be an integer between 0 and 86400',
  LYNC_PS_URI: 'must be an https URL',
  LISTEN_HOST: 'must be an IP address or host name',
  ALLOWED_TENANT_IDS: 'must be a comma-separated list of tenant ids (GUIDs)',
  LYNCOPS_UNAUTHENTICATED: 'must be "allow" or unset',
  LYNCOPS_TEST_CLOCK_OFFSET_MS: 'must be an integer number of milliseconds within a year either way',
  SECOND_APPROVER_MIN_USERS: 'must be an integer between 1 and 1000000',
  CHAT_TURNS_PER_MINUTE: 'must be an integer between 0 and 100000',
  PWSH_TIMEOUT_MS: 'must be an integer between 1000 and 3600000',
  LYNC_TEST_CREDENTIALS: 'must be JSON: {"<test user sip>": {"username": "DOMAIN\\\\user", "password": "…"}, …}',
  STORE_URL: 'must not be empty',
  PWSH_PATH: 'must not be empty',
  DASHBOARD_SECRET: 'must be at least 32 characters',
  DASHBOARD_PUBLIC_URL: 'must be an http(s) URL without a path, e.g. https://lyncops.contoso.com',
  DASHBOARD_LINK_TTL_SECONDS: 'must be an integer between 10 and 3600',
  DASHBOARD_SESSION_MINUTES: 'must be an integer between 1 and 1440',
  DASHBOARD_SSO_APP_ID_URI: 'must be an api:// URI (the app registration\'s Application ID URI), e.g. api://lyncops.contoso.com/<app id>',
  DASHBOARD_SSO_JWKS_URL: 'must be an http(s) URL',
};

// Empty variables count as unset, as in most deployment tooling.
const unset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const text = () => z.preprocess(unset, z.string().optional());
const textOr = (fallback: string) => z.preprocess(unset, z.string().min(1).default(fallback));
const optionalInt = (min: number, max: number) => z.preprocess(unset, z.coerce.number().int().min(min).max(max).optional());
const int = (fallback: number, min: number, max: number) => optionalInt(min, max).transform((v): number => v ?? fallback);
const num = (fallback: number, min: number, max: number) =>
  z.preprocess(unset, z.coerce.number().min(min).max(max).default(fallback));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(unset, z.enum(values).default(fallback as never));
const bool = (fallback: boolean) =>
  z
    .preprocess((v) => (typeof unset(v) === 'string' ? String(unset(v)).toLowerCase() : unset(v)), z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional())
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));
const list = () =>
  z.preprocess(unset, z.string().optional()).transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const url = (fallback?: string) =>
  z.preprocess(
    unset,
    z
      .string()
      .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v))
      .optional(),
  ).transform((v) => v ?? fallback);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const httpsUrl = () =>
  z.preprocess(unset, z.string().refine((v) => /^https:\/\/[^\s/]+/i.test(v) && URL.canParse(v)).optional());

const EnvSchema = z
  .object({
    PORT: int(3978, 0, 65535),
    LISTEN_HOST: z.preprocess(unset, z.string().regex(/^[A-Za-z0-9.:_-]{1,253}$/).optional()),
    LYNCOPS_UNAUTHENTICATED: z.preprocess(unset, z.literal('allow').optional()),
    LYNCOPS_TEST_CLOCK_OFFSET_MS: int(0, -366 * 86_400_000, 366 * 86_400_000),
    ALLOWED_TENANT_IDS: list().refine((ids) => ids.every((id) => GUID.test(id))),
    MicrosoftAppId: text(),
    MicrosoftAppPassword: text(),
    MicrosoftAppType: oneOf(APP_TYPES, 'MultiTenant'),
    MicrosoftAppTenantId: text(),
    LYNC_BACKEND: oneOf(['simulated', 'powershell'] as const, 'simulated'),
    SIM_MOVE_LATENCY_MS: int(250, 0, 600_000),
    SIM_TRANSIENT_FAILURE_RATE: num(0.02, 0, 1),
    SIM_SEED: optionalInt(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    DIRECTORY: oneOf(['static', 'graph'] as const, 'static'),
    STORE_URL: textOr('./data/lyncops.sqlite'),
    TOPOLOGY_FILE: text(),
    ADMIN_USERS: list(),
    ADMIN_GROUP: text(),
    HELPDESK_GROUP: text(),
    PILOT_GROUP: textOr(DEFAULT_PILOT_GROUP),
    JOB_CONCURRENCY: int(4, 1, 64),
    JOB_MAX_ATTEMPTS: int(5, 1, 100),
    JOB_LEASE_MS: int(30_000, 1000, 3_600_000),
    JOB_BACKOFF_MS: int(1000, 0, 3_600_000),
    WORKER_ID: z.preprocess(unset, z.string().regex(/^[A-Za-z0-9._:@-]{1,200}$/).optional()),
    PROPOSAL_TTL_MINUTES: int(15, 1, 1440),
    DEFAULT_TIME_ZONE: z.preprocess(unset, z.string().refine(isTimeZone).optional()).transform((v) => v ?? 'UTC'),
    MAINTENANCE_WINDOWS: text(),
    REQUIRE_SECOND_APPROVER: bool(false),
    COEXISTENCE_MAX_AGE_HOURS: int(72, 1, 8760),
    PILOT_MIN_DAYS: int(7, 0, 365),
    SECOND_APPROVER_MIN_USERS: int(25, 1, 1_000_000),
    CHAT_TURNS_PER_MINUTE: int(30, 0, 100_000),
    NOTIFY_MOVED_USERS: bool(true),
    SERVICE_URL_ALLOWLIST: list().refine((hosts) => hosts.every((h) => HOST_PATTERN.test(h.toLowerCase()))),
    CARD_UPDATE_INTERVAL_MS: int(2000, 100, 600_000),
    INVENTORY_TTL_SECONDS: int(60, 0, 3600),
    LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
    GRAPH_TENANT_ID: text(),
    GRAPH_CLIENT_ID: text(),
    GRAPH_CLIENT_SECRET: text(),
    GRAPH_CERTIFICATE_PATH: text(),
    GRAPH_BASE_URL: url('https://graph.microsoft.com').transform((v) => v ?? 'https://graph.microsoft.com'),
    GRAPH_AUTHORITY_HOST: url('https://login.microsoftonline.com').transform((v) => v ?? 'https://login.microsoftonline.com'),
    GRAPH_CACHE_TTL_SECONDS: int(60, 0, 86_400),
    PWSH_PATH: textOr('pwsh'),
    LYNC_PS_URI: httpsUrl(),
    LYNC_PS_USER: text(),
    LYNC_PS_PASSWORD: text(),
    LYNC_TEST_CREDENTIALS: z.preprocess(unset, z.string().optional().refine((v) => parseTestCredentials(v) !== undefined)),
    PWSH_TIMEOUT_MS: int(120_000, 1000, 3_600_000),
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: text(),
    DASHBOARD_SECRET: z.preprocess(unset, z.string().min(32).optional()),
    DASHBOARD_PUBLIC_URL: z.preprocess(unset, z.string().regex(/^https?:\/\/[^\s/?#]+\/?$/i).refine((v) => URL.canParse(v)).optional()),
    DASHBOARD_LINK_TTL_SECONDS: int(300, 10, 3600),
    DASHBOARD_SESSION_MINUTES: int(480, 1, 1440),
    DASHBOARD_SSO_APP_ID_URI: z.preprocess(unset, z.string().regex(/^api:\/\/[^\s]+$/i).optional()),
    DASHBOARD_SSO_JWKS_URL: url('https://login.microsoftonline.com/common/discovery/v2.0/keys').transform((v) => v ?? 'https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  })
  .superRefine((env, ctx) => {
    const need = (name: string, when: string) => ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when ${when}` });
    if (env.DIRECTORY === 'graph') {
      if (!env.GRAPH_TENANT_ID) need('GRAPH_TENANT_ID', 'DIRECTORY=graph');
      if (!env.GRAPH_CLIENT_ID) need('GRAPH_CLIENT_ID', 'DIRECTORY=graph');
      if (!env.GRAPH_CLIENT_SECRET && !env.GRAPH_CERTIFICATE_PATH)
        ctx.addIssue({ code: 'custom', path: ['GRAPH_CLIENT_SECRET'], message: 'GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH is required when DIRECTORY=graph' });
    }
    if (env.LYNC_BACKEND === 'powershell' && !env.LYNC_PS_URI) need('LYNC_PS_URI', 'LYNC_BACKEND=powershell');
    if (env.MAINTENANCE_WINDOWS) {
      try {
        parseMaintenanceWindows(env.MAINTENANCE_WINDOWS, env.DEFAULT_TIME_ZONE);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        ctx.addIssue({ code: 'custom', path: ['MAINTENANCE_WINDOWS'], message: `MAINTENANCE_WINDOWS is invalid: ${why} (expected e.g. Munich(Europe/Berlin)=Mon-Fri 20:00-06:00,Sat-Sun 00:00-24:00; Berlin=…)` });
      }
    }
    const type = env.MicrosoftAppType;
    if (type === 'SingleTenant' || type === 'UserAssignedMSI') {
      if (!env.MicrosoftAppTenantId) need('MicrosoftAppTenantId', `MicrosoftAppType=${type}`);
      if (!env.MicrosoftAppId) need('MicrosoftAppId', `MicrosoftAppType=${type}`);
    }
    if (type === 'UserAssignedMSI' && env.MicrosoftAppPassword)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'MicrosoftAppPassword must be empty when MicrosoftAppType=UserAssignedMSI' });
    if (type !== 'UserAssignedMSI' && env.MicrosoftAppId && !env.MicrosoftAppPassword) need('MicrosoftAppPassword', 'MicrosoftAppId is set');
    if (env.DASHBOARD_SSO_APP_ID_URI && ssoTenantIds(env).length === 0)
      ctx.addIssue({ code: 'custom', path: ['DASHBOARD_SSO_APP_ID_URI'], message: 'DASHBOARD_SSO_APP_ID_URI needs the tenant whose users sign in: set MicrosoftAppTenantId, GRAPH_TENANT_ID or ALLOWED_TENANT_IDS' });
  });

/** The tenants whose Teams SSO tokens the dashboard accepts: the bot's, the directory's and the allow-listed ones. */
function ssoTenantIds(env: { MicrosoftAppTenantId?: string; GRAPH_TENANT_ID?: string; ALLOWED_TENANT_IDS: string[] }): string[] {
  const ids = [env.MicrosoftAppTenantId, env.GRAPH_TENANT_ID, ...env.ALLOWED_TENANT_IDS].filter((id): id is string => !!id);
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/** Settings holding a secret: a value that is rejected is named, never repeated. */
const NOT_ECHOED = new Set(['LYNC_TEST_CREDENTIALS', 'DASHBOARD_SECRET', 'MicrosoftAppPassword', 'GRAPH_CLIENT_SECRET', 'LYNC_PS_PASSWORD']);

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? '');
  // Cross-field rules already phrase the whole line.
  if (issue.code === 'custom' && issue.message.startsWith(`${name} `)) return issue.message;
  const rule = RULES[name] ?? 'is invalid';
  const raw = env[name];
  // A value holding passwords is never repeated, not even in the line that rejects it.
  return raw === undefined || NOT_ECHOED.has(name) ? `${name} ${rule}` : `${name} ${rule} (got ${JSON.stringify(raw)})`;
}

function normaliseAdmin(entry: string): string {
  return entry.includes('@') ? entry.replace(/^sip:/i, '').toLowerCase() : entry.toLowerCase();
}

/** Settings that only make sense in production: with any of them, an unauthenticated start is refused. */
function productionSettings(e: z.infer<typeof EnvSchema>): string[] {
  return [
    e.MicrosoftAppPassword ? 'MicrosoftAppPassword' : '',
    e.MicrosoftAppTenantId ? 'MicrosoftAppTenantId' : '',
    e.DIRECTORY === 'graph' ? 'DIRECTORY=graph' : '',
    e.LYNC_BACKEND === 'powershell' ? 'LYNC_BACKEND=powershell' : '',
    isPostgresStoreUrl(e.STORE_URL) ? 'a postgres:// STORE_URL' : '',
  ].filter(Boolean);
}

export function isPostgresStoreUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_ADDRESSES.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A variable whose name differs from MicrosoftAppId only in case or separators (a typo that would turn authentication off). */
function misspelledAppId(env: Record<string, string | undefined>): string | undefined {
  return Object.keys(env).find((name) => name !== 'MicrosoftAppId' && name.toLowerCase().replace(/[^a-z]/g, '') === 'microsoftappid' && unset(env[name]) !== undefined);
}

function authConfig(e: z.infer<typeof EnvSchema>, env: Record<string, string | undefined>): AuthConfig {
  const appId = e.MicrosoftAppId ?? '';
  if (appId) {
    const allowed = [...new Set([...e.ALLOWED_TENANT_IDS, e.MicrosoftAppTenantId, e.GRAPH_TENANT_ID].filter((t): t is string => !!t).map((t) => t.toLowerCase()))];
    if (allowed.length === 0) {
      return { mode: 'refused', reason: 'ALLOWED_TENANT_IDS is required when MicrosoftAppId is set and neither MicrosoftAppTenantId nor GRAPH_TENANT_ID names the tenant' };
    }
    return { mode: 'token', allowedTenantIds: allowed };
  }
  const typo = misspelledAppId(env);
  if (typo) return { mode: 'refused', reason: `MicrosoftAppId is empty but ${typo} is set (the name is case-sensitive; without MicrosoftAppId requests are not authenticated)` };
  if (e.LYNCOPS_UNAUTHENTICATED === 'allow') return { mode: 'optIn' };
  const production = productionSettings(e);
  if (production.length) {
    return {
      mode: 'refused',
      reason: `MicrosoftAppId is required when ${production.join(', ')} ${production.length > 1 ? 'are' : 'is'} set (without it requests are not authenticated; LYNCOPS_UNAUTHENTICATED=allow permits that for tests and labs)`,
    };
  }
  if (e.LISTEN_HOST && !isLoopbackHost(e.LISTEN_HOST)) {
    return {
      mode: 'refused',
      reason: 'MicrosoftAppId is required when LISTEN_HOST is not a loopback address (without it requests are not authenticated; LYNCOPS_UNAUTHENTICATED=allow permits that for tests and labs)',
    };
  }
  return { mode: 'local' };
}

function backendConfig(e: z.infer<typeof EnvSchema>): LyncBackendConfig {
  if (e.LYNC_BACKEND === 'simulated') {
    return { kind: 'simulated', moveLatencyMs: e.SIM_MOVE_LATENCY_MS, transientFailureRate: e.SIM_TRANSIENT_FAILURE_RATE, seed: e.SIM_SEED };
  }
  if (!e.LYNC_PS_URI) throw new ConfigError('LYNC_PS_URI is required when LYNC_BACKEND=powershell');
  return { kind: 'powershell', pwshPath: e.PWSH_PATH, uri: e.LYNC_PS_URI, user: e.LYNC_PS_USER, password: e.LYNC_PS_PASSWORD, timeoutMs: e.PWSH_TIMEOUT_MS, testCredentials: parseTestCredentials(e.LYNC_TEST_CREDENTIALS) ?? [] };
}

function directoryConfig(e: z.infer<typeof EnvSchema>): DirectoryConfig {
  if (e.DIRECTORY === 'static') return { kind: 'static' };
  if (!e.GRAPH_TENANT_ID || !e.GRAPH_CLIENT_ID) throw new ConfigError('GRAPH_TENANT_ID and GRAPH_CLIENT_ID are required when DIRECTORY=graph');
  return {
    kind: 'graph',
    tenantId: e.GRAPH_TENANT_ID,
    clientId: e.GRAPH_CLIENT_ID,
    clientSecret: e.GRAPH_CLIENT_SECRET,
    certificatePath: e.GRAPH_CERTIFICATE_PATH,
    baseUrl: e.GRAPH_BASE_URL,
    authorityHost: e.GRAPH_AUTHORITY_HOST,
    cacheTtlMs: e.GRAPH_CACHE_TTL_SECONDS * 1000,
  };
}

/** Validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error.issues[0], env));
  const e = parsed.data;
  const appId = e.MicrosoftAppId ?? '';
  if (e.LYNCOPS_TEST_CLOCK_OFFSET_MS !== 0 && appId) {
    throw new ConfigError('LYNCOPS_TEST_CLOCK_OFFSET_MS is for tests only and is refused when MicrosoftAppId is set (a production bot keeps the real time)');
  }
  const auth = authConfig(e, env);
  const allowlist = e.SERVICE_URL_ALLOWLIST.length
    ? e.SERVICE_URL_ALLOWLIST.map((h) => h.toLowerCase())
    : [...DEFAULT_ALLOWLIST, ...(appId ? [] : LOCAL_HOSTS)];
  return {
    port: e.PORT,
    listenHost: e.LISTEN_HOST ?? (auth.mode === 'token' ? '0.0.0.0' : '127.0.0.1'),
    bot: { appId, appPassword: e.MicrosoftAppPassword, appType: e.MicrosoftAppType, appTenantId: e.MicrosoftAppTenantId },
    authEnabled: auth.mode === 'token',
    auth,
    backend: backendConfig(e),
    directory: directoryConfig(e),
    store: isPostgresStoreUrl(e.STORE_URL) ? { kind: 'postgres', url: e.STORE_URL } : { kind: 'sqlite', url: e.STORE_URL },
    topologyFile: e.TOPOLOGY_FILE,
    access: { adminUsers: e.ADMIN_USERS.map(normaliseAdmin), adminGroup: e.ADMIN_GROUP, helpdeskGroup: e.HELPDESK_GROUP },
    pilotGroup: e.PILOT_GROUP,
    jobs: { concurrencyPerPool: e.JOB_CONCURRENCY, maxAttempts: e.JOB_MAX_ATTEMPTS, leaseMs: e.JOB_LEASE_MS, backoffBaseMs: e.JOB_BACKOFF_MS },
    workerId: e.WORKER_ID,
    proposalTtlMs: e.PROPOSAL_TTL_MINUTES * 60_000,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    maintenanceWindows: e.MAINTENANCE_WINDOWS ? parseMaintenanceWindows(e.MAINTENANCE_WINDOWS, e.DEFAULT_TIME_ZONE) : {},
    requireSecondApprover: e.REQUIRE_SECOND_APPROVER,
    policy: { coexistenceMaxAgeHours: e.COEXISTENCE_MAX_AGE_HOURS, pilotMinDays: e.PILOT_MIN_DAYS },
    secondApproverMinUsers: e.SECOND_APPROVER_MIN_USERS,
    turnsPerMinute: e.CHAT_TURNS_PER_MINUTE,
    notifyMovedUsers: e.NOTIFY_MOVED_USERS,
    clockOffsetMs: e.LYNCOPS_TEST_CLOCK_OFFSET_MS,
    serviceUrlAllowlist: allowlist,
    cardUpdateIntervalMs: e.CARD_UPDATE_INTERVAL_MS,
    inventoryTtlMs: e.INVENTORY_TTL_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    playgroundConfigPath: e.M365_AGENTS_PLAYGROUND_CONFIG_PATH,
    dashboard: {
      secret: e.DASHBOARD_SECRET,
      publicUrl: e.DASHBOARD_PUBLIC_URL?.replace(/\/$/, ''),
      linkTtlMs: e.DASHBOARD_LINK_TTL_SECONDS * 1000,
      sessionTtlMs: e.DASHBOARD_SESSION_MINUTES * 60_000,
      ...(e.DASHBOARD_SSO_APP_ID_URI ? { sso: { appIdUri: e.DASHBOARD_SSO_APP_ID_URI, jwksUrl: e.DASHBOARD_SSO_JWKS_URL, tenantIds: ssoTenantIds(e) } } : {}),
    },
  };
}

/**
 * Variables a child process (pwsh) may inherit: what a shell and PowerShell need to start, find
 * modules and write temp files. Secrets (app password, Graph secret, PowerShell password, store
 * URL) and everything else stay in this process.
 */
const CHILD_VARIABLES = /^(PATH|PATHEXT|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMP|TEMP|TMPDIR|TERM|USERPROFILE|USERNAME|USERDOMAIN|SYSTEMROOT|SYSTEMDRIVE|WINDIR|COMSPEC|PROGRAMFILES|PROGRAMFILES\(X86\)|PROGRAMDATA|APPDATA|LOCALAPPDATA|PSMODULEPATH|POWERSHELL_TELEMETRY_OPTOUT|DOTNET_[A-Z_]+|XDG_[A-Z_]+|SSL_CERT_FILE|SSL_CERT_DIR)$/i;

/** The minimal environment for the pwsh child: the start-up essentials of `parent`, nothing else. */
export function pwshEnvironment(parent: Record<string, string | undefined> = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(parent)) if (value !== undefined && CHILD_VARIABLES.test(name)) env[name] = value;
  return env;
}

/** Throws the ConfigError that stops start when this configuration may not serve requests. */
export function assertServable(config: Pick<Config, 'auth'>): void {
  if (config.auth.mode === 'refused') throw new ConfigError(config.auth.reason);
}

/** The environment for a helper process this one starts: its own, plus `extra`. */
export function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** The one line printed when start is refused. */
export function configErrorLine(error: ConfigError): string {
  return `lyncops: invalid configuration: ${error.message}`;
}

/** Whether a service URL points at this machine (http or https). */
export function serviceUrlIsLoopback(serviceUrl: string): boolean {
  if (!URL.canParse(serviceUrl)) return false;
  const host = new URL(serviceUrl).hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether a service URL's host is on the allowlist ("*.x" matches sub-domains of x). */
export function serviceUrlAllowed(serviceUrl: string | undefined, allowlist: readonly string[]): boolean {
  if (!serviceUrl || !URL.canParse(serviceUrl)) return false;
  const parsed = new URL(serviceUrl);
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  // Plain http only ever makes sense for a connector on this machine (the local playground).
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) return false;
  return allowlist.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern));
}

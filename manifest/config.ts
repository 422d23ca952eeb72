// What the app package is built from, validated with zod: ids, version, publisher details, the
// bot's host names and the schema version. Problems come back as one readable line each.
import { z } from 'zod';

/** Schema versions this package can be built for (all bundled by @microsoft/app-manifest). */
export const MANIFEST_VERSIONS = ['1.17', '1.19', '1.20', '1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30'] as const;
export type ManifestVersion = (typeof MANIFEST_VERSIONS)[number];
/** The newest bundled schema; older ones stay selectable for tenants that lag behind. */
export const DEFAULT_MANIFEST_VERSION: ManifestVersion = '1.30';

/** The app's own id: stable across releases so a new package updates the installed app. */
export const DEFAULT_APP_ID = '5c1e7d3a-8b42-4f6e-9a1d-2e7b0c4f6a13';
/** Stands in for MicrosoftAppId in packages built only for local schema checks, never for a tenant. */
export const DEV_PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

export const DEFAULT_DEVELOPER = {
  name: 'LyncOps',
  websiteUrl: 'https://lyncops.contoso.com',
  privacyUrl: 'https://lyncops.contoso.com/privacy',
  termsOfUseUrl: 'https://lyncops.contoso.com/terms',
} as const;

export const DEFAULT_ACCENT_COLOR = '#0072C6';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
// A host name, optionally with a leading "*." wildcard label; no scheme, port or path.
const DOMAIN = /^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const guid = () => z.string().trim().regex(GUID, 'must be a GUID like 6f1c2a9e-4b7d-4c1e-9a3f-2d8e5b7c1a40');
const httpsUrl = z.string().trim().max(2048).refine(isHttpsUrl, 'must be an absolute https:// URL');

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

export const packageOptionsSchema = z.object({
  /** 'tenant' (default) needs the real MicrosoftAppId; 'local' allows the placeholder for schema checks. */
  target: z.enum(['tenant', 'local']).default('tenant'),
  /** MicrosoftAppId of the bot registration (checked by botIdProblem). */
  botId: z.string().trim().optional(),
  appId: guid().default(DEFAULT_APP_ID),
  version: z.string().trim().regex(SEMVER, 'must be MAJOR.MINOR.PATCH, e.g. 1.4.0').default('1.0.0'),
  manifestVersion: z.enum(MANIFEST_VERSIONS).default(DEFAULT_MANIFEST_VERSION),
  developer: z
    .object({
      name: z.string().trim().min(1).max(32).default(DEFAULT_DEVELOPER.name),
      websiteUrl: httpsUrl.default(DEFAULT_DEVELOPER.websiteUrl),
      privacyUrl: httpsUrl.default(DEFAULT_DEVELOPER.privacyUrl),
      termsOfUseUrl: httpsUrl.default(DEFAULT_DEVELOPER.termsOfUseUrl),
      mpnId: z.string().trim().min(1).max(10).optional(),
    })
    .default({ ...DEFAULT_DEVELOPER }),
  validDomains: z
    .array(z.string().trim().toLowerCase().regex(DOMAIN, 'must be a host name such as lyncops.example.com (no scheme, port or path)'))
    .max(100)
    .default([]),
  accentColor: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0072C6').default(DEFAULT_ACCENT_COLOR),
  webApplicationInfo: z
    .object({ id: guid(), resource: z.string().trim().min(1).max(2048).optional() })
    .optional(),
  /**
   * The bot's public https address (DASHBOARD_PUBLIC_URL): the personal tab "Migration" shows the
   * dashboard from there, and its host joins validDomains. Without it the package has no tab.
   */
  dashboardUrl: httpsUrl
    .refine((v) => !isHttpsUrl(v) || /^\/?$/.test(new URL(v).pathname), 'must be the bare https address of the bot, e.g. https://lyncops.example.com')
    .transform((v) => v.replace(/\/$/, ''))
    .optional(),
});

/** Checked on its own so a bad bot id is reported even when other options are wrong too. */
function botIdProblem(target: 'tenant' | 'local', botId: string | undefined): string | null {
  if (!botId) {
    return target === 'local'
      ? null
      : 'is required to package for a tenant: set the bot registration\'s MicrosoftAppId, or build a local package (target "local", --dev) with a placeholder';
  }
  if (!GUID.test(botId)) return botIdMessage(botId);
  if (target === 'tenant' && botId === DEV_PLACEHOLDER_BOT_ID) return 'is the local placeholder GUID; a tenant package needs the real MicrosoftAppId of the bot registration';
  return null;
}

function botIdMessage(value: string): string {
  return `must be the bot's MicrosoftAppId, a GUID like 6f1c2a9e-4b7d-4c1e-9a3f-2d8e5b7c1a40; got ${JSON.stringify(value)}`;
}

export type PackageOptionsInput = z.input<typeof packageOptionsSchema>;
export type PackageConfig = Omit<z.output<typeof packageOptionsSchema>, 'botId'> & { botId: string };

export type ConfigResult = { ok: true; config: PackageConfig } | { ok: false; problems: string[] };

/** Validates the options; a local build without a bot id gets the placeholder GUID. */
export function resolvePackageConfig(input: unknown): ConfigResult {
  const parsed = packageOptionsSchema.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  const bot = z.object({ target: packageOptionsSchema.shape.target, botId: z.string().trim().optional() }).safeParse(input);
  const botProblem = bot.success ? botIdProblem(bot.data.target, bot.data.botId) : null;
  if (botProblem) problems.unshift(`botId: ${botProblem}`);
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const { botId, ...rest } = parsed.data;
  return { ok: true, config: { ...rest, botId: botId || DEV_PLACEHOLDER_BOT_ID } };
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'options';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

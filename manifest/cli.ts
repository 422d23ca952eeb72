// `npm run package`: builds the Teams app package from the environment. This is the only place in
// manifest/ that reads process.env; the values are parsed with zod and handed to buildAppPackage.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { PackageOptionsInput } from './config';
import { buildAppPackage } from './package';

const USAGE = `usage: lyncops-package [--dev] [--out DIR]

  --dev       package for local checks: MicrosoftAppId may be missing (a placeholder GUID is used)
  --out DIR   where appPackage.zip is written (default: the project folder)

environment: MicrosoftAppId (required without --dev), LYNCOPS_APP_ID, LYNCOPS_APP_VERSION,
  LYNCOPS_VALID_DOMAINS (comma-separated host names), LYNCOPS_DEVELOPER_NAME,
  LYNCOPS_DEVELOPER_WEBSITE_URL, LYNCOPS_DEVELOPER_PRIVACY_URL, LYNCOPS_DEVELOPER_TERMS_URL,
  LYNCOPS_DEVELOPER_MPN_ID, LYNCOPS_ACCENT_COLOR, LYNCOPS_MANIFEST_VERSION,
  LYNCOPS_WEB_APPLICATION_ID, LYNCOPS_WEB_APPLICATION_RESOURCE,
  DASHBOARD_PUBLIC_URL (https address of the bot: adds the personal tab "Migration")
`;

// An empty variable (common in .env files) means "not set".
const optional = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

const envSchema = z.object({
  MicrosoftAppId: optional,
  LYNCOPS_APP_ID: optional,
  LYNCOPS_APP_VERSION: optional,
  LYNCOPS_VALID_DOMAINS: optional,
  LYNCOPS_DEVELOPER_NAME: optional,
  LYNCOPS_DEVELOPER_WEBSITE_URL: optional,
  LYNCOPS_DEVELOPER_PRIVACY_URL: optional,
  LYNCOPS_DEVELOPER_TERMS_URL: optional,
  LYNCOPS_DEVELOPER_MPN_ID: optional,
  LYNCOPS_ACCENT_COLOR: optional,
  LYNCOPS_MANIFEST_VERSION: optional,
  LYNCOPS_WEB_APPLICATION_ID: optional,
  LYNCOPS_WEB_APPLICATION_RESOURCE: optional,
  DASHBOARD_PUBLIC_URL: optional,
});
type PackageEnv = z.output<typeof envSchema>;

// Problems name the variable the operator sets, not the option behind it.
const ENV_NAMES: Array<[string, string]> = [
  ['botId', 'MicrosoftAppId'],
  ['appId', 'LYNCOPS_APP_ID'],
  ['version', 'LYNCOPS_APP_VERSION'],
  ['validDomains', 'LYNCOPS_VALID_DOMAINS'],
  ['developer.name', 'LYNCOPS_DEVELOPER_NAME'],
  ['developer.websiteUrl', 'LYNCOPS_DEVELOPER_WEBSITE_URL'],
  ['developer.privacyUrl', 'LYNCOPS_DEVELOPER_PRIVACY_URL'],
  ['developer.termsOfUseUrl', 'LYNCOPS_DEVELOPER_TERMS_URL'],
  ['developer.mpnId', 'LYNCOPS_DEVELOPER_MPN_ID'],
  ['accentColor', 'LYNCOPS_ACCENT_COLOR'],
  ['manifestVersion', 'LYNCOPS_MANIFEST_VERSION'],
  ['webApplicationInfo.id', 'LYNCOPS_WEB_APPLICATION_ID'],
  ['webApplicationInfo.resource', 'LYNCOPS_WEB_APPLICATION_RESOURCE'],
  ['dashboardUrl', 'DASHBOARD_PUBLIC_URL'],
];

export function envProblem(line: string): string {
  for (const [option, variable] of ENV_NAMES) {
    if (line.startsWith(`${option}:`) || line.startsWith(`${option}[`)) return variable + line.slice(option.length);
  }
  return line;
}

export function optionsFromEnv(env: PackageEnv, dev: boolean, defaultVersion: string | undefined): PackageOptionsInput {
  const developer = {
    ...(env.LYNCOPS_DEVELOPER_NAME && { name: env.LYNCOPS_DEVELOPER_NAME }),
    ...(env.LYNCOPS_DEVELOPER_WEBSITE_URL && { websiteUrl: env.LYNCOPS_DEVELOPER_WEBSITE_URL }),
    ...(env.LYNCOPS_DEVELOPER_PRIVACY_URL && { privacyUrl: env.LYNCOPS_DEVELOPER_PRIVACY_URL }),
    ...(env.LYNCOPS_DEVELOPER_TERMS_URL && { termsOfUseUrl: env.LYNCOPS_DEVELOPER_TERMS_URL }),
    ...(env.LYNCOPS_DEVELOPER_MPN_ID && { mpnId: env.LYNCOPS_DEVELOPER_MPN_ID }),
  };
  const version = env.LYNCOPS_APP_VERSION ?? defaultVersion;
  return {
    target: dev ? 'local' : 'tenant',
    botId: env.MicrosoftAppId,
    ...(env.LYNCOPS_APP_ID && { appId: env.LYNCOPS_APP_ID }),
    ...(version && { version }),
    ...(env.LYNCOPS_MANIFEST_VERSION && { manifestVersion: env.LYNCOPS_MANIFEST_VERSION as PackageOptionsInput['manifestVersion'] }),
    ...(env.LYNCOPS_ACCENT_COLOR && { accentColor: env.LYNCOPS_ACCENT_COLOR }),
    developer,
    validDomains: (env.LYNCOPS_VALID_DOMAINS ?? '').split(/[,\s]+/).filter(Boolean),
    ...(env.DASHBOARD_PUBLIC_URL && { dashboardUrl: env.DASHBOARD_PUBLIC_URL }),
    ...(env.LYNCOPS_WEB_APPLICATION_ID && {
      webApplicationInfo: { id: env.LYNCOPS_WEB_APPLICATION_ID, resource: env.LYNCOPS_WEB_APPLICATION_RESOURCE },
    }),
  };
}

/** The project's own version (package.json above this file, in source and in dist/ alike). */
function projectVersion(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = z.object({ name: z.string(), version: z.string() }).safeParse(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')));
      if (pkg.success && pkg.data.name === 'lyncops') return pkg.data.version;
    } catch {
      // No readable package.json here; keep walking up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: { dev?: boolean; out?: string; help?: boolean };
  try {
    args = parseArgs({ args: argv, options: { dev: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) {
    for (const issue of parsedEnv.error.issues) process.stderr.write(`${issue.path.join('.')}: ${issue.message}\n`);
    return 1;
  }
  const outDir = path.resolve(args.out ?? '.');
  const result = await buildAppPackage({ ...optionsFromEnv(parsedEnv.data, args.dev === true, projectVersion()), outDir });
  if (result.problems.length > 0) {
    process.stderr.write(`app package not written, ${result.problems.length} problem(s):\n`);
    for (const line of result.problems) process.stderr.write(`  ${envProblem(line)}\n`);
    return 1;
  }
  process.stdout.write(`${result.zipPath}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`lyncops-package: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

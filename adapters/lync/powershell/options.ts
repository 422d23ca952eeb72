// Options of the PowerShell backend (LYNC_PS_* and PWSH_PATH, passed in by bot/), validated with
// zod. The password is a field like any other here; it leaves the process only through the
// connect request on pwsh's stdin (session.ts).
import { z } from 'zod';
import { LyncOpsError } from '../../../migration/errors';
import type { Logger } from '../../../migration/ports';
import { SipInput } from './quote';

export interface PowerShellLyncBackendOptions {
  /** PWSH_PATH */
  pwshPath?: string;
  /** LYNC_PS_URI, e.g. https://lync-ber.contoso.local/OcsPowershell */
  connectionUri: string;
  /** LYNC_PS_USER; without it the session authenticates as the process identity. */
  username?: string;
  /** LYNC_PS_PASSWORD: sent to pwsh over stdin only, never logged, never on the command line. */
  password?: string;
  /** A command running longer kills the process; the next call starts a fresh session. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** New-PSSessionOption -SkipCACheck -SkipCNCheck -SkipRevocationCheck (lab certificates). */
  skipCertificateChecks?: boolean;
  /**
   * Site names by pool FQDN (from the topology file). Get-CsPool puts every OCS pool in the
   * pseudo-site BackCompatSite, so only this mapping ties a legacy pool to its site.
   */
  poolSites?: Record<string, string>;
  /** Health-monitoring test accounts: they go with the pool and do not block decommission. */
  healthTestUsers?: string[];
  /**
   * The health-monitoring test users configured for each pool (New-CsHealthMonitoringConfiguration):
   * a synthetic test whose users are all the target pool's own needs no credentials; any other runs
   * in the credential form. A pool not listed keeps the plain form.
   */
  healthMonitoringUsers?: Record<string, string[]>;
  /** LYNC_TEST_CREDENTIALS: accounts of the test users for the credential forms; sent over stdin only. */
  testCredentials?: Array<{ sip: string; username: string; password: string }>;
  /**
   * How long inventory reads for status turns (pools, users per pool, counts, conference
   * directories, application endpoints) are served from memory; any move clears it. 0: never.
   */
  inventoryCacheMs?: number;
  /** Environment of the pwsh process; the bot's own when absent. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export const OptionsSchema = z
  .object({
    pwshPath: z.string().min(1).default('pwsh'),
    connectionUri: z.url({ protocol: /^https$/ }),
    username: z.string().min(1).optional(),
    password: z.string().optional(),
    commandTimeoutMs: z.number().int().positive().default(120_000),
    connectTimeoutMs: z.number().int().positive().default(60_000),
    skipCertificateChecks: z.boolean().default(false),
    poolSites: z.record(z.string(), z.string().min(1)).default({}),
    healthTestUsers: z.array(SipInput).default([]),
    healthMonitoringUsers: z.record(z.string(), z.array(SipInput)).optional(),
    testCredentials: z.array(z.object({ sip: SipInput, username: z.string().min(1), password: z.string() })).max(50).default([]),
    inventoryCacheMs: z.number().int().min(0).default(5_000),
  })
  .refine((o) => o.username === undefined || o.password !== undefined, { message: 'a username needs a password', path: ['password'] });

export type BackendSettings = z.output<typeof OptionsSchema>;

/** Validated settings; INVALID_INPUT naming the bad fields (never their values). */
export function parseOptions(options: PowerShellLyncBackendOptions): BackendSettings {
  const { env: _env, logger: _logger, ...rest } = options;
  const parsed = OptionsSchema.safeParse(rest);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new LyncOpsError('INVALID_INPUT', `PowerShell Lync backend options: ${fields}`);
  }
  return parsed.data;
}

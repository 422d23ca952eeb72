// Shared pieces of the PowerShell adapter tests: the fake pwsh, its log, a recording logger and
// a backend wired to the demo topology the way bot/ wires it (site names of the OCS pools,
// health-monitoring test users).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoTopology } from '../../../../migration/demo-topology';
import type { Logger } from '../../../../migration/ports';
import { PowerShellLyncBackend, type PowerShellLyncBackendOptions } from '../../../../adapters/lync/powershell';

export const FAKE_PWSH = resolve(__dirname, '../../../fixtures/fake-pwsh');
export const GOLDEN_DIR = resolve(__dirname, '../../../fixtures/pwsh/golden');
export const CONNECTION_URI = 'https://lync-ber.contoso.local/OcsPowershell';
export const USERNAME = 'CONTOSO\\svc-lyncops';
export const PASSWORD = "S3cr3t-'pa$$word'-\u00e4";

export interface LogEntry {
  pid: number;
  event: 'start' | 'connect' | 'script' | 'rejected' | 'exit' | 'wire';
  argv?: string[];
  script?: string;
  reason?: string;
  passwordSha256?: string | null;
  [key: string]: unknown;
}

const tempDirs = new Set<string>();

export function tempLogFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lyncops-pwsh-'));
  tempDirs.add(dir);
  return join(dir, 'fake-pwsh.log');
}

export function removeTempLogs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

export function readLog(file: string): LogEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogEntry);
}

export const scriptsOf = (log: LogEntry[]) => log.filter((e) => e.event === 'script').map((e) => e.script ?? '');
export const startsOf = (log: LogEntry[]) => log.filter((e) => e.event === 'start');

export interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

export function recordingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at = (level: string) => (obj: Record<string, unknown>, msg?: string) => {
    lines.push({ level, obj: { ...bindings, ...obj }, msg });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

export function demoPoolSites(): Record<string, string> {
  return Object.fromEntries(demoTopology().pools.map((p) => [p.fqdn, p.site]));
}

export function demoHealthTestUsers(): string[] {
  return demoTopology().users.filter((u) => u.testUser).map((u) => u.sip);
}

export interface FakeBackendOptions extends Partial<PowerShellLyncBackendOptions> {
  /** FAKE_PWSH_* switches for the fake process. */
  fake?: Record<string, string>;
  log?: string;
}

export function fakeBackend(options: FakeBackendOptions = {}): PowerShellLyncBackend {
  const { fake, log, ...rest } = options;
  return new PowerShellLyncBackend({
    pwshPath: FAKE_PWSH,
    connectionUri: CONNECTION_URI,
    username: USERNAME,
    password: PASSWORD,
    poolSites: demoPoolSites(),
    healthTestUsers: demoHealthTestUsers(),
    env: { ...process.env, ...(log ? { FAKE_PWSH_LOG: log } : {}), ...fake },
    ...rest,
  });
}

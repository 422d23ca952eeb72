// How Management Shell failures become catalogue codes (migration/errors.ts). The table is
// ordered: the first rule whose pattern matches the error text (message, category and error id
// together) wins, so specific permanent causes are listed before the broad transient ones.
import { LyncOpsError, type ErrorCode } from '../../../migration/errors';
import type { Subject } from './scripts';

/** The error record the bootstrap's try/catch reports for a failed command. */
export interface PsErrorRecord {
  message: string;
  category?: string;
  fullyQualifiedErrorId?: string;
}

export interface ErrorRule {
  code: ErrorCode | ((subject: Subject) => ErrorCode);
  pattern: RegExp;
  why: string;
}

const notFoundFor = (subject: Subject): ErrorCode => {
  if (subject === 'user') return 'USER_NOT_FOUND';
  if (subject === 'pool') return 'POOL_NOT_FOUND';
  return 'NOT_FOUND';
};

export const ERROR_RULES: readonly ErrorRule[] = [
  {
    code: 'BACKEND_FAILED',
    pattern: /Access is denied|logon failure|user name or (bad )?password|AccessDenied/i,
    why: 'wrong credentials or rights: retrying cannot help, even over a transport error',
  },
  {
    code: 'SESSION_LOST',
    pattern: /session (state )?is (broken|closed|disconnected)|session .*(has been|was) (closed|broken|disconnected)|runspace .*(broken|closed)|PSRemotingTransportException|PSSessionStateBroken|PSSessionOpenFailed|Processing data (from|for) (a )?remote (server|command)|LyncOps\.SessionBroken|The (remote|WinRM) .*connection .*(lost|closed)|pipeline has been stopped/i,
    why: 'the remote session is gone; reconnect and retry',
  },
  {
    code: 'LEGACY_CONFIG_NOT_IMPORTED',
    pattern: /Import-CsLegacyConfiguration/i,
    why: 'moves of legacy users need the merged legacy configuration',
  },
  {
    code: 'UCS_CONTACTS_IN_EXCHANGE',
    pattern: /unified contact store|Invoke-CsUcsRollback/i,
    why: 'contacts kept in Exchange must come back (Invoke-CsUcsRollback) before a move to OCS 2007 R2',
  },
  {
    code: 'USER_NOT_FOUND',
    pattern: /ErrorCode=1003|User does not exist/i,
    why: 'the user does not exist',
  },
  {
    code: 'POOL_NOT_FOUND',
    pattern: /pool "?[\w.-]*"? (was not found|not found|does not exist|cannot be found)|Cannot find (a |an |the )?(registrar |application )?pool/i,
    why: 'the target pool is not in the topology',
  },
  {
    code: notFoundFor,
    pattern: /Management object not found|ManagementObjectNotFound|Cannot find (a|the) (user|object)/i,
    why: 'the identity names nothing; what is missing depends on the command',
  },
  {
    code: 'NAME_HAS_SPACES',
    pattern: /leading (or|and|\/) trailing (white ?)?spaces?/i,
    why: 'accounts with such names cannot be moved',
  },
  {
    code: 'USER_DISABLED',
    pattern: /not enabled for (Lync|Office Communications)|user is disabled|account is disabled/i,
    why: 'disabled accounts cannot be moved',
  },
  {
    code: 'REPLICATION_NOT_SYNCED',
    pattern: /User Replicator|out of sync|not (yet )?(been )?synchroni[sz]ed|synchroni[sz]ation has not completed/i,
    why: 'the initial User Replicator sync is not done yet',
  },
  {
    code: 'REPLICATION_LAG',
    pattern: /replication .*not up to date|not up to date .*replica/i,
    why: 'management store replication is behind',
  },
  {
    code: 'BACKEND_STORE_ERROR',
    pattern: /back-? ?end (SQL )?(store|database|server)|SQL Server|SqlException|database .*(unavailable|not available|error)/i,
    why: 'the back-end store did not answer',
  },
  {
    // Before the target rule: the same words, but about the pool the data is read from.
    code: 'SOURCE_FRONTEND_STOPPED',
    pattern: /(read|retrieve) .*data from (the )?(source )?pool|source pool.*(front[- ]?end|RTCSRV).*(stopped|not running|unavailable)/i,
    why: 'the source pool front end is down; the move reads the data from its back end',
  },
  {
    code: 'FRONTEND_STOPPED',
    pattern: /front[- ]?end .*(stopped|not running|unavailable|not available)|Front End service|no front[- ]?end (server )?(is )?available|service unavailable|RTCSRV .*not running/i,
    why: 'the target pool front end is down',
  },
  {
    code: 'BACKEND_TIMEOUT',
    pattern: /operation (has )?timed out|timeout expired/i,
    why: 'the cmdlet itself gave up waiting',
  },
];

const MAX_MESSAGE = 500;

/** PowerShell's text with the noise removed: one line, no "At line:1 char:1" trailer, capped. */
export function trimMessage(message: string): string {
  const text = message
    .replace(/\r?\n\s*(At line:\d+|\+ |CategoryInfo|FullyQualifiedErrorId)[\s\S]*$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** The catalogue code for a failure; BACKEND_FAILED when no rule applies. */
export function codeFor(record: PsErrorRecord, subject: Subject = 'none'): ErrorCode {
  const haystack = [record.message, record.category ?? '', record.fullyQualifiedErrorId ?? ''].join('\n');
  for (const rule of ERROR_RULES) {
    if (rule.pattern.test(haystack)) return typeof rule.code === 'function' ? rule.code(subject) : rule.code;
  }
  return 'BACKEND_FAILED';
}

export function toBackendError(record: PsErrorRecord, cmdlet: string, subject: Subject = 'none'): LyncOpsError {
  const code = codeFor(record, subject);
  return new LyncOpsError(code, `${cmdlet}: ${trimMessage(record.message) || 'the command failed without a message'}`, {
    cmdlet,
    category: record.category,
    fullyQualifiedErrorId: record.fullyQualifiedErrorId,
  });
}

// The coded error catalogue. Backends map their failures to these codes; the job runner decides
// retry vs. give up from `transient`; dialogs/ turn a code into EN/DE text. Stack traces never
// reach a user.

export const ERROR_CODES = {
  // transient: retried with backoff
  REPLICATION_NOT_SYNCED: { transient: true, summary: 'initial User Replicator sync not complete' },
  REPLICATION_LAG: { transient: true, summary: 'management store replication not up to date' },
  BACKEND_STORE_ERROR: { transient: true, summary: 'back-end store error' },
  FRONTEND_STOPPED: { transient: true, summary: 'target pool front end not running' },
  SOURCE_FRONTEND_STOPPED: { transient: true, summary: 'source pool front end not running (the move reads the data from its back end)' },
  SESSION_LOST: { transient: true, summary: 'remote PowerShell session lost' },
  BACKEND_TIMEOUT: { transient: true, summary: 'backend call timed out' },
  DIRECTORY_UNAVAILABLE: { transient: true, summary: 'directory not reachable' },
  DIRECTORY_THROTTLED: { transient: true, summary: 'directory throttled the request' },
  // permanent: recorded on the item (or the job) and not retried
  USER_NOT_FOUND: { transient: false, summary: 'user does not exist (ErrorCode=1003)' },
  USER_DISABLED: { transient: false, summary: 'user is disabled' },
  NAME_HAS_SPACES: { transient: false, summary: 'account name has leading or trailing spaces' },
  LEGACY_CONFIG_NOT_IMPORTED: { transient: false, summary: 'legacy configuration not imported (Import-CsLegacyConfiguration)' },
  POOL_NOT_FOUND: { transient: false, summary: 'pool not found' },
  POOL_DECOMMISSIONED: { transient: false, summary: 'pool has been decommissioned' },
  POOL_NOT_EMPTY: { transient: false, summary: 'pool still holds users, endpoints or conference directories' },
  NOT_FOUND: { transient: false, summary: 'object not found' },
  UCS_CONTACTS_IN_EXCHANGE: { transient: false, summary: "contacts are in Exchange's unified contact store: Invoke-CsUcsRollback must run before the move back to OCS" },
  EXUM_ONE_WAY: { transient: false, summary: 'Exchange UM contacts move one way only (never back to OCS 2007 R2)' },
  INVALID_INPUT: { transient: false, summary: 'input failed validation' },
  BACKEND_OUTPUT_INVALID: { transient: false, summary: 'backend returned output that failed validation' },
  BACKEND_FAILED: { transient: false, summary: 'backend command failed' },
  GROUP_NOT_FOUND: { transient: false, summary: 'group not found in the directory' },
  GROUP_AMBIGUOUS: { transient: false, summary: 'several groups in the directory have this name' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class LyncOpsError extends Error {
  readonly code: ErrorCode;
  readonly transient: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERROR_CODES[code].summary);
    this.name = 'LyncOpsError';
    this.code = code;
    this.transient = ERROR_CODES[code].transient;
    this.details = details;
  }
}

/** A code of this catalogue (own keys only: "toString" is no error code). */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}

export function isLyncOpsError(e: unknown): e is LyncOpsError {
  return e instanceof LyncOpsError;
}

/** Any thrown value as a coded error (unknown failures are permanent BACKEND_FAILED). */
export function toLyncOpsError(e: unknown): LyncOpsError {
  if (isLyncOpsError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new LyncOpsError('BACKEND_FAILED', message.slice(0, 500));
}

// Maps what the Graph client throws (GraphError with an HTTP status, or a wrapped network,
// timeout or token failure) to the catalogue codes the rest of lyncops understands.
import { GraphError } from '@microsoft/microsoft-graph-client';
import { LyncOpsError, isLyncOpsError } from '../../../migration/errors';
import { GRAPH_NETWORK_ERROR, GRAPH_TIMEOUT_ERROR } from './attempt-handler';

/** Statuses the RetryHandler retries; still failing after the last retry means throttled. */
export const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

const TOKEN_ERROR_NAMES = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
  'Access token is undefined',
]);

export function statusOf(error: unknown): number | undefined {
  return error instanceof GraphError && error.statusCode > 0 ? error.statusCode : undefined;
}

/** Retry-After in seconds, as a number or an HTTP date. */
export function retryAfterSeconds(headers: Headers | undefined, now: number): number | undefined {
  const raw = headers?.get('retry-after');
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function graphMessage(error: GraphError): string {
  const body = typeof error.body === 'string' ? error.body : '';
  return [error.code, error.message || body].filter(Boolean).join(': ').replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * The coded error for a failed Graph call. `what` names the call for the log ("GET /groups").
 * Callers handle the statuses that are answers (404) before calling this.
 */
export function toDirectoryError(error: unknown, what: string, now: number): LyncOpsError {
  if (isLyncOpsError(error)) return error;
  if (!(error instanceof GraphError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what} failed: ${message}`.slice(0, 400));
  }
  const status = statusOf(error);
  const details: Record<string, unknown> = { call: what, ...(status ? { status } : {}), ...(error.code ? { graphCode: error.code } : {}) };
  if (status && THROTTLE_STATUSES.has(status)) {
    const retryAfter = retryAfterSeconds(error.headers, now);
    return new LyncOpsError(
      'DIRECTORY_THROTTLED',
      `${what}: Graph kept answering ${status}${retryAfter !== undefined ? ` (Retry-After ${retryAfter} s)` : ''}; gave up retrying`,
      { ...details, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) },
    );
  }
  if (error.code === GRAPH_TIMEOUT_ERROR) {
    return new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what}: Graph did not answer in time (${error.message})`, details);
  }
  if (error.code && TOKEN_ERROR_NAMES.has(error.code)) {
    return new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what}: no Graph access token (${error.message.split('\n')[0].slice(0, 300)})`, details);
  }
  if (status && status >= 200 && status < 300) {
    return new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what}: Graph returned a malformed body (${graphMessage(error)})`, details);
  }
  if (status === 401 || status === 403) {
    return new LyncOpsError(
      'DIRECTORY_UNAVAILABLE',
      `${what}: Graph refused access (${status} ${graphMessage(error)}); the app needs User.Read.All and GroupMember.Read.All`,
      details,
    );
  }
  if (status) {
    return new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what}: Graph answered ${status} (${graphMessage(error)})`, details);
  }
  const reason = error.code === GRAPH_NETWORK_ERROR ? error.message : graphMessage(error);
  return new LyncOpsError('DIRECTORY_UNAVAILABLE', `${what}: Graph not reachable (${reason})`, details);
}

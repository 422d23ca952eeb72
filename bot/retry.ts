// Bounded retries with exponential backoff and jitter for calls to the Bot Framework connector
// (card updates, proactive messages). Teams answers bursts with 429 and races on one message
// with 412; both clear up after a short wait, so they are retried, a bounded number of times.

export interface RetryPolicy {
  /** Total tries, the first one included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 30_000 };

export interface RetryOptions extends RetryPolicy {
  retryable: (error: unknown) => boolean;
  random?: () => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Aborting ends the waiting between tries at once; the last failure (or the abort) is thrown. */
  signal?: AbortSignal;
}

/** HTTP status carried by a connector error (RestError and similar shapes). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const candidate of [e.statusCode, e.status, e.response?.status]) if (typeof candidate === 'number') return candidate;
  return undefined;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Card updates: throttling, concurrent edits and server-side failures are worth another try. */
export function isRetryableUpdateError(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) return NETWORK_CODES.has(String((error as { code?: unknown })?.code));
  return status === 429 || status === 412 || status >= 500;
}

/** Proactive sends: only the statuses Teams documents as transient for bots. */
export function isRetryableSendError(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) return NETWORK_CODES.has(String((error as { code?: unknown })?.code));
  return status === 429 || status === 412 || status === 502 || status === 503 || status === 504;
}

/** Retry-After in milliseconds when the service sent one. */
export function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: unknown } })?.response?.headers;
  let raw: unknown;
  if (headers && typeof (headers as { get?: unknown }).get === 'function') raw = (headers as { get(name: string): unknown }).get('retry-after');
  else if (headers && typeof headers === 'object') raw = (headers as Record<string, unknown>)['retry-after'];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Delay before try number `attempt + 1`: exponential, capped, with "equal jitter". */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Waits `ms`, or less when `signal` aborts first. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !options.retryable(error) || options.signal?.aborted) throw error;
      const delay = Math.min(options.maxMs, Math.max(backoffDelay(attempt, options, options.random), retryAfterMs(error) ?? 0));
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

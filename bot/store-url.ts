// Opens the store STORE_URL names and checks it answers, so a wrong path, an unreachable database
// or a refused login stops the bot with one line naming STORE_URL, as every other bad setting does.
import { isPostgresUrl, openStore } from '../adapters/store';
import type { Logger, Store } from '../migration/ports';
import { ConfigError } from './config';

/** How long start-up waits for the database to answer before giving up. */
export const STORE_OPEN_TIMEOUT_MS = 15_000;

/** STORE_URL as it may appear in a message: a password is replaced by "***". */
export function redactStoreUrl(url: string): string {
  if (!isPostgresUrl(url) || !URL.canParse(url.trim())) return url;
  const parsed = new URL(url.trim());
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Why the store could not be opened, in one line without the URL's secrets. */
function reason(error: unknown, url: string): string {
  const e = error as { code?: unknown; message?: unknown };
  const message = String(e?.message ?? error).split('\n')[0];
  const secret = isPostgresUrl(url) && URL.canParse(url.trim()) ? new URL(url.trim()).password : '';
  const safe = secret ? message.split(secret).join('***') : message;
  const code = typeof e?.code === 'string' && !safe.includes(e.code) ? `${e.code}: ` : '';
  return `${code}${safe}`.slice(0, 300);
}

/**
 * Opens and initialises the store (schema included). Throws ConfigError naming STORE_URL when the
 * value is no SQLite path or PostgreSQL URL, or the store cannot be opened within `timeoutMs`.
 */
export async function openConfiguredStore(url: string, logger: Logger, timeoutMs = STORE_OPEN_TIMEOUT_MS): Promise<Store> {
  const shown = JSON.stringify(redactStoreUrl(url));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim()) && !isPostgresUrl(url)) {
    throw new ConfigError(`STORE_URL must be a SQLite file path or a postgres:// URL (got ${shown})`);
  }
  let store: Store | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    store = await openStore(url, { logger });
    const opened = store;
    await Promise.race([
      opened.init(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${Number((timeoutMs / 1000).toFixed(1))} s`)), timeoutMs);
      }),
    ]);
    return opened;
  } catch (error) {
    // A connection attempt still under way must not hold the exit up.
    if (store) await Promise.race([store.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    throw new ConfigError(`STORE_URL cannot be opened (${reason(error, url)}; ${shown})`);
  } finally {
    clearTimeout(timer);
  }
}

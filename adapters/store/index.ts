// Chooses the Store implementation from STORE_URL: a postgres:// or postgresql:// URL opens the
// PostgreSQL store (shared by replicas), anything else is a SQLite file path (or ':memory:').
// Each engine is imported only when chosen: a SQLite deployment never loads the pg driver.
import type { Logger, Store } from '../../migration/ports';

export interface OpenStoreOptions {
  logger?: Logger;
  /** PostgreSQL connection pool size (ignored by SQLite). */
  poolSize?: number;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/** Opens the store named by `url`; call init() on the result before use. */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const target = url.trim();
  if (isPostgresUrl(target)) {
    const { PostgresStore } = await import('./postgres');
    return new PostgresStore(target, opts);
  }
  const { SqliteStore } = await import('./sqlite');
  return new SqliteStore(target, { logger: opts.logger });
}

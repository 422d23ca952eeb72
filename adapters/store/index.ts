// Chooses the Store implementation from STORE_URL: a postgres:// or postgresql:// URL opens the
// PostgreSQL store (shared by replicas), anything else is a SQLite file path (or ':memory:').
import type { Logger, Store } from '../../migration/ports';
import { PostgresStore } from './postgres';
import { SqliteStore } from './sqlite';

export interface OpenStoreOptions {
  logger?: Logger;
  /** PostgreSQL connection pool size (ignored by SQLite). */
  poolSize?: number;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/** Opens the store named by `url`; call init() on the result before use. */
export function openStore(url: string, opts: OpenStoreOptions = {}): Store {
  const target = url.trim();
  if (isPostgresUrl(target)) return new PostgresStore(target, opts);
  return new SqliteStore(target, { logger: opts.logger });
}

export { PostgresStore, SqliteStore };

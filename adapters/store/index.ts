// Chooses the store engine from STORE_URL: a postgres:// or postgresql:// URL opens the PostgreSQL
// store (shared by replicas), anything else is a SQLite file path (or ':memory:'). Each engine
// provides every role of migration/store.ts; composeStore makes them one Store. Each engine is
// imported only when chosen: a SQLite deployment never loads the pg driver.
import type { Logger } from '../../migration/ports';
import { composeStore, type Store } from '../../migration/store';

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
    const { postgresRoles } = await import('./postgres');
    return composeStore(postgresRoles(target, opts));
  }
  const { sqliteRoles } = await import('./sqlite');
  return composeStore(sqliteRoles(target, { logger: opts.logger }));
}

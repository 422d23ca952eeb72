// PostgreSQL connection handling for the store: a pool whose bigint columns come back as JS numbers
// (ids and epoch-millisecond times all fit in 2^53) and whose statements run again after a
// deadlock, and a transaction helper that keeps BEGIN, the statements and COMMIT on one client.
import pg from 'pg';
import type { JsonDecoder } from '../common/records';
import type { Logger } from '../../../migration/ports';

const INT8_OID = 20;

const numericTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** deadlock_detected and serialization_failure: PostgreSQL undid the statement, which may simply run again. */
const RETRIED_CODES = new Set(['40P01', '40001']);
const TRIES = 4;

export function isRetriedConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RETRIED_CODES.has(String((error as { code?: unknown }).code));
}

/**
 * Runs `attempt` again when PostgreSQL aborted it for a deadlock or a serialization conflict (up
 * to four tries, a few random milliseconds apart): nothing of an aborted statement or transaction
 * was committed. Under load two statements of one replica (an item's outcome marking its leased
 * items running, the lease heartbeat) can lock the same items in opposite orders; the loser used
 * to fail a user's move that had succeeded.
 */
export async function retryingConflicts<T>(attempt: () => Promise<T>, tries = TRIES): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= tries || !isRetriedConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10 * n) + 1));
    }
  }
}

/** A pool whose one-statement queries run again after a deadlock or serialization conflict. */
class RetryingPool extends pg.Pool {
  override query(...args: unknown[]): never {
    const run = () => (pg.Pool.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    // The callback form (not used by the store) is passed through as it is.
    if (typeof args[args.length - 1] === 'function') return run() as never;
    return retryingConflicts(run as () => Promise<unknown>) as never;
  }
}

export function createPool(url: string, poolSize: number, logger: Logger): pg.Pool {
  const pool = new RetryingPool({
    connectionString: url,
    max: poolSize,
    types: numericTypes as pg.CustomTypesConfig,
  });
  // An idle client losing its connection is reported here; without a listener it would crash the process.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'postgres idle client error'));
  return pool;
}

export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Runs `work` between BEGIN and COMMIT on one client, rolling back when it throws; the whole
 * transaction runs again after a deadlock or serialization conflict (`work` touches only the database).
 */
export function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return retryingConflicts(() => transaction(pool, work));
}

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw err;
  } finally {
    // A client whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
    client.release(broken);
  }
}

/**
 * A statement prepared once per connection under `name` (parsed and planned once): for the
 * statements that run for every item of a job.
 */
export function prepared(name: string, text: string, values: unknown[]): pg.QueryConfig {
  return { name: `lyncops.${name}`, text, values };
}

/** jsonb arrives parsed; NULL stays null. */
export const decodePgJson: JsonDecoder = (column) => (column === undefined ? null : column);

/** jsonb parameters are always sent as text: pg would turn a JS array into a PostgreSQL array. */
export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

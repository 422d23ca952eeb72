// PostgreSQL connection handling for the store: a pool whose bigint columns come back as JS numbers
// (ids and epoch-millisecond times all fit in 2^53), and a transaction helper that keeps BEGIN,
// the statements and COMMIT on one client.
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

export function createPool(url: string, poolSize: number, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: numericTypes as pg.CustomTypesConfig,
  });
  // An idle client losing its connection is reported here; without a listener it would crash the process.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'postgres idle client error'));
  return pool;
}

export type Queryable = pg.Pool | pg.PoolClient;

/** Runs `work` between BEGIN and COMMIT on one client, rolling back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
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

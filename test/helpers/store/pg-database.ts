// Throw-away PostgreSQL databases for store tests. Each test run creates its own database
// (lyncops_t_<pid>_<random>) through an admin connection to TEST_PG_URL and drops it afterwards.
// When the server cannot be reached the PostgreSQL suites are skipped locally, but fail under CI.
import { createThrowawayDatabase, withAdmin } from '../../../testkit/replicas/ledger';

export const TEST_PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: string;
  url: string;
  /** Empties every table except schema_migrations and restarts the id sequences. */
  reset(): Promise<void>;
  /** Terminates leftover connections and drops the database. */
  drop(): Promise<void>;
}

/** null when the admin connection works, else the reason it does not. */
export async function postgresUnavailableReason(adminUrl = TEST_PG_ADMIN_URL): Promise<string | null> {
  try {
    await withAdmin(adminUrl, (c) => c.query('SELECT 1'));
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export async function createTestDatabase(adminUrl = TEST_PG_ADMIN_URL): Promise<TestDatabase> {
  const db = await createThrowawayDatabase(adminUrl, 'lyncops_t');
  return {
    ...db,
    async reset() {
      await withAdmin(db.url, async (c) => {
        const { rows } = await c.query<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
        );
        if (rows.length) await c.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
      });
    },
  };
}

let explained = false;

/** Says once per test process why the PostgreSQL tests show as pending, and how to run them. */
function explainSkip(message: string): void {
  if (explained) return;
  explained = true;
  process.stderr.write(
    `\n  PostgreSQL tests are skipped (shown as pending): ${message}.\n` +
      '  To run them, start PostgreSQL on 127.0.0.1:5432 with a "postgres" role that may create databases,\n' +
      '  or point TEST_PG_URL at one, e.g. TEST_PG_URL=postgres://postgres@db.example:5432/postgres npm test\n\n',
  );
}

/**
 * For a mocha before() hook: a fresh database, or a skipped suite when PostgreSQL is not reachable
 * outside CI. Under CI (process.env.CI set) an unreachable server fails the suite.
 */
export async function requireTestDatabase(suite: Mocha.Context): Promise<TestDatabase> {
  const reason = await postgresUnavailableReason();
  if (reason !== null) {
    const message = `PostgreSQL not reachable at ${TEST_PG_ADMIN_URL} (${reason})`;
    if (process.env.CI) throw new Error(`${message}; PostgreSQL store tests cannot run`);
    explainSkip(message);
    suite.skip();
  }
  return createTestDatabase();
}

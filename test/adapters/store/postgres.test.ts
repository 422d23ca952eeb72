// Runs the Store contract against PostgresStore on a throw-away database (tables emptied before
// every test), plus what is specific to PostgreSQL: concurrent init from several replicas,
// migrations recorded once, and numbers (not strings) for bigint columns.
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresStore } from '../../../adapters/store/postgres';
import { PG_MIGRATIONS } from '../../../adapters/store/postgres/schema';
import { storeContract } from '../../contracts/store';
import { type TestDatabase, createTestDatabase, requireTestDatabase } from '../../helpers/store/pg-database';
import { T0, startJob, userItems } from '../../helpers/store/fixtures';

describe('PostgresStore', () => {
  let db: TestDatabase | undefined;

  before(async function () {
    db = await requireTestDatabase(this);
  });

  after(async () => {
    await db?.drop();
  });

  function database(): TestDatabase {
    if (!db) throw new Error('test database not created');
    return db;
  }

  storeContract('PostgresStore', async () => {
    await database().reset();
    return {
      store: openPostgresStore(database().url, { poolSize: 6 }),
      reopen: async () => openPostgresStore(database().url, { poolSize: 6 }),
      cleanup: async () => undefined,
    };
  });

  describe('specifics', () => {
    it('lets several replicas run init at once on an empty database and records each migration once', async () => {
      const fresh = await createTestDatabase();
      const stores = Array.from({ length: 5 }, () => openPostgresStore(fresh.url, { poolSize: 2 }));
      try {
        await Promise.all(stores.map((s) => s.init()));
        await stores[0].init();
        const client = new pg.Client({ connectionString: fresh.url });
        await client.connect();
        try {
          const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
          assert.deepEqual(rows.map((r) => r.version), PG_MIGRATIONS.map((m) => m.version));
        } finally {
          await client.end();
        }
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await fresh.drop();
      }
    });

    it('returns epoch-millisecond times and ids as JS numbers', async () => {
      await database().reset();
      const store = openPostgresStore(database().url);
      try {
        await store.init();
        const job = await startJob(store, userItems(1), { now: T0 });
        const [item] = await store.listItems(job.id);
        assert.equal(typeof job.createdAt, 'number');
        assert.equal(job.createdAt, T0);
        assert.equal(typeof item.id, 'number');
        assert.equal(typeof item.updatedAt, 'number');
      } finally {
        await store.close();
      }
    });

    it('refuses a URL that is not a postgres:// URL and a bad pool size', () => {
      assert.throws(() => openPostgresStore('mysql://localhost/x'));
      assert.throws(() => openPostgresStore('postgres://localhost/x', { poolSize: 0 }));
    });
  });
});

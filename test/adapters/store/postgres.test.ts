// Runs the Store contract against PostgresStore on a throw-away database (tables emptied before
// every test), plus what is specific to PostgreSQL: concurrent init from several replicas,
// migrations recorded once, and numbers (not strings) for bigint columns.
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresStore } from '../../../adapters/store/postgres';
import { createPool, retryingConflicts } from '../../../adapters/store/postgres/db';
import { silentLogger } from '../../../migration/ports';
import { itemDoneAudit } from '../../../migration/jobs';
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

    it('writes an item\'s new state only with its audit event: a failing event write leaves the item as it was', async () => {
      await database().reset();
      const store = openPostgresStore(database().url);
      const client = new pg.Client({ connectionString: database().url });
      await client.connect();
      try {
        await store.init();
        const job = await startJob(store, userItems(1), { now: T0 });
        const [item] = await store.claimItems({ workerId: 'w', now: T0, leaseMs: 60_000, limit: 1 });
        // The audit table refuses item.done events, as a full disk or a broken table would.
        await client.query(`CREATE FUNCTION refuse_item_done() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.event = 'item.done' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$`);
        await client.query('CREATE TRIGGER refuse_item_done BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION refuse_item_done()');
        await assert.rejects(store.updateItem(item.id, 'w', { state: 'done', attempts: 1 }, T0 + 1, { done: itemDoneAudit(item, true, T0 + 1) }), /audit refused/);
        assert.deepEqual(await store.itemCounts(job.id), { pending: 0, running: 1, done: 0, skipped: 0, failed: 0, cancelled: 0 });
        assert.deepEqual((await store.listAudit({ limit: 50 })).filter((e) => e.event === 'item.done'), []);
      } finally {
        await client.query('DROP TRIGGER IF EXISTS refuse_item_done ON audit').catch(() => undefined);
        await client.query('DROP FUNCTION IF EXISTS refuse_item_done()').catch(() => undefined);
        await client.end();
        await store.close();
      }
    });

    it('runs a statement again when PostgreSQL picks it as the victim of a deadlock', async function () {
      this.timeout(20_000);
      await database().reset();
      const pool = createPool(database().url, 2, silentLogger);
      const other = new pg.Client({ connectionString: database().url });
      await other.connect();
      try {
        await pool.query('CREATE TABLE IF NOT EXISTS deadlock_probe (id int PRIMARY KEY, v int NOT NULL)');
        await pool.query('TRUNCATE deadlock_probe');
        await pool.query('INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)');
        // `other` holds row 1; the pool's statement takes row 2, then waits for row 1 ...
        await other.query('BEGIN');
        await other.query('UPDATE deadlock_probe SET v = v + 1 WHERE id = 1');
        const statement = pool.query(`WITH first AS (UPDATE deadlock_probe SET v = v + 10 WHERE id = 2 RETURNING 1)
          UPDATE deadlock_probe SET v = v + 10 WHERE id = 1 AND EXISTS (SELECT 1 FROM first)`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        // ... and `other` now wants row 2: a deadlock, and the statement that waited first is undone.
        await other.query('UPDATE deadlock_probe SET v = v + 1 WHERE id = 2');
        await other.query('COMMIT');
        await statement;
        const { rows } = await pool.query('SELECT id, v FROM deadlock_probe ORDER BY id');
        assert.deepEqual(rows, [{ id: 1, v: 11 }, { id: 2, v: 11 }], 'both changes, each once');
      } finally {
        await other.end();
        await pool.query('DROP TABLE IF EXISTS deadlock_probe');
        await pool.end();
      }
    });

    it('gives up on a conflict after a few tries, and on any other error at once', async () => {
      let calls = 0;
      const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
      await assert.rejects(retryingConflicts(async () => { calls += 1; throw deadlock; }), /deadlock detected/);
      assert.equal(calls, 4);
      calls = 0;
      await assert.rejects(retryingConflicts(async () => { calls += 1; throw Object.assign(new Error('unique'), { code: '23505' }); }), /unique/);
      assert.equal(calls, 1);
      calls = 0;
      assert.equal(await retryingConflicts(async () => (++calls < 3 ? Promise.reject(deadlock) : 'done')), 'done');
      assert.equal(calls, 3);
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

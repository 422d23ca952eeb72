// Schema version 4 moved plan items out of the proposal's plan JSON into rows. A database written
// by an older version is upgraded in place: its proposals become summaries, their items rows, and
// a pending proposal confirmed after the upgrade starts a job with every one of its items.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore } from '../../../adapters/store/postgres';
import { PG_MIGRATIONS } from '../../../adapters/store/postgres/schema';
import { openSqliteStore } from '../../../adapters/store/sqlite';
import { SQLITE_MIGRATIONS } from '../../../adapters/store/sqlite/schema';
import { PLAN_PREVIEW_ITEMS, summarisePlan, type PlanItem } from '../../../migration/model';
import { requireTestDatabase } from '../../helpers/store/pg-database';
import { T0, alex, erin, makePlan, userItems } from '../../helpers/store/fixtures';
import { tempDbFile } from '../../helpers/store/tempfile';
import type { Store } from '../../../migration/ports';

const directory: PlanItem = { kind: 'conferenceDirectory', key: '7', label: 'Directory 7', site: 'Berlin', fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local' };
const legacyItems: PlanItem[] = [...userItems(24), directory, ...userItems(2, 'Berlin', 'late')];
const legacyPlan = makePlan(legacyItems);
const legacyRow = [JSON.stringify(legacyPlan), JSON.stringify(erin), T0, T0 + 3_600_000, 'en'] as const;

async function assertUpgraded(store: Store, emptyId: string): Promise<void> {
  const proposal = await store.getProposal('1');
  assert.deepEqual(proposal?.plan, summarisePlan(legacyPlan));
  assert.equal(proposal?.plan.previewItems.length, PLAN_PREVIEW_ITEMS);
  assert.deepEqual(proposal?.plan.itemKinds, ['user', 'conferenceDirectory']);
  assert.deepEqual(await store.listProposalItems('1'), legacyItems);
  assert.deepEqual((await store.getProposal(emptyId))?.plan, summarisePlan(makePlan([])));
  const out = await store.approveProposal('1', alex, T0 + 1, 1);
  if (out.outcome !== 'started') return assert.fail(out.outcome);
  assert.equal(out.job.totalItems, legacyItems.length);
  assert.deepEqual((await store.listItems(out.job.id)).map((i) => [i.seq, i.kind, i.key]), legacyItems.map((it, seq) => [seq, it.kind, it.key]));
}

describe('store upgrade to plan items in their own table', () => {
  it('SQLite: moves the items of proposals written before version 4 into rows', async () => {
    const tmp = tempDbFile();
    let store: Store | undefined;
    try {
      store = openSqliteStore(tmp.file);
      await store.close();
      const db = new Database(tmp.file);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      for (const m of SQLITE_MIGRATIONS.filter((x) => x.version < 4)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, T0);
      }
      const insert = db.prepare(`INSERT INTO proposals (state, plan, requested_by, created_at, expires_at, locale) VALUES ('pending', ?, ?, ?, ?, ?)`);
      insert.run(...legacyRow);
      insert.run(JSON.stringify(makePlan([])), ...legacyRow.slice(1));
      db.close();
      store = openSqliteStore(tmp.file);
      await store.init();
      await assertUpgraded(store, '2');
    } finally {
      await store?.close();
      tmp.cleanup();
    }
  });

  it('PostgreSQL: moves the items of proposals written before version 4 into rows', async function () {
    const db = await requireTestDatabase(this);
    const store = openPostgresStore(db.url, { poolSize: 2 });
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
        for (const m of PG_MIGRATIONS.filter((x) => x.version < 4)) {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [m.version, m.name, T0]);
        }
        const insert = `INSERT INTO proposals (state, plan, requested_by, created_at, expires_at, locale) VALUES ('pending', $1::jsonb, $2::jsonb, $3, $4, $5)`;
        await client.query(insert, [...legacyRow]);
        await client.query(insert, [JSON.stringify(makePlan([])), ...legacyRow.slice(1)]);
      } finally {
        await client.end();
      }
      await store.init();
      await assertUpgraded(store, '2');
    } finally {
      await store.close();
      await db.drop();
    }
  });
});

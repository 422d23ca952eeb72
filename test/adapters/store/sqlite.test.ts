// Runs the Store contract against SqliteStore (a temp file per test, a second connection to the same
// file as the second handle) and checks what is specific to SQLite: the file and its folder are
// created, WAL mode, init from two connections on one file, and in-memory databases.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../../adapters/store/sqlite';
import { itemDoneAudit } from '../../../migration/jobs';
import { SQLITE_MIGRATIONS } from '../../../adapters/store/sqlite/schema';
import { storeContract } from '../../contracts/store';
import { T0, makePlan, proposalInput, startJob, userItems } from '../../helpers/store/fixtures';
import { tempDbFile } from '../../helpers/store/tempfile';

storeContract('SqliteStore (file)', async () => {
  const tmp = tempDbFile();
  return {
    store: openSqliteStore(tmp.file),
    reopen: async () => openSqliteStore(tmp.file),
    cleanup: async () => tmp.cleanup(),
  };
});

describe('SqliteStore specifics', () => {
  it('creates the parent folder, uses WAL and records every migration once', async () => {
    const tmp = tempDbFile();
    try {
      const a = openSqliteStore(tmp.file);
      const b = openSqliteStore(tmp.file);
      await Promise.all([a.init(), b.init(), a.init()]);
      await a.close();
      await b.close();
      assert.ok(fs.existsSync(tmp.file));
      const db = new Database(tmp.file, { readonly: true });
      try {
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>;
        assert.deepEqual(versions.map((v) => v.version), SQLITE_MIGRATIONS.map((m) => m.version));
      } finally {
        db.close();
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('writes an item\'s new state only with its audit event: a failing event write leaves the item as it was', async () => {
    const tmp = tempDbFile();
    const store = openSqliteStore(tmp.file);
    try {
      await store.init();
      const job = await startJob(store, userItems(1));
      const [item] = await store.claimItems({ workerId: 'w', now: T0, leaseMs: 60_000, limit: 1 });
      // Another connection makes the audit table refuse item.done events, as a full disk or a broken table would.
      const other = new Database(tmp.file);
      other.exec(`CREATE TRIGGER refuse_item_done BEFORE INSERT ON audit WHEN NEW.event = 'item.done' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`);
      other.close();
      await assert.rejects(store.updateItem(item.id, 'w', { state: 'done', attempts: 1 }, T0 + 1, { done: itemDoneAudit(item, true, T0 + 1) }), /audit refused/);
      assert.deepEqual(await store.itemCounts(job.id), { pending: 0, running: 1, done: 0, skipped: 0, failed: 0, cancelled: 0 });
      assert.deepEqual((await store.listAudit({ limit: 50 })).filter((e) => e.event === 'item.done'), []);
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });

  it('works in memory (no file, no second handle): proposal to finished item', async () => {
    const store = openSqliteStore(':memory:');
    try {
      await store.init();
      const job = await startJob(store, userItems(2));
      const [item] = await store.claimItems({ workerId: 'w', now: T0, leaseMs: 1000, limit: 1 });
      assert.equal(await store.updateItem(item.id, 'w', { state: 'done' }, T0 + 1), true);
      assert.deepEqual(await store.itemCounts(job.id), { pending: 1, running: 0, done: 1, skipped: 0, failed: 0, cancelled: 0 });
    } finally {
      await store.close();
    }
  });

  describe('several processes on one file', () => {
    const child = path.join(__dirname, '../../helpers/store/sqlite-child.ts');
    const run = (...args: string[]) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', child, ...args], { timeout: 15_000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Record<string, unknown>),
        );
      });

    it('migrates once and hands out unique ids when processes start together', async function () {
      this.timeout(30_000);
      const tmp = tempDbFile();
      try {
        const results = await Promise.all([1, 2, 3].map(() => run(tmp.file, 'init-and-propose', '20')));
        const ids = results.flatMap((r) => r.ids as string[]);
        assert.equal(new Set(ids).size, 60);
        const db = new Database(tmp.file, { readonly: true });
        try {
          const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>;
          assert.deepEqual(versions.map((v) => v.version), SQLITE_MIGRATIONS.map((m) => m.version));
        } finally {
          db.close();
        }
      } finally {
        tmp.cleanup();
      }
    });

    it('starts exactly one job when processes confirm the same proposal together', async function () {
      this.timeout(30_000);
      const tmp = tempDbFile();
      try {
        const store = openSqliteStore(tmp.file);
        await store.init();
        const proposal = await store.createProposal(proposalInput(makePlan(userItems(500))));
        const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((actor) => run(tmp.file, 'approve', proposal.id, actor)));
        assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['alreadyConfirmed', 'alreadyConfirmed', 'alreadyConfirmed', 'started']);
        assert.equal((await store.listJobs(10)).length, 1);
        assert.equal((await store.itemCounts('1')).pending, 500);
        await store.close();
      } finally {
        tmp.cleanup();
      }
    });
  });

  it('refuses an empty path', () => {
    assert.throws(() => openSqliteStore(''));
  });
});

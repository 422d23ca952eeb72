// SQLite schema, versioned: each migration runs once, recorded in schema_migrations. init() applies
// the missing ones inside one BEGIN IMMEDIATE transaction, so two processes starting on the same
// file serialise on SQLite's write lock and the second finds nothing left to do.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../../migration/ports';
import { SCHEDULE_TABLE_SQLITE } from '../common/schedule-records';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'proposals, jobs and items',
    sql: `
      CREATE TABLE proposals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        state TEXT NOT NULL,
        plan TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        approvals TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        job_id INTEGER,
        cancelled_by TEXT,
        locale TEXT NOT NULL,
        card TEXT
      );
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposals(id),
        operation TEXT NOT NULL,
        subject TEXT NOT NULL,
        sites TEXT NOT NULL,
        site_wide INTEGER NOT NULL,
        forced INTEGER NOT NULL,
        state TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        locale TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        card TEXT,
        total_items INTEGER NOT NULL
      );
      CREATE INDEX jobs_state ON jobs(state);
      CREATE TABLE items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id INTEGER NOT NULL REFERENCES jobs(id),
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        site TEXT NOT NULL,
        from_pool TEXT NOT NULL,
        to_pool TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until INTEGER,
        error_code TEXT,
        error_message TEXT,
        result TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (job_id, seq)
      );
      CREATE INDEX items_job_state ON items(job_id, state, seq);
      CREATE INDEX items_runnable ON items(job_id, seq) WHERE state IN ('pending', 'running');
      CREATE INDEX items_done_users ON items(key) WHERE kind = 'user' AND state = 'done';
    `,
  },
  {
    version: 2,
    name: 'audit, conversation references, coexistence results, bot state',
    sql: `
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        event TEXT NOT NULL,
        site TEXT,
        site_key TEXT,
        target TEXT,
        outcome TEXT NOT NULL,
        details TEXT
      );
      CREATE INDEX audit_at ON audit(at);
      CREATE INDEX audit_site_at ON audit(site_key, at);
      CREATE TABLE conversation_refs (
        user_key TEXT PRIMARY KEY,
        ref TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE coexistence_results (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        site_key TEXT NOT NULL,
        at INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX coexistence_site_at ON coexistence_results(site_key, at);
      CREATE TABLE bot_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        etag TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'simulator state',
    sql: `
      CREATE TABLE sim_facts (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      );
      CREATE INDEX sim_facts_value ON sim_facts(kind, value);
      CREATE TABLE sim_moves (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        cmdlet TEXT NOT NULL,
        object TEXT NOT NULL,
        from_pool TEXT NOT NULL,
        to_pool TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    // Proposals written before this version carry their items inside the plan JSON: they move to
    // rows and the plan becomes the summary (20 preview items) that PlanSummary describes.
    name: 'plan items in their own table',
    sql: `
      CREATE TABLE proposal_items (
        proposal_id INTEGER NOT NULL REFERENCES proposals(id),
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        site TEXT NOT NULL,
        from_pool TEXT NOT NULL,
        to_pool TEXT NOT NULL,
        PRIMARY KEY (proposal_id, seq)
      ) WITHOUT ROWID;
      INSERT INTO proposal_items (proposal_id, seq, kind, key, label, site, from_pool, to_pool)
        SELECT p.id, i.key, json_extract(i.value, '$.kind'), json_extract(i.value, '$.key'), json_extract(i.value, '$.label'),
               json_extract(i.value, '$.site'), json_extract(i.value, '$.fromPool'), json_extract(i.value, '$.toPool')
        FROM proposals p, json_each(p.plan, '$.items') i
        WHERE json_type(p.plan, '$.items') = 'array';
      UPDATE proposals SET plan = json_set(json_remove(plan, '$.items'),
          '$.itemCount', (SELECT count(*) FROM proposal_items pi WHERE pi.proposal_id = proposals.id),
          '$.itemKinds', json((SELECT json_group_array(kind) FROM (
              SELECT kind, min(seq) AS first FROM proposal_items pi WHERE pi.proposal_id = proposals.id GROUP BY kind ORDER BY first))),
          '$.previewItems', json((SELECT json_group_array(json_object('kind', kind, 'key', key, 'label', label, 'site', site,
                                                                     'fromPool', from_pool, 'toPool', to_pool)) FROM (
              SELECT * FROM proposal_items pi WHERE pi.proposal_id = proposals.id ORDER BY seq LIMIT 20))))
        WHERE json_type(plan, '$.items') = 'array';
    `,
  },
  { version: 5, name: 'job schedules', sql: SCHEDULE_TABLE_SQLITE },
  {
    version: 6,
    name: 'dashboard: signing secret, used sign-in links, finished-item indexes',
    sql: `
      CREATE TABLE dashboard_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE dashboard_links (link_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
      CREATE INDEX dashboard_links_expiry ON dashboard_links(expires_at);
      CREATE INDEX items_done_at ON items(updated_at) WHERE kind = 'user' AND state = 'done';
      CREATE INDEX items_failed_site ON items(site, updated_at) WHERE state = 'failed';
    `,
  },
];

const BUSY_TIMEOUT_MS = 5000;

/** Opens (and creates) the database file with the pragmas the store relies on. */
export function openSqlite(file: string): Database.Database {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    // The store holds conversation references, audit and job data: readable by this account only.
    // SQLite gives the -wal and -shm files the database file's permissions.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!inMemory) db.pragma('journal_mode = WAL');
  // With WAL, NORMAL loses at most the last transactions on power loss, never consistency.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Applies the migrations this database has not seen yet; returns the versions applied. */
export function migrateSqlite(db: Database.Database, logger: Logger): number[] {
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    )`);
    const done = new Set(
      db.prepare('SELECT version FROM schema_migrations').all().map((r) => (r as { version: number }).version),
    );
    const applied: number[] = [];
    for (const m of SQLITE_MIGRATIONS) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
      applied.push(m.version);
    }
    return applied;
  });
  const applied = apply.immediate();
  if (applied.length) logger.info({ applied }, 'sqlite schema migrated');
  return applied;
}

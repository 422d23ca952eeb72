// The SQLite engine of the Store port (the default store: one file, WAL mode). It provides every
// role of migration/store.ts over one connection; openSqliteStore composes them. better-sqlite3 is
// synchronous, so every operation runs to completion on the event loop; write transactions that
// read first use BEGIN IMMEDIATE so a second process on the same file cannot interleave.
import { z } from 'zod';
import { silentLogger, type Logger } from '../../../migration/ports';
import { composeStore, type Store, type StoreRoles } from '../../../migration/store';
import { auditLog } from './audit';
import { botStateStorage } from './bot-state';
import { coexistenceResults } from './coexistence';
import { conversationRefs } from './conversation-refs';
import { dashboardAccess, dashboardQueries } from './dashboard';
import { jobHistory } from './history';
import { jobLedger } from './jobs';
import { proposalStore } from './proposals';
import { ReferenceWriter } from './reference-writer';
import { migrateSqlite, openSqlite } from './schema';
import { scheduleLedger } from './schedule';
import { simulatorState } from './simulator';
import { Statements } from './statements';

export interface SqliteStoreOptions {
  logger?: Logger;
}

/** Every store role on one SQLite connection. `file` is a path (its folder is created) or ':memory:'. */
export function sqliteRoles(file: string, opts: SqliteStoreOptions = {}): StoreRoles {
  const logger = (opts.logger ?? silentLogger).child({ component: 'store', engine: 'sqlite' });
  const db = openSqlite(z.string().min(1, 'a SQLite file path or :memory:').parse(file));
  const s = new Statements(db);
  const references = new ReferenceWriter(s);
  return {
    lifecycle: {
      engine: 'sqlite',
      async init() {
        migrateSqlite(db, logger);
      },
      async close() {
        if (!db.open) return;
        try {
          references.flush();
        } finally {
          db.close();
        }
      },
    },
    proposals: proposalStore(s),
    jobs: jobLedger(s),
    history: jobHistory(s),
    audit: auditLog(s),
    conversationRefs: conversationRefs(s, references),
    coexistence: coexistenceResults(s),
    botState: botStateStorage(s),
    simulator: simulatorState(s),
    schedules: scheduleLedger(s),
    dashboard: dashboardQueries(s),
    dashboardAccess: dashboardAccess(s),
  };
}

/** The SQLite store; call init() before use. */
export function openSqliteStore(file: string, opts: SqliteStoreOptions = {}): Store {
  return composeStore(sqliteRoles(file, opts));
}

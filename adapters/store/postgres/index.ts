// The PostgreSQL engine of the Store port, for several bot replicas sharing one database. It
// provides every role of migration/store.ts over one connection pool; openPostgresStore composes
// them. Row locks and compare-and-set updates make confirmations single-use, SKIP LOCKED claims hand
// every job item to exactly one worker, and an advisory lock serialises schema migrations.
import { z } from 'zod';
import { silentLogger, type Logger } from '../../../migration/ports';
import { composeStore, type Store, type StoreRoles } from '../../../migration/store';
import { auditLog } from './audit';
import { botStateStorage } from './bot-state';
import { coexistenceResults } from './coexistence';
import { conversationRefs } from './conversation-refs';
import { dashboardAccess, dashboardQueries } from './dashboard';
import { createPool } from './db';
import { jobHistory } from './history';
import { jobLedger } from './jobs';
import { proposalStore } from './proposals';
import { migratePostgres } from './schema';
import { scheduleLedger } from './schedule';
import { simulatorState } from './simulator';

export interface PostgresStoreOptions {
  logger?: Logger;
  poolSize?: number;
}

const UrlSchema = z.string().regex(/^postgres(ql)?:\/\/./i, 'expected a postgres:// or postgresql:// URL');
const PoolSizeSchema = z.number().int().min(1).max(1000);

/**
 * Every store role on connection pools to the database at `url`. The item hot path (claims,
 * heartbeats, item outcomes with their audit events, lease releases) and the simulator's facts
 * have a pool of their own, so a burst of card reads or proposals never queues a move's outcome
 * behind it. Every commit waits for the WAL flush: an item's state is durable before its backend
 * call (the claim) and after it (the outcome with its audit event), even across a crash of the
 * database server.
 */
export function postgresRoles(url: string, opts: PostgresStoreOptions = {}): StoreRoles {
  const logger = (opts.logger ?? silentLogger).child({ component: 'store', engine: 'postgres' });
  const size = PoolSizeSchema.parse(opts.poolSize ?? 10);
  const pool = createPool(UrlSchema.parse(url), size, logger);
  const hot = createPool(UrlSchema.parse(url), size, logger);
  let closed = false;
  return {
    lifecycle: {
      engine: 'postgres',
      async init() {
        await migratePostgres(pool, logger);
      },
      async close() {
        if (closed) return;
        closed = true;
        await Promise.all([pool.end(), hot.end()]);
      },
    },
    proposals: proposalStore(pool),
    jobs: jobLedger(pool, hot),
    history: jobHistory(pool),
    audit: auditLog(pool),
    conversationRefs: conversationRefs(pool),
    coexistence: coexistenceResults(pool),
    botState: botStateStorage(pool),
    simulator: simulatorState(hot),
    schedules: scheduleLedger(pool),
    dashboard: dashboardQueries(pool),
    dashboardAccess: dashboardAccess(pool),
  };
}

/** The PostgreSQL store; call init() before use. */
export function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Store {
  return composeStore(postgresRoles(url, opts));
}

// Several compiled bot replicas on one throw-away PostgreSQL database, driven by one chat client
// whose connector is a local sink: what the replica end-to-end tests start and tear down.
// Without PostgreSQL the suite is skipped locally and fails under CI (see ../store/pg-database.ts).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Ledger } from '../../../testkit/replicas/ledger';
import { ReplicaClient, startConnectorSink, type ConnectorSink } from '../../../testkit/replicas/client';
import { startReplica, type Replica } from '../../../testkit/replicas/process';
import { requireTestDatabase, type TestDatabase } from '../store/pg-database';

const ROOT = path.resolve(__dirname, '../../..');

export interface ReplicaCluster {
  db: TestDatabase;
  ledger: Ledger;
  client: ReplicaClient;
  sink: ConnectorSink;
  /** Every replica started so far, by name (a restart replaces the entry). */
  replicas: Map<string, Replica>;
  /** Starts a replica on the shared database; `env` adds to or overrides the cluster's. */
  start(name: string, options?: { env?: Record<string, string>; port?: number }): Promise<Replica>;
  close(): Promise<void>;
}

/** Builds dist/ when it is older than the sources: the replicas run the compiled CLI. */
export function ensureBuilt(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-if-needed.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function startReplicaCluster(suite: Mocha.Context, env: Record<string, string>): Promise<ReplicaCluster> {
  const db = await requireTestDatabase(suite);
  const sink = await startConnectorSink();
  const ledger = new Ledger(db.url);
  const replicas = new Map<string, Replica>();
  return {
    db,
    ledger,
    sink,
    client: new ReplicaClient(sink.url),
    replicas,
    async start(name, options = {}) {
      const replica = await startReplica({ name, port: options.port, env: { LYNCOPS_UNAUTHENTICATED: 'allow', ...env, STORE_URL: db.url, ...options.env } });
      replicas.set(name, replica);
      return replica;
    },
    async close() {
      await Promise.allSettled([...replicas.values()].map((r) => r.stop(5_000)));
      await Promise.allSettled([ledger.close(), sink.close()]);
      await db.drop();
    },
  };
}

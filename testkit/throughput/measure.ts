// Throughput of one site move, measured from outside: the bot replicas are compiled processes on
// a SQLite file or a PostgreSQL database; the time runs from the confirming click to the job's
// finished_at in the store. Next to it, the backend's own pace: the same moves through the
// simulated backend with its state in memory and nothing else (the ideal with zero store cost).
// PostgreSQL replicas count their statements (pg-count.ts preloaded), read before the move is
// asked for and once the job has finished, so the figure covers planning, confirming and running.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MemorySimulatorState, SimulatedLyncBackend } from '../../adapters/lync/simulated';
import { parseTopology } from '../../migration/topology';
import { cardAction, ReplicaClient, startConnectorSink } from '../replicas/client';
import { pollUntil } from '../replicas/ledger';
import { startReplica, type Replica } from '../replicas/process';
import { DRILL_SITE, DRILL_SOURCE_POOL, DRILL_TARGET_POOL } from '../replicas/topology';

const compiled = path.basename(path.resolve(__dirname, '../..')) === 'dist';
const COUNTER = path.resolve(__dirname, compiled ? '../replicas/pg-count.js' : '../../dist/testkit/replicas/pg-count.js');

export interface MoveSetup {
  topologyFile: string;
  latencyMs: number;
  concurrency: number;
}

/**
 * The simulated backend alone: every user of the drill site read and moved (what a job item does)
 * by `concurrency` workers, the simulator's state in memory. Returns milliseconds.
 */
export async function backendPace(setup: MoveSetup): Promise<number> {
  const topology = parseTopology(JSON.parse(readFileSync(setup.topologyFile, 'utf8')));
  const backend = new SimulatedLyncBackend({ topology, state: new MemorySimulatorState(), moveLatencyMs: setup.latencyMs, transientFailureRate: 0 });
  const users = topology.users.filter((u) => u.homePool === DRILL_SOURCE_POOL && !u.testUser).map((u) => u.sip);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: setup.concurrency }, async () => {
      while (next < users.length) {
        const sip = users[next++];
        const user = await backend.getUser(sip);
        if (user && user.registrarPool !== DRILL_TARGET_POOL) await backend.moveLegacyUser(sip, DRILL_TARGET_POOL);
      }
    }),
  );
  return performance.now() - started;
}

/** What the drill reads from the store the replicas share. */
interface StoreProbe {
  job(): Promise<{ id: number; state: string; totalItems: number; finishedAt: number | null } | undefined>;
  /** Move records to the target pool, and how many distinct users they name. */
  moves(): Promise<{ records: number; users: number }>;
  close(): Promise<void>;
}

function sqliteProbe(file: string): StoreProbe {
  let db: Database.Database | undefined;
  const open = () => (db ??= new Database(file, { readonly: true, fileMustExist: true }));
  return {
    async job() {
      const row = open().prepare('SELECT id, state, total_items AS totalItems, finished_at AS finishedAt FROM jobs ORDER BY id DESC LIMIT 1').get();
      return row as Awaited<ReturnType<StoreProbe['job']>>;
    },
    async moves() {
      return open().prepare('SELECT count(*) AS records, count(DISTINCT lower(object)) AS users FROM sim_moves WHERE to_pool = ?').get(DRILL_TARGET_POOL) as { records: number; users: number };
    },
    async close() {
      db?.close();
    },
  };
}

function postgresProbe(url: string): StoreProbe {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  return {
    async job() {
      const { rows } = await pool.query(
        'SELECT id::int AS id, state, total_items AS "totalItems", finished_at::float8 AS "finishedAt" FROM jobs ORDER BY id DESC LIMIT 1',
      );
      return rows[0] as Awaited<ReturnType<StoreProbe['job']>>;
    },
    async moves() {
      const { rows } = await pool.query('SELECT count(*)::int AS records, count(DISTINCT lower(object))::int AS users FROM sim_moves WHERE to_pool = $1', [DRILL_TARGET_POOL]);
      return rows[0] as { records: number; users: number };
    },
    close: () => pool.end(),
  };
}

export interface MoveRun {
  engine: 'sqlite' | 'postgres';
  replicas: number;
  /** Confirming click to the job's finished_at. */
  ms: number;
  state: string;
  items: number;
  moved: number;
  movedTwice: number;
  /** PostgreSQL only: statements of all replicas from the move request to the job's end. */
  statements?: number;
  /** CPU time the replica processes used over the same span (Linux /proc), when readable. */
  cpuMs?: number;
}

/** User plus system CPU time of a process in milliseconds, from /proc (Linux); undefined elsewhere. */
function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 a second).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function totalCpuMs(replicas: Replica[]): number | undefined {
  const times = replicas.map((r) => cpuTimeMs(r.pid));
  return times.every((t) => t !== undefined) ? times.reduce((a, b) => a + b, 0) : undefined;
}

function readCount(file: string): number {
  if (!existsSync(file)) return 0;
  return (JSON.parse(readFileSync(file, 'utf8')) as { statements: number }).statements;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One site move of the drill site on `replicas` fresh bot processes sharing `storeUrl` (a SQLite
 * file path or a postgres:// URL of an empty database): asked for on the first replica, confirmed
 * on the last, finished when the store says so.
 */
export async function measureMove(setup: MoveSetup & { storeUrl: string; replicas: number; workDir: string; leaseMs?: number }): Promise<MoveRun> {
  const engine = /^postgres(ql)?:\/\//.test(setup.storeUrl) ? 'postgres' : 'sqlite';
  const sink = await startConnectorSink();
  const started: Replica[] = [];
  const counters = Array.from({ length: setup.replicas }, (_, i) => path.join(setup.workDir, `statements-${engine}-${setup.replicas}-${i}.json`));
  let probe: StoreProbe | undefined;
  try {
    const env = {
      LYNCOPS_UNAUTHENTICATED: 'allow',
      STORE_URL: setup.storeUrl,
      TOPOLOGY_FILE: setup.topologyFile,
      SIM_MOVE_LATENCY_MS: String(setup.latencyMs),
      SIM_TRANSIENT_FAILURE_RATE: '0',
      JOB_CONCURRENCY: String(setup.concurrency),
      JOB_LEASE_MS: String(setup.leaseMs ?? 30_000),
      NOTIFY_MOVED_USERS: 'false',
      LOG_LEVEL: 'info',
    };
    // One after the other: the first creates the schema.
    for (let i = 0; i < setup.replicas; i++) {
      const counted = engine === 'postgres' ? { nodeArgs: ['-r', COUNTER], env: { ...env, PG_STATEMENT_COUNT_FILE: counters[i] } } : { env };
      started.push(await startReplica({ name: String.fromCharCode(65 + i), ...counted }));
    }
    probe = engine === 'postgres' ? postgresProbe(setup.storeUrl) : sqliteProbe(setup.storeUrl);
    const client = new ReplicaClient(sink.url);
    await settle(200);
    const before = counters.map(readCount);
    const cpuBefore = totalCpuMs(started);
    const proposal = await client.sayForCard(started[0].url, `move site ${DRILL_SITE} to Lync 2013 force`);
    const confirm = cardAction(proposal, 'proposal.confirm');
    if (!confirm) throw new Error('the move proposal has no confirm button');
    const t0 = Date.now();
    const answer = await client.invoke(started[started.length - 1].url, confirm.verb, confirm.data);
    if (answer.status !== 200) throw new Error(`confirming answered with HTTP ${answer.status}`);
    const job = await pollUntil(
      async () => {
        const row = await probe!.job();
        return row && row.finishedAt !== null && !['queued', 'running', 'cancelling', 'scheduled', 'paused'].includes(row.state) ? row : undefined;
      },
      'the job to finish',
      30 * 60_000,
      100,
    );
    // The final card update and the last counter write.
    await settle(300);
    const after = counters.map(readCount);
    const cpuAfter = totalCpuMs(started);
    const moves = await probe.moves();
    return {
      engine,
      replicas: setup.replicas,
      ms: job.finishedAt! - t0,
      state: job.state,
      items: job.totalItems,
      moved: moves.users,
      movedTwice: moves.records - moves.users,
      ...(engine === 'postgres' ? { statements: after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0) } : {}),
      ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMs: cpuAfter - cpuBefore } : {}),
    };
  } finally {
    await Promise.allSettled(started.map((r) => r.stop(5_000)));
    await Promise.allSettled([probe?.close(), sink.close()]);
  }
}

// What the replicas share, read straight from their PostgreSQL database: jobs, item states and
// leases, audit events; throw-away databases for a drill; polling until a condition holds; and
// the simulator's move records through `lyncops sim moves` (the operator's view of the store).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { DEFAULT_CLI } from './process';

export interface JobRow {
  id: number;
  proposalId: number;
  state: string;
  totalItems: number;
}

export interface LeaseRow {
  id: number;
  owner: string;
  leaseUntil: number;
}

export interface ItemRow {
  id: number;
  key: string;
  state: string;
  attempts: number;
  updatedAt: number;
}

export interface MoveRecord {
  at: number;
  cmdlet: string;
  object: string;
  fromPool: string;
  toPool: string;
}

const ITEM_STATES = ['pending', 'running', 'done', 'failed', 'cancelled', 'skipped'] as const;
export type ItemStateCounts = Record<(typeof ITEM_STATES)[number], number>;

export class Ledger {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on('error', () => undefined);
  }

  async jobs(): Promise<JobRow[]> {
    const { rows } = await this.pool.query('SELECT id::int AS id, proposal_id::int AS "proposalId", state, total_items AS "totalItems" FROM jobs ORDER BY id');
    return rows as JobRow[];
  }

  async job(id: number): Promise<JobRow | undefined> {
    return (await this.jobs()).find((j) => j.id === id);
  }

  async counts(jobId: number): Promise<ItemStateCounts> {
    const counts = Object.fromEntries(ITEM_STATES.map((s) => [s, 0])) as ItemStateCounts;
    const { rows } = await this.pool.query<{ state: keyof ItemStateCounts; n: number }>('SELECT state, count(*)::int AS n FROM items WHERE job_id = $1 GROUP BY state', [jobId]);
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** Items leased right now (running, or pending and leased ahead), with their owner and lease end. */
  async leases(jobId: number): Promise<LeaseRow[]> {
    const { rows } = await this.pool.query(
      `SELECT id::int AS id, lease_owner AS owner, lease_until::float8 AS "leaseUntil" FROM items WHERE job_id = $1 AND state IN ('pending', 'running') AND lease_owner IS NOT NULL ORDER BY id`,
      [jobId],
    );
    return rows as LeaseRow[];
  }

  async items(ids: number[]): Promise<ItemRow[]> {
    const { rows } = await this.pool.query(
      'SELECT id::int AS id, key, state, attempts, updated_at::float8 AS "updatedAt" FROM items WHERE id = ANY($1::bigint[]) ORDER BY id',
      [ids],
    );
    return rows as ItemRow[];
  }

  async itemKeys(jobId: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ key: string }>('SELECT key FROM items WHERE job_id = $1 ORDER BY seq', [jobId]);
    return rows.map((r) => r.key);
  }

  /** The job's failed items with their error, for a failure message that says why. */
  async failures(jobId: number): Promise<Array<{ key: string; attempts: number; errorCode: string | null; errorMessage: string | null }>> {
    const { rows } = await this.pool.query(
      `SELECT key, attempts, error_code AS "errorCode", error_message AS "errorMessage" FROM items WHERE job_id = $1 AND state = 'failed' ORDER BY seq LIMIT 20`,
      [jobId],
    );
    return rows as Array<{ key: string; attempts: number; errorCode: string | null; errorMessage: string | null }>;
  }

  /** How often each item of the job was reported done in the audit trail. */
  async doneEvents(jobId: number): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ target: string; n: number }>(
      `SELECT target, count(*)::int AS n FROM audit WHERE event = 'item.done' AND details->>'jobId' = $1 GROUP BY target`,
      [String(jobId)],
    );
    return new Map(rows.map((r) => [r.target, r.n]));
  }

  /** A scheduled job's start: when it was due, its state, when and by whom it was started. */
  async schedule(jobId: number): Promise<ScheduleRow | undefined> {
    const { rows } = await this.pool.query(
      `SELECT start_at::float8 AS "startAt", state, started_at::float8 AS "startedAt",
              (SELECT details->>'worker' FROM audit WHERE event = 'job.scheduledStart' AND target = $2 ORDER BY id LIMIT 1) AS "startedBy",
              (SELECT count(*)::int FROM audit WHERE event = 'job.scheduledStart' AND target = $2) AS starts
       FROM job_schedules WHERE job_id = $1`,
      [jobId, String(jobId)],
    );
    return rows[0] as ScheduleRow | undefined;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export interface ScheduleRow {
  startAt: number;
  state: string;
  startedAt: number | null;
  /** The worker id of the job.scheduledStart audit event. */
  startedBy: string | null;
  /** How many job.scheduledStart events the job has. */
  starts: number;
}

/** Polls `probe` until it returns something other than undefined/false; fails after `timeoutMs`. */
export async function pollUntil<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The simulator's move records as `lyncops sim moves` prints them from the store. */
export async function simMoves(storeUrl: string, cliPath = DEFAULT_CLI): Promise<MoveRecord[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [cliPath, 'sim', 'moves'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', STORE_URL: storeUrl, LOG_LEVEL: 'warn' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as MoveRecord);
}

export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Runs `work` on a connection to the database `adminUrl` names, closed afterwards. */
export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database next to the one `adminUrl` names, dropped (connections and all) by drop(). */
export async function createThrowawayDatabase(adminUrl: string, prefix = 'lyncops_drill'): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdmin(adminUrl, async (c) => {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      }),
  };
}

// Read-only views of a lyncops SQLite file for the robustness suite: snapshots of the state that
// hostile input must never change, audit rows written since a point, jobs and their
// items. The file is opened read-only beside the running bot (WAL lets readers in).
import Database from 'better-sqlite3';

/** The deployment-changing state: what a refused or malformed request must leave untouched. */
export const DEPLOYMENT_TABLES = ['proposals', 'jobs', 'items', 'sim_facts', 'sim_moves', 'coexistence_results'] as const;
/** Everything the bot writes; an unauthenticated request must not touch any of it. */
export const ALL_TABLES = [...DEPLOYMENT_TABLES, 'audit', 'conversation_refs', 'bot_state'] as const;

export type Table = (typeof ALL_TABLES)[number];
export type Snapshot = Record<string, unknown[]>;

function withDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return read(db);
  } finally {
    db.close();
  }
}

/** Every row of the given tables, in a stable order, taken in one read transaction. */
export function snapshot(file: string, tables: readonly Table[] = DEPLOYMENT_TABLES): Snapshot {
  return withDb(file, (db) =>
    db.transaction(() => Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()])))(),
  );
}

export interface AuditRow {
  id: number;
  actor: { id: string; name: string; role: string };
  event: string;
  target: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
}

export function lastAuditId(file: string): number {
  return withDb(file, (db) => (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit').get() as { id: number }).id);
}

/** Audit rows written after row `afterId`, oldest first. */
export function auditSince(file: string, afterId: number): AuditRow[] {
  const rows = withDb(file, (db) => db.prepare('SELECT id, actor, event, target, outcome, details FROM audit WHERE id > ? ORDER BY id').all(afterId)) as Array<
    Omit<AuditRow, 'actor' | 'details'> & { actor: string; details: string | null }
  >;
  return rows.map((r) => ({ ...r, actor: JSON.parse(r.actor) as AuditRow['actor'], details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null }));
}

/** Items of a job leased right now: running, or pending and leased ahead by a worker. */
export function leasedItems(file: string, jobId: string): number {
  return withDb(file, (db) => (db.prepare("SELECT COUNT(*) AS n FROM items WHERE job_id = ? AND state IN ('pending', 'running') AND lease_owner IS NOT NULL").get(Number(jobId)) as { n: number }).n);
}

/** Items per state for one job (or all jobs). */
export function itemStates(file: string, jobId?: string): Record<string, number> {
  const rows = withDb(file, (db) =>
    jobId === undefined
      ? db.prepare('SELECT state, COUNT(*) AS n FROM items GROUP BY state').all()
      : db.prepare('SELECT state, COUNT(*) AS n FROM items WHERE job_id = ? GROUP BY state').all(Number(jobId)),
  ) as Array<{ state: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

export interface JobRow {
  id: number;
  state: string;
  total_items: number;
}

export function jobs(file: string): JobRow[] {
  return withDb(file, (db) => db.prepare('SELECT id, state, total_items FROM jobs ORDER BY id').all()) as JobRow[];
}

export interface ItemRow {
  key: string;
  kind: string;
  state: string;
  attempts: number;
  to_pool: string;
}

export function jobItems(file: string, jobId: string): ItemRow[] {
  return withDb(file, (db) => db.prepare('SELECT key, kind, state, attempts, to_pool FROM items WHERE job_id = ? ORDER BY seq').all(Number(jobId))) as ItemRow[];
}


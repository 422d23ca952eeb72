// PostgreSQL facts of the Lync simulator (shared by every replica) and its move records, each move
// appended by the statement of the change. The SimulatorStateStore role.
import type pg from 'pg';
import type { SimMoveRecord, SimulatorStateStore } from '../../../migration/store';
import { SimCountRow, SimFactRow, SimKindFactRow, SimMoveRow } from '../common/records';
import { bindRole } from '../common/roles';
import { prepared, type Queryable } from './db';

export async function simGet(db: Queryable, kind: string, key: string): Promise<string | undefined> {
  const { rows } = await db.query(prepared('simGet', 'SELECT key, value FROM sim_facts WHERE kind = $1 AND key = $2', [kind, key]));
  return rows.length ? SimFactRow.parse(rows[0]).value : undefined;
}

export async function simGetMany(db: Queryable, facts: ReadonlyArray<{ kind: string; key: string }>): Promise<Array<string | undefined>> {
  if (facts.length === 0) return [];
  const { rows } = await db.query(
    prepared(
      'simGetMany',
      `SELECT f.kind, f.key, f.value FROM sim_facts f
       JOIN unnest($1::text[], $2::text[]) AS wanted(kind, key) ON f.kind = wanted.kind AND f.key = wanted.key`,
      [facts.map((f) => f.kind), facts.map((f) => f.key)],
    ),
  );
  const found = new Map(
    rows.map((r) => {
      const row = SimKindFactRow.parse(r);
      return [`${row.kind}\u0000${row.key}`, row.value];
    }),
  );
  return facts.map((f) => found.get(`${f.kind}\u0000${f.key}`));
}

export async function simList(db: Queryable, kind: string): Promise<Array<{ key: string; value: string }>> {
  const { rows } = await db.query('SELECT key, value FROM sim_facts WHERE kind = $1 ORDER BY key', [kind]);
  return rows.map((r) => SimFactRow.parse(r));
}

// The fact's change and its move record are one statement (a data-modifying WITH): they commit
// together without a transaction around them.
const APPEND_MOVE = `INSERT INTO sim_moves (at, cmdlet, object, from_pool, to_pool)
  SELECT $4::bigint, $5::text, $6::text, $7::text, $8::text FROM changed WHERE $4::bigint IS NOT NULL`;

function moveParams(move: SimMoveRecord | undefined): unknown[] {
  return move ? [move.at, move.cmdlet, move.object, move.fromPool, move.toPool] : [null, null, null, null, null];
}

export async function simSet(db: Queryable, kind: string, key: string, value: string, move?: SimMoveRecord): Promise<void> {
  await db.query(
    `WITH changed AS (
       INSERT INTO sim_facts (kind, key, value) VALUES ($1, $2, $3) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value RETURNING 1),
     moved AS (${APPEND_MOVE})
     SELECT count(*)::int AS n FROM changed`,
    [kind, key, value, ...moveParams(move)],
  );
}

export async function simCompareAndSet(
  db: Queryable,
  kind: string,
  key: string,
  expected: string | undefined,
  value: string,
  move?: SimMoveRecord,
): Promise<boolean> {
  // Atomic on its own: the insert loses to a concurrent insert of the same key, the update
  // re-checks the value after waiting for a concurrent writer's row lock.
  const change =
    expected === undefined
      ? 'INSERT INTO sim_facts (kind, key, value) VALUES ($1, $2, $3) ON CONFLICT (kind, key) DO NOTHING RETURNING 1'
      : 'UPDATE sim_facts SET value = $3 WHERE kind = $1 AND key = $2 AND value = $9 RETURNING 1';
  const { rows } = await db.query(
    prepared(
      expected === undefined ? 'simCreate' : 'simCompareAndSet',
      `WITH changed AS (${change}), moved AS (${APPEND_MOVE}) SELECT count(*)::int AS n FROM changed`,
      [kind, key, value, ...moveParams(move), ...(expected === undefined ? [] : [expected])],
    ),
  );
  return (rows[0] as { n: number }).n > 0;
}

export async function simCountByValue(db: Queryable, kind: string): Promise<Record<string, number>> {
  const { rows } = await db.query('SELECT value, count(*) AS n FROM sim_facts WHERE kind = $1 GROUP BY value', [kind]);
  const counts: Record<string, number> = {};
  for (const raw of rows) {
    const row = SimCountRow.parse(raw);
    counts[row.value] = row.n;
  }
  return counts;
}

export async function simMoves(db: Queryable): Promise<SimMoveRecord[]> {
  const { rows } = await db.query('SELECT at, cmdlet, object, from_pool, to_pool FROM sim_moves ORDER BY id');
  return rows.map((r) => {
    const row = SimMoveRow.parse(r);
    return { at: row.at, cmdlet: row.cmdlet, object: row.object, fromPool: row.from_pool, toPool: row.to_pool };
  });
}

export function simulatorState(pool: pg.Pool): SimulatorStateStore {
  return bindRole(pool, { simGet, simGetMany, simList, simSet, simCompareAndSet, simCountByValue, simMoves });
}

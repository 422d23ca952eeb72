// PostgreSQL facts of the Lync simulator (shared by every replica) and its move records, each move
// appended in the transaction of the change. The SimulatorStateStore role.
import type pg from 'pg';
import type { SimMoveRecord, SimulatorStateStore } from '../../../migration/store';
import { SimCountRow, SimFactRow, SimMoveRow } from '../common/records';
import { bindRole } from '../common/roles';
import { type Queryable, inTransaction } from './db';

export async function simGet(db: Queryable, kind: string, key: string): Promise<string | undefined> {
  const { rows } = await db.query('SELECT key, value FROM sim_facts WHERE kind = $1 AND key = $2', [kind, key]);
  return rows.length ? SimFactRow.parse(rows[0]).value : undefined;
}

export async function simList(db: Queryable, kind: string): Promise<Array<{ key: string; value: string }>> {
  const { rows } = await db.query('SELECT key, value FROM sim_facts WHERE kind = $1 ORDER BY key', [kind]);
  return rows.map((r) => SimFactRow.parse(r));
}

async function appendMove(db: Queryable, move: SimMoveRecord): Promise<void> {
  await db.query('INSERT INTO sim_moves (at, cmdlet, object, from_pool, to_pool) VALUES ($1, $2, $3, $4, $5)', [
    move.at, move.cmdlet, move.object, move.fromPool, move.toPool,
  ]);
}

export function simSet(pool: pg.Pool, kind: string, key: string, value: string, move?: SimMoveRecord): Promise<void> {
  return inTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO sim_facts (kind, key, value) VALUES ($1, $2, $3) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value`,
      [kind, key, value],
    );
    if (move) await appendMove(client, move);
  });
}

export function simCompareAndSet(
  pool: pg.Pool,
  kind: string,
  key: string,
  expected: string | undefined,
  value: string,
  move?: SimMoveRecord,
): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    // Both statements are atomic on their own: the insert loses to a concurrent insert of the same
    // key, the update re-checks the value after waiting for a concurrent writer's row lock.
    const { rowCount } =
      expected === undefined
        ? await client.query('INSERT INTO sim_facts (kind, key, value) VALUES ($1, $2, $3) ON CONFLICT (kind, key) DO NOTHING', [kind, key, value])
        : await client.query('UPDATE sim_facts SET value = $1 WHERE kind = $2 AND key = $3 AND value = $4', [value, kind, key, expected]);
    if (!rowCount) return false;
    if (move) await appendMove(client, move);
    return true;
  });
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
  return bindRole(pool, { simGet, simList, simSet, simCompareAndSet, simCountByValue, simMoves });
}

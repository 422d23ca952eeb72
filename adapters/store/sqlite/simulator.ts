// SQLite facts of the Lync simulator (shared by every process on the file) and its move records,
// each move appended in the transaction of the change. The SimulatorStateStore role.
import type { SimMoveRecord, SimulatorStateStore } from '../../../migration/store';
import { SimCountRow, SimFactRow, SimMoveRow } from '../common/records';
import { bindRole } from '../common/roles';
import type { Statements } from './statements';

export function simGet(s: Statements, kind: string, key: string): string | undefined {
  const row = s.get('SELECT value FROM sim_facts WHERE kind = ? AND key = ?').get(kind, key) as { value: string } | undefined;
  return row?.value;
}

export function simGetMany(s: Statements, facts: ReadonlyArray<{ kind: string; key: string }>): Array<string | undefined> {
  return facts.map((f) => simGet(s, f.kind, f.key));
}

export function simList(s: Statements, kind: string): Array<{ key: string; value: string }> {
  return s
    .get('SELECT key, value FROM sim_facts WHERE kind = ? ORDER BY key')
    .all(kind)
    .map((r) => SimFactRow.parse(r));
}

function appendMove(s: Statements, move: SimMoveRecord): void {
  s.get('INSERT INTO sim_moves (at, cmdlet, object, from_pool, to_pool) VALUES (?, ?, ?, ?, ?)').run(
    move.at, move.cmdlet, move.object, move.fromPool, move.toPool,
  );
}

export function simSet(s: Statements, kind: string, key: string, value: string, move?: SimMoveRecord): void {
  const run = s.db.transaction(() => {
    s.get(
      `INSERT INTO sim_facts (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value`,
    ).run(kind, key, value);
    if (move) appendMove(s, move);
  });
  run.immediate();
}

function compareAndSetFact(s: Statements, kind: string, key: string, expected: string | undefined, value: string, move?: SimMoveRecord): boolean {
  const info =
    expected === undefined
      ? s.get('INSERT INTO sim_facts (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO NOTHING').run(kind, key, value)
      : s.get('UPDATE sim_facts SET value = ? WHERE kind = ? AND key = ? AND value = ?').run(value, kind, key, expected);
  if (info.changes === 0) return false;
  if (move) appendMove(s, move);
  return true;
}

export function simCompareAndSet(
  s: Statements,
  kind: string,
  key: string,
  expected: string | undefined,
  value: string,
  move?: SimMoveRecord,
): boolean {
  return s.transaction(compareAndSetFact).immediate(s, kind, key, expected, value, move);
}

export function simCountByValue(s: Statements, kind: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const raw of s.get('SELECT value, count(*) AS n FROM sim_facts WHERE kind = ? GROUP BY value').all(kind)) {
    const row = SimCountRow.parse(raw);
    counts[row.value] = row.n;
  }
  return counts;
}

export function simMoves(s: Statements): SimMoveRecord[] {
  return s
    .get('SELECT at, cmdlet, object, from_pool, to_pool FROM sim_moves ORDER BY id')
    .all()
    .map((r) => {
      const row = SimMoveRow.parse(r);
      return { at: row.at, cmdlet: row.cmdlet, object: row.object, fromPool: row.from_pool, toPool: row.to_pool };
    });
}

export function simulatorState(s: Statements): SimulatorStateStore {
  return bindRole(s, { simGet, simGetMany, simList, simSet, simCompareAndSet, simCountByValue, simMoves });
}

// SQLite audit log, conversation references, coexistence results, bot state (eTag optimistic
// concurrency, all-or-nothing per call) and the simulator's shared facts.
import type { AuditEvent, CoexistenceResult } from '../../../migration/model';
import type { SimMoveRecord, StoredState } from '../../../migration/ports';
import {
  SimCountRow,
  SimFactRow,
  SimMoveRow,
  StateRow,
  toAuditEvent,
  toCoexistenceResult,
  toConversationRef,
} from '../common/records';
import { eTagConflict, newETag } from '../common/rules';
import { Statements, decodeSqliteJson as decode, json } from './statements';

export function appendAudit(s: Statements, e: AuditEvent): void {
  s.get(
    `INSERT INTO audit (at, actor, event, site, site_key, target, outcome, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.at, json(e.actor), e.event, e.site ?? null, e.site?.toLowerCase() ?? null, e.target ?? null, e.outcome, json(e.details));
}

export function listAudit(s: Statements, opts: { site?: string; limit: number }): AuditEvent[] {
  const limit = Math.max(0, Math.floor(opts.limit));
  const rows =
    opts.site === undefined
      ? s.get('SELECT * FROM audit ORDER BY at DESC, id DESC LIMIT ?').all(limit)
      : s.get('SELECT * FROM audit WHERE site_key = ? ORDER BY at DESC, id DESC LIMIT ?').all(opts.site.toLowerCase(), limit);
  return rows.map((r) => toAuditEvent(r, decode));
}

export function saveConversationRef(s: Statements, userKey: string, ref: Record<string, unknown>, now: number): void {
  s.get(
    `INSERT INTO conversation_refs (user_key, ref, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (user_key) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
  ).run(userKey, json(ref), now);
}

export function getConversationRef(s: Statements, userKey: string): Record<string, unknown> | null {
  const row = s.get('SELECT ref FROM conversation_refs WHERE user_key = ?').get(userKey) as { ref: unknown } | undefined;
  return row ? toConversationRef(row.ref, decode) : null;
}

export function saveCoexistenceResult(s: Statements, r: CoexistenceResult): void {
  s.get('INSERT INTO coexistence_results (site_key, at, data) VALUES (?, ?, ?)').run(r.site.toLowerCase(), r.at, json(r));
}

export function lastCoexistenceResult(s: Statements, site: string): CoexistenceResult | null {
  const row = s
    .get('SELECT data FROM coexistence_results WHERE site_key = ? ORDER BY at DESC, id DESC LIMIT 1')
    .get(site.toLowerCase()) as { data: unknown } | undefined;
  return row ? toCoexistenceResult(row.data, decode) : null;
}

export function readState(s: Statements, keys: string[]): StoredState[] {
  if (keys.length === 0) return [];
  // A turn reads one key (its user's state); json_each costs more than the lookup itself.
  const rows =
    keys.length === 1
      ? s.get('SELECT key, value, etag FROM bot_state WHERE key = ?').all(keys[0])
      : s.get('SELECT key, value, etag FROM bot_state WHERE key IN (SELECT value FROM json_each(?))').all(JSON.stringify(keys));
  const found = new Map<string, StoredState>();
  for (const raw of rows) {
    const row = StateRow.parse(raw);
    found.set(row.key, { key: row.key, value: decode(row.value), eTag: row.etag });
  }
  return keys.flatMap((k) => found.get(k) ?? []);
}

/**
 * botbuilder Storage semantics: eTag '*' or absent writes unconditionally, a key that does not
 * exist yet is written whatever eTag came with it, otherwise the eTag must match the stored one.
 * Unlike botbuilder's MemoryStorage a conflict rolls back the whole call.
 */
export function writeState(s: Statements, changes: Array<{ key: string; value: unknown; eTag?: string }>): void {
  s.transaction(writeStateChanges).immediate(s, changes);
}

function writeStateChanges(s: Statements, changes: Array<{ key: string; value: unknown; eTag?: string }>): void {
  for (const change of changes) {
    const conditional = change.eTag !== undefined && change.eTag !== '*';
    const info = s
      .get(
        `INSERT INTO bot_state (key, value, etag) VALUES (@key, @value, @etag)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag
         WHERE NOT @conditional OR bot_state.etag = @expected`,
      )
      .run({
        key: change.key,
        value: JSON.stringify(change.value ?? null),
        etag: newETag(),
        conditional: conditional ? 1 : 0,
        expected: change.eTag ?? null,
      });
    if (info.changes === 0) throw eTagConflict(change.key);
  }
}

export function deleteState(s: Statements, keys: string[]): void {
  if (keys.length) s.get('DELETE FROM bot_state WHERE key IN (SELECT value FROM json_each(?))').run(JSON.stringify(keys));
}

export function simGet(s: Statements, kind: string, key: string): string | undefined {
  const row = s.get('SELECT value FROM sim_facts WHERE kind = ? AND key = ?').get(kind, key) as { value: string } | undefined;
  return row?.value;
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

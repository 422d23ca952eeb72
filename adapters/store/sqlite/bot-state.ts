// SQLite bot state: botbuilder Storage semantics with eTag optimistic concurrency, all or nothing per
// call. The BotStateStorage role.
import type { BotStateStorage, StoredState } from '../../../migration/store';
import { StateRow } from '../common/records';
import { bindRole } from '../common/roles';
import { eTagConflict, newETag } from '../common/rules';
import { Statements, decodeSqliteJson as decode } from './statements';

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

export function botStateStorage(s: Statements): BotStateStorage {
  return bindRole(s, { readState, writeState, deleteState });
}

// PostgreSQL bot state: botbuilder Storage semantics with eTag optimistic concurrency, all or nothing
// per call (rows locked in key order). The BotStateStorage role.
import type pg from 'pg';
import type { BotStateStorage, StoredState } from '../../../migration/store';
import { StateRow } from '../common/records';
import { bindRole } from '../common/roles';
import { eTagConflict, newETag, orderStateChanges } from '../common/rules';
import { type Queryable, decodePgJson as decode, inTransaction } from './db';

export async function readState(db: Queryable, keys: string[]): Promise<StoredState[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query('SELECT key, value, etag FROM bot_state WHERE key = ANY($1::text[])', [keys]);
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
export function writeState(pool: pg.Pool, changes: Array<{ key: string; value: unknown; eTag?: string }>): Promise<void> {
  if (changes.length === 0) return Promise.resolve();
  return inTransaction(pool, async (client) => {
    for (const change of orderStateChanges(changes)) {
      const conditional = change.eTag !== undefined && change.eTag !== '*';
      const { rowCount } = await client.query(
        `INSERT INTO bot_state (key, value, etag) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag
         WHERE NOT $4::boolean OR bot_state.etag = $5::text`,
        [change.key, JSON.stringify(change.value ?? null), newETag(), conditional, change.eTag ?? null],
      );
      if (!rowCount) throw eTagConflict(change.key);
    }
  });
}

export async function deleteState(db: Queryable, keys: string[]): Promise<void> {
  if (keys.length) await db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
}

export function botStateStorage(pool: pg.Pool): BotStateStorage {
  return bindRole(pool, { readState, writeState, deleteState });
}

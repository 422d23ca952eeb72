// PostgreSQL audit log, conversation references, coexistence results, bot state (eTag optimistic
// concurrency, all-or-nothing per call) and the simulator's shared facts.
import type pg from 'pg';
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
import { eTagConflict, newETag, orderStateChanges } from '../common/rules';
import { type Queryable, decodePgJson as decode, inTransaction, json } from './db';

export async function appendAudit(db: Queryable, e: AuditEvent): Promise<void> {
  await db.query(
    `INSERT INTO audit (at, actor, event, site, site_key, target, outcome, details) VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8::jsonb)`,
    [e.at, json(e.actor), e.event, e.site ?? null, e.site?.toLowerCase() ?? null, e.target ?? null, e.outcome, json(e.details)],
  );
}

export async function listAudit(db: Queryable, opts: { site?: string; limit: number }): Promise<AuditEvent[]> {
  const limit = Math.max(0, Math.floor(opts.limit));
  const { rows } =
    opts.site === undefined
      ? await db.query('SELECT * FROM audit ORDER BY at DESC, id DESC LIMIT $1', [limit])
      : await db.query('SELECT * FROM audit WHERE site_key = $1 ORDER BY at DESC, id DESC LIMIT $2', [opts.site.toLowerCase(), limit]);
  return rows.map((r) => toAuditEvent(r, decode));
}

export async function saveConversationRef(db: Queryable, userKey: string, ref: Record<string, unknown>, now: number): Promise<void> {
  await db.query(
    `INSERT INTO conversation_refs (user_key, ref, updated_at) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (user_key) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
    [userKey, json(ref), now],
  );
}

export async function getConversationRef(db: Queryable, userKey: string): Promise<Record<string, unknown> | null> {
  const { rows } = await db.query('SELECT ref FROM conversation_refs WHERE user_key = $1', [userKey]);
  return rows.length ? toConversationRef(rows[0].ref, decode) : null;
}

export async function saveCoexistenceResult(db: Queryable, r: CoexistenceResult): Promise<void> {
  await db.query('INSERT INTO coexistence_results (site_key, at, data) VALUES ($1, $2, $3::jsonb)', [r.site.toLowerCase(), r.at, json(r)]);
}

export async function lastCoexistenceResult(db: Queryable, site: string): Promise<CoexistenceResult | null> {
  const { rows } = await db.query(
    'SELECT data FROM coexistence_results WHERE site_key = $1 ORDER BY at DESC, id DESC LIMIT 1',
    [site.toLowerCase()],
  );
  return rows.length ? toCoexistenceResult(rows[0].data, decode) : null;
}

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

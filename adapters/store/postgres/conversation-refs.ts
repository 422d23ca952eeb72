// PostgreSQL conversation references, one row per user key. The ConversationRefs role.
import type pg from 'pg';
import type { ConversationRefs } from '../../../migration/store';
import { toConversationRef } from '../common/records';
import { type Queryable, decodePgJson as decode, json } from './db';

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

export function conversationRefs(pool: pg.Pool): ConversationRefs {
  return {
    saveConversationRef: (userKey, ref) => saveConversationRef(pool, userKey, ref, Date.now()),
    getConversationRef: (userKey) => getConversationRef(pool, userKey),
  };
}

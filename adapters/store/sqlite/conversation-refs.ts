// SQLite conversation references. Saves go through the ReferenceWriter (one commit per turn of the
// event loop); reads flush it first, so this process always reads its own writes. The
// ConversationRefs role.
import type { ConversationRefs } from '../../../migration/store';
import { toConversationRef } from '../common/records';
import type { ReferenceWriter } from './reference-writer';
import { Statements, decodeSqliteJson as decode, json } from './statements';

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

export function conversationRefs(s: Statements, writer: ReferenceWriter): ConversationRefs {
  return {
    saveConversationRef: (userKey, ref) => writer.save(userKey, ref, Date.now()),
    async getConversationRef(userKey) {
      writer.flush();
      return getConversationRef(s, userKey);
    },
  };
}

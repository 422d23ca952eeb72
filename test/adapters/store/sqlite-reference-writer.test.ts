// Conversation references saved within one turn of the event loop are committed together; each
// save settles with its commit, the last save of a key wins, reads see pending saves, and a failed
// commit fails every save it held.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ReferenceWriter } from '../../../adapters/store/sqlite/reference-writer';
import { migrateSqlite, openSqlite } from '../../../adapters/store/sqlite/schema';
import { getConversationRef } from '../../../adapters/store/sqlite/conversation-refs';
import { Statements } from '../../../adapters/store/sqlite/statements';
import { silentLogger } from '../../../migration/ports';

function open(): { s: Statements; writer: ReferenceWriter; close(): void } {
  const db = openSqlite(':memory:');
  migrateSqlite(db, silentLogger);
  const s = new Statements(db);
  return { s, writer: new ReferenceWriter(s), close: () => db.close() };
}

describe('adapters/store/sqlite ReferenceWriter', () => {
  it('commits the saves of one turn of the event loop together, the last save of a key winning', async () => {
    const { s, writer, close } = open();
    try {
      const commits = sinon.spy(s, 'transaction');
      await Promise.all([
        writer.save('u1', { conversation: { id: 'a' } }, 1),
        writer.save('u2', { conversation: { id: 'b' } }, 2),
        writer.save('u1', { conversation: { id: 'c' } }, 3),
      ]);
      sinon.assert.calledOnce(commits);
      assert.deepEqual(getConversationRef(s, 'u1'), { conversation: { id: 'c' } });
      assert.deepEqual(getConversationRef(s, 'u2'), { conversation: { id: 'b' } });
      await writer.save('u2', { conversation: { id: 'd' } }, 4);
      sinon.assert.calledTwice(commits);
    } finally {
      close();
    }
  });

  it('writes at once when flushed, so a read right after a save sees it', async () => {
    const { s, writer, close } = open();
    try {
      const saved = writer.save('u1', { conversation: { id: 'a' } }, 1);
      assert.equal(getConversationRef(s, 'u1'), null);
      writer.flush();
      assert.deepEqual(getConversationRef(s, 'u1'), { conversation: { id: 'a' } });
      await saved;
    } finally {
      close();
    }
  });

  it('fails every save of a batch whose commit fails', async () => {
    const { writer, close } = open();
    const saves = [writer.save('u1', { conversation: { id: 'a' } }, 1), writer.save('u2', { conversation: { id: 'b' } }, 2)];
    close();
    for (const save of saves) await assert.rejects(save, /not open/);
  });
});

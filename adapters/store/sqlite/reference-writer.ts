// Conversation references are stored on every turn, and under load several turns store theirs
// within one turn of the event loop. Their writes are gathered and committed together once per
// turn of the loop: one WAL commit (a handful of syscalls) instead of one per chat turn, which was
// the largest cost of a status turn in the store. Each caller's promise settles with the commit
// that holds its write; reads and close() flush first, so this process always reads its writes.
import { saveConversationRef } from './conversation-refs';
import type { Statements } from './statements';

interface PendingReference {
  ref: Record<string, unknown>;
  at: number;
}

function writeReferences(s: Statements, batch: Array<[string, PendingReference]>): void {
  for (const [userKey, pending] of batch) saveConversationRef(s, userKey, pending.ref, pending.at);
}

export class ReferenceWriter {
  private pending = new Map<string, PendingReference>();
  private waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly s: Statements) {}

  /** Resolves once the reference is committed; a later save of the same key in the batch wins. */
  save(userKey: string, ref: Record<string, unknown>, at: number): Promise<void> {
    this.pending.set(userKey, { ref, at });
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is pending now (all or nothing) and settles its callers. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    const waiters = this.waiters;
    this.pending = new Map();
    this.waiters = [];
    try {
      this.s.transaction(writeReferences).immediate(this.s, batch);
    } catch (error) {
      for (const w of waiters) w.reject(error);
      return;
    }
    for (const w of waiters) w.resolve();
  }
}

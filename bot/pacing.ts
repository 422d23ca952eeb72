// Paces outgoing proactive traffic under the Teams limits: at most 7 messages per second to one
// conversation and at most 60 per 30 seconds overall. Callers wait in one FIFO queue for a slot;
// sliding windows (not a refilling bucket) make the bounds hold for every window, bursts included.

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface PacerOptions {
  perConversation: RateLimit;
  overall: RateLimit;
}

export const TEAMS_LIMITS: PacerOptions = {
  perConversation: { limit: 7, windowMs: 1000 },
  overall: { limit: 60, windowMs: 30_000 },
};

interface Waiter {
  key: string;
  overall: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class ConversationPacer {
  private readonly queue: Waiter[] = [];
  private readonly sentOverall: number[] = [];
  private readonly sentByConversation = new Map<string, number[]>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: PacerOptions = TEAMS_LIMITS) {}

  /**
   * Resolves when a message to `conversationKey` may go out, and counts it as sent. `overall: false`
   * (card edits) counts only against the conversation, so progress keeps flowing during a burst
   * of notices.
   */
  acquire(conversationKey: string, opts: { overall?: boolean } = {}): Promise<void> {
    if (this.closed) return Promise.reject(new Error('pacer closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ key: conversationKey, overall: opts.overall ?? true, resolve, reject });
      this.pump();
    });
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Rejects every waiter; later acquires fail at once. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.queue.splice(0)) waiter.reject(new Error('pacer closed'));
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = Date.now();
    this.prune(now);
    let nextFree = Infinity;
    for (let i = 0; i < this.queue.length; ) {
      const waiter = this.queue[i];
      const history = this.sentByConversation.get(waiter.key) ?? [];
      const conversationFull = history.length >= this.options.perConversation.limit;
      const overallFull = waiter.overall && this.sentOverall.length >= this.options.overall.limit;
      if (!conversationFull && !overallFull) {
        history.push(now);
        this.sentByConversation.set(waiter.key, history);
        if (waiter.overall) this.sentOverall.push(now);
        this.queue.splice(i, 1);
        waiter.resolve();
        continue;
      }
      if (conversationFull) nextFree = Math.min(nextFree, history[0] + this.options.perConversation.windowMs);
      if (overallFull) nextFree = Math.min(nextFree, this.sentOverall[0] + this.options.overall.windowMs);
      i++;
    }
    if (this.queue.length && Number.isFinite(nextFree)) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, nextFree - now));
    }
  }

  private prune(now: number): void {
    while (this.sentOverall.length && this.sentOverall[0] <= now - this.options.overall.windowMs) this.sentOverall.shift();
    for (const [key, history] of this.sentByConversation) {
      while (history.length && history[0] <= now - this.options.perConversation.windowMs) history.shift();
      if (!history.length) this.sentByConversation.delete(key);
    }
  }
}

// A small time-bound cache with shared in-flight loads: one chat turn asks for a group's members
// several times (plan, gates, card), and paging through 10,000 members twice, or twice at once,
// is what earns a bot throttling. Failed loads are not kept.
import type { Clock } from '../../../migration/ports';

interface Entry<T> {
  value?: T;
  expiresAt: number;
  loading?: Promise<T>;
}

export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  /**
   * The cached value, or the result of `load` shared by every concurrent caller.
   * `ttlFor` may shorten or lengthen the life of one value (Infinity keeps it).
   */
  get(key: string, load: () => Promise<T>, ttlFor?: (value: T) => number): Promise<T> {
    const entry = this.entries.get(key);
    if (entry?.loading) return entry.loading;
    if (entry && 'value' in entry && this.clock.now() < entry.expiresAt) return Promise.resolve(entry.value as T);
    const loading = load().then(
      (value) => {
        const ttl = ttlFor ? ttlFor(value) : this.ttlMs;
        if (ttl > 0) this.entries.set(key, { value, expiresAt: this.clock.now() + ttl });
        else this.entries.delete(key);
        return value;
      },
      (error: unknown) => {
        this.entries.delete(key);
        throw error;
      },
    );
    this.entries.set(key, { expiresAt: 0, loading });
    return loading;
  }

  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

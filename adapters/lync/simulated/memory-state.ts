// In-memory SimulatorStateStore: the simulator's durable facts kept in a process, for unit tests
// and throw-away runs. Every method completes without yielding between its read and its write,
// so compare-and-set and "fact plus move record" are atomic within one process.
import type { SimMoveRecord, SimulatorStateStore } from '../../../migration/ports';

export class MemorySimulatorState implements SimulatorStateStore {
  private readonly facts = new Map<string, Map<string, string>>();
  private readonly moveLog: SimMoveRecord[] = [];

  async simGet(kind: string, key: string): Promise<string | undefined> {
    return this.facts.get(kind)?.get(key);
  }

  async simGetMany(facts: ReadonlyArray<{ kind: string; key: string }>): Promise<Array<string | undefined>> {
    return facts.map((f) => this.facts.get(f.kind)?.get(f.key));
  }

  async simList(kind: string): Promise<Array<{ key: string; value: string }>> {
    const facts = this.facts.get(kind);
    if (!facts) return [];
    return [...facts].map(([key, value]) => ({ key, value }));
  }

  async simSet(kind: string, key: string, value: string, move?: SimMoveRecord): Promise<void> {
    this.write(kind, key, value, move);
  }

  async simCompareAndSet(
    kind: string,
    key: string,
    expected: string | undefined,
    value: string,
    move?: SimMoveRecord,
  ): Promise<boolean> {
    if (this.facts.get(kind)?.get(key) !== expected) return false;
    this.write(kind, key, value, move);
    return true;
  }

  async simCountByValue(kind: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const value of this.facts.get(kind)?.values() ?? []) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  }

  async simMoves(): Promise<SimMoveRecord[]> {
    return this.moveLog.map((m) => ({ ...m }));
  }

  private write(kind: string, key: string, value: string, move?: SimMoveRecord): void {
    let facts = this.facts.get(kind);
    if (!facts) {
      facts = new Map();
      this.facts.set(kind, facts);
    }
    facts.set(key, value);
    if (move) this.moveLog.push({ ...move });
  }
}

// Per-caller limit on chat turns: a sliding one-minute window per caller key. A caller over the
// limit gets one polite answer and no command runs, so one chatty (or scripted) account cannot
// crowd out everyone else's turns or the backend queue behind them.

const WINDOW_MS = 60_000;
/** Callers tracked at once; the least recently seen are forgotten first beyond this. */
const MAX_CALLERS = 10_000;

export class CallerTurnLimit {
  private readonly turns = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a turn for `caller`; false when it is over the limit (the turn is then not counted). */
  take(caller: string): boolean {
    if (this.perMinute <= 0) return true;
    const now = this.now();
    const recent = (this.turns.get(caller) ?? []).filter((at) => at > now - WINDOW_MS);
    this.turns.delete(caller);
    if (recent.length >= this.perMinute) {
      this.turns.set(caller, recent);
      return false;
    }
    recent.push(now);
    this.turns.set(caller, recent);
    if (this.turns.size > MAX_CALLERS) this.turns.delete(this.turns.keys().next().value as string);
    return true;
  }
}

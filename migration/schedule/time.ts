// Wall-clock time in a named time zone, on the platform's Intl API: the local date and time of an
// instant, and the instants a local date-time names (none in a spring-forward gap, two in an
// autumn fall-back hour). Pure functions; the time zone database is the runtime's (ICU).

export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** An IANA time zone name the runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  // The default zone needs no check: building a formatter loads the zone data, ~10 ms of a first turn.
  if (name === 'UTC') return true;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface ZonedParts extends LocalDateTime {
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** The wall-clock reading of an instant in a time zone. */
export function zonedParts(instant: number, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

/** Milliseconds the zone is ahead of UTC at an instant. */
export function offsetAt(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function utcOf(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
}

/**
 * The instants at which the zone's clocks read `local`, earliest first: one normally, none when
 * the clocks jump over it (spring forward), two when they pass it twice (fall back).
 */
export function instantsOf(local: LocalDateTime, timeZone: string): number[] {
  const naive = utcOf(local);
  const candidates = new Set<number>();
  // Offsets in force around that wall-clock time (a day either side covers every real change).
  for (const probe of [naive - 86_400_000, naive, naive + 86_400_000]) {
    const instant = naive - offsetAt(probe, timeZone);
    const back = zonedParts(instant, timeZone);
    if (utcOf(back) === naive) candidates.add(instant);
  }
  return [...candidates].sort((a, b) => a - b);
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function isValidDate(date: LocalDate): boolean {
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.year < 1970 || date.year > 9999) return false;
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return d.getUTCMonth() === date.month - 1 && d.getUTCDate() === date.day;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-12-12T22:00", the command contract's `startAt`. */
export function formatLocal(local: LocalDateTime): string {
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}`;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export function parseLocal(text: string): LocalDateTime | undefined {
  const m = LOCAL_PATTERN.exec(text);
  if (!m) return undefined;
  const local = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) };
  return isValidDate(local) && local.hour < 24 && local.minute < 60 ? local : undefined;
}

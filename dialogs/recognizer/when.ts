// Start times and pacing in chat text: "tonight at 22:00", "tomorrow at 7am", "Saturday 6:00",
// "heute Abend um 22 Uhr", "morgen früh um 7", "Samstag 6 Uhr", "12.12.2026 22:00", "in 2 hours";
// "in waves of 200 an hour", "höchstens 100 Benutzer pro Stunde". Two steps: `findWhen` reads
// the phrases out of the text (and returns the text without them, for the intent rules), and
// `resolveWhen` turns the phrase into a local date-time in the admin's time zone. A phrase that
// leaves the hour open ("tomorrow at 7"), names no time ("tonight"), is already past, or falls
// into a daylight-saving gap or repeat is returned as a problem, so the bot asks rather than guesses.
import {
  addDays,
  formatLocal,
  instantsOf,
  isValidDate,
  weekdayOf,
  zonedParts,
  type LocalDate,
  type LocalDateTime,
} from '../../migration/schedule/time';

export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night';

type DayPart =
  | { kind: 'relative'; days: number }
  | { kind: 'weekday'; weekday: number }
  | { kind: 'date'; year?: number; month: number; day: number; alternative?: { month: number; day: number } };

interface TimePart {
  hour: number;
  minute: number;
  /** How the hour was written: with am/pm, on a 24-hour clock (":", "Uhr", > 12), or bare ("at 7"). */
  style: 'am' | 'pm' | 'clock' | 'bare';
}

export interface Rate {
  users: number;
  perMinutes: number;
}

/** What the text says about when to start, before it is placed on a calendar. */
export interface WhenPhrase {
  /** The words as typed ("tonight at 22:00"). */
  words: string;
  day?: DayPart;
  time?: TimePart;
  part?: PartOfDay;
  /** "in 2 hours": minutes from now. */
  inMinutes?: number;
  /** More than one day or time was given ("tomorrow … Saturday"). */
  repeated?: boolean;
}

export interface Found {
  /** The text without the start and pace phrases. */
  rest: string;
  when?: WhenPhrase;
  rate?: { words: string; rate: Rate };
  /** German words in the phrases (for the reply language when the rest says nothing). */
  german: boolean;
}

// ---- patterns ---------------------------------------------------------------------------------

const B = '(?<![\\p{L}\\p{N}])'; // word start
const E = '(?![\\p{L}\\p{N}])'; // word end
const WEEKDAY_WORDS: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  sonntag: 0, montag: 1, dienstag: 2, mittwoch: 3, donnerstag: 4, freitag: 5, samstag: 6, sonnabend: 6,
};
const MONTH_WORDS: Record<string, number> = {
  jan: 1, january: 1, januar: 1, jänner: 1, feb: 2, february: 2, februar: 2, mar: 3, march: 3, märz: 3, maerz: 3, marz: 3,
  apr: 4, april: 4, may: 5, mai: 5, jun: 6, june: 6, juni: 6, jul: 7, july: 7, juli: 7, aug: 8, august: 8,
  sep: 9, sept: 9, september: 9, oct: 10, october: 10, okt: 10, oktober: 10, nov: 11, november: 11,
  dec: 12, december: 12, dez: 12, dezember: 12,
};
const PART_WORDS: Record<string, PartOfDay> = {
  morning: 'morning', früh: 'morning', frueh: 'morning', fruh: 'morning', morgen: 'morning', morgens: 'morning', vormittag: 'morning', vormittags: 'morning',
  afternoon: 'afternoon', nachmittag: 'afternoon', nachmittags: 'afternoon',
  evening: 'evening', abend: 'evening', abends: 'evening',
  night: 'night', nacht: 'night', nachts: 'night',
};
const GERMAN_WORDS = /heute|morgen|übermorgen|abend|nacht|früh|frueh|fruh|vormittag|nachmittag|uhr|um|am|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|januar|februar|märz|mai|juni|juli|oktober|dezember|minuten|stunden?|höchstens|hoechstens|benutzer|pro|wellen/u;

const alt = (words: Iterable<string>) => [...words].sort((a, b) => b.length - a.length).join('|');
const WEEKDAY = alt(Object.keys(WEEKDAY_WORDS));
const MONTH = alt(Object.keys(MONTH_WORDS));
const PART = alt(Object.keys(PART_WORDS));
const DAY_LEAD = `(?:(?:on|am|this|next|coming|this coming|nächsten|nachsten|naechsten|kommenden|diesen|für|fuer)\\s+)?`;
const TIME_LEAD = `(?:(?:at|um|ab|from|gegen|starting at|beginning at)\\s+)?`;
const NOT_DAY_AFTER = `(?!\\s*(?:${WEEKDAY}|\\d))`;

interface Hit {
  start: number;
  end: number;
  apply(phrase: WhenPhrase): void;
  kind: 'day' | 'time' | 'part' | 'relative';
}

type Reader = { re: RegExp; kind: Hit['kind']; read: (m: RegExpExecArray) => ((p: WhenPhrase) => void) | undefined };

const setDay = (day: DayPart, part?: PartOfDay) => (p: WhenPhrase) => {
  p.day = day;
  if (part) p.part = part;
};
const setTime = (time: TimePart) => (p: WhenPhrase) => {
  p.time = time;
};
const partOf = (word: string | undefined): PartOfDay | undefined => (word ? PART_WORDS[word.replace(/\s+/g, '')] : undefined);
const yearOf = (text: string | undefined): number | undefined => (text === undefined ? undefined : text.length === 2 ? 2000 + Number(text) : Number(text));

const READERS: Reader[] = [
  // ISO date, optionally with the time: 2026-12-12, 2026-12-12T22:00, 2026-12-12 22:00
  {
    re: new RegExp(`${B}${DAY_LEAD}(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[t ](\\d{1,2}):(\\d{2}))?${E}`, 'gu'),
    kind: 'day',
    read: (m) => (p) => {
      p.day = { kind: 'date', year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
      if (m[4] !== undefined) p.time = { hour: Number(m[4]), minute: Number(m[5]), style: 'clock' };
    },
  },
  // 12.12.2026, 12.12.26, 12.12. (German order)
  {
    re: new RegExp(`(?<![\\p{L}\\p{N}.])${DAY_LEAD}(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}|\\d{2})?(?![\\p{N}.]|\\p{L})`, 'gu'),
    kind: 'day',
    read: (m) => setDay({ kind: 'date', year: yearOf(m[3]), month: Number(m[2]), day: Number(m[1]) }),
  },
  // 12/12/2026: day-first or month-first, unknown unless one reading is impossible
  {
    re: new RegExp(`(?<![\\p{L}\\p{N}/])${DAY_LEAD}(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?(?![\\p{L}\\p{N}/])`, 'gu'),
    kind: 'day',
    read: (m) => {
      const a = Number(m[1]);
      const b = Number(m[2]);
      const year = yearOf(m[3]);
      if (a > 12) return setDay({ kind: 'date', year, month: b, day: a });
      if (b > 12 || a === b) return setDay({ kind: 'date', year, month: a, day: b });
      return setDay({ kind: 'date', year, month: b, day: a, alternative: { month: a, day: b } });
    },
  },
  // 12 Dec 2026, 12th of December, 12. Dezember 2026
  {
    re: new RegExp(`${B}${DAY_LEAD}(\\d{1,2})(?:st|nd|rd|th|\\.)?\\s*(?:of\\s+)?(${MONTH})\\.?(?:,?\\s+(\\d{4}))?${E}`, 'gu'),
    kind: 'day',
    read: (m) => setDay({ kind: 'date', year: yearOf(m[3]), month: MONTH_WORDS[m[2]], day: Number(m[1]) }),
  },
  // December 12, Dec 12th 2026
  {
    re: new RegExp(`${B}${DAY_LEAD}(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?${E}(?!\\s*(?::|uhr|am|pm|h${E}))`, 'gu'),
    kind: 'day',
    read: (m) => setDay({ kind: 'date', year: yearOf(m[3]), month: MONTH_WORDS[m[1]], day: Number(m[2]) }),
  },
  // Saturday, on Saturday evening, am Samstag, Samstagabend, Samstag früh
  {
    re: new RegExp(`${B}${DAY_LEAD}(${WEEKDAY})s?(?:\\s*(${PART}))?${E}`, 'gu'),
    kind: 'day',
    read: (m) => setDay({ kind: 'weekday', weekday: WEEKDAY_WORDS[m[1]] }, partOf(m[2])),
  },
  // tonight, this evening, heute Abend, heute Nacht, heute früh
  {
    re: new RegExp(`${B}(?:(tonight)|(this|heute)\\s*(${PART}))${E}`, 'gu'),
    kind: 'day',
    read: (m) => setDay({ kind: 'relative', days: 0 }, m[1] ? 'night' : partOf(m[3])),
  },
  // the day after tomorrow, übermorgen
  {
    re: new RegExp(`${B}(?:the\\s+)?(?:day after tomorrow|übermorgen|uebermorgen|ubermorgen)(?:\\s*(${PART}))?${E}`, 'gu'),
    kind: 'day',
    read: (m) => setDay({ kind: 'relative', days: 2 }, partOf(m[1])),
  },
  // tomorrow (morning), morgen (früh/Abend), today, heute
  {
    re: new RegExp(`${B}(?<!guten\\s)(tomorrow|morgen|today|heute)(?:\\s*(${PART}))?${E}`, 'gu'),
    kind: 'day',
    read: (m) => setDay({ kind: 'relative', days: m[1] === 'today' || m[1] === 'heute' ? 0 : 1 }, partOf(m[2])),
  },
  // in 2 hours, in 30 minutes, in einer Stunde, in 90 Minuten
  {
    re: new RegExp(`${B}in\\s+(\\d{1,4}|an|one|einer|einem)\\s*(minutes?|mins?|hours?|hrs?|h|minuten|min|stunden?|std)${E}`, 'gu'),
    kind: 'relative',
    read: (m) => (p) => {
      const n = /^\d+$/.test(m[1]) ? Number(m[1]) : 1;
      p.inMinutes = /^(h|hours?|hrs?|stunden?|std)$/.test(m[2]) ? n * 60 : n;
    },
  },
  // 7am, at 7:30 pm
  {
    re: new RegExp(`${B}${TIME_LEAD}(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)(?![\\p{L}\\p{N}])${NOT_DAY_AFTER}`, 'gu'),
    kind: 'time',
    read: (m) => setTime({ hour: Number(m[1]), minute: Number(m[2] ?? 0), style: m[3].startsWith('a') ? 'am' : 'pm' }),
  },
  // 22:00, at 6:00, um 22:00 Uhr, 22.00 Uhr, 22h
  {
    re: new RegExp(`${B}${TIME_LEAD}(?:(\\d{1,2}):(\\d{2})(?:\\s*uhr)?|(\\d{1,2})\\.(\\d{2})\\s*uhr|(\\d{1,2})h(\\d{2})?)${E}`, 'gu'),
    kind: 'time',
    read: (m) => setTime({ hour: Number(m[1] ?? m[3] ?? m[5]), minute: Number(m[2] ?? m[4] ?? m[6] ?? 0), style: 'clock' }),
  },
  // 6 Uhr, um 6 Uhr 30
  {
    re: new RegExp(`${B}${TIME_LEAD}(\\d{1,2})\\s*uhr(?:\\s+(\\d{1,2})${E})?${E}`, 'gu'),
    kind: 'time',
    read: (m) => setTime({ hour: Number(m[1]), minute: Number(m[2] ?? 0), style: 'clock' }),
  },
  // noon, midnight, Mittag, Mitternacht
  {
    re: new RegExp(`${B}${TIME_LEAD}(noon|midday|midnight|mittag|mittags|mitternacht)${E}`, 'gu'),
    kind: 'time',
    // Midnight ends the day it is said of: "at midnight" is the coming one, "Saturday at midnight" the night into Sunday.
    read: (m) => setTime({ hour: m[1] === 'midnight' || m[1] === 'mitternacht' ? 24 : 12, minute: 0, style: 'clock' }),
  },
  // at 7, um 7 (the hour alone)
  {
    re: new RegExp(`${B}(?:at|um|gegen)\\s+(\\d{1,2})(?![\\p{L}\\p{N}:.])(?!\\s*(?:uhr|am|pm|h)${E})`, 'gu'),
    kind: 'time',
    read: (m) => setTime({ hour: Number(m[1]), minute: 0, style: 'bare' }),
  },
  // in the evening, abends, nachts, früh
  {
    re: new RegExp(`${B}(?:in the (morning|afternoon|evening)|at (night)|(abends|morgens|nachts|nachmittags|vormittags|früh|frueh))${E}`, 'gu'),
    kind: 'part',
    read: (m) => (p) => {
      p.part = partOf(m[1] ?? m[2] ?? m[3]);
    },
  },
];

const UNIT_MINUTES: Record<string, number> = { hour: 60, hours: 60, h: 60, hr: 60, stunde: 60, stunden: 60, std: 60, minute: 1, minutes: 1, min: 1, mins: 1, minuten: 1, day: 1440, tag: 1440 };
const PEOPLE = '(?:users?|people|persons?|moves?|accounts?|benutzer(?:n)?|nutzer(?:n)?|personen|user|konten)';
const RATE_LEAD = '(?:(?:in\\s+(?:waves|batches)\\s+of|in\\s+wellen\\s+(?:von|zu|à|a)|at\\s+most|at\\s+a\\s+rate\\s+of|no\\s+more\\s+than|max(?:imum|imal)?|up\\s+to|höchstens|hoechstens|bis\\s+zu|je)\\s+)?';
const RATE = new RegExp(
  `${B}${RATE_LEAD}(\\d{1,6})\\s*${PEOPLE}?\\s*(?:(?:an?|per|each|every|pro|je|in\\s+der|jede|alle)\\s+(?:(\\d{1,4})\\s*)?|/\\s*)(hours?|h|hr|minutes?|mins?|day|stunden?|std|minuten|tag)${E}`,
  'gu',
);

function lowerSameLength(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

/** Reads the start and pace phrases out of (cleaned) chat text. */
export function findWhen(text: string): Found {
  const lower = lowerSameLength(text);
  const cut: Array<[number, number]> = [];
  const overlaps = (s: number, e: number) => cut.some(([a, b]) => s < b && e > a);

  let rate: Found['rate'];
  RATE.lastIndex = 0;
  for (let m = RATE.exec(lower); m; m = RATE.exec(lower)) {
    const users = Number(m[1]);
    const perMinutes = (m[2] ? Number(m[2]) : 1) * UNIT_MINUTES[m[3]];
    if (!rate && users > 0 && perMinutes > 0 && perMinutes <= 1440) rate = { words: text.slice(m.index, m.index + m[0].length), rate: { users, perMinutes } };
    cut.push([m.index, m.index + m[0].length]);
  }

  const hits: Hit[] = [];
  for (const reader of READERS) {
    reader.re.lastIndex = 0;
    for (let m = reader.re.exec(lower); m; m = reader.re.exec(lower)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(start, end) || hits.some((h) => start < h.end && end > h.start)) continue;
      const apply = reader.read(m);
      if (apply) hits.push({ start, end, apply, kind: reader.kind });
    }
  }
  hits.sort((a, b) => a.start - b.start);

  let when: WhenPhrase | undefined;
  // "morgen" alone is also the German greeting's noun; a day word only counts next to a time
  // (or as a known day phrase like "tonight"/"heute Abend"/a weekday or date).
  if (hits.length) {
    const phrase: WhenPhrase = { words: '' };
    const seen = new Set<Hit['kind']>();
    for (const h of hits) {
      const kind = h.kind === 'relative' ? 'day' : h.kind;
      if (seen.has(kind) || (h.kind === 'relative' && (seen.has('time') || seen.has('part'))) || ((h.kind === 'time' || h.kind === 'part') && phrase.inMinutes !== undefined)) phrase.repeated = true;
      seen.add(kind);
      h.apply(phrase);
      cut.push([h.start, h.end]);
    }
    phrase.words = joinWords(text, hits);
    when = phrase;
  }

  cut.sort((a, b) => a[0] - b[0]);
  let rest = '';
  let at = 0;
  for (const [s, e] of cut) {
    if (s < at) continue;
    rest += text.slice(at, s) + ' ';
    at = e;
  }
  rest = (rest + text.slice(at)).replace(/\s+/g, ' ').trim();
  const phrases = [when?.words ?? '', rate?.words ?? ''].join(' ').toLowerCase();
  const found: Found = { rest, german: GERMAN_WORDS.test(phrases) };
  if (when) found.when = when;
  if (rate) found.rate = rate;
  return found;
}

/** The phrase as typed: one stretch when the hits are next to each other, else the pieces. */
function joinWords(text: string, hits: Hit[]): string {
  const pieces: string[] = [];
  let current = text.slice(hits[0].start, hits[0].end);
  for (let i = 1; i < hits.length; i++) {
    const gap = text.slice(hits[i - 1].end, hits[i].start);
    if (/^[\s,]*$/u.test(gap)) current += text.slice(hits[i - 1].end, hits[i].end);
    else {
      pieces.push(current);
      current = text.slice(hits[i].start, hits[i].end);
    }
  }
  pieces.push(current);
  return pieces.join(' … ').replace(/\s+/g, ' ').trim();
}

// ---- resolution -------------------------------------------------------------------------------

export type WhenProblem =
  /** a day without a time ("tonight", "Samstag") */
  | { kind: 'noTime' }
  /** the hour could be morning or evening ("tomorrow at 7"), or day and month could swap (3/4) */
  | { kind: 'ambiguous'; choices: string[] }
  /** already past in the admin's zone */
  | { kind: 'past'; local: string; now: string }
  /** the clocks skip this time (spring forward) */
  | { kind: 'gap'; local: string }
  /** the clocks pass this time twice (fall back) */
  | { kind: 'repeated'; local: string }
  /** not a date or time ("31.02.", "25:00") */
  | { kind: 'invalid' }
  /** two different days or times in one message */
  | { kind: 'twice' }
  /** more than a year ahead */
  | { kind: 'far'; local: string };

export type WhenReading =
  | { words: string; startAt: string; instant: number; timeZone: string }
  | { words: string; problem: WhenProblem; timeZone: string };

const MAX_AHEAD_MS = 366 * 86_400_000;
const clock = (hour: number, minute: number) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/** The hour on a 24-hour clock, or the readings it could have. */
function hourOf(time: TimePart, part: PartOfDay | undefined): number | string[] | undefined {
  const { hour, minute } = time;
  if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return undefined;
  if (time.style === 'am' || time.style === 'pm') {
    if (hour < 1 || hour > 12) return undefined;
    const h = (hour % 12) + (time.style === 'pm' ? 12 : 0);
    const conflicts =
      part &&
      ((time.style === 'am' && (part === 'evening' || part === 'afternoon' || (part === 'night' && h >= 6))) || (time.style === 'pm' && part === 'morning'));
    return conflicts ? [clock(hour % 12, minute), clock((hour % 12) + 12, minute)] : h;
  }
  // 24:00 is the end of the day (the next day's 00:00), kept apart from 0:00, its start.
  if (hour === 24) return 24;
  const h = hour % 24;
  if (part === 'evening' || part === 'afternoon' || part === 'night') {
    if (h >= 1 && h < 12 && !(part === 'night' && h < 6)) return h + 12;
    return h;
  }
  if (part === 'morning') return h >= 12 ? [clock(h - 12, minute), clock(h, minute)] : h;
  if (time.style === 'bare' && h >= 1 && h <= 12) return [clock(h % 12, minute), clock((h % 12) + 12, minute)];
  return h;
}

/** Places a phrase on the calendar of `timeZone`, seen from the instant `now`. */
export function resolveWhen(phrase: WhenPhrase, now: number, timeZone: string): WhenReading {
  const words = phrase.words;
  const fail = (problem: WhenProblem): WhenReading => ({ words, problem, timeZone });
  if (phrase.repeated) return fail({ kind: 'twice' });
  const today = zonedParts(now, timeZone);
  const nowText = formatLocal(today).replace('T', ' ');

  if (phrase.inMinutes !== undefined) {
    if (phrase.inMinutes < 1 || phrase.inMinutes > 366 * 1440) return fail({ kind: 'invalid' });
    // Whole minutes: the start is the first full minute at or after now + the delay.
    const instant = Math.ceil((now + phrase.inMinutes * 60_000) / 60_000) * 60_000;
    return { words, startAt: formatLocal(zonedParts(instant, timeZone)), instant, timeZone };
  }

  const day = phrase.day;
  if (day?.kind === 'date' && day.alternative) {
    const a = `${day.day}.${day.month}.`;
    const b = `${day.alternative.day}.${day.alternative.month}.`;
    return fail({ kind: 'ambiguous', choices: [a, b] });
  }
  if (!phrase.time) return fail({ kind: 'noTime' });
  const hour = hourOf(phrase.time, phrase.part);
  if (hour === undefined) return fail({ kind: 'invalid' });
  if (Array.isArray(hour)) return fail({ kind: 'ambiguous', choices: hour });
  const minute = phrase.time.minute;

  let date: LocalDate;
  if (!day) date = today;
  else if (day.kind === 'relative') date = addDays(today, day.days);
  else if (day.kind === 'weekday') {
    const ahead = (day.weekday - weekdayOf(today) + 7) % 7;
    date = addDays(today, ahead);
    // Today's weekday named again: today if that time is still ahead, else a week on.
    if (ahead === 0 && hour * 60 + minute <= today.hour * 60 + today.minute) date = addDays(today, 7);
  } else {
    const year = day.year ?? today.year;
    date = { year, month: day.month, day: day.day };
    if (!isValidDate(date)) return fail({ kind: 'invalid' });
    // A day and month without a year that has passed this year means next year.
    if (day.year === undefined && (date.month < today.month || (date.month === today.month && date.day < today.day))) {
      date = { ...date, year: year + 1 };
    }
  }
  // "tonight at 1" / "heute Nacht um 2 Uhr": after midnight, so the next calendar day.
  if (phrase.part === 'night' && hour < 6 && day?.kind === 'relative') date = addDays(date, 1);
  const hourOnClock = hour === 24 ? 0 : hour;
  if (hour === 24) date = addDays(date, 1);

  const local: LocalDateTime = { ...date, hour: hourOnClock, minute };
  const text = formatLocal(local);
  const shown = text.replace('T', ' ');
  const instants = instantsOf(local, timeZone);
  if (instants.length === 0) return fail({ kind: 'gap', local: shown });
  if (instants.length > 1) return fail({ kind: 'repeated', local: shown });
  const instant = instants[0];
  if (instant <= now) return fail({ kind: 'past', local: shown, now: nowText });
  if (instant - now > MAX_AHEAD_MS) return fail({ kind: 'far', local: shown });
  return { words, startAt: text, instant, timeZone };
}

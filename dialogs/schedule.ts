// Start times and pacing in the conversation: the admin's time zone, the question asked when a
// start time is unclear, and how a start and a pace are shown on plan and job cards.
import { lastWaveAt, type JobSchedule } from '../migration/schedule/model';
import type { PlannedStart } from '../migration/model';
import { isTimeZone } from '../migration/schedule/time';
import { isOpen, nextOpening, windowsOf, type MaintenanceWindows, type SiteWindows } from '../migration/schedule/windows';
import { escapeMarkdown } from './escape';
import { formatNumber, texts } from './i18n';
import type { Recognition } from './recognizer/recognition';
import type { WhenReading } from './recognizer/when';
import type { Language } from './types';

/** The activity's zone when it is a real one, else the configured default, else UTC. */
export function timeZoneOf(fromActivity: string | undefined, fallback: string | undefined): string {
  if (fromActivity && isTimeZone(fromActivity)) return fromActivity;
  if (fallback && isTimeZone(fallback)) return fallback;
  return 'UTC';
}

export function plannedStartOf(recognition: Recognition, timeZone: string): PlannedStart | undefined {
  const command = recognition.pending ?? recognition.command;
  const when = recognition.when && 'instant' in recognition.when ? recognition.when : undefined;
  const rate = 'rate' in command ? command.rate : undefined;
  if (!when && !rate) return undefined;
  const start: PlannedStart = { timeZone };
  if (when) {
    start.startAt = when.instant;
    start.words = when.words;
  }
  if (rate) start.rate = rate;
  if (rate && recognition.rateWords) start.rateWords = recognition.rateWords;
  return start;
}

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

/** "Sat 12 Dec 2026, 22:00 Europe/Berlin" / "Sa., 12. Dez. 2026, 22:00 Europe/Berlin". */
export function formatZoned(instant: number, timeZone: string, lang: Language): string {
  const key = `${lang}|${timeZone}`;
  let f = zonedFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    zonedFormats.set(key, f);
  }
  const part: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(instant))) part[p.type] = p.value;
  const day = lang === 'de' ? `${part.day}.` : part.day;
  const weekday = lang === 'de' ? part.weekday.replace(/\.$/, '') : part.weekday;
  return `${weekday} ${day} ${part.month} ${part.year}, ${part.hour}:${part.minute} ${timeZone}`;
}

export function whenQuestion(reading: Extract<WhenReading, { problem: unknown }>, lang: Language): string {
  const q = texts(lang).schedule.question;
  const words = escapeMarkdown(reading.words);
  const p = reading.problem;
  switch (p.kind) {
    case 'noTime':
      return q.noTime(words);
    case 'ambiguous':
      return q.ambiguous(words, p.choices);
    case 'past':
      return q.past(words, p.local, p.now, reading.timeZone);
    case 'gap':
      return q.gap(p.local, reading.timeZone);
    case 'repeated':
      return q.repeated(p.local, reading.timeZone);
    case 'invalid':
      return q.invalid(words);
    case 'twice':
      return q.twice(words);
    case 'far':
      return q.far(p.local);
  }
}

function paceText(rate: { users: number; perMinutes: number }, lang: Language): string {
  return texts(lang).schedule.paceValue(formatNumber(rate.users, lang), rate.perMinutes);
}

/** Start, pace and expected end of a plan about to be confirmed. */
export function plannedFacts(start: PlannedStart | undefined, items: number, lang: Language): Array<[string, string]> {
  if (!start) return [];
  const s = texts(lang).schedule;
  const rows: Array<[string, string]> = [];
  if (start.startAt !== undefined) {
    const when = formatZoned(start.startAt, start.timeZone, lang);
    rows.push([s.start, start.words ? s.understood(escapeMarkdown(start.words), when) : when]);
  }
  if (start.rate) {
    rows.push([s.pace, start.rateWords ? s.understood(escapeMarkdown(start.rateWords), paceText(start.rate, lang)) : paceText(start.rate, lang)]);
    const from = start.startAt;
    const last = lastWaveAt(from ?? 0, items, start.rate);
    const end = last + start.rate.perMinutes * 60_000;
    rows.push([s.expectedEnd, from === undefined ? s.afterStart(formatDuration(end, lang)) : s.by(formatZoned(end, start.timeZone, lang))]);
  }
  return rows;
}

function formatDuration(ms: number, lang: Language): string {
  const minutes = Math.round(ms / 60_000);
  const s = texts(lang).schedule;
  return minutes < 120 ? s.minutes(minutes) : s.hours(formatNumber(Math.round((minutes / 60) * 10) / 10, lang));
}

/** What a job card says about its schedule: due, started (late?), stopped at start, pace. */
export function scheduleFacts(schedule: JobSchedule | null, items: number, lang: Language): Array<[string, string]> {
  if (!schedule) return [];
  const s = texts(lang).schedule;
  const rows: Array<[string, string]> = [];
  const due = formatZoned(schedule.startAt, schedule.timeZone, lang);
  if (schedule.state === 'waiting' || schedule.state === 'starting') rows.push([s.start, schedule.words ? s.understood(escapeMarkdown(schedule.words), due) : due]);
  if (schedule.state === 'started' && schedule.startedAt !== undefined) {
    const late = schedule.startedAt - schedule.startAt;
    rows.push([s.start, late >= LATE_MS ? s.startedLate(formatDuration(late, lang), due) : formatZoned(schedule.startedAt, schedule.timeZone, lang)]);
    if (schedule.alreadyThere) rows.push([s.recheck, s.alreadyThere(formatNumber(schedule.alreadyThere, lang))]);
  }
  if (schedule.rate) {
    rows.push([s.pace, paceText(schedule.rate, lang)]);
    if (schedule.state !== 'stopped') {
      const from = schedule.startedAt ?? schedule.startAt;
      rows.push([s.expectedEnd, s.by(formatZoned(lastWaveAt(from, items, schedule.rate) + schedule.rate.perMinutes * 60_000, schedule.timeZone, lang))]);
    }
  }
  return rows;
}

/** A start more than a minute after its time is reported as late. */
export const LATE_MS = 60_000;

/** A queued job whose schedule has not started it yet. */
export function isScheduled(job: { state: string }, schedule: JobSchedule | null | undefined): boolean {
  return !!schedule && job.state === 'queued' && (schedule.state === 'waiting' || schedule.state === 'starting');
}

/** A site of the job whose maintenance window is closed at `now`, and when it opens again. */
export interface WindowPause {
  site: string;
  until?: number;
  timeZone: string;
}

export function windowPause(windows: MaintenanceWindows | undefined, sites: string[], now: number): WindowPause | undefined {
  for (const site of sites) {
    const w = windowsOf(windows, site);
    if (w && !isOpen(w, now)) {
      const until = nextOpening(w, now);
      return { site: w.site, timeZone: w.timeZone, ...(until !== undefined ? { until } : {}) };
    }
  }
  return undefined;
}

/** `siteName`: the site as the reader's language names it. */
export function pauseText(pause: WindowPause, lang: Language, siteName: (name: string) => string = (name) => name): string {
  const s = texts(lang).schedule;
  return pause.until !== undefined ? s.pausedUntil(formatZoned(pause.until, pause.timeZone, lang), siteName(pause.site)) : s.pausedClosed(siteName(pause.site));
}

/** The windows of a plan's sites, and what they mean for it now (opens later, or force overrides). */
export function windowFacts(windows: MaintenanceWindows | undefined, sites: string[], forced: boolean, startAt: number, lang: Language, siteName: (name: string) => string = (name) => name): Array<[string, string]> {
  const s = texts(lang).schedule;
  const rows: Array<[string, string]> = [];
  for (const site of sites) {
    const w = windowsOf(windows, site);
    if (!w) continue;
    rows.push([s.window, s.windowValue(siteName(w.site), w.text, w.timeZone)]);
    if (!forced && !isOpen(w, startAt)) {
      const opens = nextOpening(w, startAt);
      if (opens !== undefined) rows.push([s.window, s.opensAt(formatZoned(opens, w.timeZone, lang))]);
    }
  }
  return rows;
}

/** Sites whose window a forced plan or job overrides at `at` (for the attention note). */
export function forcedThroughWindows(windows: MaintenanceWindows | undefined, sites: string[], forced: boolean, at: number): string[] {
  if (!forced) return [];
  return sites.map((site) => windowsOf(windows, site)).filter((w): w is SiteWindows => !!w && !isOpen(w, at)).map((w) => w.site);
}

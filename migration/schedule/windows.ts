// Maintenance windows per site: when jobs may start work at a site. A window list reads like
// "Mon-Fri 20:00-06:00,Sat-Sun 00:00-24:00" in the site's time zone; a range whose end is not after
// its start runs past midnight into the next day. Outside every window the runner starts nothing
// new for the site (moves in flight finish), and the next opening resumes it: the state is the
// configuration and the clock, so nothing needs to be remembered across restarts.
import { z } from 'zod';
import { addDays, instantsOf, isTimeZone, zonedParts } from './time';

export interface WindowRange {
  /** Days the range starts on, 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** Minutes after local midnight, 0-1440. */
  start: number;
  end: number;
}

export interface SiteWindows {
  site: string;
  timeZone: string;
  ranges: WindowRange[];
  /** As configured, for cards ("Mon-Fri 20:00-06:00, Sat-Sun 00:00-24:00"). */
  text: string;
}

export type MaintenanceWindows = Record<string, SiteWindows>;

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY = `(${DAY_NAMES.join('|')})`;
const RANGE = new RegExp(`^${DAY}(?:-${DAY})?\\s+(\\d{1,2}):(\\d{2})-(\\d{1,2}):(\\d{2})$`, 'i');
const SITE = /^([^=();]+?)\s*(?:\(([^()]+)\))?\s*=\s*(.+)$/;

function minutes(h: string, m: string): number | undefined {
  const hour = Number(h);
  const minute = Number(m);
  if (minute > 59 || hour > 24 || (hour === 24 && minute > 0)) return undefined;
  return hour * 60 + minute;
}

function dayRange(from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = from; ; d = (d + 1) % 7) {
    days.push(d);
    if (d === to) return days;
  }
}

/**
 * Parses MAINTENANCE_WINDOWS: `Site[(Time/Zone)]=ranges; Site2=ranges`, ranges separated by commas.
 * Throws an Error naming the part that is wrong.
 */
export function parseMaintenanceWindows(spec: string, defaultTimeZone: string): MaintenanceWindows {
  const out: MaintenanceWindows = {};
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = SITE.exec(part);
    if (!m) throw new Error(`"${part}" is not Site=Mon-Fri 20:00-06:00,…`);
    const site = m[1].trim();
    const timeZone = (m[2] ?? defaultTimeZone).trim();
    if (!isTimeZone(timeZone)) throw new Error(`"${timeZone}" is not a time zone`);
    const ranges: WindowRange[] = [];
    for (const text of m[3].split(',').map((r) => r.trim()).filter(Boolean)) {
      const r = RANGE.exec(text);
      const start = r ? minutes(r[3], r[4]) : undefined;
      const end = r ? minutes(r[5], r[6]) : undefined;
      if (!r || start === undefined || end === undefined || start === 1440) throw new Error(`"${text}" is not a range like Mon-Fri 20:00-06:00`);
      const from = DAY_NAMES.indexOf(r[1].toLowerCase());
      const to = r[2] ? DAY_NAMES.indexOf(r[2].toLowerCase()) : from;
      ranges.push({ days: dayRange(from, to), start, end });
    }
    if (!ranges.length) throw new Error(`no ranges for ${site}`);
    if (out[site.toLowerCase()]) throw new Error(`${site} is listed twice`);
    out[site.toLowerCase()] = { site, timeZone, ranges, text: m[3].split(',').map((r) => r.trim()).filter(Boolean).join(', ') };
  }
  return out;
}

/** zod for the environment value (already trimmed; empty = no windows). */
export const maintenanceWindowsSchema = (defaultTimeZone: () => string) =>
  z.string().transform((spec, ctx) => {
    try {
      return parseMaintenanceWindows(spec, defaultTimeZone());
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
      return z.NEVER;
    }
  });

export function windowsOf(windows: MaintenanceWindows | undefined, site: string): SiteWindows | undefined {
  return windows?.[site.toLowerCase()];
}

/** Whether work may start at the site at `instant` (a site without windows is always open). */
export function isOpen(w: SiteWindows | undefined, instant: number): boolean {
  if (!w) return true;
  const p = zonedParts(instant, w.timeZone);
  const m = p.hour * 60 + p.minute;
  const yesterday = (p.weekday + 6) % 7;
  return w.ranges.some((r) =>
    r.end > r.start
      ? r.days.includes(p.weekday) && m >= r.start && m < r.end
      : (r.days.includes(p.weekday) && m >= r.start) || (r.days.includes(yesterday) && m < r.end),
  );
}

/** The next instant at or after `instant` when the site's window is open (undefined: never within 8 days). */
export function nextOpening(w: SiteWindows | undefined, instant: number): number | undefined {
  if (!w || isOpen(w, instant)) return instant;
  const today = zonedParts(instant, w.timeZone);
  const candidates: number[] = [];
  for (let d = 0; d <= 8; d++) {
    const date = addDays(today, d);
    for (const r of w.ranges) {
      const at = instantsOf({ ...date, hour: Math.floor(r.start / 60), minute: r.start % 60 }, w.timeZone);
      // A start the clocks skip (spring forward) opens at the first instant after the gap.
      const first = at[0] ?? instantsOf({ ...date, hour: Math.floor(r.start / 60) + 1, minute: 0 }, w.timeZone)[0];
      if (first !== undefined && first > instant && isOpen(w, first)) candidates.push(first);
    }
  }
  return candidates.length ? Math.min(...candidates) : undefined;
}

// Picks the catalogue for a language and formats numbers and dates the way that language does.
import { isErrorCode } from '../../migration/errors';
import { SKIP_REASONS, type SkipReason } from '../../migration/model';
import type { Language } from '../types';
import { de } from './de';
import { en, type Texts } from './en';

const catalogues: Record<Language, Texts> = { en, de };

export function texts(language: Language): Texts {
  return catalogues[language];
}

const locales: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

// Formatters are built once per language: constructing an Intl formatter costs far more than
// formatting with it, and a status card formats dozens of numbers.
const perLanguage = <T>(make: (locale: string) => T): ((language: Language) => T) => {
  const made = new Map<Language, T>();
  return (language) => {
    let formatter = made.get(language);
    if (!formatter) {
      formatter = make(locales[language]);
      made.set(language, formatter);
    }
    return formatter;
  };
};
const numberFormat = perLanguage((locale) => new Intl.NumberFormat(locale));
const percentFormat = perLanguage((locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }));
const dateTimeFormat = perLanguage((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }));

/** The catalogue's words for a coded error or a skip reason; anything else (a backend's own message) as it came. */
export function reasonText(t: Texts, reason: string): string {
  if (isErrorCode(reason)) return t.error[reason];
  if (isSkipReason(reason)) return t.skipReason[reason];
  return reason;
}

const isSkipReason = (value: string): value is SkipReason => (SKIP_REASONS as readonly string[]).includes(value);

/** The digit group separator of each language's locale (en-GB 1,234; de-DE 1.234). */
const groupSeparator: Record<Language, string> = { en: ',', de: '.' };

/**
 * Whole numbers (counts of users, items, pools: nearly every number a card shows) are grouped here
 * exactly as Intl.NumberFormat groups them for en-GB and de-DE; the first Intl formatter of a process
 * loads ICU's locale data (about 10 ms), which a first status answer then no longer waits for.
 * Anything else (fractions, -0, beyond 2^53) goes to Intl.
 */
export function formatNumber(n: number, language: Language): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return numberFormat(language).format(n);
  const digits = String(n < 0 ? -n : n);
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += groupSeparator[language] + digits.slice(i, i + 3);
  return n < 0 ? `-${grouped}` : grouped;
}

export function formatPercent(fraction: number, language: Language): string {
  return percentFormat(language).format(fraction);
}

/** Dates in UTC so replicas and tests agree; the zone is shown. */
export function formatDateTime(epochMs: number, language: Language): string {
  return dateTimeFormat(language).format(new Date(epochMs)) + ' UTC';
}

export function formatDuration(ms: number, language: Language): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${formatNumber(s, language)} s`;
  const m = Math.floor(s / 60);
  return `${formatNumber(m, language)} min ${formatNumber(s % 60, language)} s`;
}

/** The locale's language when it is one we speak. */
export function languageFromLocale(locale?: string): Language {
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export type { Texts };

// Picks the catalogue for a language and formats numbers and dates the way that language does.
import type { Language } from '../types';
import { de } from './de';
import { en, type Texts } from './en';

const catalogues: Record<Language, Texts> = { en, de };

export function texts(language: Language): Texts {
  return catalogues[language];
}

const locales: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

export function formatNumber(n: number, language: Language): string {
  return new Intl.NumberFormat(locales[language]).format(n);
}

export function formatPercent(fraction: number, language: Language): string {
  return new Intl.NumberFormat(locales[language], { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** Dates in UTC so replicas and tests agree; the zone is shown. */
export function formatDateTime(epochMs: number, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(epochMs)) + ' UTC';
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

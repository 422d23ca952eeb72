// The history card: the latest audit entries, of one site or of all.
import { isAuditEventName, type AuditFacts } from '../../migration/audit-events';
import type { AuditEvent } from '../../migration/model';
import { escapeMarkdown } from '../escape';
import { formatDateTime, formatNumber, texts } from '../i18n';
import type { AdaptiveCard, Language } from '../types';
import { card, heading, text } from './elements';
import type { CardElement } from './adaptive';

export interface HistoryItemSummary {
  event: string;
  count: number;
}

/** One event as a sentence in the reader's language: "Alex Wilber confirmed plan 3, which became job 2". */
export function historySentence(e: AuditEvent, lang: Language, showSite: boolean, siteName: (name: string) => string = (name) => name): string {
  const t = texts(lang);
  const facts: AuditFacts = {
    target: e.target ?? '',
    site: e.site ?? '',
    details: e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {},
  };
  // Gates are stored as "Berlin:coexistenceVerified": told by their names, not their codes.
  const gates = facts.details.gates;
  if (Array.isArray(gates)) {
    const named = t.gatePassed as Record<string, string>;
    facts.details = { ...facts.details, gates: gates.map((g) => String(g).split(':')).map(([where, gate]) => (gate ? `${where} ${named[gate] ?? gate}` : where)) };
  }
  const said = isAuditEventName(e.event) ? t.history.event[e.event](facts) : t.history.other(e.event);
  return [said, showSite && e.site ? t.history.atSite(siteName(e.site)) : ''].filter(Boolean).join(' ');
}

/** `siteName` says a site's name in the reader's language ("München"). */
export function historyCard(events: AuditEvent[], site: string | undefined, lang: Language, itemSummary: HistoryItemSummary[] = [], siteName?: (name: string) => string): AdaptiveCard {
  const t = texts(lang);
  // Every value is escaped: names, targets and sites come from callers, the directory and backends.
  const rows = events.map((e) => {
    const who = escapeMarkdown('name' in e.actor ? e.actor.name : '');
    return `${formatDateTime(e.at, lang)} · ${who} ${escapeMarkdown(historySentence(e, lang, !site, siteName))}`;
  });
  const body: CardElement[] = [heading(t.history.title(site)), rows.length ? text(rows.join('\n\n'), { size: 'Small' }) : text(t.history.none, { isSubtle: true })];
  if (itemSummary.length) {
    const said = (s: HistoryItemSummary) => t.history.items[s.event]?.(formatNumber(s.count, lang)) ?? `${s.event} × ${formatNumber(s.count, lang)}`;
    body.push(text(itemSummary.map((s) => escapeMarkdown(said(s))).join(' · '), { size: 'Small', isSubtle: true }));
  }
  return card(body);
}

// The history card: the latest audit entries, of one site or of all.
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

export function historyCard(events: AuditEvent[], site: string | undefined, lang: Language, itemSummary: HistoryItemSummary[] = []): AdaptiveCard {
  const t = texts(lang);
  // Every value is escaped: names, targets and sites come from callers, the directory and backends.
  const rows = events.map((e) => {
    const who = escapeMarkdown('name' in e.actor ? e.actor.name : '');
    const what = [e.event, e.target, e.site && !site ? `(${e.site})` : '', e.outcome !== 'ok' && e.outcome !== 'info' ? `– ${e.outcome}` : '']
      .filter(Boolean)
      .map((part) => escapeMarkdown(String(part)))
      .join(' ');
    return `${formatDateTime(e.at, lang)} · ${who} · ${what}`;
  });
  const body: CardElement[] = [heading(t.title.history(site)), rows.length ? text(rows.join('\n\n'), { size: 'Small' }) : text(t.text.noHistory, { isSubtle: true })];
  if (itemSummary.length) {
    body.push(text(itemSummary.map((s) => `${escapeMarkdown(s.event)} × ${formatNumber(s.count, lang)}`).join(' · '), { size: 'Small', isSubtle: true }));
  }
  return card(body);
}

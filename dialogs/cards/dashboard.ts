// The answer to "dashboard" / "Übersicht": one sentence and an "Open dashboard" button carrying the
// caller's own short-lived, single-use link (Action.OpenUrl: the browser opens it, no bot round trip).
import { texts } from '../i18n';
import type { AdaptiveCard, Language } from '../types';
import { card, heading, openUrl, text } from './elements';

export function dashboardCard(url: string, ttlMs: number, lang: Language): AdaptiveCard {
  const t = texts(lang).dashboard;
  return card(
    [heading(t.title), text(t.intro(Math.max(1, Math.round(ttlMs / 60_000)))), text(t.tab, { isSubtle: true, size: 'Small' })],
    [openUrl(t.open, url)],
  );
}

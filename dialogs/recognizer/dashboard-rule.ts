// "dashboard" / "Übersicht": the whole message asks for the dashboard link. Only these short
// requests qualify; "give me an overview" or "Gib mir eine Übersicht" stay the site list.
import type { Language } from './suggest';

const POLITE = String.raw`(?:\s+(?:please|bitte))?`;
const ENGLISH = new RegExp(String.raw`^(?:(?:please\s+)?(?:open|show)(?:\s+me)?\s+)?(?:the\s+)?(?:migration\s+)?dashboard${POLITE}$`, 'i');
const GERMAN = new RegExp(
  String.raw`^(?:(?:bitte\s+)?(?:öffne|oeffne|zeige?)(?:\s+mir)?\s+(?:die\s+|das\s+)?(?:migrations)?(?:übersicht|uebersicht|dashboard)${POLITE}|(?:die\s+|das\s+)?(?:migrations)?(?:übersicht|uebersicht|dashboard)(?:\s+(?:öffnen|oeffnen|anzeigen|zeigen))?${POLITE})$`,
  'iu',
);

/** The language of a dashboard request, or undefined when the text is something else. */
export function dashboardRequest(cleaned: string): Language | undefined {
  const text = cleaned.replace(/[.!?]+$/u, '').trim();
  if (ENGLISH.test(text)) return 'en';
  if (GERMAN.test(text)) return 'de';
  return undefined;
}

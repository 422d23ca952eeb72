// The few sentences the host itself says (EN/DE), when a turn cannot reach the dialogs:
// directory outages, oversized messages, internal failures. Everything else comes from dialogs/.
import type { Language } from '../dialogs/types';

const TEXTS = {
  directoryUnavailable: {
    en: 'The directory is not reachable right now, so I cannot check who you are. Please try again in a few minutes.',
    de: 'Das Verzeichnis ist gerade nicht erreichbar, daher kann ich nicht prüfen, wer Sie sind. Bitte versuchen Sie es in ein paar Minuten erneut.',
  },
  tooLong: {
    en: 'That message is too long for a command. Type "help" to see what I understand.',
    de: 'Diese Nachricht ist für einen Befehl zu lang. Schreiben Sie "Hilfe", um zu sehen, was ich verstehe.',
  },
  turnError: {
    en: 'Sorry, something went wrong on my side. Please try again; if it keeps happening, tell your administrator.',
    de: 'Entschuldigung, bei mir ist etwas schiefgelaufen. Bitte versuchen Sie es erneut; wenn es wieder passiert, melden Sie es Ihrem Administrator.',
  },
  stillWorking: {
    en: 'Still working on it; the card will update in a moment.',
    de: 'Ich arbeite noch daran; die Karte wird gleich aktualisiert.',
  },
  invalidAction: {
    en: 'This button could not be read. Please type the command instead.',
    de: 'Diese Schaltfläche konnte nicht gelesen werden. Bitte geben Sie den Befehl ein.',
  },
} as const;

export type HostText = keyof typeof TEXTS;

export function hostText(key: HostText, language: Language): string {
  return TEXTS[key][language];
}

// The few sentences the host itself says, when a turn cannot reach the dialogs: directory
// outages, oversized messages, internal failures. The texts live in the dialogs' catalogues.
import { texts, type Texts } from '../dialogs/i18n';
import type { Language } from '../dialogs/types';

export type HostText = keyof Texts['host'];

export function hostText(key: HostText, language: Language): string {
  return texts(language).host[key];
}

// The few sentences the host itself says, when a turn cannot reach the dialogs: directory
// outages, oversized messages, internal failures. The texts live in the dialogs' catalogues.
import { texts, type Texts } from '../dialogs/i18n';
import type { Language } from '../dialogs/types';

type HostTexts = Texts['host'];

/** The host's sentences that take no parameter (the others are said by the dialogs). */
export type HostText = { [K in keyof HostTexts]: HostTexts[K] extends string ? K : never }[keyof HostTexts];

export function hostText(key: HostText, language: Language): string {
  return texts(language).host[key];
}

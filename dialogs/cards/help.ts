// The help card: the commands the caller's role may use (generated from the command registry).
import { texts } from '../i18n';
import type { AdaptiveCard, Language } from '../types';
import { card, container, heading, text } from './elements';

export function helpCard(commands: Array<{ title: string; description: string }>, lang: Language): AdaptiveCard {
  const t = texts(lang);
  return card([
    heading(t.title.help),
    ...commands.map((c) => container([text(c.title, { weight: 'Bolder', color: 'Accent' }), text(c.description, { isSubtle: true, spacing: 'None' })])),
    text(t.text.helpFooter, { isSubtle: true, size: 'Small', spacing: 'Medium' }),
  ]);
}

/** Item events folded into one line each: how many of each kind among the events read. */

// The help card: the commands the caller's role may use (generated from the command registry).
import { texts } from '../i18n';
import type { AdaptiveCard, Language } from '../types';
import { card, container, heading, text } from './elements';

type HelpLine = { title: string; description: string };

const entry = (c: HelpLine) => container([text(c.title, { weight: 'Bolder', color: 'Accent' }), text(c.description, { isSubtle: true, spacing: 'None' })]);

/** The commands the caller may use, then ways of saying them (dry run, force, schedules, …) that fit the caller's role. */
export function helpCard(commands: HelpLine[], lang: Language, tips: HelpLine[] = []): AdaptiveCard {
  const t = texts(lang);
  return card([
    heading(t.help.title),
    ...commands.map(entry),
    ...(tips.length ? [text(t.help.tips.title, { weight: 'Bolder', size: 'Medium', spacing: 'Large', separator: true }), ...tips.map(entry)] : []),
    text(t.help.footer, { isSubtle: true, size: 'Small', spacing: 'Medium' }),
  ]);
}

/** Item events folded into one line each: how many of each kind among the events read. */

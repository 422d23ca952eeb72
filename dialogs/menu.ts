// The Teams command menu (manifest commandLists), generated from the command registry.
import { texts } from './i18n';
import { REGISTRY } from './registry';

export interface MenuCommand {
  intent: string;
  title: { en: string; de: string };
  description: { en: string; de: string };
  roles: readonly string[];
}

/** Menu entries in registry order; Teams shows at most 10 per scope, so callers slice. */
export function commandMenu(): MenuCommand[] {
  const en = texts('en');
  const de = texts('de');
  return REGISTRY.filter((c) => c.menu).map((c) => ({
    intent: c.intent,
    title: { en: en.command[c.intent].title, de: de.command[c.intent].title },
    description: { en: en.command[c.intent].description, de: de.command[c.intent].description },
    roles: c.roles,
  }));
}

// history [site]: the latest audit entries on a card. Item events (one per user of a big job)
// are summarised in one line per kind, so they never push the commands and confirmations out.
import { z } from 'zod';
import { localSiteName } from '../../migration/topology';
import { historyCard, type HistoryItemSummary } from '../cards/history';
import { siteNames, STAFF, type CommandSpec } from '../context';
import { unresolvedSiteReply } from '../unresolved';
import { siteOf, withUnresolved } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { SiteName } from '../../migration/commands';
import { commandExtras } from '../contract';

/** Events shown one per line, and how many recent events are read to find them. */
const EVENTS_SHOWN = 25;
const EVENTS_READ = 500;

const schema = z.object({ intent: z.literal('history'), site: SiteName.optional(), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    history: typeof schema;
  }
}

export const history: CommandSpec<'history'> = {
  intent: 'history',
  schema,
  order: 170,
  roles: STAFF,
  sideEffects: false,
  recognition: [
    {
      priority: 800,
      match: (s) => {
        if (!has(s, 'history')) return undefined;
        const site = s.sites[0] ? { value: s.sites[0], unresolved: [] } : siteOf(s, s.leftover?.afterPlace === true);
        return site ? withUnresolved({ intent: 'history', site: site.value }, site.unresolved) : { intent: 'history' };
      },
    },
  ],
  hints: { history: 0, siteName: 2 },
  menu: true,
  examples: { en: ['history of site Munich', 'show the audit log'], de: ['Verlauf von Standort München', 'Protokoll anzeigen'] },
  async handle(ctx, command) {
    const site = command.site ? ctx.deps.topology.site(command.site) : undefined;
    if (command.site && !site) return unresolvedSiteReply(ctx, command.site);
    const events = await ctx.deps.store.listAudit({ ...(site ? { site: site.name } : {}), limit: EVENTS_READ });
    const isItemEvent = (event: string) => event.startsWith('item.');
    const counts = new Map<string, number>();
    for (const e of events) if (isItemEvent(e.event)) counts.set(e.event, (counts.get(e.event) ?? 0) + 1);
    const summary: HistoryItemSummary[] = [...counts].map(([event, count]) => ({ event, count }));
    const shown = events.filter((e) => !isItemEvent(e.event)).slice(0, EVENTS_SHOWN);
    return [{ card: historyCard(shown, site ? localSiteName(site, ctx.lang) : undefined, ctx.lang, summary, siteNames(ctx)) }];
  },
};

// history [site]: the latest audit entries on a card.
import { historyCard } from '../cards/status';
import { STAFF, type CommandSpec } from '../context';
import { unresolvedSiteReply } from './unresolved';

export const history: CommandSpec<'history'> = {
  intent: 'history',
  roles: STAFF,
  sideEffects: false,
  menu: true,
  examples: { en: ['history of site Munich', 'show the audit log'], de: ['Verlauf von Standort München', 'Protokoll anzeigen'] },
  async handle(ctx, command) {
    const site = command.site ? ctx.deps.topology.site(command.site) : undefined;
    if (command.site && !site) return unresolvedSiteReply(ctx, command.site);
    const events = await ctx.deps.store.listAudit({ ...(site ? { site: site.name } : {}), limit: 25 });
    return [{ card: historyCard(events, site?.name, ctx.lang) }];
  },
};

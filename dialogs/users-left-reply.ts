// The users-left answer for one site and page (or the per-site counts when no site is named):
// the usersLeft command and the card's page buttons (dialogs/actions/handlers.ts) both answer with it.
import { usersLeftBySite, usersLeftOnSite } from '../migration/inventory';
import { usersLeftCard, usersLeftCountsCard } from './cards/answers';
import { siteNames, type TurnContext } from './context';
import type { Reply } from './types';
import { unresolvedSiteReply } from './unresolved';

export async function usersLeftReply(ctx: TurnContext, siteName: string | undefined, page = 1): Promise<Reply[]> {
  if (!siteName) return [{ card: usersLeftCountsCard(await usersLeftBySite(ctx.deps), ctx.lang, siteNames(ctx)) }];
  const site = ctx.deps.topology.site(siteName);
  if (!site) return unresolvedSiteReply(ctx, siteName);
  return [{ card: usersLeftCard(await usersLeftOnSite(ctx.deps, site, page), ctx.lang, siteNames(ctx)) }];
}

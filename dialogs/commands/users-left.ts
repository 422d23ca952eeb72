// usersLeft: who is still on a site's OCS pool (names, a page at a time, with why a site move
// would leave some behind), or per-site counts when no site is named.
import { usersLeftBySite, usersLeftOnSite } from '../../migration/inventory';
import { usersLeftCard, usersLeftCountsCard } from '../cards/answers';
import { STAFF, type CommandSpec, type TurnContext } from '../context';
import type { Reply } from '../types';
import { unresolvedSiteReply } from '../unresolved';
import { usersLeftAsked } from '../recognizer/questions';

export async function usersLeftReply(ctx: TurnContext, siteName: string | undefined, page = 1): Promise<Reply[]> {
  if (!siteName) return [{ card: usersLeftCountsCard(await usersLeftBySite(ctx.deps), ctx.lang) }];
  const site = ctx.deps.topology.site(siteName);
  if (!site) return unresolvedSiteReply(ctx, siteName);
  return [{ card: usersLeftCard(await usersLeftOnSite(ctx.deps, site, page), ctx.lang) }];
}

export const usersLeft: CommandSpec<'usersLeft'> = {
  intent: 'usersLeft',
  roles: STAFF,
  sideEffects: false,
  recognition: [{ priority: 420, match: usersLeftAsked }],
  menu: true,
  examples: {
    en: ['who is left on the old pool in Berlin?', 'who is still on OCS?'],
    de: ['wer ist in Berlin noch auf dem alten Pool?', 'wer ist noch auf OCS?'],
  },
  handle: (ctx, command) => usersLeftReply(ctx, command.site, command.page),
};

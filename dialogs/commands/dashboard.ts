// dashboard / Übersicht: a button that opens the migration dashboard with a link signed for the
// caller (their directory id and role), valid once and for a few minutes.
import { dashboardCard } from '../cards/dashboard';
import { STAFF, say, type CommandSpec } from '../context';

export const dashboard: CommandSpec<'dashboard'> = {
  intent: 'dashboard',
  roles: STAFF,
  sideEffects: false,
  menu: true,
  examples: { en: ['dashboard', 'open the dashboard'], de: ['Übersicht', 'Dashboard öffnen'] },
  async handle(ctx) {
    if (!ctx.deps.dashboardLink) return say(ctx.t.dashboard.unavailable);
    const link = await ctx.deps.dashboardLink(ctx.actor, ctx.lang);
    await ctx.audit('dashboard.linkIssued', 'ok');
    return [{ card: dashboardCard(link.url, link.ttlMs, ctx.lang) }];
  },
};

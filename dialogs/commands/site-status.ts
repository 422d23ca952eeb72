// siteStatus: phase, pools with version and service health, users per pool, last coexistence
// result, blockers and the next recommended step of the side-by-side process (migration/site-report.ts).
import { z } from 'zod';
import { usersLeftOnSite } from '../../migration/inventory';
import { siteReport } from '../../migration/site-report';
import { siteStatusCard } from '../cards/status';
import { pilotGroupOf, STAFF, type CommandSpec } from '../context';
import { turnInventory } from '../inventory';
import { unresolvedSiteReply } from '../unresolved';
import { ofIntent, statusOf, UNKNOWN } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { SiteName } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('siteStatus'), site: SiteName, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    siteStatus: typeof schema;
  }
}

export const siteStatus: CommandSpec<'siteStatus'> = {
  intent: 'siteStatus',
  schema,
  order: 10,
  roles: STAFF,
  sideEffects: false,
  recognition: [{ priority: 1011, match: (s) => ofIntent(statusOf(s), 'siteStatus') }],
  // "what's the weather in Berlin": a common noun nobody explains, with no status word, is not a status question.
  checks: [{ priority: 300, check: (command, s) => (s.leftover?.afterArticle && !has(s, 'status', 'verify', 'moved', 'where', 'site', 'list', 'overview') ? UNKNOWN : command) }],
  hints: { status: 0, site: 0, moved: 2, verify: 1, decommissioned: 0, siteName: 0 },
  menu: true,
  examples: { en: ['status of site Berlin', 'how is Munich doing?'], de: ['Status von Standort München', 'wie steht es um Hamburg?'] },
  async handle(ctx, command) {
    const { deps } = ctx;
    const site = deps.topology.site(command.site);
    if (!site) return unresolvedSiteReply(ctx, command.site);
    const inventory = await turnInventory(deps);
    const report = await siteReport(site, { ...deps, backend: inventory.backend, policy: deps.settings.policy }, inventory.snapshot);
    // After a site move: who is still on OCS, and which of them a site move always leaves behind.
    const left = report.next === 'finishSiteMove' ? await usersLeftOnSite(deps, site, 1, 1) : undefined;
    return [{ card: siteStatusCard(report, ctx.lang, pilotGroupOf(ctx), left ? { total: left.total, skipped: left.skipped } : undefined, inventory.ageMs) }];
  },
};

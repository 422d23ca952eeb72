// runbook [site]: the site's checklist of the Microsoft sequence (twelve steps with state,
// evidence and next action); without a site, every site's progress and first open step.
import { z } from 'zod';
import { derivePhase, observeSite } from '../../migration/phases';
import { turnInventory } from '../inventory';
import { runbookProgress } from '../../migration/runbook/steps';
import { runbookCard, runbookOverviewCard } from '../cards/runbook';
import { pilotGroupOf, siteNames, STAFF, type CommandSpec } from '../context';
import { unresolvedSiteReply } from '../unresolved';
import { siteOf, withUnresolved } from '../recognizer/intents';
import { has, type Slots } from '../recognizer/subjects';
import { SiteName } from '../../migration/commands';
import { commandExtras, type Command } from '../contract';

const schema = z.object({ intent: z.literal('runbook'), site: SiteName.optional(), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    runbook: typeof schema;
  }
}

/** "runbook for site Berlin", "Ablauf anzeigen": the runbook's word without an order ("move … runbook" is none). */
function runbookAsked(s: Slots): Command | undefined {
  if (!has(s, 'runbook') || has(s, 'move', 'rollback', 'decommission')) return undefined;
  const site = siteOf(s, true);
  return site ? withUnresolved({ intent: 'runbook', site: site.value }, site.unresolved) : { intent: 'runbook' };
}

export const runbook: CommandSpec<'runbook'> = {
  intent: 'runbook',
  schema,
  order: 210,
  roles: STAFF,
  sideEffects: false,
  recognition: [{ priority: 350, match: runbookAsked }],
  menu: true,
  examples: { en: ['runbook for site Berlin', 'show the runbook'], de: ['Ablauf für Standort Berlin', 'Ablauf anzeigen'] },
  async handle(ctx, command) {
    const { deps } = ctx;
    const observeDeps = { ...deps, policy: deps.settings.policy };
    const { snapshot, ageMs } = await turnInventory(deps);
    if (command.site) {
      const site = deps.topology.site(command.site);
      if (!site) return unresolvedSiteReply(ctx, command.site);
      const o = await observeSite(site, observeDeps, snapshot);
      return [{ card: runbookCard({ site: site.name, phase: derivePhase(o), steps: o.runbook, pilotGroup: pilotGroupOf(ctx), ...(ageMs !== undefined ? { inventoryAgeMs: ageMs } : {}) }, ctx.lang, ctx.actor.role === 'admin', siteNames(ctx)) }];
    }
    const rows = await Promise.all(
      deps.topology.topology.sites.map(async (site) => {
        const o = await observeSite(site, observeDeps, snapshot);
        return { site: site.name, phase: derivePhase(o), ...runbookProgress(o.runbook) };
      }),
    );
    return [{ card: runbookOverviewCard(rows, ctx.lang, siteNames(ctx)) }];
  },
};

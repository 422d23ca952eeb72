// siteStatus: phase, pools with version and service health, users per pool, last coexistence
// result, blockers and the next recommended step of the side-by-side process.
import { evaluateGates, type StepKind } from '../../migration/gates';
import { derivePhase, nextStep, observeSite, takeSnapshot, type Phase } from '../../migration/phases';
import { siteStatusCard, type PoolHealth } from '../cards/status';
import { STAFF, type CommandSpec } from '../context';
import { unresolvedSiteReply } from '../unresolved';

/** The step whose gates are the site's blockers in each phase. */
const BLOCKING_STEP: Record<Phase, StepKind | null> = {
  legacy: 'pilotMove',
  'side-by-side': 'pilotMove',
  'coexistence-verified': 'pilotMove',
  pilot: 'siteMove',
  production: 'decommission',
  migrated: 'decommission',
  decommissioned: null,
};

export const siteStatus: CommandSpec<'siteStatus'> = {
  intent: 'siteStatus',
  roles: STAFF,
  sideEffects: false,
  menu: true,
  examples: { en: ['status of site Berlin', 'how is Munich doing?'], de: ['Status von Standort München', 'wie steht es um Hamburg?'] },
  async handle(ctx, command) {
    const { deps } = ctx;
    const site = deps.topology.site(command.site);
    if (!site) return unresolvedSiteReply(ctx, command.site);
    const snapshot = await takeSnapshot(deps.backend);
    const o = await observeSite(site, { ...deps, policy: deps.settings.policy }, snapshot);
    const phase = derivePhase(o);
    const pools: PoolHealth[] = [];
    for (const pool of [o.ocsPool, o.lyncPool]) {
      if (!pool) continue;
      const statuses = pool.decommissioned ? [] : await Promise.all(pool.computers.map((c) => deps.backend.getServiceStatus(c)));
      const servicesDown = statuses.flat().filter((s) => s.status !== 'Running').length;
      const servicesUnknown = statuses.filter((list) => list.length === 0).length;
      pools.push({ pool, servicesDown, servicesUnknown, users: pool === o.ocsPool ? o.onOcs.users : o.onLync.users });
    }
    const step = BLOCKING_STEP[phase];
    const blockers = step ? evaluateGates(step, o).filter((g) => !g.passed) : [];
    return [{ card: siteStatusCard({ observation: o, phase, next: nextStep(phase, o).step, pools, blockers }, ctx.lang) }];
  },
};

// signOffPilot: an admin accepts the pilot at a site. Refused, with the reason, while no pilot
// runs, before PILOT_MIN_DAYS have passed or while pilot problem reports are open; the site-wide
// move then needs this sign-off (or force).
import { z } from 'zod';
import { observeSite, takeSnapshot } from '../../migration/phases';
import { RunbookLedger } from '../../migration/runbook/ledger';
import { ADMINS, siteNames, type CommandSpec } from '../context';
import { unresolvedSiteReply } from '../unresolved';
import { namesPilotGroup, siteOf, withUnresolved } from '../recognizer/intents';
import { has, type Slots } from '../recognizer/subjects';
import { SiteName } from '../../migration/commands';
import { commandExtras, type Command } from '../contract';

const schema = z.object({ intent: z.literal('signOffPilot'), site: SiteName, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    signOffPilot: typeof schema;
  }
}

/** "sign off the pilot at site Munich", "Pilot in München abnehmen". */
function pilotSignedOff(s: Slots): Command | undefined {
  // "accept the pilot in Munich": a confirmation without an id that names the pilot group.
  const acceptsPilot = has(s, 'confirm') && !s.number && namesPilotGroup(s);
  if (!has(s, 'signoff') && !acceptsPilot) return undefined;
  const site = siteOf(s, true);
  if (!site) return { intent: 'unknown' };
  return withUnresolved({ intent: 'signOffPilot', site: site.value }, site.unresolved);
}

export const signOffPilot: CommandSpec<'signOffPilot'> = {
  intent: 'signOffPilot',
  schema,
  order: 230,
  roles: ADMINS,
  sideEffects: false,
  asked: (command) => ({ intent: 'runbook', site: command.site }),
  recognition: [{ priority: 340, match: pilotSignedOff }],
  hints: { finish: 0 },
  menu: false,
  examples: { en: ['sign off the pilot at site Munich', 'accept pilot in Munich'], de: ['Pilot in München abnehmen', 'Pilot für Standort München freigeben'] },
  async handle(ctx, command) {
    const { deps } = ctx;
    const site = deps.topology.site(command.site);
    if (!site) return unresolvedSiteReply(ctx, command.site);
    const o = await observeSite(site, { ...deps, policy: deps.settings.policy }, await takeSnapshot(deps.backend));
    const step = o.runbook.find((s) => s.id === 'pilotSignedOff')!;
    const refuse = async (text: string, reason: string) => {
      await ctx.audit('runbook.pilotSignOff', 'refused', { site: site.name, details: { reason } });
      return [{ text }];
    };
    const said = siteNames(ctx)(site.name);
    if (step.state === 'done') return [{ text: ctx.t.runbook.pilotAlreadySignedOff(said) }];
    if (o.onLync.users === 0 && !o.siteWideMoveStarted) return refuse(ctx.t.runbook.signOffNoPilot(said), 'noPilot');
    if (step.next?.kind === 'resolveProblems') return refuse(ctx.t.runbook.signOffOpenProblems(said, step.next.count), 'openProblems');
    if (step.next?.kind === 'wait') return refuse(ctx.t.runbook.signOffTooEarly(said, Number(step.detail.days), Number(step.detail.minDays)), 'tooEarly');
    const at = deps.clock.now();
    await new RunbookLedger(deps.store).update(site.name, (r) => ({ ...r, pilotSignOff: r.pilotSignOff ?? { by: { id: ctx.actor.id, name: ctx.actor.name }, at } }));
    await ctx.audit('runbook.pilotSignedOff', 'ok', { site: site.name });
    return [{ text: ctx.t.runbook.pilotSignedOff(said) }];
  },
};

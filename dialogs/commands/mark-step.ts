// markStep: an admin records a manual runbook step as done ("client version filter done in
// Berlin") or takes the record back (done: false). Who, when and the comment go to the ledger and
// the audit; the runbook shows them as evidence.
import { z } from 'zod';
import { RunbookLedger } from '../../migration/runbook/ledger';
import { ADMINS, type CommandSpec } from '../context';
import { escapeMarkdown } from '../escape';
import { unresolvedSiteReply } from '../unresolved';
import { markStepRule } from '../recognizer/runbook-rules';
import { siteOf } from '../recognizer/intents';
import { SiteName } from '../../migration/commands';
import { MANUAL_STEPS } from '../../migration/runbook/ledger';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('markStep'), site: SiteName, step: z.enum(MANUAL_STEPS), done: z.boolean(), comment: z.string().max(500).optional(), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    markStep: typeof schema;
  }
}

export const markStep: CommandSpec<'markStep'> = {
  intent: 'markStep',
  schema,
  order: 220,
  roles: ADMINS,
  sideEffects: false,
  // "can I mark the filter step done for Berlin?" is answered with the runbook, never recorded.
  asked: (command) => ({ intent: 'runbook', site: command.site }),
  // Before the orders: "federation cut-over" would otherwise read as a move.
  recognition: [{ priority: 330, match: (s) => markStepRule(s, (x) => siteOf(x, true)) }],
  menu: false,
  examples: { en: ['mark step client version filter done for site Berlin', 'mark step edge federation not done for Munich'], de: ['Schritt Versionsfilter für Standort Berlin erledigt', 'Schritt Edge-Föderation für München nicht erledigt'] },
  async handle(ctx, command) {
    const site = ctx.deps.topology.site(command.site);
    if (!site) return unresolvedSiteReply(ctx, command.site);
    const ledger = new RunbookLedger(ctx.deps.store);
    const at = ctx.deps.clock.now();
    const by = { id: ctx.actor.id, name: ctx.actor.name };
    const comment = command.comment?.trim().slice(0, 500);
    let changed = false;
    await ledger.update(site.name, (r) => {
      const manual = { ...r.manual };
      changed = command.done ? true : manual[command.step] !== undefined;
      if (command.done) manual[command.step] = { by, at, ...(comment ? { comment } : {}) };
      else delete manual[command.step];
      return { ...r, manual };
    });
    await ctx.audit(command.done ? 'runbook.stepRecorded' : 'runbook.stepUndone', changed ? 'ok' : 'info', {
      site: site.name,
      target: command.step,
      ...(comment ? { details: { comment } } : {}),
    });
    const name = ctx.t.runbook.manualStep[command.step];
    return [{ text: command.done ? ctx.t.runbook.stepRecorded(name, site.name, comment ? escapeMarkdown(comment) : undefined) : changed ? ctx.t.runbook.stepUndone(name, site.name) : ctx.t.runbook.stepNotRecorded(name, site.name) }];
  },
};

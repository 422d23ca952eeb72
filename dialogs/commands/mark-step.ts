// markStep: an admin records a manual runbook step as done ("client version filter done in
// Berlin") or takes the record back (done: false). Who, when and the comment go to the ledger and
// the audit; the runbook shows them as evidence.
import { z } from 'zod';
import { RunbookLedger } from '../../migration/runbook/ledger';
import { ADMINS, siteNames, type CommandSpec } from '../context';
import { escapeMarkdown } from '../escape';
import { unresolvedSiteReply } from '../unresolved';
import { siteOf, withUnresolved } from '../recognizer/intents';
import type { Concept } from '../recognizer/lexicon';
import { has, type Slots } from '../recognizer/subjects';
import { SiteName } from '../../migration/commands';
import { MANUAL_STEPS, STEP_COMMENT_MAX_CHARS, type ManualStep } from '../../migration/runbook/ledger';
import { commandExtras, type Command } from '../contract';

const schema = z.object({ intent: z.literal('markStep'), site: SiteName, step: z.enum(MANUAL_STEPS), done: z.boolean(), comment: z.string().max(STEP_COMMENT_MAX_CHARS).optional(), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    markStep: typeof schema;
  }
}

const STEP_CONCEPTS: Array<[Concept, ManualStep]> = [
  ['stepDirImport', 'conferenceDirectoriesImported'],
  ['stepFilter', 'clientVersionFilter'],
  ['stepEdge', 'edgeFederation'],
  ['stepMerge', 'finalMerge'],
  ['stepBuilder', 'topologyBuilderRemoval'],
];

/** "step 6" names the runbook's numbering. */
const STEP_NUMBERS: Record<string, ManualStep> = { '4': 'conferenceDirectoriesImported', '6': 'clientVersionFilter', '9': 'edgeFederation' };

function manualStepOf(s: Slots): ManualStep | undefined {
  for (const [concept, step] of STEP_CONCEPTS) if (has(s, concept)) return step;
  // "Konferenzverzeichnisse für Berlin importieren", "import the conference directories of Berlin"
  if (has(s, 'import') && has(s, 'confdir')) return 'conferenceDirectoriesImported';
  return has(s, 'step') && s.number ? STEP_NUMBERS[s.number] : undefined;
}

/**
 * "mark step client version filter done for Berlin", "Schritt Versionsfilter für München nicht
 * erledigt"; taking it back ("take back", "undo", "nimm … zurück") is the same as "not done".
 */
function stepMarked(s: Slots): Command | undefined {
  const step = manualStepOf(s);
  if (!step || !has(s, 'mark', 'moved', 'step', 'negation')) return undefined;
  const site = siteOf(s, true);
  if (!site) return { intent: 'unknown' };
  return withUnresolved({ intent: 'markStep', site: site.value, step, done: !has(s, 'negation', 'rollback', 'back') }, site.unresolved);
}

/**
 * "mark step done for Berlin", "mark the merge done for Berlin": an order to record a step the
 * words do not name (or one the runbook observes itself) gets the site's runbook, which lists the
 * steps recorded by hand and how to type each; a guess would record the wrong one. So does a
 * manual step named without saying what to record ("import the conference directories of
 * Berlin": lyncops does not run that import, an admin records it).
 */
function unnamedStepMarked(s: Slots): Command | undefined {
  if (!(has(s, 'mark') || manualStepOf(s)) || has(s, 'signoff', 'problem', 'reportProblem', 'resolve')) return undefined;
  const site = s.sites[0];
  return site ? { intent: 'runbook', site } : undefined;
}

export const markStep: CommandSpec<'markStep'> = {
  intent: 'markStep',
  schema,
  order: 220,
  roles: ADMINS,
  sideEffects: false,
  // "can I mark step client version filter done for site Berlin?" is answered with the runbook, never recorded.
  asked: (command) => ({ intent: 'runbook', site: command.site }),
  // Before the orders: "federation cut-over" would otherwise read as a move.
  recognition: [
    { priority: 330, match: stepMarked },
    // After the pilot's sign-off ("mark the pilot signed off"), before the other runbook questions.
    { priority: 345, match: unnamedStepMarked },
  ],
  menu: false,
  examples: { en: ['mark step client version filter done for site Berlin', 'mark step edge federation not done for Munich'], de: ['Schritt Versionsfilter für Standort Berlin erledigt', 'Schritt Edge-Föderation für München nicht erledigt'] },
  async handle(ctx, command) {
    const site = ctx.deps.topology.site(command.site);
    if (!site) return unresolvedSiteReply(ctx, command.site);
    const ledger = new RunbookLedger(ctx.deps.store);
    const at = ctx.deps.clock.now();
    const by = { id: ctx.actor.id, name: ctx.actor.name };
    const comment = command.comment?.trim().slice(0, STEP_COMMENT_MAX_CHARS);
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
    const said = siteNames(ctx)(site.name);
    return [{ text: command.done ? ctx.t.runbook.stepRecorded(name, said, comment ? escapeMarkdown(comment) : undefined) : changed ? ctx.t.runbook.stepUndone(name, said) : ctx.t.runbook.stepNotRecorded(name, said) }];
  },
};

// The runbook card: a site's twelve steps of the Microsoft sequence, each with its state, its
// evidence (observed when, or recorded by whom and when) and the next action as the command to
// type (or the Shell step an admin runs).
import type { Phase } from '../../migration/phases';
import { STEP_COMMENT_MAX_CHARS } from '../../migration/runbook/ledger';
import { runbookProgress, type RunbookStep, type StepState } from '../../migration/runbook/steps';
import { texts } from '../i18n';
import { evidenceLine, nextLine } from '../runbook-lines';
import { buttonsFor, noteInput } from '../runbook-actions';
import type { AdaptiveCard, Language } from '../types';
import { actionSet, asGiven, button, card, container, facts, heading, plain, text, textInput, type SiteName } from './elements';
import type { CardElement } from './adaptive';

export interface RunbookView {
  site: string;
  phase: Phase;
  steps: RunbookStep[];
  /** The configured pilot group, which the pilot's next action names. */
  pilotGroup: string;
  /** Age of the cached inventory the steps were derived from. */
  inventoryAgeMs?: number;
}

const STYLE: Record<StepState, 'good' | 'attention' | 'warning' | 'emphasis' | undefined> = {
  done: 'good',
  recorded: 'good',
  failed: 'attention',
  blocked: 'warning',
  pending: 'emphasis',
};

/**
 * A step's next action as buttons (admins only): a command runs like its typed twin shown above
 * it; a manual step gets a note field for the evidence and "Record as done". Blocked steps get
 * none: their turn has not come.
 */
function nextButtons(s: RunbookStep, site: string, lang: Language): CardElement[] {
  const t = texts(lang).runbook;
  if (!s.next || s.state === 'blocked') return [];
  if (s.next.kind === 'record') {
    const step = s.next.step;
    return [
      textInput(noteInput(step), { placeholder: t.notePlaceholder, maxLength: STEP_COMMENT_MAX_CHARS, spacing: 'Small' }),
      actionSet([button(t.recordButton, { verb: 'runbook.record', site, step, lang })]),
    ];
  }
  const buttons = buttonsFor(s.next);
  return buttons.length ? [actionSet(buttons.map((next) => button(t.button[next], { verb: 'runbook.next', site, next, lang })))] : [];
}

/** `canAct`: the reader is an admin, so the next actions come as buttons too. */
export function runbookCard(v: RunbookView, lang: Language, canAct = false, siteName: SiteName = asGiven): AdaptiveCard {
  const t = texts(lang);
  const site = siteName(v.site);
  const blocks = v.steps.map((s) =>
    container(
      [
        text(`${s.n}. ${t.runbook.step[s.id](s.detail)} — ${t.runbook.state[s.state]}`, { weight: 'Bolder' }),
        text(evidenceLine(s.evidence, lang), { isSubtle: true, size: 'Small', spacing: 'None' }),
        ...(s.next ? [text(nextLine(s.next, site, lang, plain(v.pilotGroup)), { color: 'Accent', spacing: 'None' })] : []),
        ...(s.id === 'edgeFederation' && s.state === 'pending' ? [text(t.runbook.edgeWindow, { color: 'Warning', size: 'Small', spacing: 'None' })] : []),
        ...(s.id === 'usersMoved' ? [text(t.runbook.anonymousMeetings, { color: s.state === 'failed' ? 'Attention' : 'Default', isSubtle: s.state !== 'failed', size: 'Small', spacing: 'None' })] : []),
        ...(canAct ? nextButtons(s, v.site, lang) : []),
      ],
      STYLE[s.state],
    ),
  );
  const { done, total } = runbookProgress(v.steps);
  const age = v.inventoryAgeMs !== undefined ? [text(t.common.inventoryAge(Math.round(v.inventoryAgeMs / 1000)), { isSubtle: true, size: 'Small' })] : [];
  return card([heading(t.runbook.title(site)), facts([[t.common.phase, t.phase[v.phase]], [t.runbook.progress, `${done}/${total}`]]), ...blocks, ...age]);
}

/** All sites at a glance: one line per site with its first open step. */
export function runbookOverviewCard(rows: Array<{ site: string; phase: Phase; done: number; total: number; open?: RunbookStep }>, lang: Language, siteName: SiteName = asGiven): AdaptiveCard {
  const t = texts(lang);
  return card([
    heading(t.runbook.overviewTitle),
    ...rows.map((r) =>
      container([
        text(siteName(r.site), { weight: 'Bolder' }),
        facts([
          [t.common.phase, t.phase[r.phase]],
          [t.runbook.progress, `${r.done}/${r.total}`],
          [t.runbook.openStep, r.open ? `${r.open.n}. ${t.runbook.step[r.open.id](r.open.detail)} — ${t.runbook.state[r.open.state]}` : t.runbook.allDone],
        ]),
      ]),
    ),
    text(t.runbook.overviewHint, { isSubtle: true, size: 'Small' }),
  ]);
}

// The runbook's commands: "runbook for site Berlin" / "Ablauf für Standort Berlin", a manual
// step recorded or taken back ("mark step client version filter done for Berlin", "Schritt
// Versionsfilter für München nicht erledigt"), and the pilot's sign-off ("Pilot in München
// abnehmen"), one rule per command; their specs run them before the general rules: their words
// would otherwise read as a move ("federation cut-over") or a confirmation.
import type { Command, Reading } from '../contract';
import type { ManualStep } from '../../migration/runbook/ledger';
import type { Concept } from './lexicon';
import { has, type Slots } from './subjects';

const STEP_CONCEPTS: Array<[Concept, ManualStep]> = [
  ['stepDirImport', 'conferenceDirectoriesImported'],
  ['stepFilter', 'clientVersionFilter'],
  ['stepEdge', 'edgeFederation'],
  ['stepMerge', 'finalMerge'],
  ['stepBuilder', 'topologyBuilderRemoval'],
];
/** Placeholder the recognizer replaces with the user's own words. */
export const REPORTED_TEXT = '\u0000';

/** "step 6" names the runbook's numbering. */
const STEP_NUMBERS: Record<string, ManualStep> = { '4': 'conferenceDirectoriesImported', '6': 'clientVersionFilter', '9': 'edgeFederation' };

function manualStepOf(s: Slots): ManualStep | undefined {
  for (const [concept, step] of STEP_CONCEPTS) if (has(s, concept)) return step;
  return has(s, 'step') && s.number ? STEP_NUMBERS[s.number] : undefined;
}

/** "end / finish / beenden / abschließen" said of the pilot (the group, "Pilotphase", "pilot phase"), not of a job. */
function endsPilot(s: Slots): boolean {
  const ends = has(s, 'finish') || s.tokens.some((t) => t.key === 'beenden' || t.key === 'beende');
  if (!ends || s.number || has(s, 'job', 'move', 'rollback', 'decommission', 'signoff')) return false;
  return s.groups.some((g) => g.toLowerCase() === s.pilotGroup) || s.tokens.some((t) => t.key.startsWith('pilot'));
}

type SiteOf = (s: Slots) => { value: string; unresolved: string[] } | undefined;
const withSite = <C extends Command>(command: C, unresolved: string[]): C => (unresolved.length ? { ...command, unresolved } : command);

// Problem reports first: "Problem melden: …" and "I can't join meetings since the move" are
// statements about the caller, never questions or moves. The text is filled in by the caller.
export function resolveProblemRule(s: Slots): Command | undefined {
  return has(s, 'problem') && has(s, 'resolve') && s.number ? { intent: 'resolveProblem', problemId: s.number } : undefined;
}

export function reportProblemRule(s: Slots): Command | undefined {
  return has(s, 'reportProblem') || (has(s, 'broken') && has(s, 'me') && !s.questionMark) ? { intent: 'reportProblem', text: REPORTED_TEXT } : undefined;
}

export function listProblemsRule(s: Slots, siteOf: SiteOf): Command | undefined {
  if (!has(s, 'problem') || s.number) return undefined;
  const site = siteOf(s);
  return site ? withSite({ intent: 'listProblems', site: site.value }, site.unresolved) : { intent: 'listProblems' };
}

export function markStepRule(s: Slots, siteOf: SiteOf): Command | undefined {
  const step = manualStepOf(s);
  if (!step || !has(s, 'mark', 'moved', 'step', 'negation')) return undefined;
  const site = siteOf(s);
  if (!site) return { intent: 'unknown' };
  return withSite({ intent: 'markStep', site: site.value, step, done: !has(s, 'negation') }, site.unresolved);
}

// "Pilotphase in München beenden", "end the pilot in Munich": sign the pilot off, or move the
// rest of the site? Both are plausible, so the bot asks; a question about it gets the runbook.
export function endPilotRule(s: Slots, siteOf: SiteOf): Command | undefined {
  if (!endsPilot(s)) return undefined;
  const site = siteOf(s);
  if (!site) return { intent: 'runbook' };
  if (s.questionMark || has(s, 'askSelf', 'question')) return withSite({ intent: 'runbook', site: site.value }, site.unresolved);
  const choices: Reading[] = [
    { intent: 'signOffPilot', site: site.value },
    { intent: 'move', subject: { kind: 'site', site: site.value }, target: 'lync2013', dryRun: false },
  ];
  return withSite({ intent: 'clarify', choices }, site.unresolved);
}

export function signOffPilotRule(s: Slots, siteOf: SiteOf): Command | undefined {
  // "accept the pilot in Munich": a confirmation without an id that names the pilot group.
  const acceptsPilot = has(s, 'confirm') && !s.number && s.groups.some((g) => g.toLowerCase() === s.pilotGroup);
  if (!has(s, 'signoff') && !acceptsPilot) return undefined;
  const site = siteOf(s);
  if (!site) return { intent: 'unknown' };
  return withSite({ intent: 'signOffPilot', site: site.value }, site.unresolved);
}

export function runbookRule(s: Slots, siteOf: SiteOf): Command | undefined {
  if (!has(s, 'runbook') || has(s, 'move', 'rollback', 'decommission')) return undefined;
  const site = siteOf(s);
  return site ? withSite({ intent: 'runbook', site: site.value }, site.unresolved) : { intent: 'runbook' };
}

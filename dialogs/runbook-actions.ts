// The runbook card's next actions as commands: each button stands for the typed twin the card
// shows beside it ("run coexistence tests for site Berlin"), so a click and the typed words run
// the same command through the same role check.
import type { Reading } from './contract';
import type { ManualStep } from '../migration/runbook/ledger';
import type { NextAction } from '../migration/runbook/steps';

/** Every next action a runbook button can carry (a step's `command` next action, or the problem list). */
export const RUNBOOK_BUTTONS = [
  'coexistenceTest',
  'movePilot',
  'signOffPilot',
  'moveSite',
  'moveConferenceDirectories',
  'moveResponseGroups',
  'moveApplications',
  'moveExUmContacts',
  'decommission',
  'listProblems',
] as const;
export type RunbookButton = (typeof RUNBOOK_BUTTONS)[number];

/** The card input (one per manual step) whose text becomes the recorded step's evidence. */
export const noteInput = (step: ManualStep): `note.${ManualStep}` => `note.${step}`;

/** The buttons of a step's next action (applications: response groups first, then the endpoints). */
export function buttonsFor(next: NextAction): RunbookButton[] {
  switch (next.kind) {
    case 'command':
      return next.text === 'moveApplications' ? ['moveResponseGroups', 'moveApplications'] : [next.text];
    case 'resolveProblems':
      return ['listProblems'];
    default:
      return [];
  }
}

/** The command a runbook button runs: exactly what its typed twin reads as (the pilot's move: the configured pilot group). */
export function runbookCommand(button: RunbookButton, site: string, pilotGroup: string): Reading {
  const move = (subject: Extract<Reading, { intent: 'move' }>['subject']): Reading => ({ intent: 'move', subject, target: 'lync2013', dryRun: false });
  switch (button) {
    case 'coexistenceTest':
      return { intent: 'coexistenceTest', site };
    case 'movePilot':
      return move({ kind: 'group', group: pilotGroup });
    case 'signOffPilot':
      return { intent: 'signOffPilot', site };
    case 'moveSite':
      return move({ kind: 'site', site });
    case 'moveConferenceDirectories':
      return move({ kind: 'conferenceDirectories', site });
    case 'moveResponseGroups':
      return move({ kind: 'responseGroups', site });
    case 'moveApplications':
      return move({ kind: 'applications', site });
    case 'moveExUmContacts':
      return move({ kind: 'exUmContacts', site });
    case 'decommission':
      return { intent: 'decommission', site, dryRun: false };
    case 'listProblems':
      return { intent: 'listProblems', site };
  }
}

// The command registry: the single source for routing, help and the Teams command menu.
import type { Intent } from './contract';
import type { CommandSpec } from './context';
import { cancelJob } from './commands/cancel-job';
import { pauseJob } from './commands/pause-job';
import { resumeJob } from './commands/resume-job';
import { clarify } from './commands/clarify';
import { faq } from './commands/faq';
import { listFailures } from './commands/list-failures';
import { usersLeft } from './commands/users-left';
import { cancelProposal } from './commands/cancel-proposal';
import { coexistenceTest } from './commands/coexistence-test';
import { confirmProposal } from './commands/confirm-proposal';
import { decommission } from './commands/decommission';
import { help } from './commands/help';
import { history } from './commands/history';
import { jobStatus } from './commands/job-status';
import { listJobs } from './commands/list-jobs';
import { listSites } from './commands/list-sites';
import { move } from './commands/move';
import { myStatus } from './commands/my-status';
import { retryJob } from './commands/retry-job';
import { rollback } from './commands/rollback';
import { siteStatus } from './commands/site-status';
import { poolStatus } from './commands/pool-status';
import { smalltalk } from './commands/smalltalk';
import { unknown } from './commands/unknown';
import { userStatus } from './commands/user-status';
import { markStep } from './commands/mark-step';
import { runbook } from './commands/runbook';
import { signOffPilot } from './commands/sign-off-pilot';
import { listProblems, reportProblem, resolveProblem } from './commands/problems';
import { dashboard } from './commands/dashboard';

export const COMMANDS = [
  siteStatus,
  poolStatus,
  listSites,
  dashboard,
  myStatus,
  userStatus,
  move,
  rollback,
  coexistenceTest,
  decommission,
  listJobs,
  jobStatus,
  cancelJob,
  pauseJob,
  resumeJob,
  retryJob,
  history,
  usersLeft,
  listFailures,
  faq,
  runbook,
  markStep,
  signOffPilot,
  reportProblem,
  listProblems,
  resolveProblem,
  help,
  confirmProposal,
  cancelProposal,
  clarify,
  smalltalk,
  unknown,
] as const;

const byIntent = new Map<Intent, CommandSpec>(COMMANDS.map((c) => [c.intent, c as unknown as CommandSpec]));

export function commandFor(intent: Intent): CommandSpec {
  const spec = byIntent.get(intent);
  if (!spec) throw new Error(`no command registered for intent ${intent}`);
  return spec;
}

export const REGISTRY: readonly CommandSpec[] = COMMANDS as unknown as readonly CommandSpec[];

// Reply language and did-you-mean intents. The language comes from words only one language
// uses (loanwords like "Status" or "Job" are neutral); the suggestions rank intents by the
// concepts that were said, including near-misses of words the lexicon knows.
import type { Command, Intent } from '../../migration/commands';
import type { Token } from './annotate';
import { nearestConcept, type Concept } from './lexicon';

export type Language = 'en' | 'de';

/**
 * 'de' when German wording outweighs English (a tie with some German counts as German, since
 * German admins mix in English terms), 'en' for English wording, undefined when nothing tells.
 */
export function detectLanguage(tokens: Token[]): Language | undefined {
  let de = 0;
  let en = 0;
  for (const t of tokens) {
    if (t.lang === 'de') de++;
    else if (t.lang === 'en') en++;
  }
  if (de === 0 && en === 0) return undefined;
  return de >= en ? 'de' : 'en';
}

// Which intents each concept points at, strongest first.
const HINTS: Partial<Record<Concept, Intent[]>> = {
  help: ['help'],
  finish: ['signOffPilot', 'move'],
  list: ['listSites', 'listJobs'],
  overview: ['listSites'],
  status: ['siteStatus', 'jobStatus', 'userStatus', 'myStatus'],
  site: ['siteStatus', 'listSites'],
  sites: ['listSites'],
  user: ['userStatus', 'move'],
  group: ['move', 'rollback'],
  confdir: ['move'],
  apps: ['move'],
  move: ['move', 'rollback'],
  moved: ['userStatus', 'myStatus', 'siteStatus'],
  back: ['rollback'],
  rollback: ['rollback'],
  lync: ['move', 'myStatus'],
  ocs: ['rollback', 'decommission'],
  pool: ['decommission', 'myStatus'],
  dryRun: ['move', 'rollback', 'decommission'],
  force: ['move', 'decommission'],
  coex: ['coexistenceTest'],
  test: ['coexistenceTest'],
  verify: ['coexistenceTest', 'siteStatus'],
  decommission: ['decommission'],
  decommissioned: ['siteStatus'],
  job: ['listJobs', 'jobStatus', 'cancelJob'],
  cancel: ['cancelJob', 'cancelProposal'],
  retry: ['retryJob'],
  pause: ['pauseJob'],
  resume: ['resumeJob'],
  failed: ['retryJob', 'jobStatus'],
  confirm: ['confirmProposal'],
  reject: ['cancelProposal'],
  proposal: ['confirmProposal', 'cancelProposal'],
  history: ['history'],
  me: ['myStatus'],
  where: ['userStatus', 'myStatus'],
  running: ['listJobs'],
  start: ['move', 'coexistenceTest'],
  migration: ['listSites', 'move'],
};

const MAX_SUGGESTIONS = 3;

function add(scores: Map<Intent, number>, intents: Intent[] | undefined, weight: number): void {
  intents?.forEach((intent, rank) => scores.set(intent, (scores.get(intent) ?? 0) + weight * (3 - Math.min(rank, 2))));
}

/** Up to three likely intents; the recognised one first when there is one. */
export function suggestIntents(tokens: Token[], command: Command): Intent[] {
  const scores = new Map<Intent, number>();
  for (const t of tokens) {
    if (t.concept) add(scores, HINTS[t.concept], 2);
    else if (t.kind === 'user') add(scores, ['userStatus', 'move'], 2);
    else if (t.entity?.type === 'site') add(scores, ['siteStatus', 'move', 'history'], 2);
    else if (t.entity?.type === 'group') add(scores, ['move', 'rollback'], 2);
    else if (t.kind === 'number' && !t.version) add(scores, ['jobStatus', 'cancelJob'], 1);
    else if (t.kind === 'word' && command.intent === 'unknown') {
      const near = nearestConcept(t.key);
      if (near) add(scores, HINTS[near], 1);
    }
  }
  const ranked = [...scores.entries()]
    .filter(([intent]) => intent !== command.intent)
    .sort((a, b) => b[1] - a[1])
    .map(([intent]) => intent);
  if (command.intent !== 'unknown') ranked.unshift(command.intent);
  if (!ranked.length) ranked.push('help');
  return ranked.slice(0, MAX_SUGGESTIONS);
}

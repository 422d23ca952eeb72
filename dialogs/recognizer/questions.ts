// Rules for questions: whether the text asks rather than orders, the FAQ a user asks about their
// own move, who is left on the OCS pool, and which items failed. Their specs (faq, usersLeft,
// listFailures) run them before the order rules, so "what happens to my meetings after the move?"
// is a question, never a move.
import type { Command, FaqTopic } from '../contract';
import { foldKey } from './normalise';
import { has, type Slots, type TypedName } from './subjects';

const INTERROGATIVES = new Set(['what', 'whats', 'who', 'when', 'why', 'how', 'which', 'wer', 'was', 'wann', 'warum', 'wieso', 'weshalb', 'wie', 'welche', 'welcher', 'welches', 'welchen']);

function firstMeaningful(s: Slots) {
  return s.tokens.find((t) => t.concept !== 'filler' && t.kind !== 'qmark');
}

/**
 * The text asks instead of orders: it ends with a question mark ("Versionsfilter in Berlin
 * erledigt?"), opens with a question word or an auxiliary ("is", "hat"), or asks about the
 * speaker ("do I need", "muss ich", "can I"), or asks what happens.
 */
export function isQuestion(s: Slots): boolean {
  if (has(s, 'askSelf', 'happens', 'changes', 'whenAsk', 'who')) return true;
  const first = firstMeaningful(s);
  if (first && first.concept === 'question') return true;
  if (opensWithInterrogative(s)) return true;
  return s.questionMark && !isRequest(s);
}

/** Words that ask the bot to act: "can you cancel job 42?" is an order said politely, not a question. */
const REQUESTS = new Set(
  ['can you', 'could you', 'would you', 'will you', 'can u', 'please', 'pls', 'plz', 'kannst du', 'könntest du', 'würdest du', 'kannst du bitte', 'bitte', 'können sie', 'könnten sie', 'würden sie'].map(foldKey),
);

function isRequest(s: Slots): boolean {
  return s.tokens.some((t, i) => REQUESTS.has(t.key) || (i > 0 && REQUESTS.has(`${s.tokens[i - 1].key} ${t.key}`)));
}

/** The text opens with a question word ("what …", "warum …"). */
export function opensWithInterrogative(s: Slots): boolean {
  const first = firstMeaningful(s);
  // A phrase counts by its first word: "how do I …", "wie kann ich …".
  return !!first && INTERROGATIVES.has(first.key.split(' ')[0]);
}

/** The first meaningful word orders a move or rollback ("move …", "verschiebe …"). */
export function opensWithOrder(s: Slots): boolean {
  const first = firstMeaningful(s);
  return !!first && (first.concept === 'move' || first.concept === 'rollback' || first.concept === 'decommission');
}

function namesSomething(s: Slots): boolean {
  return s.users.length > 0 || s.groups.length > 0 || s.sites.length > 0;
}

/** A question a user asks about their own move, or undefined. */
export function faqTopic(s: Slots): FaqTopic | undefined {
  const aboutMe = has(s, 'me', 'askSelf');
  if (opensWithOrder(s) && !aboutMe) return undefined;
  if (has(s, 'meeting') && (aboutMe || (has(s, 'happens') && !namesSomething(s)))) return 'meetings';
  if (has(s, 'contacts') && !has(s, 'exum') && (aboutMe || (has(s, 'happens') && !namesSomething(s)))) return 'contacts';
  if ((has(s, 'client') || (has(s, 'install') && !has(s, 'decommission'))) && (aboutMe || isQuestion(s)) && !s.users.length) return 'client';
  if (has(s, 'rollback') && aboutMe && (isQuestion(s) || has(s, 'happens'))) return 'rollback';
  if (has(s, 'whenAsk') && aboutMe && has(s, 'move', 'moved', 'migration', 'lync', 'start')) return 'whenMoved';
  if (has(s, 'changes') && (aboutMe || !namesSomething(s))) return 'whatChanges';
  if (has(s, 'happens', 'dryRun') && aboutMe && has(s, 'move', 'moved', 'migration') && !namesSomething(s)) return 'whatChanges';
  return undefined;
}

function placeOf(s: Slots): { site: string; unresolved?: string[] } | undefined {
  if (s.sites.length) return { site: s.sites[0] };
  const typed: TypedName | undefined = s.named.site ?? (s.leftover && !s.leftover.afterArticle && (s.leftover.afterPlace || s.leftover.capitalised) ? s.leftover : undefined);
  return typed ? { site: typed.text, unresolved: [typed.text] } : undefined;
}

/** "who is left on the old pool in Berlin?", "wer ist noch auf OCS?" */
export function usersLeftAsked(s: Slots): Command | undefined {
  if (opensWithOrder(s) || has(s, 'me', 'sites', 'job', 'failed', 'history', 'decommission', 'coex', 'cancel', 'retry')) return undefined;
  if (s.users.length || s.groups.length || s.named.group) return undefined;
  // "how many users are left in Frankfurt" asks for a count: the site status has it.
  const who = has(s, 'who') || (has(s, 'user') && s.tokens.some((t) => t.key === 'which' || t.key === 'welche'));
  if (!who || !has(s, 'left', 'ocs', 'question')) return undefined;
  const place = placeOf(s);
  const page = has(s, 'page') && s.number ? Number(s.number) : undefined;
  return {
    intent: 'usersLeft',
    ...(place ? { site: place.site } : {}),
    ...(page && page >= 1 && page <= 100_000 ? { page } : {}),
    ...(place?.unresolved ? { unresolved: place.unresolved } : {}),
  };
}

/**
 * "zeige fehlgeschlagene Verschiebungen", "what failed in job 4?"; also "retry failed" without a
 * job's id: the list of failures, which offers the retry of each job.
 */
export function failuresAsked(s: Slots): Command | undefined {
  if (!has(s, 'failed') || has(s, 'cancel', 'confirm', 'reject', 'me') || opensWithOrder(s)) return undefined;
  if (has(s, 'retry') && s.number) return undefined;
  if (s.users.length || s.groups.length) return undefined;
  return s.number ? { intent: 'listFailures', jobId: s.number } : { intent: 'listFailures' };
}

// A command read back to the user: a short label (clarify buttons) and the phrase that types it
// (the buttons' typed twins). Every phrase is one the recognizer reads back as the same command
// (a test checks the round trip in both languages).
import type { SingleSubject, Subject } from '../migration/commands';
import type { Reading } from './contract';
import type { Texts } from './i18n';

function subjectName(s: SingleSubject): string {
  return s.kind === 'user' ? s.user : s.kind === 'group' ? s.group : s.site;
}

function subjectLabel(t: Texts, s: Subject): string {
  return s.kind === 'list' ? s.items.map((i) => t.subject(i.kind, subjectName(i))).join(', ') : t.subject(s.kind, subjectName(s));
}

function subjectPhrase(t: Texts, s: Subject): string {
  return s.kind === 'list' ? s.items.map((i) => t.phrase.subject(i.kind, subjectName(i))).join(', ') : t.phrase.subject(s.kind, subjectName(s));
}

/** What the command does, in a few words ("Move site Berlin to Lync 2013"). */
export function readingLabel(t: Texts, c: Reading): string {
  switch (c.intent) {
    case 'move':
      return t.reading.move(subjectLabel(t, c.subject));
    case 'rollback':
      return t.reading.rollback(subjectLabel(t, c.subject));
    case 'siteStatus':
      return t.reading.siteStatus(c.site);
    case 'userStatus':
      return t.reading.userStatus(c.user);
    case 'usersLeft':
      return t.reading.usersLeft(c.site);
    case 'decommission':
      return t.reading.decommission(c.site);
    case 'coexistenceTest':
      return t.reading.coexistenceTest(c.site);
    case 'history':
      return t.reading.history(c.site);
    case 'listFailures':
      return t.reading.listFailures(c.jobId);
    case 'faq':
      return t.faq.title[c.topic];
    case 'signOffPilot':
      return t.reading.signOffPilot(c.site);
    default:
      return typedPhrase(t, c);
  }
}

/** The words that, typed, give this command. */
export function typedPhrase(t: Texts, c: Reading): string {
  switch (c.intent) {
    case 'move':
      return t.phrase.move(subjectPhrase(t, c.subject), c.dryRun);
    case 'rollback':
      return t.phrase.rollback(subjectPhrase(t, c.subject), c.dryRun);
    case 'siteStatus':
      return t.phrase.siteStatus(c.site);
    case 'userStatus':
      return t.phrase.userStatus(c.user);
    case 'usersLeft':
      return t.phrase.usersLeft(c.site, c.page);
    case 'decommission':
      return t.phrase.decommission(c.site);
    case 'coexistenceTest':
      return t.phrase.coexistenceTest(c.site);
    case 'history':
      return t.phrase.history(c.site);
    case 'listFailures':
      return t.phrase.listFailures(c.jobId);
    case 'faq':
      return t.phrase.faq[c.topic];
    case 'signOffPilot':
      return t.phrase.signOffPilot(c.site);
    case 'jobStatus':
      return t.job.twinStatus(c.jobId);
    case 'retryJob':
      return t.job.twinRetry(c.jobId);
    case 'cancelJob':
      return t.job.twinCancel(c.jobId);
    case 'pauseJob':
      return t.job.twinPause(c.jobId);
    case 'resumeJob':
      return t.job.twinResume(c.jobId);
    case 'confirmProposal':
      return t.plan.twinConfirm(c.proposalId);
    case 'cancelProposal':
      return t.plan.twinReject(c.proposalId);
    default:
      return t.command[c.intent].title;
  }
}

// A runbook step's evidence and next action as sentences in the reader's language: for the
// runbook card in chat and for the dashboard page (which passes its own escaping).
import type { Evidence, NextAction } from '../migration/runbook/steps';
import { escapeMarkdown } from './escape';
import { formatDateTime, texts } from './i18n';
import type { Language } from './types';

/** The evidence of a step as one line; `escape` makes recorded words safe for where they go (chat markdown by default). */
export function evidenceLine(e: Evidence, lang: Language, escape: (v: string) => string = escapeMarkdown): string {
  const t = texts(lang).runbook;
  switch (e.kind) {
    case 'observed':
      return t.observed(formatDateTime(e.at, lang), Object.entries(e.facts).map(([k, v]) => `${k}=${String(v)}`).join(', '));
    case 'recorded':
      return t.recordedBy(escape(e.by), formatDateTime(e.at, lang), e.comment ? escape(e.comment) : undefined);
    case 'none':
      return t.noEvidence;
  }
}

/** The next action of a step as one sentence; the pilot's move names the configured pilot group. */
export function nextLine(next: NextAction, site: string, lang: Language, pilotGroup: string): string {
  const t = texts(lang).runbook;
  switch (next.kind) {
    case 'command':
      return t.nextCommand[next.text](site, pilotGroup);
    case 'shell':
      return t.nextShell(next.cmdlet);
    case 'record':
      return t.nextRecord(next.step, site);
    case 'wait':
      return t.nextWait(formatDateTime(next.until, lang));
    case 'resolveProblems':
      return t.nextProblems(next.count, site);
  }
}


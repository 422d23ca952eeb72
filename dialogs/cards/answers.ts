// Cards for questions and clarifications: the FAQ answer about the asker, who is left on a
// site's OCS pool (paged), failed items by reason with a retry per job, and the "which one did
// you mean?" card whose buttons each run one reading.
import type { FaqTopic, Reading } from '../contract';
import type { FailureReport, SiteLeftCount, UsersLeftPage } from '../../migration/inventory';
import { FINISHED_JOB_STATES } from '../../migration/model';
import { formatNumber, reasonText, texts } from '../i18n';
import { readingLabel, typedPhrase } from '../phrases';
import type { AdaptiveCard, Language } from '../types';
import { asGiven, bullets, button, card, container, facts, heading, plain, text, type SiteName } from './elements';
import type { CardAction, CardElement } from './adaptive';

export function faqCard(topic: FaqTopic, paragraphs: string[], lang: Language): AdaptiveCard {
  const t = texts(lang);
  return card([heading(t.faq.title[topic]), ...paragraphs.map((p) => text(p))]);
}

const SKIPPED_SHOWN = 10;

export function usersLeftCard(v: UsersLeftPage, lang: Language, siteName: SiteName = asGiven): AdaptiveCard {
  const t = texts(lang);
  const site = siteName(v.site);
  const body: CardElement[] = [heading(t.usersLeft.title(site))];
  if (v.total === 0) return card([...body, text(t.usersLeft.none(site), { color: 'Good' })]);
  body.push(text(t.usersLeft.summary(formatNumber(v.total, lang), v.pool)));
  const reason = (code: string) => reasonText(t, code);
  if (v.skipped.length) {
    const shown = v.skipped.slice(0, SKIPPED_SHOWN).map((u) => `${plain(u.displayName.trim() || u.sip)} (${plain(u.sip)}): ${reason(u.skip!)}`);
    if (v.skipped.length > SKIPPED_SHOWN) shown.push(t.common.more(v.skipped.length - SKIPPED_SHOWN));
    body.push(container([text(t.usersLeft.skippedIntro(v.skipped.length), { weight: 'Bolder', color: 'Warning' }), bullets(shown)], 'warning'));
  }
  body.push(
    text(t.usersLeft.page(v.page, v.pages), { weight: 'Bolder', spacing: 'Medium' }),
    bullets(v.users.map((u) => `${plain(u.displayName.trim() || u.sip)} (${plain(u.sip)})${u.skip ? ` — ${reason(u.skip)}` : ''}`)),
  );
  const actions: CardAction[] = [];
  const twins: string[] = [];
  if (v.page > 1) {
    actions.push(button(t.usersLeft.previousPage, { verb: 'usersLeft.page', site: v.site, page: v.page - 1, lang }));
    twins.push(t.phrase.usersLeft(site, v.page - 1));
  }
  if (v.page < v.pages) {
    actions.push(button(t.usersLeft.nextPage, { verb: 'usersLeft.page', site: v.site, page: v.page + 1, lang }));
    twins.push(t.phrase.usersLeft(site, v.page + 1));
  }
  if (twins.length) body.push(text(t.common.typedTwin(twins.join(' / ')), { isSubtle: true, size: 'Small' }));
  return card(body, actions);
}

export function usersLeftCountsCard(rows: SiteLeftCount[], lang: Language, siteName: SiteName = asGiven): AdaptiveCard {
  const t = texts(lang);
  return card([
    heading(t.usersLeft.countsTitle),
    facts(rows.map((r): [string, string] => [siteName(r.site), t.usersLeft.perSite(formatNumber(r.onOcs, lang), formatNumber(r.onLync, lang), t.phase[r.phase])])),
    text(t.usersLeft.namesHint, { isSubtle: true, size: 'Small' }),
  ]);
}

export function failuresCard(report: FailureReport, jobId: string | undefined, lang: Language, adminView: boolean): AdaptiveCard {
  const t = texts(lang);
  const body: CardElement[] = [heading(jobId ? t.failures.titleOfJob(jobId) : t.failures.title)];
  if (!report.jobs.length) return card([...body, text(jobId ? t.failures.noneInJob(jobId) : t.failures.none, { color: 'Good' })]);
  const reason = (code: string) => reasonText(t, code);
  if (!jobId) {
    body.push(text(t.common.failuresByReason, { weight: 'Bolder' }), facts(report.byReason.map((r): [string, string] => [reason(r.code), formatNumber(r.count, lang)])));
  }
  const actions: CardAction[] = [];
  for (const j of report.jobs) {
    const what = `${t.operation[j.job.operation]} · ${plain(t.subject(j.job.subject.kind, j.job.subject.name))}`;
    const finished = FINISHED_JOB_STATES.has(j.job.state);
    const lines = j.groups.map((g) => `${reason(g.code)}: ${formatNumber(g.count, lang)}${g.examples.length ? ` (${t.failures.examples(g.examples.map(plain).join(', '))})` : ''}`);
    const items: CardElement[] = [text(t.failures.job(j.job.id, what, j.failed, t.jobState[j.job.state]), { weight: 'Bolder' }), bullets(lines)];
    if (adminView && finished) {
      items.push(text(t.common.typedTwin(t.job.twinRetry(j.job.id)), { isSubtle: true, size: 'Small' }));
      actions.push(button(`${t.job.retryButton} (${t.common.job} ${j.job.id})`, { verb: 'job.retry', jobId: j.job.id, lang }));
    } else if (adminView) {
      items.push(text(t.failures.retryWhenFinished, { isSubtle: true, size: 'Small' }));
    }
    body.push(container(items, 'emphasis'));
  }
  // Teams shows at most six actions on a card; the typed twins cover the rest.
  return card(body, actions.slice(0, 6));
}

/** Each reading as a button and as the words that type it; the typed text is echoed escaped. */
export function clarifyCard(choices: Reading[], typed: string, lang: Language, said: (c: Reading) => Reading = (c) => c): AdaptiveCard {
  const t = texts(lang);
  // `said` words a reading for the reader (site names in their language); the button carries the reading itself.
  return card(
    [
      heading(t.clarify.title),
      text(t.clarify.intro(plain(typed))),
      text(t.clarify.typeOne, { isSubtle: true, size: 'Small', spacing: 'Medium' }),
      bullets(choices.map((c) => plain(typedPhrase(t, said(c))))),
    ],
    choices.map((c) => button(readingLabel(t, said(c)), { verb: 'clarify.pick', choice: c, lang })),
  );
}

/** What the clarification card turns into when the chosen reading answered with text only. */
export function clarifiedCard(choice: Reading, lang: Language): AdaptiveCard {
  const t = texts(lang);
  return card([heading(t.clarify.title), text(t.clarify.chosen(plain(readingLabel(t, choice))))]);
}

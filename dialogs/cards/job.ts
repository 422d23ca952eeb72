// Job cards: progress (percent, done, failed, remaining, time left) while a job runs and the
// summary when it has finished (outcomes grouped by reason, per-check results for coexistence
// tests). Admins get Cancel / Retry failed through a per-user refresh; others see progress only.
import type { CheckResult, FailureGroup, ItemCounts, Job } from '../../migration/model';
import { FINISHED_JOB_STATES } from '../../migration/model';
import { escapeMarkdown } from '../escape';
import { formatDateTime, formatDuration, formatNumber, formatPercent, reasonText, texts } from '../i18n';
import type { JobSchedule } from '../../migration/schedule/model';
import { formatZoned, isScheduled, pauseText, scheduleFacts, type WindowPause } from '../schedule';
import type { AdaptiveCard, Language } from '../types';
import { asGiven, bullets, button, card, container, facts, heading, text, type SiteName } from './elements';
import type { CardAction, CardElement } from './adaptive';

export interface JobView {
  job: Job;
  counts: ItemCounts;
  failures: FailureGroup[];
  checks?: CheckResult[];
  /** Start time and pace, when the job has them. */
  schedule?: JobSchedule;
  /** Who paused the job, and when. */
  pausedBy?: { name: string; at: number };
  /** The job waits for a closed maintenance window. */
  windowPause?: WindowPause;
  /** Sites whose closed window the forced job overrides now. */
  forcedWindows?: string[];
  now: number;
}

export interface JobCardOptions {
  /** Show the admin buttons (Cancel / Retry failed). */
  adminView: boolean;
  /** AAD ids that get the admin view through refresh (at most 60). */
  refreshUserIds?: string[];
  /** Sites as the reader's language names them. */
  siteName?: SiteName;
}

function jobSubject(job: Job, lang: Language, siteName: SiteName): string {
  return texts(lang).subject(job.subject.kind, escapeMarkdown(job.subject.kind === 'site' ? siteName(job.subject.name) : job.subject.name));
}

function progressFacts(v: JobView, lang: Language, siteName: SiteName): Array<[string, string]> {
  const t = texts(lang);
  const c = v.counts;
  const total = v.job.totalItems || 1;
  const finished = c.done + c.skipped + c.failed + c.cancelled;
  const remaining = c.pending + c.running;
  const rows: Array<[string, string]> = [
    [t.job.state, v.windowPause && !isScheduled(v.job, v.schedule ?? null) ? pauseText(v.windowPause, lang, siteName) : jobStateText(v.job, v.schedule, lang)],
    [t.job.progress, `${formatPercent(finished / total, lang)} (${formatNumber(finished, lang)} / ${formatNumber(v.job.totalItems, lang)})`],
    [t.job.done, formatNumber(c.done + c.skipped, lang)],
    [t.job.failedItems, formatNumber(c.failed, lang)],
    [t.job.remaining, formatNumber(remaining, lang)],
  ];
  if (c.cancelled) rows.push([t.job.cancelled, formatNumber(c.cancelled, lang)]);
  if (!FINISHED_JOB_STATES.has(v.job.state) && v.job.startedAt && finished > 0 && remaining > 0) {
    const elapsed = Math.max(1, v.now - v.job.startedAt);
    rows.push([t.job.etaLabel, t.job.eta(((elapsed / finished) * remaining) / 1000)]);
  }
  rows.push(...scheduleFacts(v.schedule ?? null, v.job.totalItems, lang));
  if (v.pausedBy) rows.push([t.job.pausedByLabel, t.job.pausedBy(v.pausedBy.name, formatDateTime(v.pausedBy.at, lang))]);
  if (v.job.startedAt) rows.push([t.job.started, formatDateTime(v.job.startedAt, lang)]);
  if (v.job.finishedAt && v.job.startedAt) rows.push([t.job.duration, formatDuration(v.job.finishedAt - v.job.startedAt, lang)]);
  return rows;
}

/** "scheduled" while a schedule waits, "stopped at its start" when the re-check failed. */
export function jobStateText(job: Job, schedule: JobSchedule | undefined, lang: Language): string {
  const t = texts(lang);
  if (schedule && isScheduled(job, schedule)) return t.schedule.scheduled;
  if (schedule?.state === 'stopped' && FINISHED_JOB_STATES.has(job.state)) return `${t.jobState[job.state]} (${t.schedule.stopped})`;
  return t.jobState[job.state];
}

function checkLines(checks: CheckResult[], lang: Language): string[] {
  const t = texts(lang);
  return checks.map((c) => {
    const name = t.check[c.check] ?? c.check;
    const detail = [c.latencyMs !== undefined ? `${Math.round(c.latencyMs)} ms` : '', escapeMarkdown(c.error ? reasonText(t, c.error) : ''), escapeMarkdown(c.diagnosis ?? '')].filter(Boolean).join(' · ');
    return `${c.passed ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`;
  });
}

export function jobCard(v: JobView, lang: Language, options: JobCardOptions): AdaptiveCard {
  const t = texts(lang);
  const { job } = v;
  const finished = FINISHED_JOB_STATES.has(job.state);
  const op = t.operation[job.operation];
  const siteName = options.siteName ?? asGiven;
  const color = !finished ? undefined : job.state === 'completed' ? 'Good' : job.state === 'cancelled' ? 'Warning' : 'Attention';
  const body: CardElement[] = [
    heading(job.operation === 'coexistenceTest' ? `${t.job.title(job.id, op)} · ${job.sites[0] ? siteName(job.sites[0]) : ''}` : t.job.title(job.id, op), color),
    text(jobSubject(job, lang, siteName), { isSubtle: true, spacing: 'None' }),
    facts(progressFacts(v, lang, siteName)),
  ];
  if (job.forced) body.push(container([text(`⚠ ${t.common.forced}`, { weight: 'Bolder', color: 'Attention' })], 'attention'));
  if (v.forcedWindows?.length) body.push(container(v.forcedWindows.map((site) => text(`⚠ ${t.schedule.forcedWindow(siteName(site))}`, { weight: 'Bolder', color: 'Attention' })), 'attention'));
  if (v.schedule?.stopGates?.length) {
    body.push(
      text(t.schedule.stoppedIntro, { weight: 'Bolder', color: 'Attention' }),
      bullets(v.schedule.stopGates.map((g) => `✗ ${t.gate[g.gate].failed(siteName(g.site), Number(g.detail?.count ?? 0), g.detail ?? {})} ${t.gate[g.gate].next(siteName(g.site))}`)),
    );
  }
  if (v.checks?.length) {
    const passed = v.checks.filter((c) => c.passed).length;
    body.push(text(t.job.coexistenceSummary(passed, v.checks.length), { weight: 'Bolder', color: passed === v.checks.length ? 'Good' : 'Attention' }), bullets(checkLines(v.checks, lang)));
  }
  if (v.failures.length) {
    body.push(
      text(t.common.failuresByReason, { weight: 'Bolder', spacing: 'Medium' }),
      bullets(v.failures.slice(0, 8).map((f) => `${reasonText(t, f.code)}: ${formatNumber(f.count, lang)}${f.examples.length ? ` (${f.examples.slice(0, 3).map(escapeMarkdown).join(', ')})` : ''}`)),
    );
  }
  const actions: CardAction[] = [];
  const twins: string[] = [];
  if (job.state === 'queued' || job.state === 'running') twins.push(t.job.twinPause(job.id));
  if (job.state === 'paused') twins.push(t.job.twinResume(job.id));
  if (!finished) twins.push(t.job.twinCancel(job.id));
  if (finished && v.counts.failed > 0) twins.push(t.job.twinRetry(job.id));
  if (options.adminView) {
    if (job.state === 'queued' || job.state === 'running') actions.push(button(t.job.pauseButton, { verb: 'job.pause', jobId: job.id, lang }));
    if (job.state === 'paused') actions.push(button(t.job.resumeButton, { verb: 'job.resume', jobId: job.id, lang }, 'positive'));
    if (!finished && job.state !== 'cancelling') actions.push(button(t.job.cancelButton, { verb: 'job.cancel', jobId: job.id, lang }, 'destructive'));
    if (finished && v.counts.failed > 0) actions.push(button(t.job.retryButton, { verb: 'job.retry', jobId: job.id, lang }, 'positive'));
  }
  if (options.adminView && twins.length) body.push(text(t.common.typedTwin(twins.join(' / ')), { isSubtle: true, size: 'Small' }));
  const refreshIds = (options.refreshUserIds ?? []).slice(0, 60);
  const refresh = refreshIds.length
    ? { refresh: { action: { type: 'Action.Execute' as const, title: t.job.refreshButton, verb: 'job.refresh' as const, data: { verb: 'job.refresh' as const, jobId: job.id, lang } }, userIds: refreshIds } }
    : {};
  return card(body, actions, refresh);
}

export function queuedCard(job: Job, lang: Language, options: JobCardOptions): AdaptiveCard {
  const t = texts(lang);
  const c = jobCard({ job, counts: { pending: job.totalItems, running: 0, done: 0, skipped: 0, failed: 0, cancelled: 0 }, failures: [], now: job.createdAt }, lang, options);
  c.body.unshift(heading(t.job.queuedTitle(job.id)), text(t.job.queued(job.id), { isSubtle: true }));
  c.body.splice(2, 1);
  return c;
}

export function jobListCard(rows: Array<{ job: Job; counts: ItemCounts; schedule?: JobSchedule; pause?: WindowPause }>, lang: Language, siteName: SiteName = asGiven): AdaptiveCard {
  const t = texts(lang);
  if (!rows.length) return card([heading(t.job.listTitle), text(t.job.noJobs, { isSubtle: true })]);
  return card([
    heading(t.job.listTitle),
    ...rows.map(({ job, counts, schedule, pause }) => {
      const finished = counts.done + counts.skipped + counts.failed + counts.cancelled;
      const scheduled = schedule && isScheduled(job, schedule);
      const next = scheduled
        ? [text(`${t.schedule.nextStart}: ${formatZoned(schedule.startAt, schedule.timeZone, lang)}`, { spacing: 'None' })]
        : pause
          ? [text(pauseText(pause, lang, siteName), { spacing: 'None' })]
          : [];
      return container([
        text(`${t.common.job} ${job.id}: ${t.operation[job.operation]} · ${jobSubject(job, lang, siteName)}`, { weight: 'Bolder' }),
        text(`${jobStateText(job, schedule, lang)} · ${formatNumber(finished, lang)}/${formatNumber(job.totalItems, lang)} · ${t.job.failedItems} ${formatNumber(counts.failed, lang)} · ${formatDateTime(job.createdAt, lang)}`, { isSubtle: true, spacing: 'None' }),
        ...next,
      ]);
    }),
  ]);
}

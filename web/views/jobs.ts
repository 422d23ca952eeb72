// Job bars: one per unfinished job (or per job of a site), updated in place by live events.
import type { JobProgress } from '../../migration/store';
import { formatDateTime, formatNumber, type Texts } from '../../dialogs/i18n';
import type { Language } from '../../dialogs/types';
import { h } from '../dom';

const FINISHED_ITEMS = ['done', 'skipped', 'failed', 'cancelled'] as const;

export function finishedCount(p: JobProgress): number {
  return FINISHED_ITEMS.reduce((n, s) => n + p.counts[s], 0);
}

export function jobTitle(p: JobProgress, t: Texts): string {
  return `${t.dashboard.page.job(p.job.id)}: ${t.operation[p.job.operation]} · ${p.job.subject.name}${p.job.sites.length ? ` (${p.job.sites.join(', ')})` : ''}`;
}

export function jobList(jobs: JobProgress[], t: Texts, lang: Language, empty: string): HTMLElement {
  if (!jobs.length) return h('p', { class: 'muted' }, empty);
  return h('ul', { class: 'jobs' }, ...jobs.map((p) => jobRow(p, t, lang)));
}

function jobRow(p: JobProgress, t: Texts, lang: Language): HTMLElement {
  const total = Math.max(p.job.totalItems, 1);
  const finished = finishedCount(p);
  const title = jobTitle(p, t);
  const state = p.scheduledAt !== undefined && p.job.state === 'queued' ? t.dashboard.page.scheduledFor(formatDateTime(p.scheduledAt, lang)) : t.jobState[p.job.state];
  return h(
    'li',
    { class: `job state-${p.job.state}`, 'data-job-id': p.job.id },
    h('div', { class: 'job-head' }, h('strong', {}, title), h('span', { class: 'badge' }, state)),
    h('progress', { max: total, value: finished, 'aria-label': title, 'data-job-progress': p.job.id }),
    h(
      'div',
      { class: 'job-foot' },
      h('span', { 'data-job-text': p.job.id }, t.dashboard.page.progress(formatNumber(p.counts.done + p.counts.skipped, lang), formatNumber(p.job.totalItems, lang), formatNumber(p.counts.failed, lang))),
      h('a', { href: `/api/dashboard/export/jobs/${encodeURIComponent(p.job.id)}/items.csv`, download: '' }, t.dashboard.page.exportJob),
    ),
  );
}

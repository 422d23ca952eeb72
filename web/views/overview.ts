// The overview: every site (phase, runbook progress, users on OCS vs Lync as a stacked bar), the
// share migrated, moves over time, unfinished jobs, open problem reports and the latest events.
import type { Overview } from '../../migration/dashboard';
import { historySentence } from '../../dialogs/cards/history';
import { formatDateTime, formatNumber, type Texts } from '../../dialogs/i18n';
import type { Language } from '../../dialogs/types';
import { MovesChart, filledBuckets } from '../chart';
import { h, table } from '../dom';
import { jobList } from './jobs';

export interface OverviewView {
  element: HTMLElement;
  jobs: HTMLElement;
  chart: MovesChart;
}

export function stackedBar(onOcs: number, onLync: number, t: Texts, lang: Language): HTMLElement {
  const all = onOcs + onLync;
  const lyncShare = all ? (onLync / all) * 100 : 0;
  const label = `${t.dashboard.page.usersOnOcs}: ${formatNumber(onOcs, lang)}, ${t.dashboard.page.usersOnLync}: ${formatNumber(onLync, lang)}`;
  // Widths through the CSSOM: the page's CSP allows no inline style attributes.
  const lync = h('span', { class: 'stack-lync' });
  const ocs = h('span', { class: 'stack-ocs' });
  lync.style.width = `${lyncShare.toFixed(2)}%`;
  ocs.style.width = `${(100 - lyncShare).toFixed(2)}%`;
  return h('div', { class: 'stack', role: 'img', 'aria-label': label }, lync, ocs);
}

export function renderOverview(o: Overview, t: Texts, lang: Language, bucket: 'hour' | 'day', onBucket: (b: 'hour' | 'day') => void, navigate: (path: string) => void): OverviewView {
  const p = t.dashboard.page;
  const all = o.totals.onOcs + o.totals.onLync;
  const sites = h(
    'ul',
    { class: 'sites' },
    ...o.sites.map((s) =>
      h(
        'li',
        { class: 'site card', 'data-site': s.site },
        h('h3', {}, h('a', { href: `/dashboard/site/${encodeURIComponent(s.site)}`, onclick: (e: Event) => { e.preventDefault(); navigate(`/dashboard/site/${encodeURIComponent(s.site)}`); } }, s.site)),
        h('p', { class: 'phase', 'data-phase': s.phase }, h('span', { class: 'label' }, `${p.phase}: `), t.phase[s.phase]),
        h('p', {}, h('span', { class: 'label' }, `${p.runbook}: `), p.stepsDone(s.runbook.done, s.runbook.total)),
        stackedBar(s.onOcs, s.onLync, t, lang),
        h(
          'dl',
          { class: 'counts' },
          h('div', {}, h('dt', {}, p.usersOnOcs), h('dd', { 'data-count': 'ocs' }, formatNumber(s.onOcs, lang))),
          h('div', {}, h('dt', {}, p.usersOnLync), h('dd', { 'data-count': 'lync' }, formatNumber(s.onLync, lang))),
        ),
        h('p', { class: 'next' }, h('span', { class: 'label' }, `${p.nextStep}: `), t.nextStep[s.next](s.site, o.pilotGroup)),
      ),
    ),
  );
  const canvas = h('canvas', { role: 'img', 'aria-label': `${p.moves}, ${bucket === 'hour' ? p.perHour : p.perDay}` });
  const chart = new MovesChart(canvas);
  const buckets = filledBuckets(o.timeline.buckets, o.timeline.since, o.timeline.bucketMs, o.at);
  const withMoves = o.timeline.buckets.filter((b) => b.moved || b.rolledBack);
  const jobs = h('div', { id: 'jobs' }, jobList(o.jobs, t, lang, p.noJobs));
  const element = h(
    'div',
    { class: 'overview' },
    h(
      'section',
      { class: 'kpi card', 'aria-labelledby': 'kpi-title' },
      h('h2', { id: 'kpi-title' }, p.migrated),
      h('p', { class: 'big', 'data-percent': o.totals.percentMigrated }, `${formatNumber(o.totals.percentMigrated, lang)} %`),
      h('p', {}, p.migratedOf(formatNumber(o.totals.onLync, lang), formatNumber(all, lang))),
      stackedBar(o.totals.onOcs, o.totals.onLync, t, lang),
      h('p', { class: 'legend' }, h('span', { class: 'key key-lync' }), p.usersOnLync, ' ', h('span', { class: 'key key-ocs' }), p.usersOnOcs),
      h('p', {}, h('a', { href: '/api/dashboard/export/inventory.csv', download: '' }, `${p.exportInventory} (CSV)`)),
    ),
    h('section', { 'aria-labelledby': 'sites-title' }, h('h2', { id: 'sites-title' }, p.sites), sites),
    h('section', { class: 'card', 'aria-labelledby': 'jobs-title' }, h('h2', { id: 'jobs-title' }, p.jobs), jobs),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'moves-title' },
      h('h2', { id: 'moves-title' }, p.moves),
      h(
        'div',
        { class: 'toggle', role: 'group', 'aria-label': p.moves },
        h('button', { type: 'button', 'aria-pressed': bucket === 'hour' ? 'true' : 'false', onclick: () => onBucket('hour') }, p.perHour),
        h('button', { type: 'button', 'aria-pressed': bucket === 'day' ? 'true' : 'false', onclick: () => onBucket('day') }, p.perDay),
      ),
      h('div', { class: 'chart' }, canvas),
      withMoves.length
        ? h('details', {}, h('summary', {}, p.moves), table(p.moves, [p.when, p.moved, p.rolledBack], withMoves.map((b) => [formatDateTime(b.at, lang), formatNumber(b.moved, lang), formatNumber(b.rolledBack, lang)])))
        : h('p', { class: 'muted' }, p.noMoves),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'problems-title' },
      h('h2', { id: 'problems-title' }, p.problems),
      o.problems.length
        ? h('ul', { class: 'problems' }, ...o.problems.map((pr) => h('li', {}, h('strong', {}, `#${pr.id} `), pr.text, h('span', { class: 'muted' }, ` — ${pr.reporter.name}${pr.site ? `, ${pr.site}` : ''}, ${formatDateTime(pr.at, lang)}`))))
        : h('p', { class: 'muted' }, p.noProblems),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'audit-title' },
      h('h2', { id: 'audit-title' }, p.audit),
      table(p.audit, [p.when, p.who, p.what, p.site], o.audit.map((e) => [formatDateTime(e.at, lang), e.actor.name, historySentence(e, lang, false), e.site ?? ''])),
    ),
  );
  const formatBucket = (at: number) => {
    const d = new Date(at);
    return bucket === 'hour' ? `${d.getUTCDate()}.${d.getUTCMonth() + 1}. ${String(d.getUTCHours()).padStart(2, '0')}:00` : `${d.getUTCDate()}.${d.getUTCMonth() + 1}.`;
  };
  requestAnimationFrame(() => chart.render(buckets, formatBucket, { moved: p.moved, rolledBack: p.rolledBack, title: p.moves }));
  return { element, jobs, chart };
}

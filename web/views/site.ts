// One site: its runbook steps with evidence and next action, the users still on OCS (search,
// pages), the failed items with their reasons, its jobs and its exports.
import type { SitePage } from '../../migration/dashboard';
import { evidenceLine, nextLine } from '../../dialogs/runbook-lines';
import { formatDateTime, formatNumber, type Texts } from '../../dialogs/i18n';
import type { Language } from '../../dialogs/types';
import { h, table } from '../dom';
import { jobList } from './jobs';
import { stackedBar } from './overview';

export interface SiteView {
  element: HTMLElement;
  jobs: HTMLElement;
}

const verbatim = (v: string) => v;

export function renderSite(
  s: SitePage,
  t: Texts,
  lang: Language,
  actions: { search(query: string, page: number): void; back(): void; query: string },
): SiteView {
  const p = t.dashboard.page;
  const site = s.site.site;
  const today = new Date(s.at).toISOString().slice(0, 10);
  const monthAgo = new Date(s.at - 30 * 24 * 3_600_000).toISOString().slice(0, 10);
  const searchInput = h('input', { type: 'search', id: 'user-search', name: 'q', value: actions.query, autocomplete: 'off' });
  const from = h('input', { type: 'date', id: 'audit-from', value: monthAgo });
  const to = h('input', { type: 'date', id: 'audit-to', value: today });
  const auditLink = h('a', { href: '#', download: '' }, `${p.exportAudit} (CSV)`);
  const updateAuditLink = () => {
    const end = new Date(`${to.value || today}T00:00:00Z`).getTime() + 24 * 3_600_000;
    auditLink.setAttribute('href', `/api/dashboard/export/audit.csv?${new URLSearchParams({ site, from: from.value || monthAgo, to: new Date(end).toISOString() })}`);
  };
  from.addEventListener('change', updateAuditLink);
  to.addEventListener('change', updateAuditLink);
  updateAuditLink();
  const users = s.users;
  const jobs = h('div', { id: 'jobs' }, jobList(s.jobs, t, lang, p.noJobs));
  const element = h(
    'div',
    { class: 'site-page' },
    h('p', {}, h('a', { href: '/dashboard/', onclick: (e: Event) => { e.preventDefault(); actions.back(); } }, `← ${p.back}`)),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'site-title' },
      h('h2', { id: 'site-title' }, `${p.site} ${site}`),
      h('p', { class: 'phase', 'data-phase': s.site.phase }, h('span', { class: 'label' }, `${p.phase}: `), t.phase[s.site.phase]),
      h('p', {}, h('span', { class: 'label' }, `${p.runbook}: `), p.stepsDone(s.site.runbook.done, s.site.runbook.total)),
      stackedBar(s.site.onOcs, s.site.onLync, t, lang),
      h(
        'dl',
        { class: 'counts' },
        h('div', {}, h('dt', {}, p.usersOnOcs), h('dd', { 'data-count': 'ocs' }, formatNumber(s.site.onOcs, lang))),
        h('div', {}, h('dt', {}, p.usersOnLync), h('dd', { 'data-count': 'lync' }, formatNumber(s.site.onLync, lang))),
      ),
      h('p', { class: 'next' }, h('span', { class: 'label' }, `${p.nextStep}: `), t.nextStep[s.site.next](site, s.pilotGroup)),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'steps-title' },
      h('h2', { id: 'steps-title' }, p.steps),
      h(
        'ol',
        { class: 'steps' },
        ...s.steps.map((step) =>
          h(
            'li',
            { class: `step step-${step.state}`, 'data-step': step.id },
            h('div', {}, h('strong', {}, t.runbook.step[step.id](step.detail)), ' ', h('span', { class: 'badge' }, t.runbook.state[step.state])),
            h('div', { class: 'muted' }, evidenceLine(step.evidence, lang, verbatim)),
            step.next ? h('div', { class: 'next' }, nextLine(step.next, site, lang, s.pilotGroup)) : null,
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'users-title' },
      h('h2', { id: 'users-title' }, p.usersLeft),
      h(
        'form',
        {
          class: 'search',
          role: 'search',
          onsubmit: (e: Event) => {
            e.preventDefault();
            actions.search(searchInput.value.trim(), 1);
          },
        },
        h('label', { for: 'user-search' }, p.search),
        searchInput,
        h('button', { type: 'submit' }, p.searchButton),
      ),
      h('p', { 'data-users-matching': users.matching }, p.usersFound(formatNumber(users.matching, lang), formatNumber(users.total, lang))),
      users.users.length
        ? table(p.usersLeft, [p.name, p.sip, ''], users.users.map((u) => [u.displayName, u.sip, u.skip ? p.skip[u.skip] : '']))
        : h('p', { class: 'muted' }, p.noUsers),
      h(
        'nav',
        { class: 'pager', 'aria-label': p.usersLeft },
        h('button', { type: 'button', disabled: users.page <= 1, onclick: () => actions.search(actions.query, users.page - 1) }, p.previous),
        h('span', {}, p.page(users.page, users.pages)),
        h('button', { type: 'button', disabled: users.page >= users.pages, onclick: () => actions.search(actions.query, users.page + 1) }, p.next),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'failed-title' },
      h('h2', { id: 'failed-title' }, `${p.failed} (${formatNumber(s.failed.total, lang)})`),
      s.failed.items.length
        ? table(
            p.failed,
            [p.job('').trim(), p.name, p.reason, p.when],
            s.failed.items.map((f) => [f.jobId, f.item.label, [f.item.errorCode, f.item.errorMessage].filter(Boolean).join(': '), formatDateTime(f.item.updatedAt, lang)]),
          )
        : h('p', { class: 'muted' }, p.noFailed),
    ),
    h('section', { class: 'card', 'aria-labelledby': 'site-jobs-title' }, h('h2', { id: 'site-jobs-title' }, p.siteJobs), jobs),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'exports-title' },
      h('h2', { id: 'exports-title' }, p.exports),
      h('p', {}, h('a', { href: `/api/dashboard/export/inventory.csv?site=${encodeURIComponent(site)}`, download: '' }, `${p.exportSiteInventory} (CSV)`)),
      h('div', { class: 'range' }, h('label', { for: 'audit-from' }, p.from), from, h('label', { for: 'audit-to' }, p.to), to),
      h('p', {}, auditLink),
    ),
  );
  return { element, jobs };
}

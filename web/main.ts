// The dashboard page: signs in (the session cookie from the chat link, or Teams SSO in the tab),
// then shows the overview or a site, in the viewer's language and theme, with live job progress.
// All data comes from /api/dashboard; the HTML shell carries none.
import './styles.css';
import type { JobProgress } from '../migration/store';
import { formatDateTime, texts, type Texts } from '../dialogs/i18n';
import type { Language } from '../dialogs/types';
import { HttpError, api, followJobs, type LiveStatus, type Me } from './api';
import { h, replace } from './dom';
import { connectTeams, maybeInTeams, type Theme } from './teams';
import { finishedCount, jobList } from './views/jobs';
import { renderOverview, type OverviewView } from './views/overview';
import { renderSite } from './views/site';

const root = document.getElementById('app')!;
const status = document.getElementById('live')!;

interface State {
  me: Me;
  lang: Language;
  t: Texts;
  bucket: 'hour' | 'day';
  overview?: OverviewView;
  jobsBox?: HTMLElement;
  jobKey: string;
  query: string;
  page: number;
}

let state: State | undefined;

function setTheme(theme: Theme | undefined): void {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  state?.overview?.chart.restyle();
}

function browserLanguage(): Language {
  const asked = new URLSearchParams(location.search).get('lang') ?? navigator.language;
  return asked.toLowerCase().startsWith('de') ? 'de' : 'en';
}

function showMessage(t: Texts, title: string, sentence: string): void {
  document.title = title;
  replace(root, h('section', { class: 'card', role: 'alert' }, h('h2', {}, title), h('p', {}, sentence)));
}

function siteOfPath(): string | undefined {
  const m = /^\/dashboard\/site\/([^/]+)\/?$/.exec(location.pathname);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** A short key of the unfinished jobs and their states: when it changes, phases and counts may have too. */
const keyOf = (jobs: JobProgress[]) => jobs.map((j) => `${j.job.id}:${j.job.state}`).join(',');

async function render(): Promise<void> {
  if (!state) return;
  const s = state;
  const p = s.t.dashboard.page;
  const site = siteOfPath();
  try {
    if (site) {
      const page = await api.site(site, s.query, s.page);
      const view = renderSite(page, s.t, s.lang, {
        query: s.query,
        search: (query, n) => {
          s.query = query;
          s.page = n;
          void render();
        },
        back: () => navigate('/dashboard/'),
      });
      s.overview = undefined;
      s.jobsBox = view.jobs;
      document.title = `${page.site.site} · ${p.title}`;
      replace(root, view.element);
    } else {
      const o = await api.overview(s.bucket);
      const view = renderOverview(o, s.t, s.lang, s.bucket, (b) => {
        s.bucket = b;
        void render();
      }, navigate);
      s.overview = view;
      s.jobsBox = view.jobs;
      s.jobKey = keyOf(o.jobs);
      document.title = p.title;
      replace(root, view.element);
    }
    document.getElementById('updated')!.textContent = p.updated(formatDateTime(Date.now(), s.lang));
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) showMessage(s.t, s.t.dashboard.refused.title, s.t.dashboard.refused.signIn);
    else if (error instanceof HttpError && error.status === 404) showMessage(s.t, p.title, p.notFound);
    else showMessage(s.t, p.title, p.error);
  }
}

function navigate(path: string): void {
  if (!state) return;
  state.query = '';
  state.page = 1;
  history.pushState({}, '', path);
  void render();
}

function onJobs(jobs: JobProgress[]): void {
  const s = state;
  const box = s?.jobsBox;
  if (!s || !box) return;
  if (siteOfPath()) {
    // The site page lists its finished jobs too: bars move in place, a new or finished job re-reads the page.
    for (const p of jobs) {
      const bar = box.querySelector<HTMLProgressElement>(`[data-job-progress="${CSS.escape(p.job.id)}"]`);
      if (bar) bar.value = finishedCount(p);
    }
  } else {
    replace(box, jobList(jobs, s.t, s.lang, s.t.dashboard.page.noJobs));
  }
  if (keyOf(jobs) !== s.jobKey) {
    s.jobKey = keyOf(jobs);
    void render();
  }
}

let reconnect: ReturnType<typeof setTimeout> | undefined;

function setLive(value: LiveStatus): void {
  if (!state) return;
  const p = state.t.dashboard.page;
  status.dataset.status = value;
  if (value === 'live') {
    const wasLost = status.textContent === p.connectionLost;
    status.textContent = wasLost ? p.reconnected : p.live;
    if (wasLost) void render();
  } else {
    status.textContent = p.connectionLost;
  }
  if (value === 'closed' && !reconnect) {
    // The browser gave up (the server answered with an error): start over in a few seconds.
    reconnect = setTimeout(() => {
      reconnect = undefined;
      live();
    }, 3000);
  }
}

let stopLive: (() => void) | undefined;
function live(): void {
  stopLive?.();
  stopLive = followJobs(onJobs, setLive);
}

async function signIn(): Promise<Me | undefined> {
  try {
    return await api.me();
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 401) throw error;
  }
  if (!maybeInTeams()) return undefined;
  const teams = await connectTeams();
  if (!teams) return undefined;
  setTheme(teams.theme);
  teams.onTheme(setTheme);
  try {
    return await api.sso(await teams.token(), teams.lang);
  } catch {
    return undefined;
  }
}

async function start(): Promise<void> {
  const fallback = texts(browserLanguage());
  let me: Me | undefined;
  try {
    me = await signIn();
  } catch {
    showMessage(fallback, fallback.dashboard.page.title, fallback.dashboard.page.error);
    return;
  }
  if (!me) {
    showMessage(fallback, fallback.dashboard.refused.title, fallback.dashboard.refused.signIn);
    return;
  }
  const t = texts(me.lang);
  document.documentElement.lang = me.lang;
  document.getElementById('title')!.textContent = t.dashboard.page.title;
  document.getElementById('who')!.textContent = t.dashboard.page.signedInAs(me.name, t.dashboard.page.role[me.role]);
  state = { me, lang: me.lang, t, bucket: 'hour', jobKey: '', query: '', page: 1 };
  window.addEventListener('popstate', () => void render());
  await render();
  live();
}

void start();

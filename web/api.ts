// The page's only way to the server: the JSON endpoints under /api/dashboard and the event stream.
import type { Overview, SitePage } from '../migration/dashboard';
import type { JobProgress } from '../migration/store';
import type { Language } from '../dialogs/types';

export interface Me {
  name: string;
  role: 'admin' | 'helpdesk';
  lang: Language;
}

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw new HttpError(response.status);
  return (await response.json()) as T;
}

export const api = {
  me: () => getJson<Me>('/api/dashboard/me'),
  overview: (bucket: 'hour' | 'day') => getJson<Overview>(`/api/dashboard/overview?bucket=${bucket}`),
  site: (site: string, query: string, page: number) =>
    getJson<SitePage>(`/api/dashboard/sites/${encodeURIComponent(site)}?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(page) })}`),
  async sso(token: string, lang: Language): Promise<Me> {
    const response = await fetch('/api/dashboard/session/sso', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, lang }) });
    if (!response.ok) throw new HttpError(response.status);
    return (await response.json()) as Me;
  },
};

export type LiveStatus = 'live' | 'lost' | 'closed';

/** Live job progress; reports a lost connection and the recovery (EventSource reconnects by itself). */
export function followJobs(onJobs: (jobs: JobProgress[]) => void, onStatus: (status: LiveStatus) => void): () => void {
  const source = new EventSource('/api/dashboard/events', { withCredentials: true });
  source.addEventListener('jobs', (event) => {
    onJobs((JSON.parse((event as MessageEvent<string>).data) as { jobs: JobProgress[] }).jobs);
  });
  source.onopen = () => onStatus('live');
  source.onerror = () => onStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'lost');
  return () => source.close();
}

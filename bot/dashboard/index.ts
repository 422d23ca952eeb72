// The dashboard's part of the composition root: the gate (secret from DASHBOARD_SECRET or the
// store, Teams SSO when configured), the sign-in link for the chat command, and the routes.
import type restify from 'restify';
import { systemClock, type Directory, type Logger, type LyncBackend, type Store } from '../../migration/ports';
import type { TopologyIndex } from '../../migration/topology';
import type { Actor } from '../../migration/model';
import type { Language } from '../../dialogs/types';
import type { Config } from '../config';
import { DashboardGate } from './access';
import { AssetStore, defaultWebRoot } from './assets';
import { registerDashboard } from './routes';

export interface DashboardParts {
  store: Store;
  backend: LyncBackend;
  directory: Directory;
  topology: TopologyIndex;
  logger: Logger;
  webRoot?: string;
  fetchJson?: (url: string) => Promise<unknown>;
}

export interface Dashboard {
  gate: DashboardGate;
  /** The caller's sign-in link (the chat command's button). */
  link(actor: Actor, language: Language): Promise<{ url: string; ttlMs: number }>;
  register(server: restify.Server): void;
  /** The address the server listens at, for links when DASHBOARD_PUBLIC_URL is not set. */
  listening(url: string): void;
  close(): void;
}

export async function openDashboard(config: Pick<Config, 'dashboard' | 'authEnabled' | 'policy' | 'pilotGroup'>, parts: DashboardParts): Promise<Dashboard> {
  const logger = parts.logger.child({ component: 'dashboard' });
  const gate = await DashboardGate.open({
    config: config.dashboard,
    store: parts.store,
    directory: parts.directory,
    clock: systemClock,
    logger,
    authEnabled: config.authEnabled,
    fetchJson: parts.fetchJson,
  });
  let base = config.dashboard.publicUrl;
  let routes: { close(): void } | undefined;
  return {
    gate,
    async link(actor, language) {
      const token = gate.linkToken(actor, language);
      if (!token) throw new Error('dashboard links are for admins and the helpdesk');
      return { url: `${base ?? ''}/dashboard/open?t=${encodeURIComponent(token)}`, ttlMs: gate.linkTtlMs };
    },
    register(server) {
      routes = registerDashboard(server, {
        gate,
        deps: { backend: parts.backend, store: parts.store, topology: parts.topology, clock: systemClock, policy: config.policy, pilotGroup: config.pilotGroup },
        assets: new AssetStore(parts.webRoot ?? defaultWebRoot()),
        logger,
        secureCookies: (config.dashboard.publicUrl ?? '').startsWith('https://'),
      });
    },
    listening(url) {
      base ??= url;
    },
    close() {
      routes?.close();
    },
  };
}

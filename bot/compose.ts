// The composition root: builds every part from the validated Config (store -> backend ->
// directory -> runner -> conversation -> bot -> server), seeds what the topology knows, starts
// the job runner (which resumes unfinished jobs) and returns a handle for graceful shutdown.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { GraphDirectory } from '../adapters/directory/graph';
import { StaticDirectory } from '../adapters/directory/static';
import { PowerShellLyncBackend } from '../adapters/lync/powershell';
import { SimulatedLyncBackend } from '../adapters/lync/simulated';
import { openStore } from '../adapters/store';
import { createConversation } from '../dialogs';
import type { Conversation } from '../dialogs/types';
import { systemClock, type Directory, type Logger, type LyncBackend, type Store } from '../migration/ports';
import { JobRunner } from '../migration/runner';
import { seededCoexistenceTime, TopologyIndex, type Topology } from '../migration/topology';
import { serviceUrlAllowed, type Config } from './config';
import { BotJobObserver } from './job-observer';
import { createLogger, errorFields } from './logger';
import { ConversationPacer } from './pacing';
import { ProactiveMessenger } from './proactive';
import { createAdapter, startServer, type RunningServer } from './server';
import { StoreStorage, UserPreferences } from './storage';
import { TeamsBot } from './teams-bot';
import { loadTopology } from './topology-file';
import { packageVersion } from './version';

/** How long shutdown waits for in-flight backend calls and card edits. */
export const SHUTDOWN_GRACE_MS = 20_000;

export interface App {
  server: RunningServer;
  store: Store;
  conversation: Conversation;
  logger: Logger;
  /** Stops accepting, lets in-flight items finish their backend call (bounded), closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  host?: string;
  shutdownGraceMs?: number;
}

function buildBackend(config: Config, topology: Topology, store: Store, logger: Logger): LyncBackend {
  if (config.lyncBackend === 'simulated') {
    return new SimulatedLyncBackend({ topology, state: store, ...config.simulator });
  }
  return new PowerShellLyncBackend({
    pwshPath: config.powershell.pwshPath,
    connectionUri: config.powershell.uri!,
    username: config.powershell.user,
    password: config.powershell.password,
    commandTimeoutMs: config.powershell.timeoutMs,
    poolSites: Object.fromEntries(topology.pools.map((p) => [p.fqdn, p.site])),
    healthTestUsers: topology.sites.flatMap((s) => s.testUsers),
    logger,
  });
}

function buildDirectory(config: Config, topology: Topology, logger: Logger): Directory {
  const { adminGroup, helpdeskGroup, adminUsers } = config.access;
  if (config.directory === 'static') return new StaticDirectory(topology, { adminGroup, helpdeskGroup, adminUsers });
  return new GraphDirectory({
    tenantId: config.graph.tenantId!,
    clientId: config.graph.clientId!,
    clientSecret: config.graph.clientSecret,
    certificatePath: config.graph.certificatePath,
    baseUrl: config.graph.baseUrl,
    authorityHost: config.graph.authorityHost,
    adminGroup,
    helpdeskGroup,
    adminUsers,
    cacheTtlMs: config.graph.cacheTtlMs,
    logger,
  });
}

/**
 * The id the job runner leases items under: WORKER_ID, else `<hostname>:<PORT>`. Replicas on one
 * host differ by port, and a restarted replica (same host, same port) gets its old id back, so the
 * runner's releaseLeases at start hands its interrupted items back at once. With PORT=0 no stable
 * id exists; a random one keeps replicas apart and the old leases simply expire.
 */
export function runnerWorkerId(config: Pick<Config, 'port' | 'workerId'>, host: string = hostname()): string {
  return config.workerId ?? `${host}:${config.port || randomUUID()}`;
}

/** AAD ids of the admins known without asking Graph: configured ones and the topology's. */
export function adminUserIds(config: Pick<Config, 'access'>, index: TopologyIndex): string[] {
  const ids = new Set<string>();
  for (const entry of config.access.adminUsers) {
    const id = entry.includes('@') ? index.user(entry)?.aadObjectId : entry;
    if (id) ids.add(id);
  }
  for (const user of index.topology.users) if (user.role === 'admin') ids.add(user.aadObjectId);
  return [...ids];
}

/** Puts coexistence results the topology file records into the store, once per site. */
export async function seedCoexistenceHistory(store: Store, topology: Topology, logger: Logger): Promise<number> {
  let seeded = 0;
  for (const entry of topology.coexistenceHistory) {
    if (await store.lastCoexistenceResult(entry.site)) continue;
    const at = seededCoexistenceTime(entry, Date.now());
    if (Number.isNaN(at)) {
      logger.warn({ site: entry.site, at: entry.at }, 'coexistence history entry has no valid time; skipped');
      continue;
    }
    await store.saveCoexistenceResult({ site: entry.site, at, passed: entry.passed, checks: [] });
    seeded++;
  }
  return seeded;
}

export async function startApp(config: Config, options: StartOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const topology = loadTopology(config.topologyFile);
  const index = new TopologyIndex(topology);
  const store = openStore(config.storeUrl, { logger });
  let ready = false;
  const cleanup: Array<() => Promise<void>> = [() => store.close()];
  try {
    await store.init();
    const seeded = await seedCoexistenceHistory(store, topology, logger);
    if (seeded) logger.info({ seeded }, 'coexistence history seeded from the topology');

    const backend = buildBackend(config, topology, store, logger);
    if (backend.close) cleanup.unshift(() => backend.close!());
    const directory = buildDirectory(config, topology, logger);

    const allowed = (url: string) => serviceUrlAllowed(url, config.serviceUrlAllowlist);
    const pacer = new ConversationPacer();
    cleanup.unshift(async () => pacer.close());
    const preferences = new UserPreferences(new StoreStorage(store));
    // The conversation wakes the runner, which reports to an observer that renders the conversation's cards.
    const wakeable: { runner?: JobRunner } = {};
    const conversation = createConversation({
      store,
      backend,
      directory,
      topology: index,
      runner: { wake: () => wakeable.runner?.wake() },
      clock: systemClock,
      logger,
      settings: {
        proposalTtlMs: config.proposalTtlMs,
        requireSecondApprover: config.requireSecondApprover,
        policy: config.policy,
        adminUserIds: adminUserIds(config, index),
      },
    });
    const adapter = createAdapter(config, logger, (context) => conversation.languageOf(context.activity.text ?? '', context.activity.locale));
    const messenger = new ProactiveMessenger({ adapter, appId: config.bot.appId, pacer, logger, serviceUrlAllowed: allowed });
    const observer = new BotJobObserver({
      store,
      conversation,
      messenger,
      topology: index,
      logger,
      cardUpdateIntervalMs: config.cardUpdateIntervalMs,
      notifyMovedUsers: config.notifyMovedUsers,
      languageOf: (channelId, userId) => preferences.languageOf(channelId, userId),
    });
    const workerId = runnerWorkerId(config);
    const runner = new JobRunner({
      store,
      backend,
      topology: index,
      clock: systemClock,
      logger,
      observer,
      workerId,
      concurrencyPerPool: config.jobs.concurrencyPerPool,
      maxAttempts: config.jobs.maxAttempts,
      leaseMs: config.jobs.leaseMs,
      backoffBaseMs: config.jobs.backoffBaseMs,
    });
    wakeable.runner = runner;
    const bot = new TeamsBot({
      conversation,
      directory,
      store,
      logger,
      authEnabled: config.authEnabled,
      serviceUrlAllowed: allowed,
      preferences,
      messenger,
    });
    const server = await startServer({ port: config.port, host: options.host, adapter, bot, logger, version: packageVersion(), isReady: () => ready });
    runner.start();
    ready = true;
    logger.info({ backend: config.lyncBackend, directory: config.directory, topology: topology.name, auth: config.authEnabled, workerId }, 'lyncops started');

    const grace = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        ready = false;
        logger.info({}, 'shutting down');
        await server.close();
        await runner.stop(grace);
        await Promise.race([observer.idle(), new Promise((resolve) => setTimeout(resolve, grace).unref())]);
        observer.discardPending();
        for (const step of cleanup) await step().catch((error: unknown) => logger.warn(errorFields(error), 'shutdown step failed'));
        logger.info({}, 'stopped');
      })());
    return { server, store, conversation, logger, close };
  } catch (error) {
    for (const step of cleanup) await step().catch(() => undefined);
    throw error;
  }
}

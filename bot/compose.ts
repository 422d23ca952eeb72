// The composition root: builds every part from the validated Config (store -> backend ->
// directory -> runner -> conversation -> bot -> server), seeds what the topology knows, starts
// the job runner (which resumes unfinished jobs) and returns a handle for a quick shutdown.
// Adapters load only when the configuration selects them (Graph, PowerShell and PostgreSQL cost
// start-up time a deployment without them should not pay), and work the first answer does not
// need (resuming card updates) runs after the server is ready.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createConversation } from '../dialogs';
import type { Conversation } from '../dialogs/types';
import { systemClock, type Clock, type Directory, type Logger, type LyncBackend, type Store } from '../migration/ports';
import { Planner } from '../migration/planner';
import { recheckReads } from '../migration/schedule/recheck-reads';
import { planRecheck } from '../migration/schedule/starter';
import { JobRunner } from '../migration/runner';
import { fqdnKey, TopologyIndex, type Topology } from '../migration/topology';
import { isLyncOpsError } from '../migration/errors';
import { seedHistory } from '../migration/seed';
import { assertServable, ConfigError, pwshEnvironment, serviceUrlAllowed, serviceUrlIsLoopback, type Config } from './config';
import { BotJobObserver } from './job-observer';
import { InventoryCache, invalidatingObserver } from '../migration/inventory-cache';
import { createLogger, errorFields } from './logger';
import { ConversationPacer } from './pacing';
import { ProactiveMessenger } from './proactive';
import { parseStoredReference } from './activities';
import { createAdapter, startServer, type RunningServer } from './server';
import { PendingCardUpdates, PendingMoveNotices, StoreStorage, UserPreferences, WelcomedConversations } from './storage';
import { openConfiguredStore } from './store-url';
import { TeamsBot } from './teams-bot';
import { loadTopology } from './topology-file';
import { packageVersion } from './version';
import { openDashboard } from './dashboard';

/**
 * How long shutdown waits for requests, backend calls and card edits in flight. Nothing is lost
 * by cutting them short: an interrupted item is resumed by the next start (its lease carries this
 * worker's id) and a card update not yet delivered is listed for the next start.
 */
export const SHUTDOWN_GRACE_MS = 1_000;

export interface App {
  server: RunningServer;
  store: Store;
  conversation: Conversation;
  logger: Logger;
  /**
   * Stops accepting, gives requests, items and card edits in flight a bounded grace, lists card
   * updates still owed for the next start, closes the store.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  host?: string;
  shutdownGraceMs?: number;
  /** Where the dashboard's built page is (dist/web by default). */
  webRoot?: string;
  /** How the Teams SSO signing keys are fetched (tests serve a local key set). */
  fetchJson?: (url: string) => Promise<unknown>;
}

export async function buildBackend(config: Pick<Config, 'backend'>, topology: Topology, store: Store, logger: Logger, clock: Clock = systemClock): Promise<LyncBackend> {
  const backend = config.backend;
  if (backend.kind === 'simulated') {
    const { SimulatedLyncBackend } = await import('../adapters/lync/simulated');
    const { kind: _kind, ...simulator } = backend;
    return new SimulatedLyncBackend({ topology, state: store, clock, ...simulator });
  }
  const { PowerShellLyncBackend } = await import('../adapters/lync/powershell');
  return new PowerShellLyncBackend({
    pwshPath: backend.pwshPath,
    connectionUri: backend.uri,
    username: backend.user,
    password: backend.password,
    commandTimeoutMs: backend.timeoutMs,
    // The child gets only what pwsh needs to start: no app password, Graph secret or store URL.
    env: pwshEnvironment(),
    poolSites: Object.fromEntries(topology.pools.map((p) => [p.fqdn, p.site])),
    healthTestUsers: topology.sites.flatMap((s) => s.testUsers),
    // The health-monitoring users of each pool are the topology's test users homed on it; tests
    // with anyone else use the credential forms and the accounts of LYNC_TEST_CREDENTIALS.
    healthMonitoringUsers: healthMonitoringUsers(topology),
    testCredentials: backend.testCredentials,
    logger,
  });
}

function healthMonitoringUsers(topology: Topology): Record<string, string[]> {
  const testUsers = new Set(topology.sites.flatMap((s) => s.testUsers.map((u) => u.toLowerCase())));
  const byPool: Record<string, string[]> = Object.fromEntries(topology.pools.map((p) => [fqdnKey(p.fqdn), [] as string[]]));
  for (const u of topology.users) if (testUsers.has(u.sip.toLowerCase())) (byPool[fqdnKey(u.homePool)] ??= []).push(u.sip.toLowerCase());
  return byPool;
}

async function buildDirectory(config: Pick<Config, 'directory' | 'access'>, topology: Topology, logger: Logger): Promise<Directory> {
  const { adminGroup, helpdeskGroup, adminUsers } = config.access;
  const directory = config.directory;
  if (directory.kind === 'static') {
    const { StaticDirectory } = await import('../adapters/directory/static');
    return new StaticDirectory(topology, { adminGroup, helpdeskGroup, adminUsers });
  }
  const { GraphDirectory } = await import('../adapters/directory/graph');
  return new GraphDirectory({
    tenantId: directory.tenantId,
    clientId: directory.clientId,
    clientSecret: directory.clientSecret,
    certificatePath: directory.certificatePath,
    baseUrl: directory.baseUrl,
    authorityHost: directory.authorityHost,
    adminGroup,
    helpdeskGroup,
    adminUsers,
    cacheTtlMs: directory.cacheTtlMs,
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

/** The listen error of a taken port, as the one line that says what to do about it. */
function portInUse(error: unknown, port: number): ConfigError | undefined {
  if ((error as { code?: unknown })?.code !== 'EADDRINUSE') return undefined;
  const other = port >= 65535 ? port - 1 : port + 1;
  return new ConfigError(`PORT ${port} is already in use (EADDRINUSE): stop the process listening there or choose another port, e.g. PORT=${other}`);
}

/**
 * Role groups given by name must each name exactly one group: otherwise start stops (anyone able to
 * create a same-named group would otherwise pick the admins). A directory that cannot be reached
 * now is checked again on each role lookup.
 */
async function checkRoleGroups(directory: Directory, logger: Logger): Promise<void> {
  try {
    await directory.checkRoleGroups?.();
  } catch (error) {
    if (isLyncOpsError(error) && (error.code === 'GROUP_AMBIGUOUS' || error.code === 'GROUP_NOT_FOUND')) throw new ConfigError(error.message);
    logger.warn(errorFields(error), 'role groups could not be checked at start; they are resolved on first use');
  }
}

/** The banner an operator cannot miss when requests are not authenticated. */
export function warnIfUnauthenticated(config: Pick<Config, 'auth' | 'listenHost'>, url: string, logger: Logger): void {
  if (config.auth.mode === 'token') return;
  const optIn = config.auth.mode === 'optIn';
  logger.warn(
    { auth: config.auth.mode, listenHost: config.listenHost, url },
    optIn
      ? '*** AUTHENTICATION IS OFF (LYNCOPS_UNAUTHENTICATED=allow): anyone who can reach this address can act as any user. For tests and labs only. ***'
      : '*** AUTHENTICATION IS OFF (MicrosoftAppId is empty): local use only, listening on loopback. Set MicrosoftAppId before serving Teams. ***',
  );
}

export async function startApp(config: Config, options: StartOptions = {}): Promise<App> {
  assertServable(config);
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const topology = await loadTopology(config.topologyFile);
  const index = new TopologyIndex(topology);
  const store = await openConfiguredStore(config.store.url, logger);
  // The real time, unless a test moved it (LYNCOPS_TEST_CLOCK_OFFSET_MS, refused in production).
  const clock: Clock = config.clockOffsetMs ? { now: () => Date.now() + config.clockOffsetMs } : systemClock;
  let ready = false;
  const cleanup: Array<() => Promise<void>> = [() => store.close()];
  try {
    const seeded = await seedHistory(store, topology, { logger, now: clock.now() });
    if (seeded) logger.info({ seeded }, 'coexistence history seeded from the topology');

    const [backend, directory] = await Promise.all([buildBackend(config, topology, store, logger, clock), buildDirectory(config, topology, logger)]);
    const closeBackend = backend.close?.bind(backend);
    if (closeBackend) cleanup.unshift(closeBackend);
    await checkRoleGroups(directory, logger);

    const allowed = (url: string) => serviceUrlAllowed(url, config.serviceUrlAllowlist);
    const pacer = new ConversationPacer();
    cleanup.unshift(async () => pacer.close());
    const storage = new StoreStorage(store);
    const preferences = new UserPreferences(storage);
    // The conversation wakes the runner, which reports to an observer that renders the conversation's cards.
    const wakeable: { runner?: JobRunner; messenger?: ProactiveMessenger } = {};
    // One inventory for status and runbook turns, refreshed in the background and after every job.
    const inventory = config.inventoryTtlMs > 0 ? new InventoryCache(backend, clock, config.inventoryTtlMs, logger) : undefined;
    if (inventory) cleanup.unshift(async () => inventory.stop());
    const conversation = createConversation({
      store,
      backend,
      directory,
      topology: index,
      runner: { wake: () => wakeable.runner?.wake() },
      clock,
      logger,
      ...(inventory ? { inventory } : {}),
      // Personal notices (a resolved problem report) take the proactive path of move notices.
      dashboardLink: async (actor, language) => dashboard.link(actor, language),
      notifyUser: async (userKey, reply) => {
        const reference = parseStoredReference(await store.getConversationRef(userKey));
        if (!reference || !wakeable.messenger) return false;
        return (await wakeable.messenger.send(reference, reply)) !== null;
      },
      settings: {
        proposalTtlMs: config.proposalTtlMs,
        requireSecondApprover: config.requireSecondApprover,
        policy: config.policy,
        secondApproverMinUsers: config.secondApproverMinUsers,
        adminUserIds: adminUserIds(config, index),
        pilotGroup: config.pilotGroup,
        defaultTimeZone: config.defaultTimeZone,
        jobConcurrency: config.jobs.concurrencyPerPool,
        maintenanceWindows: config.maintenanceWindows,
      },
    });
    const dashboard = await openDashboard(config, { store, backend, directory, topology: index, logger, webRoot: options.webRoot, fetchJson: options.fetchJson });
    const adapter = createAdapter(config, logger, (context) => conversation.languageOf(context.activity.text ?? '', context.activity.locale));
    const messenger = new ProactiveMessenger({ adapter, appId: config.bot.appId, pacer, logger, serviceUrlAllowed: allowed });
    wakeable.messenger = messenger;
    const observer = new BotJobObserver({
      store,
      conversation,
      messenger,
      topology: index,
      logger,
      cardUpdateIntervalMs: config.cardUpdateIntervalMs,
      notifyMovedUsers: config.notifyMovedUsers,
      languageOf: (channelId, userId) => preferences.languageOf(channelId, userId),
      pending: new PendingCardUpdates(storage),
      pendingNotices: new PendingMoveNotices(storage),
    });
    const workerId = runnerWorkerId(config);
    for (const w of Object.values(config.maintenanceWindows)) {
      if (!index.site(w.site)) throw new Error(`MAINTENANCE_WINDOWS names site ${w.site}, which the topology does not have`);
    }
    // Scheduled jobs are planned again at their start, with the gates the confirmation card showed.
    const startPlanner = new Planner({ ...recheckReads(backend, store, clock), directory, topology: index, requireSecondApprover: config.requireSecondApprover });
    const runner = new JobRunner({
      store,
      backend: backend.forJobs?.() ?? backend,
      topology: index,
      clock,
      logger,
      observer: inventory ? invalidatingObserver(observer, inventory) : observer,
      workerId,
      concurrencyPerPool: config.jobs.concurrencyPerPool,
      maxAttempts: config.jobs.maxAttempts,
      leaseMs: config.jobs.leaseMs,
      backoffBaseMs: config.jobs.backoffBaseMs,
      recheck: planRecheck({ store, plan: (command) => startPlanner.plan(command) }),
      windows: config.maintenanceWindows,
    });
    wakeable.runner = runner;
    const bot = new TeamsBot({
      conversation,
      directory,
      store,
      logger,
      authEnabled: config.authEnabled,
      allowedTenantIds: config.auth.mode === 'token' ? config.auth.allowedTenantIds : [],
      audit: store,
      turnsPerMinute: config.turnsPerMinute,
      serviceUrlAllowed: allowed,
      preferences,
      welcomed: new WelcomedConversations(storage),
      messenger,
    });
    const server = await startServer({
      port: config.port,
      host: options.host ?? config.listenHost,
      adapter,
      bot,
      logger,
      version: packageVersion(),
      isReady: () => ready,
      ...(config.authEnabled ? {} : { unauthenticatedServiceUrlAllowed: (url: string) => serviceUrlIsLoopback(url) || allowed(url) }),
      routes: (restifyServer) => dashboard.register(restifyServer),
    }).catch((error: unknown) => {
      throw portInUse(error, config.port) ?? error;
    });
    dashboard.listening(server.url);
    cleanup.unshift(async () => dashboard.close());
    runner.start();
    inventory?.start();
    ready = true;
    warnIfUnauthenticated(config, server.url, logger);
    logger.info({ backend: config.backend.kind, directory: config.directory.kind, store: config.store.kind, topology: topology.name, auth: config.auth.mode, workerId }, 'lyncops started');
    if (config.clockOffsetMs) logger.warn({ clockOffsetMs: config.clockOffsetMs, now: new Date(clock.now()).toISOString() }, 'the clock is moved for a test (LYNCOPS_TEST_CLOCK_OFFSET_MS)');
    // Card updates an earlier shutdown left behind go out once the first turns are served.
    const resuming = setTimeout(() => {
      observer.resume().catch((error: unknown) => logger.warn(errorFields(error), 'pending card updates could not be resumed'));
    }, RESUME_DELAY_MS);
    resuming.unref();

    const grace = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        ready = false;
        clearTimeout(resuming);
        const started = Date.now();
        logger.info({}, 'shutting down');
        // Requests and items in flight get the same grace, side by side.
        // Open dashboards' event streams end first: they would otherwise hold the server for the whole grace.
        dashboard.close();
        await Promise.all([server.close(grace), runner.stop(grace)]);
        await observer.stop();
        for (const step of cleanup) await step().catch((error: unknown) => logger.warn(errorFields(error), 'shutdown step failed'));
        logger.info({ ms: Date.now() - started }, 'stopped');
      })());
    return { server, store, conversation, logger, close };
  } catch (error) {
    for (const step of cleanup) await step().catch(() => undefined);
    throw error;
  }
}

/** Pending card updates are sent this long after start, out of the way of the first turns. */
const RESUME_DELAY_MS = 1_000;

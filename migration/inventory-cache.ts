// The inventory status and runbook turns read: every pool's counts (users, conference
// directories, application endpoints, Exchange UM contacts), the preparation facts and each
// computer's services, read from the backend in one refresh and kept for INVENTORY_TTL_SECONDS.
// It is refreshed in the background before it expires and thrown away after every job, so a
// crowd asking for status never queues full inventories in the one PowerShell session, and a
// turn says how old what it shows is. Plans never use it: they read the backend afresh.
import type { ItemCounts, Job, JobItem, WindowsService } from './model';
import { takeSnapshot, type BackendSnapshot } from './phases';
import type { Clock, JobObserver, Logger, LyncBackend } from './ports';
import { fqdnKey } from './topology';

export interface Inventory {
  snapshot: BackendSnapshot;
  /** Get-CsWindowsService per computer of every pool that is not retired. */
  services: Map<string, WindowsService[]>;
  /** When the refresh that produced it started (epoch ms). */
  at: number;
}

/** Reads the whole inventory now (what a refresh does). */
export async function readInventory(backend: LyncBackend, clock: Clock): Promise<Inventory> {
  const at = clock.now();
  const snapshot = await takeSnapshot(backend);
  const computers = [...snapshot.pools.values()].filter((p) => !p.decommissioned).flatMap((p) => p.computers);
  const services = new Map(await Promise.all(computers.map(async (c) => [fqdnKey(c), await backend.getServiceStatus(c)] as const)));
  return { snapshot, services, at };
}

export class InventoryCache {
  private current?: Inventory;
  private inflight?: Promise<Inventory>;
  /** Bumped by invalidate(): a refresh that started before a job ended is not kept. */
  private generation = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly backend: LyncBackend,
    private readonly clock: Clock,
    readonly ttlMs: number,
    private readonly logger?: Logger,
  ) {}

  /** The cached inventory while younger than the TTL; otherwise a refresh (shared by concurrent callers). */
  async read(): Promise<Inventory> {
    const current = this.current;
    if (current && this.clock.now() - current.at < this.ttlMs) return current;
    return this.refresh();
  }

  refresh(): Promise<Inventory> {
    if (this.inflight) return this.inflight;
    const generation = this.generation;
    const loading: Promise<Inventory> = readInventory(this.backend, this.clock)
      .then((inventory) => {
        if (generation === this.generation) this.current = inventory;
        return inventory;
      })
      .finally(() => {
        if (this.inflight === loading) this.inflight = undefined;
      });
    this.inflight = loading;
    return loading;
  }

  /** A backend whose Get-CsWindowsService answers come from this inventory (others pass through). */
  static servicesFrom(backend: LyncBackend, inventory: Inventory): Pick<LyncBackend, 'getServiceStatus'> {
    return { getServiceStatus: async (computer) => inventory.services.get(fqdnKey(computer)) ?? backend.getServiceStatus(computer) };
  }

  /** A job changed the deployment: drop what is cached and read it again in the background. */
  invalidate(): void {
    this.generation++;
    this.current = undefined;
    this.inflight = undefined;
    this.refresh().catch((error: unknown) => this.logger?.warn({ err: String(error) }, 'inventory refresh after a job failed'));
  }

  /** Refreshes in the background shortly before the TTL runs out. */
  start(): void {
    if (this.timer || this.ttlMs <= 0) return;
    const tick = () => this.refresh().catch((error: unknown) => this.logger?.warn({ err: String(error) }, 'background inventory refresh failed'));
    tick();
    this.timer = setInterval(tick, Math.max(1_000, Math.floor(this.ttlMs * 0.9)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The runner's observer, plus a fresh inventory after every finished job. */
export function invalidatingObserver(observer: JobObserver, cache: InventoryCache): JobObserver {
  return {
    progress: (job: Job, counts: ItemCounts) => observer.progress(job, counts),
    finished: async (job: Job, counts: ItemCounts) => {
      cache.invalidate();
      await observer.finished(job, counts);
    },
    ...(observer.userMoved ? { userMoved: (job: Job, item: JobItem) => observer.userMoved!(job, item) } : {}),
  };
}

// Shared reads for the re-checks of scheduled jobs: when hundreds of jobs are due in the same
// minute, each re-plan would read the same deployment-wide facts (pools, users per pool,
// conference directories, application endpoints, the sites' coexistence results). These reads are
// shared for `ttlMs` (a second by default); per-user lookups and every write go through as they are.
import type { Clock, LyncBackend, Store } from '../ports';

type Reader = (...args: never[]) => Promise<unknown>;

function shared<T extends object>(target: T, names: ReadonlyArray<keyof T>, ttlMs: number, clock: Clock): T {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!names.includes(prop as keyof T)) return (value as Reader).bind(t);
      return (...args: never[]) => {
        const key = `${String(prop)}|${JSON.stringify(args)}`;
        const now = clock.now();
        const hit = cache.get(key);
        if (hit && now - hit.at < ttlMs) return hit.value;
        const fresh = (value as Reader).apply(t, args);
        cache.set(key, { at: now, value: fresh });
        fresh.catch(() => cache.delete(key));
        return fresh;
      };
    },
  });
}

/** The backend and store a re-check planner reads through. */
export function recheckReads(backend: LyncBackend, store: Store, clock: Clock, ttlMs = 1000): { backend: LyncBackend; store: Store } {
  return {
    backend: shared(backend, ['listPools', 'countUsersByPool', 'listConferenceDirectories', 'listApplicationEndpoints'], ttlMs, clock),
    store: shared(store, ['lastCoexistenceResult', 'siteWideMoveStarted', 'decommissionCompleted'], ttlMs, clock),
  };
}

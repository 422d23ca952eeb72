// What a status or runbook turn reads: the cached inventory when the bot keeps one
// (INVENTORY_TTL_SECONDS), with its age for the card; otherwise the backend, now.
import { InventoryCache } from '../migration/inventory-cache';
import { takeSnapshot, type BackendSnapshot } from '../migration/phases';
import type { LyncBackend } from '../migration/ports';
import type { ConversationDeps } from './types';

export interface TurnInventory {
  snapshot: BackendSnapshot;
  /** Service reads served from the inventory. */
  backend: LyncBackend;
  /** How old the shown inventory is (ms), when it came from the cache. */
  ageMs?: number;
}

export async function turnInventory(deps: Pick<ConversationDeps, 'backend' | 'inventory' | 'clock'>): Promise<TurnInventory> {
  if (!deps.inventory) return { snapshot: await takeSnapshot(deps.backend), backend: deps.backend };
  const inventory = await deps.inventory.read();
  const services = InventoryCache.servicesFrom(deps.backend, inventory);
  const backend: LyncBackend = Object.assign(Object.create(deps.backend) as LyncBackend, { getServiceStatus: services.getServiceStatus });
  return { snapshot: inventory.snapshot, backend, ageMs: Math.max(0, deps.clock.now() - inventory.at) };
}

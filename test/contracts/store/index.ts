// The Store contract: one suite every Store implementation must pass (ARCHITECTURE.md "Ports"). An
// implementation's test file calls storeContract with a factory for a fresh, empty store; when the
// factory also offers `reopen`, the suite opens a second handle on the same data (as a second
// replica or a restarted process would) for durability and cross-instance concurrency tests.
import type { Store } from '../../../migration/ports';
import { itemContract } from './items';
import { jobContract } from './jobs';
import { miscContract } from './misc';
import { proposalContract } from './proposals';
import { transitionContract } from './transitions';
import type { ContractContext } from './context';
import { scheduleContract } from './schedules';

export interface StoreHarness {
  store: Store;
  cleanup(): Promise<void>;
  /** A second, independent handle on the same data (not yet initialised). */
  reopen?(): Promise<Store>;
}

export function storeContract(name: string, make: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness | undefined;
    let extra: Store[] = [];

    const ctx: ContractContext = {
      get store(): Store {
        if (!harness) throw new Error('store harness not ready');
        return harness.store;
      },
      async reopen(): Promise<Store | null> {
        if (!harness?.reopen) return null;
        const other = await harness.reopen();
        extra.push(other);
        await other.init();
        return other;
      },
    };

    beforeEach(async () => {
      harness = await make();
      await harness.store.init();
    });

    afterEach(async () => {
      for (const other of extra) await other.close();
      extra = [];
      if (harness) {
        await harness.store.close();
        await harness.cleanup();
      }
      harness = undefined;
    });

    proposalContract(ctx);
    jobContract(ctx);
    itemContract(ctx);
    transitionContract(ctx);
    miscContract(ctx);
    scheduleContract(ctx);
  });
}

// The Store contract: one suite per role of migration/store.ts that every engine must pass. An
// engine's test file calls storeContract with a factory for a fresh, empty store; when the factory
// also offers `reopen`, the suites open a second handle on the same data (as a second replica or a
// restarted process would) for durability and cross-instance concurrency tests.
import type { Store } from '../../../migration/store';
import { auditLogContract } from './audit-log';
import { botStateContract } from './bot-state';
import { coexistenceResultsContract } from './coexistence-results';
import type { ContractContext } from './context';
import { conversationRefsContract } from './conversation-refs';
import { dashboardContract } from './dashboard';
import { itemContract } from './items';
import { jobHistoryContract } from './job-history';
import { jobContract } from './jobs';
import { lifecycleContract } from './lifecycle';
import { proposalStoreContract } from './proposal-store';
import { scheduleContract } from './schedules';
import { simulatorStateContract } from './simulator-state';
import { transitionContract } from './transitions';

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

    // One suite per role of migration/store.ts; a role's suite may use other roles to set up.
    describe('StoreLifecycle', () => lifecycleContract(ctx));
    describe('ProposalStore', () => proposalStoreContract(ctx));
    describe('JobLedger', () => {
      jobContract(ctx);
      itemContract(ctx);
      transitionContract(ctx);
    });
    describe('JobHistory', () => jobHistoryContract(ctx));
    describe('AuditLog', () => auditLogContract(ctx));
    describe('ConversationRefs', () => conversationRefsContract(ctx));
    describe('CoexistenceResults', () => coexistenceResultsContract(ctx));
    describe('BotStateStorage', () => botStateContract(ctx));
    describe('SimulatorStateStore', () => simulatorStateContract(ctx));
    describe('ScheduleLedger', () => scheduleContract(ctx));
    describe('DashboardQueries and DashboardAccess', () => dashboardContract(ctx));
  });
}

// Store contract, StoreLifecycle: schema initialisation (idempotent, durable across handles) and close().
import assert from 'node:assert/strict';
import type { ProposalStore, StoreLifecycle } from '../../../migration/store';
import type { ContractContext } from './context';
import { makePlan, proposalInput, userItems } from '../../helpers/store/fixtures';

export function lifecycleContract(ctx: ContractContext<StoreLifecycle & ProposalStore>): void {
  describe('init', () => {
    it('is idempotent: a second init keeps the data', async () => {
      const p = await ctx.store.createProposal(proposalInput(makePlan(userItems(1))));
      await ctx.store.init();
      assert.equal((await ctx.store.getProposal(p.id))?.id, p.id);
    });

    it('lets a second handle see committed data (durability across processes)', async function () {
      const p = await ctx.store.createProposal(proposalInput(makePlan(userItems(2))));
      const other = await ctx.reopen();
      if (!other) return this.skip();
      assert.deepEqual(await other.getProposal(p.id), p);
    });
  });

  describe('close', () => {
    it('releases the store: later calls fail, a second close is harmless', async () => {
      await ctx.store.close();
      await ctx.store.close();
      await assert.rejects(ctx.store.getProposal('1'));
    });
  });
}

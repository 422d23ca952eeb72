// Store contract, ConversationRefs: references saved, overwritten and read by user key.
import assert from 'node:assert/strict';
import type { ConversationRefs } from '../../../migration/store';
import type { ContractContext } from './context';

export function conversationRefsContract(ctx: ContractContext<ConversationRefs>): void {
  describe('conversation references', () => {
    it('saves, overwrites and reads references by user key', async () => {
      assert.equal(await ctx.store.getConversationRef('u1'), null);
      await ctx.store.saveConversationRef('u1', { conversation: { id: 'a' }, serviceUrl: 'https://one/' });
      await ctx.store.saveConversationRef('u2', { conversation: { id: 'b' } });
      await ctx.store.saveConversationRef('u1', { conversation: { id: 'c' }, locale: 'de-DE' });
      assert.deepEqual(await ctx.store.getConversationRef('u1'), { conversation: { id: 'c' }, locale: 'de-DE' });
      assert.deepEqual(await ctx.store.getConversationRef('u2'), { conversation: { id: 'b' } });
    });
  });
}

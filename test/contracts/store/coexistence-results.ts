// Store contract, CoexistenceResults: the newest result of a site by time.
import assert from 'node:assert/strict';
import type { CheckResult, CoexistenceResult } from '../../../migration/model';
import type { CoexistenceResults } from '../../../migration/store';
import { T0 } from '../../helpers/store/fixtures';
import type { ContractContext } from './context';

function coexistence(site: string, at: number, passed: boolean): CoexistenceResult {
  const check: CheckResult = { check: 'replication', passed, latencyMs: 12, target: 'lync-ber.contoso.local' };
  if (!passed) check.error = '404, Not Found';
  return { site, at, passed, jobId: '7', checks: [check, { check: 'imLegacyToLync', passed: true }] };
}

export function coexistenceResultsContract(ctx: ContractContext<CoexistenceResults>): void {
  describe('coexistence results', () => {
    it('returns the newest result of a site by time, not by insertion', async () => {
      assert.equal(await ctx.store.lastCoexistenceResult('Berlin'), null);
      const newer = coexistence('Berlin', T0 + 10, true);
      await ctx.store.saveCoexistenceResult(newer);
      await ctx.store.saveCoexistenceResult(coexistence('Berlin', T0, false));
      await ctx.store.saveCoexistenceResult(coexistence('Munich', T0 + 20, false));
      assert.deepEqual(await ctx.store.lastCoexistenceResult('Berlin'), newer);
      assert.equal((await ctx.store.lastCoexistenceResult('Munich'))?.passed, false);
      assert.equal(await ctx.store.lastCoexistenceResult('Frankfurt'), null);
    });
  });
}

// The pilot's start in the runbook ledger, as the job runner records it: the completion time (on
// the runner's clock) of the first user of a site moved to its Lync pool, written once per site;
// a rollback starts nothing, a later move does not rewrite it, and a failed ledger write does not
// fail the item.
import assert from 'node:assert/strict';
import { RunbookLedger } from '../../migration/runbook/ledger';
import { makeWorld, type World } from '../helpers/world';
import { queueJob, type MutatingCommand } from '../helpers/world/jobs';

const DAY = 86_400_000;
const moveUser = (user: string): MutatingCommand => ({ intent: 'move', subject: { kind: 'user', user }, target: 'lync2013', dryRun: false, force: true });
const rollbackUser = (user: string): MutatingCommand => ({ intent: 'rollback', subject: { kind: 'user', user }, dryRun: false });

describe('migration/runner: the pilot start', () => {
  let w: World;
  let offset = 0;
  let ledger: RunbookLedger;
  /** Writes of the runbook ledger's records, by key. */
  let writes: string[] = [];
  let failWrites = false;

  beforeEach(async () => {
    // The runner's clock runs three days ahead of the wall clock: the stamp is its time, not Date.now().
    offset = 3 * DAY;
    writes = [];
    failWrites = false;
    w = await makeWorld({ clock: { now: () => Date.now() + offset } });
    ledger = new RunbookLedger(w.store);
    const writeState = w.store.writeState.bind(w.store);
    w.store.writeState = async (changes) => {
      const runbook = changes.map((c) => c.key).filter((k) => k.startsWith('runbook/site/'));
      if (runbook.length && failWrites) throw new Error('ledger unavailable');
      writes.push(...runbook);
      return writeState(changes);
    };
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now() + offset, passed: true, checks: [] });
  });
  afterEach(() => w.close());

  /**
   * Plans and runs a job. Planning observes the sites, and an observation of users on Lync records
   * a pilot start too (the fallback): with `unobserved`, what planning recorded is cleared before
   * the runner starts, so only the runner's own record is seen.
   */
  async function run(command: MutatingCommand, options: { unobserved?: string } = {}): Promise<void> {
    const { job } = await queueJob(w, command, { wake: false });
    if (options.unobserved) {
      await ledger.update(options.unobserved, ({ pilotStartedAt: _observed, ...rest }) => rest);
      assert.equal((await ledger.read(options.unobserved)).pilotStartedAt, undefined);
      writes = [];
    }
    w.runner.wake();
    assert.equal((await w.observer.whenFinished(job.id)).state, 'completed');
  }

  it('stamps the first move on the runner clock, once: a second done item does not rewrite it', async () => {
    const before = Date.now() + offset;
    await run(moveUser('alice@contoso.com'));
    const after = Date.now() + offset;
    const started = (await ledger.read('Berlin')).pilotStartedAt;
    assert.ok(started !== undefined && started >= before && started <= after, `pilot start ${started} within [${before}, ${after}]`);
    assert.deepEqual(writes, ['runbook/site/berlin']);

    offset += DAY;
    await run(moveUser('carol@contoso.com'));
    assert.equal((await ledger.read('Berlin')).pilotStartedAt, started, 'the second move keeps the first start');
    assert.deepEqual(writes, ['runbook/site/berlin'], 'no second ledger write for the site');
  });

  it('writes the start once for a job of several users of the site done at once', async () => {
    const { job, plan } = await queueJob(w, { intent: 'move', subject: { kind: 'group', group: 'Pilot' }, target: 'lync2013', dryRun: false, force: true });
    const berlin = plan.items.filter((i) => i.kind === 'user' && i.site === 'Berlin').length;
    assert.ok(berlin > 4, `${berlin} Berlin users, more than the pool's concurrency`);
    assert.equal((await w.observer.whenFinished(job.id)).state, 'completed');
    assert.notEqual((await ledger.read('Berlin')).pilotStartedAt, undefined);
    assert.deepEqual(writes.filter((k) => k === 'runbook/site/berlin'), ['runbook/site/berlin']);
  });

  it('does not stamp a rollback', async () => {
    await run(rollbackUser('bob@contoso.com'), { unobserved: 'Munich' });
    assert.equal((await ledger.read('Munich')).pilotStartedAt, undefined);
    assert.deepEqual(writes, []);
  });

  it('completes the item when the ledger write fails, and the next move of the site records the start', async () => {
    failWrites = true;
    await run(moveUser('alice@contoso.com'));
    assert.equal((await ledger.read('Berlin')).pilotStartedAt, undefined);
    assert.equal((await w.backend.getUser('alice@contoso.com'))?.registrarPool, 'lync-ber.contoso.local');

    failWrites = false;
    const before = Date.now() + offset;
    await run(moveUser('carol@contoso.com'), { unobserved: 'Berlin' });
    const started = (await ledger.read('Berlin')).pilotStartedAt;
    assert.ok(started !== undefined && started >= before, `pilot start ${started} recorded by the next move`);
    assert.deepEqual(writes, ['runbook/site/berlin']);
  });
});

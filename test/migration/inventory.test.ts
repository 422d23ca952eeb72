// The read-only domain queries behind the chat answers, on the real simulator and SQLite store:
// who is left on a site's OCS pool (paged, skip reasons), per-site counts, failed items by
// reason across jobs, and which unfinished jobs include one asking user (by user, group, site
// and several subjects).
import assert from 'node:assert/strict';
import { askerState, failureReport, usersLeftBySite, usersLeftOnSite } from '../../migration/inventory';
import type { Job } from '../../migration/model';
import { makeWorld, type World } from '../helpers/world';
import { queueJob, type MutatingCommand } from '../helpers/world/jobs';

/** Queued but not started: the runner is not woken, so the counts stay as planned. */
const queued = async (w: World, command: Mutating): Promise<Job> => (await queueJob(w, command, { wake: false })).job;

type Mutating = MutatingCommand;

const moveOf = (subject: Extract<Mutating, { intent: 'move' }>['subject']): Mutating => ({ intent: 'move', subject, target: 'lync2013', dryRun: false, force: true });

describe('migration/inventory', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld({ startRunner: false });
  });
  afterEach(() => w.close());

  it('pages the users left on a site’s OCS pool by name, without test accounts, naming who a site move would skip', async () => {
    const berlin = w.index.site('Berlin')!;
    const first = await usersLeftOnSite(w.deps, berlin, 1, 50);
    assert.equal(first.pool, 'ocs-ber.contoso.local');
    assert.equal(first.pages, Math.ceil(first.total / 50));
    assert.equal(first.users.length, 50);
    const names = first.users.map((u) => u.displayName.trim());
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
    assert.deepEqual(first.skipped, [{ sip: 'kai.leerzeichen@contoso.com', displayName: 'Kai Leerzeichen ', skip: 'NAME_HAS_SPACES' }]);
    const all = [];
    for (let page = 1; page <= first.pages; page++) all.push(...(await usersLeftOnSite(w.deps, berlin, page, 50)).users);
    assert.equal(all.length, first.total);
    assert.equal(new Set(all.map((u) => u.sip)).size, first.total, 'no user on two pages');
    assert.ok(!all.some((u) => u.sip.startsWith('test-')), 'health-monitoring accounts are not listed');
    assert.equal((await usersLeftOnSite(w.deps, berlin, 999, 50)).page, first.pages, 'a page past the end shows the last one');
    const frankfurt = await usersLeftOnSite(w.deps, w.index.site('Frankfurt')!, 1, 500);
    assert.deepEqual(frankfurt.skipped.map((u) => [u.sip, u.skip]), [['former.employee@contoso.com', 'USER_DISABLED']]);
  });

  it('counts who is left per site with its phase', async () => {
    const rows = await usersLeftBySite(w.deps);
    const hamburg = rows.find((r) => r.site === 'Hamburg')!;
    assert.equal(hamburg.onOcs, 0);
    assert.equal(hamburg.phase, 'migrated');
    const berlin = rows.find((r) => r.site === 'Berlin')!;
    assert.equal(berlin.onOcs, (await usersLeftOnSite(w.deps, w.index.site('Berlin')!)).total);
  });

  it('reports failed items by reason across recent jobs and of one job; an unknown job is null', async () => {
    const world = await makeWorld({ inject: [{ op: 'moveLegacyUser', object: 'carol@contoso.com', code: 'USER_DISABLED' }] });
    try {
      const job = await queued(world, moveOf({ kind: 'list', items: [{ kind: 'user', user: 'carol@contoso.com' }, { kind: 'user', user: 'alice@contoso.com' }] }));
      world.runner.wake();
      assert.equal((await world.observer.whenFinished(job.id)).state, 'completedWithErrors');
      const recent = (await failureReport(world.store))!;
      assert.deepEqual(recent.byReason, [{ code: 'USER_DISABLED', count: 1 }]);
      assert.deepEqual(recent.jobs.map((j) => [j.job.id, j.failed]), [[job.id, 1]]);
      assert.equal(recent.jobs[0].groups[0].examples.length, 1, 'one example: carol');
      assert.equal((await failureReport(world.store, { jobId: job.id }))!.jobs.length, 1);
      assert.equal(await failureReport(world.store, { jobId: '999' }), null);
    } finally {
      await world.close();
    }
  });

  it('finds the unfinished jobs that include the asker: by user, group, site and several subjects, not others', async () => {
    const none = (await askerState({ ...w.deps, directory: w.directory }, 'alice@contoso.com'))!;
    assert.equal(none.onLync, false);
    assert.equal(none.site?.name, 'Berlin');
    assert.equal(none.phase, 'side-by-side');
    assert.deepEqual(none.jobs, []);
    const byGroup = await queued(w, moveOf({ kind: 'group', group: 'Pilot' }));
    const byList = await queued(w, moveOf({ kind: 'list', items: [{ kind: 'user', user: 'carol@contoso.com' }, { kind: 'user', user: 'alice@contoso.com' }] }));
    const bySite = await queued(w, moveOf({ kind: 'site', site: 'Berlin' }));
    const other = await queued(w, moveOf({ kind: 'user', user: 'carol@contoso.com' }));
    const alice = (await askerState({ ...w.deps, directory: w.directory }, 'alice@contoso.com'))!;
    assert.deepEqual(alice.jobs.map((j) => j.id), [byGroup.id, byList.id, bySite.id]);
    assert.ok(!alice.jobs.some((j) => j.id === other.id));
    const bob = (await askerState({ ...w.deps, directory: w.directory }, 'bob@contoso.com'))!;
    assert.equal(bob.onLync, true, 'bob is on Lync: no move includes him');
    assert.deepEqual(bob.jobs, []);
    assert.equal(await askerState({ ...w.deps, directory: w.directory }, 'nobody@contoso.com'), null);
  });
});

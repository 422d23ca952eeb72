// Plans for several subjects ("move erin and carol", "Finance and Helpdesk"): one plan with each
// subject's counts, a user named twice moves once, a name that resolves to nothing is reported
// without hiding the others, and gates of every touched site apply.
import assert from 'node:assert/strict';
import { makeWorld, type World } from '../helpers/world';

type Move = Extract<Parameters<World['planner']['plan']>[0], { intent: 'move' }>;
const move = (items: Extract<Move['subject'], { kind: 'list' }>['items'], force = false): Move => ({ intent: 'move', subject: { kind: 'list', items }, target: 'lync2013', dryRun: false, ...(force ? { force: true as const } : {}) });

describe('migration/planner: several subjects', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld({ startRunner: false });
  });
  afterEach(() => w.close());

  it('lists each subject with its counts and merges the items, moving a user named twice once', async () => {
    const plan = await w.planner.plan(move([{ kind: 'user', user: 'erin@contoso.com' }, { kind: 'group', group: 'Pilot' }, { kind: 'user', user: 'carol@contoso.com' }], true));
    assert.equal(plan.subject.kind, 'list');
    assert.deepEqual(plan.parts!.map((p) => [p.subject.kind, p.subject.name]), [['user', 'erin@contoso.com'], ['group', 'Pilot'], ['user', 'carol@contoso.com']]);
    const pilot = plan.parts![1];
    assert.ok(pilot.items > 1);
    const keys = plan.items.map((i) => i.key);
    assert.equal(new Set(keys).size, keys.length, 'no user twice');
    assert.ok(keys.includes('erin@contoso.com') && keys.includes('carol@contoso.com') && keys.includes('alice@contoso.com'));
    assert.equal(plan.items.length, pilot.items + 1, 'erin is in the pilot group; carol is not');
    assert.equal(plan.blocked, false);
    assert.deepEqual(plan.flows.reduce((n, f) => n + f.count, 0), plan.items.length);
  });

  it('keeps the gates of every site: without force, Berlin blocks the plan and the part says so', async () => {
    const plan = await w.planner.plan(move([{ kind: 'user', user: 'carol@contoso.com' }, { kind: 'site', site: 'Munich' }]));
    assert.equal(plan.blocked, true);
    assert.ok(plan.gates.some((g) => g.site === 'Berlin' && !g.passed));
    assert.deepEqual(plan.parts!.map((p) => p.blocked), [true, false]);
    assert.equal(plan.siteWide, true);
  });

  it('reports a name that resolves to nothing and still plans the others', async () => {
    const plan = await w.planner.plan(move([{ kind: 'group', group: 'Atlantis' }, { kind: 'site', site: 'Munich' }]));
    assert.deepEqual(plan.unresolved, ['Atlantis']);
    assert.deepEqual(plan.parts!.map((p) => p.unresolved), [true, false]);
    assert.ok(plan.items.length > 0);
    assert.equal(plan.blocked, false);
  });
});

// Planner and gate tables per phase of the demo sites (Berlin side-by-side, Munich pilot,
// Hamburg migrated, Frankfurt legacy), on the real simulator and SQLite store.
import assert from 'node:assert/strict';
import type { MutatingCommand, Subject } from '../../migration/commands';
import { derivePhase, observeSite } from '../../migration/phases';
import { Planner } from '../../migration/planner';
import { RunbookLedger } from '../../migration/runbook/ledger';
import { makeWorld, type World } from '../helpers/world';

type Mutating = MutatingCommand;
const move = (subject: Subject, extra: { dryRun?: boolean; force?: true } = {}): Mutating => ({ intent: 'move', subject, target: 'lync2013', dryRun: extra.dryRun ?? false, ...(extra.force ? { force: true } : {}) });
const signOff = (w: World, site: string) =>
  new RunbookLedger(w.store).update(site, (r) => ({ ...r, pilotSignOff: { by: { id: 'test', name: 'Test Admin' }, at: Date.now() } }));
const blocking = (gates: Array<{ gate: string; passed: boolean; warning?: boolean }>) => gates.filter((g) => !g.passed && !g.warning).map((g) => g.gate);
const rollback = (subject: Subject): Mutating => ({ intent: 'rollback', subject, dryRun: false });

describe('migration/planner', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld({ startRunner: false });
  });
  afterEach(() => w.close());

  it('derives the demo phases: Berlin side-by-side, Munich pilot, Hamburg migrated, Frankfurt legacy', async () => {
    const phases: Record<string, string> = {};
    for (const site of w.topology.sites) phases[site.name] = derivePhase(await observeSite(site, w.deps));
    assert.deepEqual(phases, { Berlin: 'side-by-side', Munich: 'pilot', Hamburg: 'migrated', Frankfurt: 'legacy' });
  });

  it('blocks a pilot move into Berlin until coexistence passed, naming the gate and site', async () => {
    const plan = await w.planner.plan(move({ kind: 'group', group: 'Pilot' }));
    assert.equal(plan.blocked, true);
    const failed = plan.gates.filter((g) => !g.passed);
    assert.deepEqual(failed.map((g) => `${g.site}:${g.gate}`), ['Berlin:coexistenceVerified']);
    assert.ok(failed[0].forcable);
    assert.ok(plan.items.some((i) => i.key === 'alice@contoso.com' && i.toPool === 'lync-ber.contoso.local'));
    assert.ok(plan.alreadyThere >= 1, 'bob is already on lync-muc');
    assert.ok(!plan.items.some((i) => i.key === 'bob@contoso.com'));
  });

  it('lets force override the coexistence gate and marks the plan forced', async () => {
    const plan = await w.planner.plan(move({ kind: 'group', group: 'Pilot' }, { force: true }));
    assert.equal(plan.blocked, false);
    assert.equal(plan.forced, true);
    assert.deepEqual(plan.caveats.slice(0, 3), ['moveCommunicatorKeepsImPresence', 'moveMeetingsViaLyncWebApp', 'moveMeetingsMoveWithUser']);
  });

  it('plans a pilot move after a passing coexistence result', async () => {
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
    const plan = await w.planner.plan(move({ kind: 'group', group: 'Pilot' }));
    assert.equal(plan.blocked, false);
    assert.equal(plan.siteWide, false);
    const flows = Object.fromEntries(plan.flows.map((f) => [`${f.fromPool}>${f.toPool}`, f.count]));
    assert.ok(flows['ocs-ber.contoso.local>lync-ber.contoso.local'] >= 3);
    assert.ok(flows['ocs-muc.contoso.local>lync-muc.contoso.local'] >= 1);
  });

  it('gates a site-wide move on a pilot at the site: Munich may, Berlin may not', async () => {
    // The demo's Munich pilot is signed off: take the sign-off back first.
    await new RunbookLedger(w.store).update('Munich', (r) => ({ manual: r.manual }));
    const unsigned = await w.planner.plan(move({ kind: 'site', site: 'Munich' }));
    assert.deepEqual(blocking(unsigned.gates), ['pilotSignedOff'], 'one moved user is not a finished pilot');
    assert.ok(unsigned.gates.find((g) => g.gate === 'edgeFederation')?.warning, 'the Edge cut-over is a warning');
    await signOff(w, 'Munich');
    const munich = await w.planner.plan(move({ kind: 'site', site: 'Munich' }));
    assert.equal(munich.blocked, false);
    assert.equal(munich.siteWide, true);
    assert.ok(munich.caveats.includes('siteWideFederationWindow'));
    assert.ok(munich.items.length > 200 && munich.alreadyThere > 40);
    assert.ok(munich.items.every((i) => i.fromPool === 'ocs-muc.contoso.local' && !i.key.startsWith('test-')));
    const berlin = await w.planner.plan(move({ kind: 'site', site: 'Berlin' }));
    assert.deepEqual(blocking(berlin.gates).sort(), ['coexistenceRecent', 'coexistenceVerified', 'pilotOnSite', 'pilotSignedOff']);
  });

  it('lets a coexistence result expire after COEXISTENCE_MAX_AGE_HOURS for a site-wide move and a decommission, not for a pilot move', async () => {
    const { Planner } = await import('../../migration/planner');
    const hour = 3_600_000;
    const now = Date.now();
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: now, passed: true, checks: [] });
    // The demo's Munich and Hamburg results are 20 and 30 hours old: 100 hours on, none counts.
    const later = (policy?: { coexistenceMaxAgeHours: number; pilotMinDays: number }) =>
      new Planner({ ...w.deps, directory: w.directory, requireSecondApprover: false, clock: { now: () => now + 100 * hour }, ...(policy ? { policy } : {}) });
    await signOff(w, 'Munich');
    const munich = await later().plan(move({ kind: 'site', site: 'Munich' }));
    assert.equal(munich.blocked, true);
    const stale = munich.gates.filter((g) => !g.passed && !g.warning);
    assert.deepEqual(stale.map((g) => g.gate), ['coexistenceRecent']);
    assert.equal(stale[0].forcable, true);
    assert.equal(stale[0].detail?.count, 72);
    assert.equal((await later().plan(move({ kind: 'site', site: 'Munich' }, { force: true }))).blocked, false);
    assert.equal((await later().plan(move({ kind: 'user', user: 'alice@contoso.com' }))).blocked, false, 'a pilot move only needs a passed test');
    const decommission = await later().plan({ intent: 'decommission', site: 'Hamburg', dryRun: false });
    assert.deepEqual(decommission.gates.filter((g) => !g.passed).map((g) => g.gate), ['coexistenceRecent']);
    assert.equal((await later({ coexistenceMaxAgeHours: 200, pilotMinDays: 7 }).plan(move({ kind: 'site', site: 'Munich' }))).blocked, false);
  });

  it('never lets force move users to a site without a Lync 2013 pool (Frankfurt)', async () => {
    const plan = await w.planner.plan(move({ kind: 'user', user: 'dave@contoso.com' }, { force: true }));
    assert.equal(plan.blocked, true);
    assert.ok(plan.gates.some((g) => g.gate === 'lyncPoolDeployed' && !g.passed && !g.forcable));
    assert.deepEqual(plan.skipped, [{ key: 'dave@contoso.com', reason: 'noLyncPool' }]);
  });

  it('plans a rollback of the pilot group back to each site’s OCS pool with the rollback warnings', async () => {
    const plan = await w.planner.plan(rollback({ kind: 'group', group: 'pilot' }));
    assert.equal(plan.blocked, false);
    assert.ok(plan.items.every((i) => i.toPool === 'ocs-muc.contoso.local'));
    assert.ok(plan.items.some((i) => i.key === 'bob@contoso.com'));
    assert.deepEqual(plan.caveats, ['rollbackMeetingsStopWorking', 'rollbackDowngradeClients', 'rollbackOcsFrontEndRunning', 'rollbackUcsContacts', 'rollbackExUmStays']);
  });

  it('refuses a rollback while the OCS front end of the target pool is stopped (force cannot), and lets force pass a status it could not read', async () => {
    await w.backend.setServiceStatus('ocs-muc-fe02.contoso.local', 'RTCSRV', 'Stopped');
    const stopped = await w.planner.plan({ intent: 'rollback', subject: { kind: 'user', user: 'bob@contoso.com' }, dryRun: false, force: true });
    assert.equal(stopped.blocked, true, 'force does not override a stopped front end');
    const gate = stopped.gates.find((g) => g.gate === 'ocsFrontEndRunning');
    assert.deepEqual(gate && { passed: gate.passed, forcable: gate.forcable, detail: gate.detail }, { passed: false, forcable: false, detail: { state: 'stopped', computers: 'ocs-muc-fe02.contoso.local: Stopped' } });
    await w.backend.setServiceStatus('ocs-muc-fe02.contoso.local', 'RTCSRV', 'Running');
    assert.equal((await w.planner.plan(rollback({ kind: 'user', user: 'bob@contoso.com' }))).blocked, false);

    // Get-CsWindowsService answering nothing (no rights on the computer) is unknown, never running.
    const blind = Object.assign(Object.create(w.backend) as typeof w.backend, { getServiceStatus: async () => [] });
    const planner = new Planner({ ...w.deps, backend: blind, directory: w.directory, requireSecondApprover: false });
    const unknown = await planner.plan(rollback({ kind: 'user', user: 'bob@contoso.com' }));
    assert.equal(unknown.blocked, true);
    assert.deepEqual(unknown.gates.find((g) => g.gate === 'ocsFrontEndRunning')?.detail, { state: 'unknown', computers: 'ocs-muc-fe01.contoso.local: no answer, ocs-muc-fe02.contoso.local: no answer' });
    assert.equal((await planner.plan({ intent: 'rollback', subject: { kind: 'user', user: 'bob@contoso.com' }, dryRun: false, force: true })).blocked, false, 'an admin who checked the server may force');
    // A move to Lync does not read the OCS front end at all.
    assert.ok(!(await planner.plan(move({ kind: 'user', user: 'alice@contoso.com' }, { force: true }))).gates.some((g) => g.gate === 'ocsFrontEndRunning'));
  });

  it('decommission of Hamburg passes every prerequisite; Munich fails the emptiness checks (not forcable)', async () => {
    const hamburg = await w.planner.plan({ intent: 'decommission', site: 'Hamburg', dryRun: false });
    assert.equal(hamburg.blocked, false);
    assert.ok(hamburg.gates.every((g) => g.passed));
    assert.deepEqual(hamburg.items.map((i) => i.kind), ['decommissionPool']);
    assert.ok(hamburg.caveats.includes('decommissionDialInBreaks'));
    const munich = await w.planner.plan({ intent: 'decommission', site: 'Munich', dryRun: false, force: true });
    assert.equal(munich.blocked, true);
    const failed = munich.gates.filter((g) => !g.passed).map((g) => g.gate).sort();
    assert.deepEqual(failed, ['conferenceDirectoriesMoved', 'edgeFederation', 'noApplicationEndpointsLeft', 'noExUmContactsLeft', 'noUsersLeft']);
  });

  it('refuses rollback at a decommissioned site even with force', async () => {
    await w.backend.decommissionPool('ocs-ham.contoso.local');
    const plan = await w.planner.plan({ intent: 'rollback', subject: { kind: 'user', user: 'helga@contoso.com' }, dryRun: false, force: true });
    assert.equal(plan.blocked, true);
    assert.ok(plan.gates.some((g) => g.gate === 'notDecommissioned' && !g.passed));
  });

  it('plans the coexistence test as one item per check', async () => {
    const plan = await w.planner.plan({ intent: 'coexistenceTest', site: 'Berlin' });
    assert.equal(plan.blocked, false);
    assert.equal(plan.items.length, 9);
    assert.ok(plan.items.every((i) => i.kind === 'check'));
  });

  it('plans conference directories and applications of a site by their own operations', async () => {
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
    const unseen = await w.planner.plan(move({ kind: 'conferenceDirectories', site: 'Berlin', }, { force: true }));
    assert.deepEqual(unseen.items, [], 'Berlin directories are invisible before Import-CsLegacyConferenceDirectory');
    assert.ok(unseen.blocked && unseen.gates.some((g) => g.gate === 'conferenceDirectoriesImported' && !g.passed && !g.forcable));
    await w.backend.importLegacyConferenceDirectories('ocs-ber.contoso.local');
    const dirs = await w.planner.plan(move({ kind: 'conferenceDirectories', site: 'Berlin' }));
    assert.equal(dirs.blocked, false);
    assert.deepEqual(dirs.items.map((i) => [i.kind, i.key]), [['conferenceDirectory', '1'], ['conferenceDirectory', '2']]);
    // Response group contacts never move as plain endpoints: that would strand their workflows.
    const apps = await w.planner.plan(move({ kind: 'applications', site: 'Berlin' }));
    assert.deepEqual(apps.items.map((i) => i.key), ['dialin-ber@contoso.com']);
    assert.ok(apps.items.every((i) => i.kind === 'applicationEndpoint' && i.toPool === 'lync-ber.contoso.local'));
    const rgs = await w.planner.plan(move({ kind: 'responseGroups', site: 'Berlin' }));
    assert.deepEqual(rgs.items.map((i) => [i.kind, i.key, i.toPool]), [['responseGroups', 'ocs-ber.contoso.local', 'lync-ber.contoso.local']]);
    const dialIn = await w.planner.plan(move({ kind: 'dialInNumbers', site: 'Berlin' }));
    assert.deepEqual(dialIn.items.map((i) => i.key), ['dialin-ber@contoso.com']);
    const exUm = await w.planner.plan(move({ kind: 'exUmContacts', site: 'Berlin' }));
    assert.deepEqual(exUm.items.map((i) => [i.kind, i.key]), [['exUmContact', 'exum-aa-ber@contoso.com'], ['exUmContact', 'exum-sa-ber@contoso.com']]);
    const back = await w.planner.plan({ intent: 'rollback', subject: { kind: 'exUmContacts', site: 'Hamburg' }, dryRun: false, force: true });
    assert.equal(back.blocked, true, 'Exchange UM contacts cannot go back, even forced');
    assert.ok(back.gates.some((g) => g.gate === 'exUmOneWay' && !g.passed && !g.forcable));
  });

  it('lists unresolvable names and skips accounts that cannot move', async () => {
    const ghost = await w.planner.plan(move({ kind: 'group', group: 'Atlantis' }));
    assert.deepEqual(ghost.unresolved, ['Atlantis']);
    assert.equal(ghost.blocked, true);
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
    const odd = await w.planner.plan(move({ kind: 'user', user: 'kai.leerzeichen@contoso.com' }));
    assert.deepEqual(odd.skipped, [{ key: 'kai.leerzeichen@contoso.com', reason: 'NAME_HAS_SPACES' }]);
    assert.equal(odd.items.length, 0);
  });

  it('marks site-wide moves and decommission for a second approver when configured', async () => {
    const w2 = await makeWorld({ startRunner: false, requireSecondApprover: true });
    try {
      assert.equal((await w2.planner.plan(move({ kind: 'site', site: 'Munich' }))).needsSecondApprover, true);
      assert.equal((await w2.planner.plan(move({ kind: 'user', user: 'carol@contoso.com' }))).needsSecondApprover, false);
      assert.equal((await w2.planner.plan(move({ kind: 'user', user: 'carol@contoso.com' }, { force: true }))).needsSecondApprover, true, 'every forced plan');
    } finally {
      await w2.close();
    }
  });
});

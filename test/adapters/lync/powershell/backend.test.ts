// Port operations of the PowerShell backend against the fake pwsh, beyond the shared contract:
// which pools count, how legacy pools are queried, pre-checks that spare a cmdlet call, cmdlet
// failures mapped to codes, What if output, and the decommission check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isLyncOpsError, type ErrorCode } from '../../../../migration/errors';
import type { PowerShellLyncBackend } from '../../../../adapters/lync/powershell';
import { demoTopology } from '../../../../migration/demo-topology';
import { executeItem } from '../../../../migration/executors';
import type { JobItem } from '../../../../migration/model';
import { TopologyIndex } from '../../../../migration/topology';
import { fakeBackend, readLog, recordingLogger, scriptsOf, removeTempLogs, tempLogFile, type FakeBackendOptions, type LogLine } from './helpers';

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(isLyncOpsError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('PowerShell backend operations', () => {
  let backend: PowerShellLyncBackend | undefined;
  let log: string;
  let lines: LogLine[];

  function make(options: FakeBackendOptions = {}): PowerShellLyncBackend {
    log = tempLogFile();
    lines = [];
    backend = fakeBackend({ log, logger: recordingLogger(lines), ...options });
    return backend;
  }
  const scripts = () => scriptsOf(readLog(log));

  afterEach(async () => {
    await backend?.close();
    backend = undefined;
    removeTempLogs();
  });

  it('lists only pools that home users; OCS pools (BackCompatSite) take their site from the topology mapping', async () => {
    const pools = await make({ poolSites: {} }).listPools();
    assert.equal(pools.length, 7, 'the SQL back-end store pools are not registrar pools');
    assert.ok(pools.every((p) => !p.fqdn.startsWith('sqlbe-')));
    assert.deepEqual(pools.find((p) => p.fqdn === 'ocs-fra.contoso.local'), {
      fqdn: 'ocs-fra.contoso.local',
      site: 'BackCompatSite',
      version: 'OCS2007R2',
      computers: ['ocs-fra-fe01.contoso.local', 'ocs-fra-fe02.contoso.local'],
      decommissioned: false,
    });
    assert.equal(pools.find((p) => p.fqdn === 'lync-muc.contoso.local')?.site, 'Munich');
  });

  it('rolls a user back in two item steps: Invoke-CsUcsRollback, then Move-CsUser (never -Force)', async () => {
    const b = make();
    const item = { kind: 'user' as const, key: 'bob@contoso.com', label: 'Bob Keller', site: 'Munich', fromPool: 'lync-muc.contoso.local', toPool: 'ocs-muc.contoso.local' };
    const running: JobItem = { ...item, id: 1, jobId: '1', seq: 1, state: 'running', attempts: 1, notBefore: 0, updatedAt: 0 };
    const outcome = await executeItem(running, 'rollback', { backend: b, topology: new TopologyIndex(demoTopology()) });
    assert.deepEqual(outcome, { changed: true, result: { ucsRollback: true } });
    const changes = scripts().filter((x) => /^(Invoke|Move)-/.test(x));
    assert.deepEqual(changes, ["Invoke-CsUcsRollback -Identity 'sip:bob@contoso.com' -Confirm:$false", "Move-CsUser -Identity 'sip:bob@contoso.com' -Target 'ocs-muc.contoso.local' -Confirm:$false"]);
    assert.equal((await b.getUser('bob@contoso.com'))?.registrarPool, 'ocs-muc.contoso.local');
  });

  describe('synthetic tests with users that are not the target pool\'s own health-monitoring users', () => {
    const OWN = { 'lync-ber.contoso.local': ['test-ber-lync@contoso.com'], 'ocs-ber.contoso.local': ['test-ber-ocs@contoso.com'] };
    const SECRET_OCS = "ocs-test-'secret'-1";
    const SECRET_LYNC = 'lync-test-secret-2';
    const credentials = [
      { sip: 'test-ber-ocs@contoso.com', username: 'CONTOSO\\test-ber-ocs', password: SECRET_OCS },
      { sip: 'test-ber-lync@contoso.com', username: 'CONTOSO\\test-ber-lync', password: SECRET_LYNC },
    ];

    it('uses the plain form for the pool\'s own users and the credential form (variables only) for anyone else', async () => {
      const b = make({ healthMonitoringUsers: OWN, testCredentials: credentials });
      assert.equal((await b.runSyntheticTest('registration', { targetFqdn: 'lync-ber.contoso.local', senderSip: 'test-ber-lync@contoso.com' })).result, 'Success');
      const im = await b.runSyntheticTest('im', { targetFqdn: 'lync-ber.contoso.local', senderSip: 'test-ber-ocs@contoso.com', receiverSip: 'test-ber-lync@contoso.com' });
      assert.equal(im.result, 'Success', `${im.error ?? ''} ${im.diagnosis ?? ''}`);
      const presence = await b.runSyntheticTest('presence', { targetFqdn: 'ocs-ber.contoso.local', senderSip: 'test-ber-lync@contoso.com', receiverSip: 'test-ber-ocs@contoso.com' });
      assert.equal(presence.result, 'Success');
      const tests = scripts().filter((s) => s.startsWith('@(Test-Cs'));
      assert.match(tests[0], /^@\(Test-CsRegistration -TargetFqdn 'lync-ber\.contoso\.local' -UserSipAddress 'sip:test-ber-lync@contoso\.com' \|/);
      assert.match(tests[1], /-SenderSipAddress 'sip:test-ber-ocs@contoso\.com' -SenderCredential \$LyncOpsTestCred0 -ReceiverSipAddress 'sip:test-ber-lync@contoso\.com' -ReceiverCredential \$LyncOpsTestCred1 \|/);
      assert.match(tests[2], /-SubscriberCredential \$LyncOpsTestCred1 .*-PublisherCredential \$LyncOpsTestCred0 \|/);
      // The accounts reach pwsh in the connect request on stdin: never in a script, a log line or the fake's log.
      const everything = `${readFileSync(log, 'utf8')}\n${JSON.stringify(lines)}`;
      for (const secret of [SECRET_OCS, SECRET_LYNC]) assert.ok(!everything.includes(secret), 'a test user password leaked');
      assert.deepEqual(readLog(log).find((e) => e.event === 'connect')?.testAccounts, ['CONTOSO\\test-ber-ocs', 'CONTOSO\\test-ber-lync']);
    });

    it('fails the check without running it when an account is missing, naming the user and the setting', async () => {
      const b = make({ healthMonitoringUsers: OWN, testCredentials: [credentials[1]] });
      const im = await b.runSyntheticTest('im', { targetFqdn: 'lync-ber.contoso.local', senderSip: 'test-ber-ocs@contoso.com', receiverSip: 'test-ber-lync@contoso.com' });
      assert.deepEqual({ result: im.result, error: im.error }, { result: 'Failure', error: 'credentials required' });
      assert.match(im.diagnosis ?? '', /test-ber-ocs@contoso\.com is not a health-monitoring test user of lync-ber\.contoso\.local; add its account to LYNC_TEST_CREDENTIALS/);
      assert.ok(!scripts().some((s) => s.includes('Test-CsIM')), 'nothing ran');
    });
  });

  it('asks for legacy users with -OnOfficeCommunicationServer and refuses unknown pools without a query', async () => {
    const b = make();
    assert.ok((await b.listUsers('OCS-BER.contoso.local')).some((u) => u.sip === 'carol@contoso.com'));
    assert.ok((await b.listUsers('lync-muc.contoso.local')).some((u) => u.sip === 'bob@contoso.com'));
    await rejectsWith(b.listUsers('lync-nowhere.contoso.local'), 'POOL_NOT_FOUND');
    const users = scripts().filter((s) => s.includes('Get-CsUser'));
    assert.equal(users.length, 2);
    assert.match(users[0], /-Filter \{RegistrarPool -eq 'ocs-ber\.contoso\.local'\} -OnOfficeCommunicationServer \|/);
    assert.match(users[1], /-Filter \{RegistrarPool -eq 'lync-muc\.contoso\.local'\} \|/);
  });

  it('checks the target pool version and skips the cmdlet when the user is already there', async () => {
    const b = make();
    await rejectsWith(b.moveLegacyUser('alice@contoso.com', 'ocs-muc.contoso.local'), 'POOL_NOT_FOUND', /not a Lync Server 2013 pool/);
    await rejectsWith(b.moveUser('bob@contoso.com', 'lync-ber.contoso.local'), 'POOL_NOT_FOUND', /not an OCS 2007 R2 pool/);
    await b.moveUser('carol@contoso.com', 'ocs-ber.contoso.local');
    assert.ok(!scripts().some((s) => s.startsWith('Move-')), 'no move was sent');
  });

  it('moves with -WhatIf, ignoring the What if: lines pwsh prints outside the frame', async () => {
    const b = make();
    await b.moveConferenceDirectory(1, 'lync-ber.contoso.local', { whatIf: true });
    assert.equal((await b.listConferenceDirectories()).find((d) => d.identity === 1)?.pool, 'ocs-ber.contoso.local');
    assert.ok(scripts().includes("Move-CsConferenceDirectory -Identity '1' -TargetPool 'lync-ber.contoso.local' -Confirm:$false -WhatIf"));
    assert.ok(lines.some((l) => l.level === 'debug' && /^What if:/.test(String(l.obj.line))));
  });

  it('maps cmdlet failures of awkward accounts and unknown objects to permanent codes', async () => {
    const b = make();
    await rejectsWith(b.moveLegacyUser('kai.leerzeichen@contoso.com', 'lync-ber.contoso.local'), 'NAME_HAS_SPACES', /^Move-CsLegacyUser: Cannot move user/);
    await rejectsWith(b.moveLegacyUser('former.employee@contoso.com', 'lync-ber.contoso.local'), 'USER_DISABLED');
    await rejectsWith(b.moveUser('nobody@contoso.com', 'ocs-ber.contoso.local'), 'USER_NOT_FOUND');
    await rejectsWith(b.moveConferenceDirectory(99, 'lync-ber.contoso.local'), 'NOT_FOUND', /identity "99"/);
    await rejectsWith(b.moveApplicationEndpoint('nobody@contoso.com', 'lync-ber.contoso.local'), 'NOT_FOUND');
    await rejectsWith(b.moveConferenceDirectory(1, 'lync-nowhere.contoso.local'), 'POOL_NOT_FOUND');
    await rejectsWith(b.getServiceStatus('nohost.contoso.local'), 'BACKEND_FAILED', /Service Control Manager/);
  });

  it('maps a legacy-configuration failure from the shell (LEGACY_CONFIG_NOT_IMPORTED, permanent)', async () => {
    const b = make({ fake: { FAKE_PWSH_ERROR: 'Move-CsLegacyUser:Legacy configuration has not been imported. Run Import-CsLegacyConfiguration first.' } });
    await assert.rejects(b.moveLegacyUser('alice@contoso.com', 'lync-ber.contoso.local'), (e: unknown) => isLyncOpsError(e) && e.code === 'LEGACY_CONFIG_NOT_IMPORTED' && !e.transient);
  });

  it('lets an empty legacy pool go, counting the health test users that go with it, and says what is left to do', async () => {
    const b = make();
    const check = await b.checkDecommission('ocs-ham.contoso.local');
    assert.deepEqual(check, {
      pool: 'ocs-ham.contoso.local',
      users: 0,
      applicationEndpoints: 0,
      conferenceDirectories: 0,
      testUsers: 1,
      nextStep: 'Remove the pool in Topology Builder, publish the topology, then run the Deployment Wizard on its servers.',
    });
    await b.decommissionPool('ocs-ham.contoso.local');
    assert.ok(lines.some((l) => l.level === 'info' && /Topology Builder/.test(l.msg ?? '') && l.obj.pool === 'ocs-ham.contoso.local'));
    assert.ok(!scripts().some((s) => /Remove-Cs/.test(s)), 'the shell removes nothing');
  });

  it('refuses to decommission a non-empty pool, a Lync pool or an unknown one', async () => {
    const strict = make({ healthTestUsers: [] });
    await assert.rejects(strict.decommissionPool('ocs-ham.contoso.local'), (e: unknown) => {
      assert.ok(isLyncOpsError(e));
      assert.equal(e.code, 'POOL_NOT_EMPTY');
      assert.deepEqual(e.details, { pool: 'ocs-ham.contoso.local', users: 1, applicationEndpoints: 0, conferenceDirectories: 0 });
      return true;
    });
    await rejectsWith(strict.decommissionPool('ocs-fra.contoso.local'), 'POOL_NOT_EMPTY', /holds 303 users, 1 application endpoints and 1 conference directories/);
    await rejectsWith(strict.decommissionPool('lync-ham.contoso.local'), 'INVALID_INPUT');
    await rejectsWith(strict.decommissionPool('ocs-xyz.contoso.local'), 'POOL_NOT_FOUND');
  });
});

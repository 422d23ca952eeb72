// Behaviour every LyncBackend shares on the demo topology, asserted through the port only (pools,
// users, moves, conference directories, endpoints, services, replication, synthetic tests and
// decommission), so the simulator and the PowerShell adapter are held to the same contract.
import assert from 'node:assert/strict';
import { isLyncOpsError, type ErrorCode } from '../../migration/errors';
import type { LyncBackend } from '../../migration/ports';

const OCS_BER = 'ocs-ber.contoso.local';
const LYNC_BER = 'lync-ber.contoso.local';
const LYNC_MUC = 'lync-muc.contoso.local';
const SITES_WITH_LYNC = [
  { code: 'ber', ocs: OCS_BER, lync: LYNC_BER },
  { code: 'muc', ocs: 'ocs-muc.contoso.local', lync: LYNC_MUC },
  { code: 'ham', ocs: 'ocs-ham.contoso.local', lync: 'lync-ham.contoso.local' },
];

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, transient?: boolean): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(isLyncOpsError(e), `expected a LyncOpsError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (transient !== undefined) assert.equal(e.transient, transient);
    return true;
  });
}

export function lyncBackendContract(name: string, make: () => Promise<{ backend: LyncBackend; cleanup(): Promise<void> }>): void {
  describe(`LyncBackend contract: ${name}`, () => {
    let backend: LyncBackend;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ backend, cleanup } = await make());
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('topology', () => {
      it('lists an OCS 2007 R2 pool for every site and Lync 2013 pools beside Berlin, Munich and Hamburg', async () => {
        const pools = await backend.listPools();
        const byFqdn = new Map(pools.map((p) => [p.fqdn.toLowerCase(), p]));
        for (const site of SITES_WITH_LYNC) {
          assert.equal(byFqdn.get(site.ocs)?.version, 'OCS2007R2');
          assert.equal(byFqdn.get(site.lync)?.version, 'Lync2013');
          assert.equal(byFqdn.get(site.ocs)?.site, byFqdn.get(site.lync)?.site);
        }
        assert.equal(byFqdn.get('ocs-fra.contoso.local')?.version, 'OCS2007R2');
        assert.equal(byFqdn.get('ocs-fra.contoso.local')?.site, 'Frankfurt');
        assert.equal(pools.filter((p) => p.site === 'Frankfurt' && p.version === 'Lync2013').length, 0);
        for (const pool of pools) {
          assert.equal(pool.decommissioned, false, `${pool.fqdn} is not retired at start`);
          assert.ok(pool.computers.length > 0, `${pool.fqdn} has computers`);
        }
      });
    });

    describe('users', () => {
      it('finds alice on the Berlin OCS pool and bob on the Munich Lync pool', async () => {
        assert.deepEqual(await backend.getUser('alice@contoso.com'), {
          sip: 'alice@contoso.com',
          displayName: 'Alice Schulz',
          registrarPool: OCS_BER,
          enabled: true,
        });
        assert.equal((await backend.getUser('bob@contoso.com'))?.registrarPool, LYNC_MUC);
      });

      it('answers null for an unknown user and refuses to move one (USER_NOT_FOUND, permanent)', async () => {
        assert.equal(await backend.getUser('nobody@contoso.com'), null);
        await rejectsWith(backend.moveLegacyUser('nobody@contoso.com', LYNC_BER), 'USER_NOT_FOUND', false);
      });

      it('lists and counts users per pool', async () => {
        const onOcsBer = await backend.listUsers(OCS_BER);
        assert.ok(onOcsBer.some((u) => u.sip === 'alice@contoso.com'));
        assert.ok(onOcsBer.every((u) => u.registrarPool === OCS_BER));
        const counts = await backend.countUsersByPool();
        assert.equal(counts[OCS_BER], onOcsBer.length);
        assert.ok((counts[LYNC_MUC] ?? 0) > 0);
      });

      it('moves alice to Lync 2013 and back, keeping lists and counts in step', async () => {
        const before = await backend.countUsersByPool();
        await backend.moveLegacyUser('alice@contoso.com', LYNC_BER);
        assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
        assert.ok((await backend.listUsers(LYNC_BER)).some((u) => u.sip === 'alice@contoso.com'));
        assert.ok(!(await backend.listUsers(OCS_BER)).some((u) => u.sip === 'alice@contoso.com'));
        const moved = await backend.countUsersByPool();
        assert.equal(moved[OCS_BER], (before[OCS_BER] ?? 0) - 1);
        assert.equal(moved[LYNC_BER], (before[LYNC_BER] ?? 0) + 1);

        await backend.moveUser('alice@contoso.com', OCS_BER);
        assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, OCS_BER);
        assert.deepEqual(await backend.countUsersByPool(), before);
      });

      it('rolls back a Lync user whose contacts are in the unified contact store only after Invoke-CsUcsRollback', async () => {
        const OCS_MUC = 'ocs-muc.contoso.local';
        // bob's contacts are in Exchange: the simulator knows it, Get-CsUser cannot tell (unset).
        assert.notEqual((await backend.getUser('bob@contoso.com'))?.contactsInUcs, false);
        await rejectsWith(backend.moveUser('bob@contoso.com', OCS_MUC), 'UCS_CONTACTS_IN_EXCHANGE', false);
        assert.equal((await backend.getUser('bob@contoso.com'))?.registrarPool, LYNC_MUC);
        await backend.rollbackUcsContacts('bob@contoso.com', { whatIf: true });
        await rejectsWith(backend.moveUser('bob@contoso.com', OCS_MUC), 'UCS_CONTACTS_IN_EXCHANGE', false);
        await backend.rollbackUcsContacts('bob@contoso.com');
        assert.notEqual((await backend.getUser('bob@contoso.com'))?.contactsInUcs, true);
        await backend.moveUser('bob@contoso.com', OCS_MUC);
        assert.equal((await backend.getUser('bob@contoso.com'))?.registrarPool, OCS_MUC);
        assert.equal((await backend.getUser('bob@contoso.com'))?.contactsInUcs, undefined, 'an OCS user has no unified contact store');
        await rejectsWith(backend.rollbackUcsContacts('nobody@contoso.com'), 'USER_NOT_FOUND', false);
      });

      it('treats a move to the pool the user is already on as a no-op', async () => {
        await backend.moveLegacyUser('bob@contoso.com', LYNC_MUC);
        assert.equal((await backend.getUser('bob@contoso.com'))?.registrarPool, LYNC_MUC);
      });

      it('changes nothing on -WhatIf', async () => {
        await backend.moveLegacyUser('alice@contoso.com', LYNC_BER, { whatIf: true });
        assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, OCS_BER);
      });

      it('refuses an unknown target pool (POOL_NOT_FOUND)', async () => {
        await rejectsWith(backend.moveLegacyUser('alice@contoso.com', 'lync-nowhere.contoso.local'), 'POOL_NOT_FOUND', false);
        assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, OCS_BER);
      });
    });

    describe('conference directories and application endpoints', () => {
      // Munich's OCS directories are imported (Import-CsLegacyConferenceDirectory) on both
      // backends; only imported OCS directories are visible at all.
      it('moves a Munich conference directory to the Lync pool', async () => {
        const before = await backend.listConferenceDirectories();
        const munich = before.find((d) => d.pool === 'ocs-muc.contoso.local');
        assert.ok(munich, 'a conference directory lives on ocs-muc');
        await backend.moveConferenceDirectory(munich.identity, LYNC_MUC);
        const after = await backend.listConferenceDirectories();
        assert.equal(after.find((d) => d.identity === munich.identity)?.pool, LYNC_MUC);
        assert.equal(after.length, before.length);
      });

      it('moves a Berlin application endpoint to the Lync pool', async () => {
        const before = await backend.listApplicationEndpoints();
        const endpoint = before.find((e) => e.sip === 'rgs-ber-helpdesk@contoso.com');
        assert.equal(endpoint?.pool, OCS_BER);
        await backend.moveApplicationEndpoint('rgs-ber-helpdesk@contoso.com', LYNC_BER);
        const after = await backend.listApplicationEndpoints();
        assert.equal(after.find((e) => e.sip === 'rgs-ber-helpdesk@contoso.com')?.pool, LYNC_BER);
        assert.equal(after.length, before.length);
      });
    });

    describe('response groups and Exchange UM contacts', () => {
      it('labels response group and dial-in contacts, and moves a pool\'s response groups together', async () => {
        const before = await backend.listApplicationEndpoints();
        assert.equal(before.find((e) => e.sip === 'rgs-ber-helpdesk@contoso.com')?.application, 'responseGroup');
        assert.equal(before.find((e) => e.sip === 'dialin-ber@contoso.com')?.application, 'dialIn');
        await backend.moveResponseGroups(OCS_BER, LYNC_BER);
        const after = await backend.listApplicationEndpoints();
        assert.equal(after.find((e) => e.sip === 'rgs-ber-helpdesk@contoso.com')?.pool, LYNC_BER);
        assert.equal(after.find((e) => e.sip === 'dialin-ber@contoso.com')?.pool, OCS_BER, 'dial-in numbers move on their own');
        await backend.moveResponseGroups(OCS_BER, LYNC_BER);
      });

      it('lists Exchange UM contacts and moves one to Lync, never back to OCS (EXUM_ONE_WAY)', async () => {
        const contacts = await backend.listExUmContacts();
        const aa = contacts.find((c) => c.sip === 'exum-aa-ber@contoso.com');
        assert.deepEqual(aa && { pool: aa.pool, autoAttendant: aa.autoAttendant }, { pool: OCS_BER, autoAttendant: true });
        await backend.moveExUmContact('exum-aa-ber@contoso.com', LYNC_BER);
        assert.equal((await backend.listExUmContacts()).find((c) => c.sip === 'exum-aa-ber@contoso.com')?.pool, LYNC_BER);
        await rejectsWith(backend.moveExUmContact('exum-aa-ber@contoso.com', OCS_BER), 'EXUM_ONE_WAY', false);
        assert.equal((await backend.listExUmContacts()).find((c) => c.sip === 'exum-aa-ber@contoso.com')?.pool, LYNC_BER);
      });
    });

    describe('migration state', () => {
      it('reports the merged topology, the imported legacy configuration and the imported Munich directories', async () => {
        const state = await backend.getMigrationState();
        assert.equal(state.backCompatSite, true);
        assert.equal(state.legacyConfigImported, true);
        // Get-CsConferencingPolicy Global: meetings of migrated users admit anonymous (federated OCS) participants.
        assert.equal(state.anonymousMeetingsAllowed, true);
        assert.notEqual(state.userReplicatorSynced, false);
        assert.ok(state.legacyDirectoryImports, 'directory imports are reported');
        const munich = state.legacyDirectoryImports.find((i) => i.pool.toLowerCase() === 'ocs-muc.contoso.local');
        assert.deepEqual(munich, { pool: 'ocs-muc.contoso.local', stale: false });
        assert.ok(state.legacyDirectoryImports.every((i) => !/^lync-/.test(i.pool)), 'only OCS pools are imported');
      });
    });

    describe('health', () => {
      it('reports the front end (RTCSRV) and every other service Running on each computer', async () => {
        for (const pool of await backend.listPools()) {
          for (const computer of pool.computers) {
            const services = await backend.getServiceStatus(computer);
            assert.ok(services.some((s) => s.name === 'RTCSRV'), `${computer} runs RTCSRV`);
            for (const s of services) assert.equal(s.status, 'Running', `${computer} ${s.name}`);
          }
        }
      });

      it('reports replication up to date on every Lync 2013 computer', async () => {
        const replicas = await backend.getReplicationStatus();
        const lyncComputers = (await backend.listPools()).filter((p) => p.version === 'Lync2013').flatMap((p) => p.computers);
        assert.ok(replicas.length > 0);
        for (const c of lyncComputers) assert.ok(replicas.some((r) => r.replicaFqdn.toLowerCase() === c.toLowerCase()), `replica ${c}`);
        for (const r of replicas) assert.equal(r.upToDate, true, r.replicaFqdn);
      });

      for (const site of SITES_WITH_LYNC) {
        it(`passes registration, IM and presence with the ${site.code} test users`, async () => {
          const legacy = `test-${site.code}-ocs@contoso.com`;
          const lync = `test-${site.code}-lync@contoso.com`;
          const results = [
            await backend.runSyntheticTest('registration', { targetFqdn: site.lync, senderSip: lync }),
            await backend.runSyntheticTest('registration', { targetFqdn: site.ocs, senderSip: legacy }),
            await backend.runSyntheticTest('im', { targetFqdn: site.lync, senderSip: legacy, receiverSip: lync }),
            await backend.runSyntheticTest('im', { targetFqdn: site.lync, senderSip: lync, receiverSip: legacy }),
            await backend.runSyntheticTest('presence', { targetFqdn: site.lync, senderSip: legacy, receiverSip: lync }),
          ];
          for (const r of results) {
            assert.equal(r.result, 'Success', `${r.targetFqdn}: ${r.error ?? ''} ${r.diagnosis ?? ''}`);
            assert.ok(r.latencyMs >= 0);
          }
          assert.equal(results[0].targetFqdn.toLowerCase(), site.lync);
        });
      }

      it('fails a synthetic test for a missing user, saying the user does not exist', async () => {
        const r = await backend.runSyntheticTest('registration', { targetFqdn: LYNC_BER, senderSip: 'nobody@contoso.com' });
        assert.equal(r.result, 'Failure');
        assert.match(`${r.error ?? ''} ${r.diagnosis ?? ''}`, /1003|does not exist|not found/i);
      });
    });

    describe('decommission', () => {
      it('refuses to retire a pool that still holds users (POOL_NOT_EMPTY)', async () => {
        await rejectsWith(backend.decommissionPool(OCS_BER), 'POOL_NOT_EMPTY', false);
        const pool = (await backend.listPools()).find((p) => p.fqdn === OCS_BER);
        assert.equal(pool?.decommissioned, false);
      });
    });
  });
}

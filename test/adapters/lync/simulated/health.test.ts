// Health as the simulator reports it (services, replication, synthetic tests) and the rules of
// decommissioning a legacy pool.
import assert from 'node:assert/strict';
import { generateTopology } from '../../../../migration/demo-topology';
import { rejection, simBackend } from '../../../helpers/lync/sim-backend';

const LYNC_BER = 'lync-ber.contoso.local';
const OCS_BER = 'ocs-ber.contoso.local';
const LEGACY_TEST = 'test-ber-ocs@contoso.com';
const LYNC_TEST = 'test-ber-lync@contoso.com';

describe('SimulatedLyncBackend health', () => {
  describe('services', () => {
    it('reports the topology services with drill overrides, per computer', async () => {
      const { backend } = simBackend();
      await backend.setServiceStatus('lync-ber-fe01.contoso.local', 'rtcsrv', 'StopPending');
      const fe01 = await backend.getServiceStatus('lync-ber-fe01.contoso.local');
      assert.equal(fe01.find((s) => s.name === 'RTCSRV')?.status, 'StopPending');
      assert.equal(fe01.find((s) => s.name === 'RTCSRV')?.displayName, 'Lync Server Front-End');
      assert.ok(fe01.filter((s) => s.name !== 'RTCSRV').every((s) => s.status === 'Running'));
      assert.ok((await backend.getServiceStatus('lync-ber-fe02.contoso.local')).every((s) => s.status === 'Running'));
    });

    it('refuses unknown computers, services and statuses', async () => {
      const { backend } = simBackend();
      assert.equal((await rejection(backend.getServiceStatus('nowhere.contoso.local'))).code, 'NOT_FOUND');
      assert.equal((await rejection(backend.setServiceStatus('lync-ber-fe01.contoso.local', 'NOSUCH', 'Stopped'))).code, 'NOT_FOUND');
      assert.equal((await rejection(backend.setServiceStatus('lync-ber-fe01.contoso.local', 'RTCSRV', 'Exploded' as never))).code, 'INVALID_INPUT');
    });

    it('reports a retired pool\'s services as stopped', async () => {
      const { backend } = simBackend();
      await backend.decommissionPool('ocs-ham.contoso.local');
      assert.ok((await backend.getServiceStatus('ocs-ham-fe01.contoso.local')).every((s) => s.status === 'Stopped'));
    });
  });

  describe('replication', () => {
    it('has one replica per Lync 2013 computer and follows drills for one or every replica', async () => {
      const { backend } = simBackend();
      const replicas = await backend.getReplicationStatus();
      assert.equal(replicas.length, 6);
      assert.ok(replicas.every((r) => r.upToDate && r.replicaFqdn.startsWith('lync-')));
      await backend.setReplicationUpToDate('LYNC-BER-FE02.contoso.local', false);
      assert.deepEqual((await backend.getReplicationStatus()).filter((r) => !r.upToDate).map((r) => r.replicaFqdn), ['lync-ber-fe02.contoso.local']);
      await backend.setReplicationUpToDate('*', false);
      assert.ok((await backend.getReplicationStatus()).every((r) => !r.upToDate));
      await backend.setReplicationUpToDate('*', true);
      assert.ok((await backend.getReplicationStatus()).every((r) => r.upToDate));
      assert.equal((await rejection(backend.setReplicationUpToDate('ocs-ber-fe01.contoso.local', true))).code, 'NOT_FOUND');
    });
  });

  describe('synthetic tests', () => {
    it('succeeds with a deterministic latency shaped like TaskOutput', async () => {
      const { backend } = simBackend();
      const args = { targetFqdn: LYNC_BER, senderSip: LEGACY_TEST, receiverSip: LYNC_TEST };
      const first = await backend.runSyntheticTest('im', args);
      assert.deepEqual(first, { targetFqdn: LYNC_BER, result: 'Success', latencyMs: first.latencyMs });
      assert.equal((await backend.runSyntheticTest('im', args)).latencyMs, first.latencyMs);
      assert.equal((await backend.runSyntheticTest('registration', { targetFqdn: 'lync-ber-fe01.contoso.local', senderSip: LYNC_TEST })).targetFqdn, LYNC_BER);
    });

    it('fails with 404 and ErrorCode=1003 when a test user is missing or disabled', async () => {
      const { backend } = simBackend();
      for (const receiverSip of ['test-ghost@contoso.com', 'former.employee@contoso.com']) {
        const r = await backend.runSyntheticTest('presence', { targetFqdn: LYNC_BER, senderSip: LEGACY_TEST, receiverSip });
        assert.equal(r.result, 'Failure');
        assert.equal(r.error, '404, Not Found');
        assert.equal(r.diagnosis, `ErrorCode=1003,Source=${LYNC_BER},Reason=User does not exist`);
      }
    });

    it('fails while the target pool front end is stopped, and recovers when it runs again', async () => {
      const { backend } = simBackend();
      await backend.setServiceStatus('lync-ber-fe02.contoso.local', 'RTCSRV', 'Stopped');
      const r = await backend.runSyntheticTest('registration', { targetFqdn: LYNC_BER, senderSip: LYNC_TEST });
      assert.equal(r.result, 'Failure');
      assert.match(r.diagnosis ?? '', /RTCSRV.*lync-ber-fe02/);
      await backend.setServiceStatus('lync-ber-fe02.contoso.local', 'RTCSRV', 'Running');
      assert.equal((await backend.runSyntheticTest('registration', { targetFqdn: LYNC_BER, senderSip: LYNC_TEST })).result, 'Success');
    });

    it('fails IM and presence across versions while replication lags, but not registration', async () => {
      const { backend } = simBackend();
      await backend.setReplicationUpToDate('lync-muc-fe01.contoso.local', false);
      const im = await backend.runSyntheticTest('im', { targetFqdn: LYNC_BER, senderSip: LYNC_TEST, receiverSip: LEGACY_TEST });
      assert.equal(im.result, 'Failure');
      assert.match(im.diagnosis ?? '', /replication.*lync-muc-fe01/i);
      assert.equal((await backend.runSyntheticTest('registration', { targetFqdn: LYNC_BER, senderSip: LYNC_TEST })).result, 'Success');
      const sameVersion = await backend.runSyntheticTest('im', { targetFqdn: LYNC_BER, senderSip: LYNC_TEST, receiverSip: 'test-muc-lync@contoso.com' });
      assert.equal(sameVersion.result, 'Success');
    });

    it('fails against a retired pool and refuses unknown targets or a missing receiver', async () => {
      const { backend } = simBackend();
      await backend.decommissionPool('ocs-ham.contoso.local');
      const r = await backend.runSyntheticTest('registration', { targetFqdn: 'ocs-ham.contoso.local', senderSip: 'test-ham-ocs@contoso.com' });
      assert.equal(r.result, 'Failure');
      assert.equal(r.error, '503, Service Unavailable');
      assert.equal((await rejection(backend.runSyntheticTest('registration', { targetFqdn: 'x.contoso.local', senderSip: LYNC_TEST }))).code, 'POOL_NOT_FOUND');
      assert.equal((await rejection(backend.runSyntheticTest('im', { targetFqdn: LYNC_BER, senderSip: LYNC_TEST }))).code, 'INVALID_INPUT');
    });
  });

  describe('decommission', () => {
    it('reports what is left on a pool that is not empty', async () => {
      const { backend } = simBackend();
      const e = await rejection(backend.decommissionPool(OCS_BER));
      assert.equal(e.code, 'POOL_NOT_EMPTY');
      const users = (await backend.countUsersByPool())[OCS_BER] - 1; // the health test user goes with the pool
      assert.deepEqual(e.details, { pool: OCS_BER, users, applicationEndpoints: 2, conferenceDirectories: 2, exUmContacts: 2 });
    });

    it('retires an emptied legacy pool once, after users, endpoints and conference directories left', async () => {
      const { backend } = simBackend({ topology: generateTopology({ usersPerSite: 3, quirks: false }) });
      for (const u of await backend.listUsers(OCS_BER)) if (u.sip !== LEGACY_TEST) await backend.moveLegacyUser(u.sip, LYNC_BER);
      assert.deepEqual((await rejection(backend.decommissionPool(OCS_BER))).details, { pool: OCS_BER, users: 0, applicationEndpoints: 2, conferenceDirectories: 2, exUmContacts: 2 });
      await backend.moveConferenceDirectory(1, LYNC_BER);
      await backend.moveConferenceDirectory(2, LYNC_BER);
      await backend.moveApplicationEndpoint('rgs-ber-helpdesk@contoso.com', LYNC_BER);
      await backend.moveApplicationEndpoint('dialin-ber@contoso.com', LYNC_BER);
      assert.deepEqual((await rejection(backend.decommissionPool(OCS_BER))).details, { pool: OCS_BER, users: 0, applicationEndpoints: 0, conferenceDirectories: 0, exUmContacts: 2 });
      await backend.moveExUmContact('exum-aa-ber@contoso.com', LYNC_BER);
      await backend.moveExUmContact('exum-sa-ber@contoso.com', LYNC_BER);
      await backend.decommissionPool(OCS_BER);
      await backend.decommissionPool(OCS_BER);
      assert.equal((await backend.listPools()).find((p) => p.fqdn === OCS_BER)?.decommissioned, true);
      assert.equal((await rejection(backend.moveUser('alice@contoso.com', OCS_BER))).code, 'POOL_DECOMMISSIONED');
    });

    it('retires only legacy pools that exist', async () => {
      const { backend } = simBackend();
      assert.equal((await rejection(backend.decommissionPool('ocs-nowhere.contoso.local'))).code, 'POOL_NOT_FOUND');
      assert.equal((await rejection(backend.decommissionPool('lync-ham.contoso.local'))).code, 'INVALID_INPUT');
    });
  });
});

// Move-CsLegacyUser / Move-CsUser / Move-CsConferenceDirectory / Move-CsApplicationEndpoint
// semantics of the simulator: permanent refusals, no-ops, -WhatIf and the move record.
import assert from 'node:assert/strict';
import { rejection, simBackend } from '../../../helpers/lync/sim-backend';

const OCS_BER = 'ocs-ber.contoso.local';
const LYNC_BER = 'lync-ber.contoso.local';
const LYNC_MUC = 'lync-muc.contoso.local';

describe('SimulatedLyncBackend moves', () => {
  it('records a real move with cmdlet, object, pools and the clock time', async () => {
    const { backend } = simBackend({ clock: { now: () => 1_700_000_000_000 } });
    await backend.moveLegacyUser('Alice@Contoso.com', LYNC_BER);
    assert.deepEqual(await backend.moves(), [
      { at: 1_700_000_000_000, cmdlet: 'Move-CsLegacyUser', object: 'alice@contoso.com', fromPool: OCS_BER, toPool: LYNC_BER },
    ]);
    await backend.moveUser('alice@contoso.com', OCS_BER);
    const moves = await backend.moves();
    assert.equal(moves.length, 2);
    assert.deepEqual(
      { cmdlet: moves[1].cmdlet, fromPool: moves[1].fromPool, toPool: moves[1].toPool },
      { cmdlet: 'Move-CsUser', fromPool: LYNC_BER, toPool: OCS_BER },
    );
  });

  it('refuses unknown, disabled and space-named accounts with their permanent codes', async () => {
    const { backend } = simBackend();
    const unknown = await rejection(backend.moveLegacyUser('nobody@contoso.com', LYNC_BER));
    assert.equal(unknown.code, 'USER_NOT_FOUND');
    assert.match(unknown.message, /ErrorCode=1003.*User does not exist/);
    assert.equal((await rejection(backend.moveLegacyUser('former.employee@contoso.com', LYNC_BER))).code, 'USER_DISABLED');
    const spaces = await rejection(backend.moveLegacyUser('kai.leerzeichen@contoso.com', LYNC_BER));
    assert.equal(spaces.code, 'NAME_HAS_SPACES');
    assert.equal(spaces.transient, false);
    assert.deepEqual(await backend.moves(), []);
  });

  it('accepts only a Lync 2013 target for Move-CsLegacyUser and only an OCS target for Move-CsUser', async () => {
    const { backend } = simBackend();
    assert.equal((await rejection(backend.moveLegacyUser('alice@contoso.com', 'ocs-muc.contoso.local'))).code, 'POOL_NOT_FOUND');
    assert.equal((await rejection(backend.moveLegacyUser('alice@contoso.com', 'nowhere.contoso.local'))).code, 'POOL_NOT_FOUND');
    assert.equal((await rejection(backend.moveUser('bob@contoso.com', LYNC_BER))).code, 'POOL_NOT_FOUND');
    assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, OCS_BER);
  });

  it('never moves a Lync-homed user with Move-CsLegacyUser, nor an OCS-homed one with Move-CsUser', async () => {
    const { backend } = simBackend();
    assert.equal((await rejection(backend.moveLegacyUser('bob@contoso.com', LYNC_BER))).code, 'BACKEND_FAILED');
    assert.equal((await rejection(backend.moveUser('alice@contoso.com', 'ocs-muc.contoso.local'))).code, 'BACKEND_FAILED');
    assert.deepEqual(await backend.moves(), []);
  });

  it('treats a user already on the target pool as a no-op without a record', async () => {
    const { backend } = simBackend();
    await backend.moveLegacyUser('bob@contoso.com', LYNC_MUC);
    await backend.moveUser('alice@contoso.com', OCS_BER);
    assert.deepEqual(await backend.moves(), []);
  });

  it('refuses a retired target pool with POOL_DECOMMISSIONED', async () => {
    const { backend } = simBackend();
    await backend.decommissionPool('ocs-ham.contoso.local');
    const e = await rejection(backend.moveUser('helga@contoso.com', 'ocs-ham.contoso.local'));
    assert.equal(e.code, 'POOL_DECOMMISSIONED');
    assert.equal((await rejection(backend.moveConferenceDirectory(5, 'ocs-ham.contoso.local'))).code, 'POOL_DECOMMISSIONED');
  });

  it('asks for Import-CsLegacyConfiguration before legacy users move, but still allows rollback', async () => {
    const { backend } = simBackend();
    await backend.setLegacyConfigImported(false);
    const e = await rejection(backend.moveLegacyUser('alice@contoso.com', LYNC_BER));
    assert.equal(e.code, 'LEGACY_CONFIG_NOT_IMPORTED');
    assert.equal(e.transient, false);
    await backend.rollbackUcsContacts('bob@contoso.com');
    await backend.moveUser('bob@contoso.com', 'ocs-muc.contoso.local');
    await backend.setLegacyConfigImported(true);
    await backend.moveLegacyUser('alice@contoso.com', LYNC_BER);
    assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
  });

  it('fails transiently with FRONTEND_STOPPED while the target pool front end is stopped', async () => {
    const { backend } = simBackend();
    await backend.setServiceStatus('lync-ber-fe01.contoso.local', 'RTCSRV', 'Stopped');
    const e = await rejection(backend.moveLegacyUser('alice@contoso.com', LYNC_BER));
    assert.equal(e.code, 'FRONTEND_STOPPED');
    assert.equal(e.transient, true);
    await backend.setServiceStatus('lync-ber-fe01.contoso.local', 'RTCSRV', 'Running');
    await backend.moveLegacyUser('alice@contoso.com', LYNC_BER);
    assert.equal((await backend.moves()).length, 1);
  });

  it('fails with SOURCE_FRONTEND_STOPPED while the source OCS front end is stopped, naming the pool', async () => {
    const { backend } = simBackend();
    await backend.setServiceStatus('ocs-ber-fe02.contoso.local', 'RTCSRV', 'Stopped');
    const e = await rejection(backend.moveLegacyUser('alice@contoso.com', LYNC_BER));
    assert.equal(e.code, 'SOURCE_FRONTEND_STOPPED');
    assert.equal(e.transient, true);
    assert.match(e.message, /ocs-ber\.contoso\.local/);
    assert.deepEqual(e.details?.computers, ['ocs-ber-fe02.contoso.local']);
    assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, OCS_BER);
    await backend.setServiceStatus('ocs-ber-fe02.contoso.local', 'RTCSRV', 'Running');
    await backend.moveLegacyUser('alice@contoso.com', LYNC_BER);
    assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, LYNC_BER);
  });

  it('fails a rollback while the source Lync front end is stopped', async () => {
    const { backend } = simBackend();
    await backend.rollbackUcsContacts('bob@contoso.com');
    await backend.setServiceStatus('lync-muc-fe01.contoso.local', 'RTCSRV', 'Stopped');
    const e = await rejection(backend.moveUser('bob@contoso.com', 'ocs-muc.contoso.local'));
    assert.equal(e.code, 'SOURCE_FRONTEND_STOPPED');
  });

  describe('-WhatIf', () => {
    it('validates and changes nothing, records nothing and does not wait', async () => {
      let slept = 0;
      const { backend } = simBackend({ moveLatencyMs: 250, sleep: async () => void (slept += 1) });
      await backend.importLegacyConferenceDirectories(OCS_BER);
      await backend.moveLegacyUser('alice@contoso.com', LYNC_BER, { whatIf: true });
      await backend.moveConferenceDirectory(1, LYNC_BER, { whatIf: true });
      await backend.moveApplicationEndpoint('dialin-ber@contoso.com', LYNC_BER, { whatIf: true });
      assert.equal((await backend.getUser('alice@contoso.com'))?.registrarPool, OCS_BER);
      assert.equal((await backend.listConferenceDirectories()).find((d) => d.identity === 1)?.pool, OCS_BER);
      assert.deepEqual(await backend.moves(), []);
      assert.equal(slept, 0);
    });

    it('still reports permanent refusals', async () => {
      const { backend } = simBackend();
      assert.equal((await rejection(backend.moveLegacyUser('nobody@contoso.com', LYNC_BER, { whatIf: true }))).code, 'USER_NOT_FOUND');
      await backend.setLegacyConfigImported(false);
      assert.equal((await rejection(backend.moveLegacyUser('alice@contoso.com', LYNC_BER, { whatIf: true }))).code, 'LEGACY_CONFIG_NOT_IMPORTED');
    });
  });

  describe('conference directories and application endpoints', () => {
    it('moves them both ways and records each real move', async () => {
      const { backend } = simBackend();
      await backend.moveConferenceDirectory(3, LYNC_MUC);
      await backend.moveConferenceDirectory(3, LYNC_MUC);
      await backend.moveApplicationEndpoint('sip:Dialin-MUC@contoso.com', LYNC_MUC);
      await backend.moveApplicationEndpoint('dialin-muc@contoso.com', 'ocs-muc.contoso.local');
      const moves = await backend.moves();
      assert.deepEqual(
        moves.map((m) => [m.cmdlet, m.object, m.fromPool, m.toPool]),
        [
          ['Move-CsConferenceDirectory', '3', 'ocs-muc.contoso.local', LYNC_MUC],
          ['Move-CsApplicationEndpoint', 'dialin-muc@contoso.com', 'ocs-muc.contoso.local', LYNC_MUC],
          ['Move-CsApplicationEndpoint', 'dialin-muc@contoso.com', LYNC_MUC, 'ocs-muc.contoso.local'],
        ],
      );
      assert.equal((await backend.listApplicationEndpoints()).find((e) => e.sip === 'dialin-muc@contoso.com')?.pool, 'ocs-muc.contoso.local');
    });

    it('refuses unknown identities and pools', async () => {
      const { backend } = simBackend();
      assert.equal((await rejection(backend.moveConferenceDirectory(99, LYNC_BER))).code, 'NOT_FOUND');
      assert.equal((await rejection(backend.moveApplicationEndpoint('nobody@contoso.com', LYNC_BER))).code, 'NOT_FOUND');
      assert.equal((await rejection(backend.moveConferenceDirectory(1, 'nowhere.contoso.local'))).code, 'POOL_NOT_FOUND');
    });
  });

  it('rejects malformed input with INVALID_INPUT', async () => {
    const { backend } = simBackend();
    assert.equal((await rejection(backend.moveLegacyUser('', LYNC_BER))).code, 'INVALID_INPUT');
    assert.equal((await rejection(backend.moveConferenceDirectory(-1, LYNC_BER))).code, 'INVALID_INPUT');
    assert.equal((await rejection(backend.moveConferenceDirectory(1.5, LYNC_BER))).code, 'INVALID_INPUT');
  });
});

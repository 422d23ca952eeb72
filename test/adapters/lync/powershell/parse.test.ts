// Parsing of the projected JSON: no output, null, a bare object and arrays; numeric enums;
// TimeSpans in milliseconds; dates; and BACKEND_OUTPUT_INVALID for anything unexpected.
import assert from 'node:assert/strict';
import { isLyncOpsError } from '../../../../migration/errors';
import {
  ApplicationEndpointRow,
  ConferenceDirectoryRow,
  parseRows,
  PoolRow,
  ReplicaRow,
  ServiceRow,
  SyntheticRow,
  UserCountRow,
  UserRow,
} from '../../../../adapters/lync/powershell/parse';

const ALICE = { SipAddress: 'sip:Alice@contoso.com', DisplayName: 'Alice Schulz', RegistrarPool: 'OCS-BER.contoso.local', Enabled: true };
const service = (Status: unknown) => JSON.stringify({ Name: 'RTCSRV', DisplayName: 'Front-End', Status });

function outputInvalid(fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => isLyncOpsError(e) && e.code === 'BACKEND_OUTPUT_INVALID' && !e.transient && (!pattern || pattern.test(e.message)));
}

describe('projected output parsing', () => {
  it('reads no output and null as no rows', () => {
    assert.deepEqual(parseRows('', UserRow, 'Get-CsUser'), []);
    assert.deepEqual(parseRows('  \n', UserRow, 'Get-CsUser'), []);
    assert.deepEqual(parseRows('null', UserRow, 'Get-CsUser'), []);
  });

  it('reads a bare object as one row and an array as rows, normalising SIP and pool names', () => {
    const alice = { sip: 'alice@contoso.com', displayName: 'Alice Schulz', registrarPool: 'ocs-ber.contoso.local', enabled: true };
    assert.deepEqual(parseRows(JSON.stringify(ALICE), UserRow, 'Get-CsUser'), [alice]);
    assert.deepEqual(parseRows(JSON.stringify([ALICE, { ...ALICE, Enabled: 'False' }]), UserRow, 'Get-CsUser'), [alice, { ...alice, enabled: false }]);
  });

  it('understands service status names and Win32 numbers', () => {
    const cases: Array<[unknown, string]> = [
      [4, 'Running'], ['4', 'Running'], ['Running', 'Running'], ['running', 'Running'],
      [1, 'Stopped'], ['Stopped', 'Stopped'], [2, 'StartPending'], [3, 'StopPending'], [7, 'Paused'], ['Paused', 'Paused'],
      [5, 'StartPending'], ['ContinuePending', 'StartPending'], [6, 'StopPending'],
    ];
    for (const [raw, status] of cases) {
      assert.deepEqual(parseRows(service(raw), ServiceRow, 'Get-CsWindowsService'), [{ name: 'RTCSRV', displayName: 'Front-End', status }], String(raw));
    }
    outputInvalid(() => parseRows(service(9), ServiceRow, 'Get-CsWindowsService'), /unknown service status 9/);
    outputInvalid(() => parseRows(service('Exploded'), ServiceRow, 'Get-CsWindowsService'));
  });

  it('reads synthetic test results with the latency in whole milliseconds', () => {
    const row = { TargetFqdn: 'LYNC-BER.contoso.local', Result: 'Success', LatencyMs: 123.6, Error: '', Diagnosis: null };
    assert.deepEqual(parseRows(JSON.stringify(row), SyntheticRow, 'Test-CsIM'), [{ targetFqdn: 'lync-ber.contoso.local', result: 'Success', latencyMs: 124 }]);
    const failure = { ...row, Result: 1, LatencyMs: '80', Error: '404, Not Found', Diagnosis: 'ErrorCode=1003,Reason=User does not exist' };
    assert.deepEqual(parseRows(JSON.stringify([failure]), SyntheticRow, 'Test-CsIM'), [
      { targetFqdn: 'lync-ber.contoso.local', result: 'Failure', latencyMs: 80, error: '404, Not Found', diagnosis: 'ErrorCode=1003,Reason=User does not exist' },
    ]);
    assert.equal(parseRows(JSON.stringify({ ...row, LatencyMs: null }), SyntheticRow, 'Test-CsIM')[0].latencyMs, 0);
    outputInvalid(() => parseRows(JSON.stringify({ ...row, Result: 'Maybe' }), SyntheticRow, 'Test-CsIM'));
  });

  it('reads replication status with ISO dates; year 1 ([datetime]$null) and /Date()/ handled', () => {
    const rows = [
      { ReplicaFqdn: 'lync-ber-fe01.contoso.local', UpToDate: true, LastUpdateCreation: '2026-10-12T08:59:00.0000000Z' },
      { ReplicaFqdn: 'lync-ber-fe02.contoso.local', UpToDate: 'False', LastUpdateCreation: '0001-01-01T00:00:00.0000000Z' },
      { ReplicaFqdn: 'lync-muc-fe01.contoso.local', UpToDate: false, LastUpdateCreation: '/Date(1791709140000)/' },
    ];
    assert.deepEqual(parseRows(JSON.stringify(rows), ReplicaRow, 'Get-CsManagementStoreReplicationStatus'), [
      { replicaFqdn: 'lync-ber-fe01.contoso.local', upToDate: true, lastUpdateCreation: '2026-10-12T08:59:00.000Z' },
      { replicaFqdn: 'lync-ber-fe02.contoso.local', upToDate: false },
      { replicaFqdn: 'lync-muc-fe01.contoso.local', upToDate: false, lastUpdateCreation: '2026-10-11T08:59:00.000Z' },
    ]);
  });

  it('reads pools with joined or array lists, conference directories and endpoints', () => {
    const pool = { Fqdn: 'OCS-BER.contoso.local', Site: 'Site:BackCompatSite', Computers: 'a.contoso.local,b.contoso.local', Services: ['Registrar:x', 'UserServer:x'] };
    assert.deepEqual(parseRows(JSON.stringify(pool), PoolRow, 'Get-CsPool'), [
      { Fqdn: 'ocs-ber.contoso.local', Site: 'Site:BackCompatSite', Computers: ['a.contoso.local', 'b.contoso.local'], Services: ['Registrar:x', 'UserServer:x'] },
    ]);
    assert.deepEqual(parseRows(JSON.stringify({ ...pool, Computers: null, Services: '' }), PoolRow, 'Get-CsPool')[0].Computers, []);
    assert.deepEqual(parseRows('[{"Identity":"3","ServiceId":"UserServer:OCS-MUC.contoso.local"},{"Identity":"ConferenceDirectory:12","ServiceId":"UserServer:lync-muc.contoso.local"}]', ConferenceDirectoryRow, 'Get-CsConferenceDirectory'), [
      { identity: 3, pool: 'ocs-muc.contoso.local' },
      { identity: 12, pool: 'lync-muc.contoso.local' },
    ]);
    outputInvalid(() => parseRows('{"Identity":"three","ServiceId":"UserServer:x"}', ConferenceDirectoryRow, 'Get-CsConferenceDirectory'));
    assert.deepEqual(parseRows('{"SipAddress":"sip:Dialin-Ber@contoso.com","DisplayName":"Dial-in","RegistrarPool":"ocs-ber.contoso.local"}', ApplicationEndpointRow, 'Get-CsApplicationEndpoint'), [
      { sip: 'dialin-ber@contoso.com', displayName: 'Dial-in', pool: 'ocs-ber.contoso.local', application: 'other' },
    ]);
    assert.deepEqual(parseRows('{"Pool":"lync-ber.contoso.local","Count":"12"}', UserCountRow, 'Get-CsUser'), [{ Pool: 'lync-ber.contoso.local', Count: 12 }]);
  });

  it('rejects output that is not JSON or misses fields', () => {
    outputInvalid(() => parseRows('Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser', UserRow, 'Get-CsUser'), /not JSON/);
    outputInvalid(() => parseRows('{"DisplayName":"x"}', UserRow, 'Get-CsUser'), /SipAddress/);
    outputInvalid(() => parseRows('[1,2]', UserRow, 'Get-CsUser'));
    outputInvalid(() => parseRows('"text"', PoolRow, 'Get-CsPool'));
  });
});

// The error mapping table: Management Shell failures -> catalogue codes, with the transient flag
// the job runner relies on, and the cmdlet text trimmed for logs and cards.
import assert from 'node:assert/strict';
import type { ErrorCode } from '../../../../migration/errors';
import { codeFor, toBackendError, trimMessage } from '../../../../adapters/lync/powershell/error-map';
import type { Subject } from '../../../../adapters/lync/powershell/scripts';

const TABLE: Array<[string, ErrorCode, boolean, Subject?, Partial<{ category: string; fullyQualifiedErrorId: string }>?]> = [
  ['The initial User Replicator synchronization has not completed: Active Directory and the Lync Server databases are out of sync.', 'REPLICATION_NOT_SYNCED', true],
  ['AD and Lync databases out of sync', 'REPLICATION_NOT_SYNCED', true],
  ['Central Management Store replication to "lync-ber-fe01" is not up to date.', 'REPLICATION_LAG', true],
  ['A network-related or instance-specific error occurred while establishing a connection to the back-end SQL Server store.', 'BACKEND_STORE_ERROR', true],
  ['SqlException: Timeout expired while executing the stored procedure', 'BACKEND_STORE_ERROR', true],
  ['Cannot connect to the Front End service (RTCSRV) of pool "lync-ber.contoso.local".', 'FRONTEND_STOPPED', true],
  ['No front end available to process the request', 'FRONTEND_STOPPED', true],
  ['Cannot read the object\'s data from pool "ocs-ber.contoso.local": its Front End service (RTCSRV) is not running.', 'SOURCE_FRONTEND_STOPPED', true],
  ['503, Service Unavailable', 'FRONTEND_STOPPED', true],
  ['The session state is Broken.', 'SESSION_LOST', true],
  ['The remote PowerShell session was closed or broken.', 'SESSION_LOST', true],
  ['Processing data from remote server failed', 'SESSION_LOST', true, 'none', { fullyQualifiedErrorId: 'JobFailure', category: 'OpenError' }],
  ['x', 'SESSION_LOST', true, 'none', { fullyQualifiedErrorId: 'PSSessionStateBroken' }],
  ['Connecting to remote server failed: WinRM cannot complete the operation.', 'SESSION_LOST', true, 'none', { fullyQualifiedErrorId: 'PSSessionOpenFailed' }],
  ['Connecting to remote server lync-ber failed with the following error message : Access is denied.', 'BACKEND_FAILED', false, 'none', { fullyQualifiedErrorId: 'PSSessionOpenFailed' }],
  ['The operation has timed out.', 'BACKEND_TIMEOUT', true],
  ['ErrorCode=1003,Source=ocs-ber,Reason=User does not exist', 'USER_NOT_FOUND', false, 'none'],
  ['Management object not found for identity "sip:nobody@contoso.com".', 'USER_NOT_FOUND', false, 'user'],
  ['Management object not found for identity "9".', 'NOT_FOUND', false, 'conferenceDirectory'],
  ['Management object not found for identity "lync-x.contoso.local".', 'POOL_NOT_FOUND', false, 'pool'],
  ['Cannot find a registrar pool "lync-nowhere.contoso.local" that can home this user.', 'POOL_NOT_FOUND', false, 'user'],
  ['Legacy configuration has not been imported. Run Import-CsLegacyConfiguration before moving legacy users.', 'LEGACY_CONFIG_NOT_IMPORTED', false],
  ['Cannot move user "sip:kai@contoso.com": the account name contains leading or trailing spaces.', 'NAME_HAS_SPACES', false],
  ['User "sip:x@contoso.com" is not enabled for Lync Server.', 'USER_DISABLED', false],
  ['Move-CsLegacyUser : The user is homed on a pool of the wrong version.', 'BACKEND_FAILED', false],
  ['ParseException: the script holds more than one statement', 'BACKEND_FAILED', false],
];

describe('PowerShell error mapping', () => {
  for (const [message, code, transient, subject, extra] of TABLE) {
    it(`${code} <- ${message.slice(0, 70)}`, () => {
      assert.equal(codeFor({ message, ...extra }, subject), code);
      const error = toBackendError({ message, ...extra }, 'Move-CsLegacyUser', subject);
      assert.equal(error.code, code);
      assert.equal(error.transient, transient);
      assert.equal(error.details?.cmdlet, 'Move-CsLegacyUser');
    });
  }

  it('trims PowerShell noise from messages and caps their length', () => {
    const raw = 'Management object not found for identity "sip:x".\r\nAt line:1 char:1\r\n+ Get-CsUser -Identity x\r\n+ ~~~~\r\n    + CategoryInfo : ObjectNotFound';
    assert.equal(trimMessage(raw), 'Management object not found for identity "sip:x".');
    assert.equal(trimMessage(`  a \n\t b  `), 'a b');
    assert.equal(trimMessage('x'.repeat(2000)).length, 500);
    assert.equal(toBackendError({ message: '' }, 'Get-CsPool').message, 'Get-CsPool: the command failed without a message');
    assert.equal(toBackendError({ message: raw }, 'Get-CsUser', 'user').message, 'Get-CsUser: Management object not found for identity "sip:x".');
  });
});

// Failures of the simulated Management Shell, worded the way the Lync Server 2013 cmdlets word
// them, so logs, cards and the PowerShell adapter's error mapping see the same texts from both
// backends.
import { LyncOpsError, type ErrorCode } from '../../../migration/errors';

export type SimCmdlet =
  | 'Move-CsLegacyUser'
  | 'Move-CsUser'
  | 'Move-CsConferenceDirectory'
  | 'Move-CsApplicationEndpoint'
  | 'Move-CsRgsConfiguration'
  | 'Move-CsExUmContact'
  | 'Invoke-CsUcsRollback'
  | 'Get-CsUser'
  | 'Get-CsManagementStoreReplicationStatus'
  | 'Get-CsWindowsService'
  | 'Test-CsRegistration'
  | 'Test-CsIM'
  | 'Test-CsPresence'
  | 'Remove-CsPool';

const WORDING: Partial<Record<ErrorCode, (object: string) => string>> = {
  USER_NOT_FOUND: (o) => `ErrorCode=1003,Source=${o},Reason=User does not exist. Management object not found for identity "sip:${o}".`,
  USER_DISABLED: (o) => `User "sip:${o}" is not enabled for Lync Server. Enable the user before moving it.`,
  NAME_HAS_SPACES: (o) => `Cannot move user "sip:${o}": the account name contains leading or trailing spaces.`,
  LEGACY_CONFIG_NOT_IMPORTED: () =>
    'Legacy configuration has not been imported. Run Import-CsLegacyConfiguration before moving legacy users.',
  REPLICATION_NOT_SYNCED: () =>
    'The initial User Replicator synchronization has not completed: Active Directory and the Lync Server databases are out of sync. Try again later.',
  BACKEND_STORE_ERROR: (o) =>
    `Cannot perform the operation on "${o}": a network-related or instance-specific error occurred while establishing a connection to the back-end SQL Server store.`,
  FRONTEND_STOPPED: (o) => `Cannot connect to the Front End service (RTCSRV) of pool "${o}". Verify that the service is running.`,
  SOURCE_FRONTEND_STOPPED: (o) =>
    `Cannot read the object's data from pool "${o}": its Front End service (RTCSRV) is not running. Start it and retry; the move reads the data from the source back end.`,
  POOL_NOT_FOUND: (o) => `Pool "${o}" was not found, or it is not a pool of the required version.`,
  POOL_DECOMMISSIONED: (o) => `Pool "${o}" has been removed from the topology.`,
  EXUM_ONE_WAY: (o) => `Cannot move Exchange UM contact "sip:${o}" to an Office Communications Server 2007 R2 pool: Move-CsExUmContact moves contacts to Lync Server 2013 only.`,
  UCS_CONTACTS_IN_EXCHANGE: (o) =>
    `Cannot move user "sip:${o}" to Office Communications Server 2007 R2: the user's contacts are stored in the unified contact store (Exchange). Run Invoke-CsUcsRollback first, or the contacts are lost.`,
  NOT_FOUND: (o) => `Management object not found for identity "${o}".`,
  SESSION_LOST: () => 'The remote PowerShell session was closed or broken.',
  BACKEND_TIMEOUT: () => 'The operation has timed out.',
  REPLICATION_LAG: (o) => `Central Management Store replication to "${o}" is not up to date.`,
};

/** A coded failure with the cmdlet's own wording (prefixed like PowerShell's error record). */
export function cmdletError(cmdlet: SimCmdlet, code: ErrorCode, object: string, details?: Record<string, unknown>): LyncOpsError {
  const word = WORDING[code];
  const text = word ? word(object) : `${object}: ${code}`;
  return new LyncOpsError(code, `${cmdlet} : ${text}`, { cmdlet, object, ...details });
}

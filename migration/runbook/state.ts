// What the backend reports about the deployment-wide preparation steps of the Microsoft
// sequence: the merged topology, the imported legacy configuration, the first User Replicator
// sync and which OCS pools' conference directories were imported.
export interface MigrationState {
  /** Get-CsSite lists the pseudo-site BackCompatSite: Merge-CsLegacyTopology was published. */
  backCompatSite: boolean;
  /** Import-CsLegacyConfiguration ran: OCS policies and dial plans exist on the Lync side. */
  legacyConfigImported: boolean;
  /** The first User Replicator sync finished; null when the backend cannot tell. */
  userReplicatorSynced: boolean | null;
  /**
   * OCS pools whose conference directories are visible after Import-CsLegacyConferenceDirectory,
   * with `stale` when OCS changed since the import; null when the backend cannot tell (then an
   * admin records the import by hand).
   */
  legacyDirectoryImports: Array<{ pool: string; stale: boolean }> | null;
  /**
   * AllowAnonymousParticipantsInMeetings of the conferencing policy migrated users get (Global):
   * their meetings must admit federated users still homed on OCS 2007 R2. null when unknown.
   */
  anonymousMeetingsAllowed?: boolean | null;
}

// The runbook's preparation facts as the Management Shell shows them. BackCompatSite in Get-CsSite
// proves the merged topology. Import-CsLegacyConfiguration leaves the OCS policies and location
// profiles as conferencing policies and dial plans beside the Global ones, so any non-global one
// is read as "imported". OCS conference directories are visible in Get-CsConferenceDirectory only
// after Import-CsLegacyConferenceDirectory, so an OCS pool with visible directories counts as
// imported; one without any cannot be told apart from "not imported" and is left to an admin's
// record. The first User Replicator sync leaves no trace a cmdlet reads: unknown.
import { z } from 'zod';
import type { MigrationState } from '../../../migration/runbook/state';
import { fqdnKey, type ConferenceDirectory } from '../../../migration/topology';
import type { PsCommand } from './scripts';

const str = (name: string) => `@{n='${name}';e={[string]$_.${name}}}`;
const projected = (command: string, properties: string[]) => `@(${command} | Select-Object ${properties.join(', ')}) | ConvertTo-Json -Depth 4 -Compress`;

export function listSitesScript(): PsCommand {
  return { cmdlet: 'Get-CsSite', subject: 'none', script: projected('Get-CsSite', [str('Identity'), str('Kind')]) };
}

export function listDialPlansScript(): PsCommand {
  return { cmdlet: 'Get-CsDialPlan', subject: 'none', script: projected('Get-CsDialPlan', [str('Identity')]) };
}

export function listConferencingPoliciesScript(): PsCommand {
  return {
    cmdlet: 'Get-CsConferencingPolicy',
    subject: 'none',
    script: projected('Get-CsConferencingPolicy', [str('Identity'), `@{n='AllowAnonymousParticipantsInMeetings';e={$_.AllowAnonymousParticipantsInMeetings}}`]),
  };
}

const Text = z.string().nullish().transform((v) => (v ?? '').trim());
export const SiteRow = z.object({ Identity: Text, Kind: Text });
export const IdentityRow = z.object({ Identity: Text });
export const ConferencingPolicyRow = z.object({ Identity: Text, AllowAnonymousParticipantsInMeetings: z.boolean().nullish() });

export function migrationStateFrom(input: {
  sites: Array<z.output<typeof SiteRow>>;
  dialPlans: Array<z.output<typeof IdentityRow>>;
  conferencingPolicies: Array<z.output<typeof ConferencingPolicyRow>>;
  directories: ConferenceDirectory[];
  ocsPools: string[];
}): MigrationState {
  const nonGlobal = (rows: Array<{ Identity: string }>) => rows.some((r) => r.Identity !== '' && !/^global$/i.test(r.Identity));
  const ocs = new Set(input.ocsPools.map(fqdnKey));
  const visible = new Set(input.directories.map((d) => fqdnKey(d.pool)).filter((p) => ocs.has(p)));
  return {
    backCompatSite: input.sites.some((s) => /BackCompatSite/i.test(s.Identity) || /^BackCompatSite$/i.test(s.Kind)),
    legacyConfigImported: nonGlobal(input.dialPlans) || nonGlobal(input.conferencingPolicies),
    userReplicatorSynced: null,
    legacyDirectoryImports: [...visible].map((pool) => ({ pool, stale: false })),
    // Migrated users get the Global policy unless one is granted to them.
    anonymousMeetingsAllowed: input.conferencingPolicies.find((p) => /^global$/i.test(p.Identity))?.AllowAnonymousParticipantsInMeetings ?? null,
  };
}

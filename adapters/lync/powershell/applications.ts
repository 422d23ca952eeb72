// Response groups and Exchange UM contacts in the Management Shell. Response groups move per
// pool with Move-CsRgsConfiguration (workflows, queues, audio files and their contact objects
// together); Exchange UM contacts move one by one with Move-CsExUmContact, which only ever moves
// them to Lync Server 2013, never back to OCS 2007 R2.
import { z } from 'zod';
import type { MoveOptions } from '../../../migration/ports';
import { normaliseSip, type ExUmContact } from '../../../migration/topology';
import { checkInput, MoveOptionsInput, quotedFqdn, quotedSip } from './quote';
import type { PsCommand } from './scripts';

const str = (name: string) => `@{n='${name}';e={[string]$_.${name}}}`;
const projected = (command: string, properties: string[]) => `@(${command} | Select-Object ${properties.join(', ')}) | ConvertTo-Json -Depth 4 -Compress`;
const whatIf = (options: MoveOptions | undefined) => (checkInput(MoveOptionsInput, options, 'move options')?.whatIf === true ? ' -WhatIf' : '');

export function moveResponseGroupsScript(sourcePool: unknown, targetPool: unknown, options?: MoveOptions): PsCommand {
  const source = quotedFqdn(sourcePool, 'Move-CsRgsConfiguration -Source');
  const target = quotedFqdn(targetPool, 'Move-CsRgsConfiguration -Destination');
  return { cmdlet: 'Move-CsRgsConfiguration', subject: 'pool', script: `Move-CsRgsConfiguration -Source ${source} -Destination ${target} -Confirm:$false${whatIf(options)}` };
}

export function listExUmContactsScript(): PsCommand {
  return {
    cmdlet: 'Get-CsExUmContact',
    subject: 'applicationEndpoint',
    script: projected('Get-CsExUmContact', [str('SipAddress'), str('DisplayName'), str('RegistrarPool'), `@{n='AutoAttendant';e={[bool]$_.AutoAttendant}}`]),
  };
}

export function moveExUmContactScript(sip: unknown, targetPool: unknown, options?: MoveOptions): PsCommand {
  const identity = quotedSip(sip, 'Move-CsExUmContact -Identity');
  const target = quotedFqdn(targetPool, 'Move-CsExUmContact -Target');
  return { cmdlet: 'Move-CsExUmContact', subject: 'applicationEndpoint', script: `Move-CsExUmContact -Identity ${identity} -Target ${target} -Confirm:$false${whatIf(options)}` };
}

const Text = z.string().nullish().transform((v) => (v ?? '').trim());
const Bool = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false'])]).transform((v) => v === true || v === 'True' || v === 'true');

export const ExUmContactRow = z
  .object({ SipAddress: Text.pipe(z.string().min(1)), DisplayName: Text, RegistrarPool: Text.transform((v) => v.toLowerCase()), AutoAttendant: Bool })
  .transform((r): ExUmContact => ({ sip: normaliseSip(r.SipAddress), displayName: r.DisplayName, pool: r.RegistrarPool, autoAttendant: r.AutoAttendant }));

/** OwnerUrn of Get-CsApplicationEndpoint: urn:application:Rgs, urn:application:caa (dial-in conferencing attendant), ... */
export function applicationOf(ownerUrn: string): 'responseGroup' | 'dialIn' | 'other' {
  if (/:rgs$/i.test(ownerUrn)) return 'responseGroup';
  if (/:caa$|conferencingattendant|dialin/i.test(ownerUrn)) return 'dialIn';
  return 'other';
}

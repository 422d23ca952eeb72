// The PowerShell text of every backend operation. Each script is one statement: the cmdlet, and
// for reads a Select-Object projection to plain JSON (enums and FQDN objects as strings, lists
// joined with ',', TimeSpans as milliseconds, dates as ISO strings) piped into ConvertTo-Json.
// Values from chat arrive here only through quote.ts (validated, then single-quoted).
import type { MoveOptions, SyntheticTestKind } from '../../../migration/ports';
import { checkInput, ConferenceDirectoryInput, CredentialIndexInput, MoveOptionsInput, psQuote, quotedFqdn, quotedSip, SyntheticKindInput } from './quote';

/** What a failure is about, so "Management object not found" maps to the right code. */
export type Subject = 'user' | 'pool' | 'conferenceDirectory' | 'applicationEndpoint' | 'computer' | 'none';

export interface PsCommand {
  cmdlet: string;
  script: string;
  subject: Subject;
}

const str = (name: string, property = name) => `@{n='${name}';e={[string]$_.${property}}}`;
const joined = (name: string) => `@{n='${name}';e={($_.${name} | ForEach-Object { [string]$_ }) -join ','}}`;

/** `@(...)` so the pipeline is collected; ConvertTo-Json still prints one result as an object. */
function projected(command: string, properties: string[]): string {
  return `@(${command} | Select-Object ${properties.join(', ')}) | ConvertTo-Json -Depth 4 -Compress`;
}

const USER_PROPERTIES = [str('SipAddress'), str('DisplayName'), str('RegistrarPool'), `@{n='Enabled';e={[bool]$_.Enabled}}`];

export function listPoolsScript(): PsCommand {
  return {
    cmdlet: 'Get-CsPool',
    subject: 'pool',
    script: projected('Get-CsPool', [str('Fqdn'), str('Site'), joined('Computers'), joined('Services')]),
  };
}

export function getUserScript(sip: unknown): PsCommand {
  const identity = quotedSip(sip, 'Get-CsUser -Identity');
  return { cmdlet: 'Get-CsUser', subject: 'user', script: projected(`Get-CsUser -Identity ${identity}`, USER_PROPERTIES) };
}

/** Users homed on a pool; legacy pools also need -OnOfficeCommunicationServer. */
export function listUsersScript(poolFqdn: unknown, legacy: boolean): PsCommand {
  const pool = quotedFqdn(poolFqdn, 'Get-CsUser -Filter RegistrarPool');
  const onOcs = legacy ? ' -OnOfficeCommunicationServer' : '';
  return {
    cmdlet: 'Get-CsUser',
    subject: 'pool',
    script: projected(`Get-CsUser -Filter {RegistrarPool -eq ${pool}}${onOcs}`, USER_PROPERTIES),
  };
}

/**
 * Users per registrar pool, counted on the server: under Import-PSSession every pipeline stage
 * after the first runs on the bot's machine, so `Get-CsUser | Group-Object` would ship every user
 * over WinRM. Inside Invoke-Command the whole pipeline runs in the remote session and only one
 * record per pool comes back.
 */
export function countUsersByPoolScript(): PsCommand {
  const remote = `Get-CsUser | Group-Object -Property RegistrarPool | Select-Object ${str('Pool', 'Name')}, @{n='Count';e={[int]$_.Count}}`;
  return {
    cmdlet: 'Invoke-Command',
    subject: 'none',
    script: projected(`Invoke-Command -Session $LyncOpsSession -ScriptBlock { ${remote} }`, [str('Pool'), `@{n='Count';e={[int]$_.Count}}`]),
  };
}

/** The same count through implicit remoting (every user crosses the wire): kept to measure against. */
export function countUsersByPoolLocallyScript(): PsCommand {
  return {
    cmdlet: 'Get-CsUser',
    subject: 'none',
    script: projected('Get-CsUser | Group-Object -Property RegistrarPool', [str('Pool', 'Name'), `@{n='Count';e={[int]$_.Count}}`]),
  };
}

function whatIf(options: MoveOptions | undefined): string {
  return checkInput(MoveOptionsInput, options, 'move options')?.whatIf === true ? ' -WhatIf' : '';
}

/** OCS 2007 R2 -> Lync 2013. */
export function moveLegacyUserScript(sip: unknown, targetPool: unknown, options?: MoveOptions): PsCommand {
  const identity = quotedSip(sip, 'Move-CsLegacyUser -Identity');
  const target = quotedFqdn(targetPool, 'Move-CsLegacyUser -Target');
  return {
    cmdlet: 'Move-CsLegacyUser',
    subject: 'user',
    script: `Move-CsLegacyUser -Identity ${identity} -Target ${target} -Confirm:$false${whatIf(options)}`,
  };
}

/** Lync 2013 -> OCS 2007 R2 rollback. Never -Force: it would discard meetings and contacts. */
export function moveUserScript(sip: unknown, targetPool: unknown, options?: MoveOptions): PsCommand {
  const identity = quotedSip(sip, 'Move-CsUser -Identity');
  const target = quotedFqdn(targetPool, 'Move-CsUser -Target');
  return {
    cmdlet: 'Move-CsUser',
    subject: 'user',
    script: `Move-CsUser -Identity ${identity} -Target ${target} -Confirm:$false${whatIf(options)}`,
  };
}

/**
 * Contacts back from Exchange's unified contact store into Lync Server before a rollback to OCS.
 * Never -Force; for a user whose contacts are not in the store it changes nothing (Microsoft's
 * own example pipes a whole pool into it).
 */
export function ucsRollbackScript(sip: unknown, options?: MoveOptions): PsCommand {
  const identity = quotedSip(sip, 'Invoke-CsUcsRollback -Identity');
  return {
    cmdlet: 'Invoke-CsUcsRollback',
    subject: 'user',
    script: `Invoke-CsUcsRollback -Identity ${identity} -Confirm:$false${whatIf(options)}`,
  };
}

export function listConferenceDirectoriesScript(): PsCommand {
  return {
    cmdlet: 'Get-CsConferenceDirectory',
    subject: 'conferenceDirectory',
    script: projected('Get-CsConferenceDirectory', [str('Identity'), str('ServiceId')]),
  };
}

export function moveConferenceDirectoryScript(identity: unknown, targetPool: unknown, options?: MoveOptions): PsCommand {
  const id = psQuote(String(checkInput(ConferenceDirectoryInput, identity, 'Move-CsConferenceDirectory -Identity')));
  const target = quotedFqdn(targetPool, 'Move-CsConferenceDirectory -TargetPool');
  return {
    cmdlet: 'Move-CsConferenceDirectory',
    subject: 'conferenceDirectory',
    script: `Move-CsConferenceDirectory -Identity ${id} -TargetPool ${target} -Confirm:$false${whatIf(options)}`,
  };
}

export function listApplicationEndpointsScript(): PsCommand {
  return {
    cmdlet: 'Get-CsApplicationEndpoint',
    subject: 'applicationEndpoint',
    script: projected('Get-CsApplicationEndpoint', [str('SipAddress'), str('DisplayName'), str('RegistrarPool'), str('OwnerUrn')]),
  };
}

export function moveApplicationEndpointScript(sip: unknown, targetPool: unknown, options?: MoveOptions): PsCommand {
  const identity = quotedSip(sip, 'Move-CsApplicationEndpoint -Identity');
  const target = quotedFqdn(targetPool, 'Move-CsApplicationEndpoint -TargetApplicationPool');
  return {
    cmdlet: 'Move-CsApplicationEndpoint',
    subject: 'applicationEndpoint',
    script: `Move-CsApplicationEndpoint -Identity ${identity} -TargetApplicationPool ${target} -Confirm:$false${whatIf(options)}`,
  };
}

export function getServiceStatusScript(computerFqdn: unknown): PsCommand {
  const computer = quotedFqdn(computerFqdn, 'Get-CsWindowsService -ComputerName');
  return {
    cmdlet: 'Get-CsWindowsService',
    subject: 'computer',
    script: projected(`Get-CsWindowsService -ComputerName ${computer}`, [str('Name'), str('DisplayName'), str('Status')]),
  };
}

export function getReplicationStatusScript(): PsCommand {
  return {
    cmdlet: 'Get-CsManagementStoreReplicationStatus',
    subject: 'none',
    script: projected('Get-CsManagementStoreReplicationStatus', [
      str('ReplicaFqdn'),
      `@{n='UpToDate';e={[bool]$_.UpToDate}}`,
      // [datetime]$null is 0001-01-01: parse.ts reads that year as "never".
      `@{n='LastUpdateCreation';e={([datetime]$_.LastUpdateCreation).ToUniversalTime().ToString('o')}}`,
    ]),
  };
}

const SYNTHETIC_CMDLETS: Record<SyntheticTestKind, { cmdlet: string; sender: string; receiver?: string; senderCredential: string; receiverCredential?: string }> = {
  registration: { cmdlet: 'Test-CsRegistration', sender: 'UserSipAddress', senderCredential: 'UserCredential' },
  im: { cmdlet: 'Test-CsIM', sender: 'SenderSipAddress', receiver: 'ReceiverSipAddress', senderCredential: 'SenderCredential', receiverCredential: 'ReceiverCredential' },
  presence: { cmdlet: 'Test-CsPresence', sender: 'SubscriberSipAddress', receiver: 'PublisherSipAddress', senderCredential: 'SubscriberCredential', receiverCredential: 'PublisherCredential' },
};

/** Which $LyncOpsTestCred<n> holds each participant's account (the credential form). */
export interface SyntheticCredentials {
  sender: number;
  receiver?: number;
}

const credentialVariable = (index: number) => `$LyncOpsTestCred${checkInput(CredentialIndexInput, index, 'test credential index')}`;

/**
 * The plain form for the target pool's own health-monitoring users; with `credentials`, the form
 * for any other account (-UserCredential, -SenderCredential/-ReceiverCredential,
 * -SubscriberCredential/-PublisherCredential), naming only the variables the bootstrap made.
 */
export function syntheticTestScript(
  kind: SyntheticTestKind,
  args: { targetFqdn: unknown; senderSip: unknown; receiverSip?: unknown },
  credentials?: SyntheticCredentials,
): PsCommand {
  const spec = SYNTHETIC_CMDLETS[checkInput(SyntheticKindInput, kind, 'synthetic test kind')];
  const target = quotedFqdn(args.targetFqdn, `${spec.cmdlet} -TargetFqdn`);
  let command = `${spec.cmdlet} -TargetFqdn ${target} -${spec.sender} ${quotedSip(args.senderSip, `${spec.cmdlet} -${spec.sender}`)}`;
  if (credentials) command += ` -${spec.senderCredential} ${credentialVariable(credentials.sender)}`;
  if (spec.receiver) command += ` -${spec.receiver} ${quotedSip(args.receiverSip, `${spec.cmdlet} -${spec.receiver}`)}`;
  if (spec.receiverCredential && credentials) command += ` -${spec.receiverCredential} ${credentialVariable(credentials.receiver ?? -1)}`;
  return {
    cmdlet: spec.cmdlet,
    subject: 'user',
    script: projected(command, [
      str('TargetFqdn'),
      str('Result'),
      `@{n='LatencyMs';e={[double]$_.Latency.TotalMilliseconds}}`,
      str('Error'),
      str('Diagnosis'),
    ]),
  };
}

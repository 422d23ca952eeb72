// The PowerShell program the adapter starts: it opens one remote session to the Lync Server
// Management Shell endpoint (New-PSSession + Import-PSSession), then serves requests from stdin
// (protocol.ts) for the life of the process. It is passed with -EncodedCommand, so no file has to
// be shipped next to the compiled adapter and nothing secret is on the command line: the
// credential arrives later, in the `connect` request over stdin.
//
// Every command runs inside try/catch with $ErrorActionPreference = 'Stop', so cmdlet failures
// come back as { ok: false, error: { message, category, fullyQualifiedErrorId } } and the process
// keeps serving. A broken remote session is reported as LyncOps.SessionBroken; the adapter then
// starts a fresh process.

export const BOOTSTRAP_SCRIPT = `
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)
$global:LyncOpsSession = $null

function Send-LyncOpsFrame([string] $Id, $Envelope) {
  $json = ConvertTo-Json -InputObject $Envelope -Depth 5 -Compress
  [Console]::Out.Write('<<<LYNCOPS:BEGIN:' + $Id + '>>>' + [char]10 + $json + [char]10 + '<<<LYNCOPS:END:' + $Id + '>>>' + [char]10)
  [Console]::Out.Flush()
}

function ConvertTo-LyncOpsError($Record) {
  [ordered]@{
    message = [string]$Record.Exception.Message
    category = [string]$Record.CategoryInfo.Category
    fullyQualifiedErrorId = [string]$Record.FullyQualifiedErrorId
  }
}

function Open-LyncOpsSession($Request) {
  if ($null -ne $global:LyncOpsSession) {
    Remove-PSSession -Session $global:LyncOpsSession -ErrorAction SilentlyContinue
    $global:LyncOpsSession = $null
  }
  $parameters = @{ ConnectionUri = [string]$Request.connectionUri; Authentication = 'Negotiate' }
  if ($Request.username) {
    $secure = ConvertTo-SecureString -String ([string]$Request.password) -AsPlainText -Force
    $parameters.Credential = [System.Management.Automation.PSCredential]::new([string]$Request.username, $secure)
  }
  if ($Request.skipCertificateChecks) {
    $parameters.SessionOption = New-PSSessionOption -SkipCACheck -SkipCNCheck -SkipRevocationCheck
  }
  $session = New-PSSession @parameters
  Import-Module (Import-PSSession -Session $session -DisableNameChecking -AllowClobber) -Global -DisableNameChecking
  $global:LyncOpsSession = $session
  # Test user accounts for the synthetic tests' credential forms: scripts name them only as
  # $LyncOpsTestCred0, $LyncOpsTestCred1, ... (never a password in a script or a log).
  $index = 0
  foreach ($account in @($Request.testCredentials)) {
    if ($null -eq $account) { continue }
    $secret = ConvertTo-SecureString -String ([string]$account.password) -AsPlainText -Force
    Set-Variable -Name ('LyncOpsTestCred' + $index) -Scope Global -Value ([System.Management.Automation.PSCredential]::new([string]$account.username, $secret))
    $index++
  }
}

while ($true) {
  $line = [Console]::In.ReadLine()
  if ($null -eq $line) { break }
  $parts = $line.Trim().Split(' ')
  if ($parts.Length -ne 4 -or $parts[0] -ne 'LYNCOPS') { continue }
  $kind = $parts[1]
  $id = $parts[2]
  try {
    $text = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($parts[3]))
    if ($kind -eq 'connect') {
      $request = ConvertFrom-Json -InputObject $text
      $text = $null
      Open-LyncOpsSession $request
      $request = $null
      Send-LyncOpsFrame $id ([ordered]@{ ok = $true; output = '' })
    } elseif ($kind -eq 'run') {
      if ($null -eq $global:LyncOpsSession -or [string]$global:LyncOpsSession.State -ne 'Opened') {
        $broken = [ordered]@{ message = 'The remote session is broken or closed.'; category = 'ResourceUnavailable'; fullyQualifiedErrorId = 'LyncOps.SessionBroken' }
        Send-LyncOpsFrame $id ([ordered]@{ ok = $false; error = $broken })
        continue
      }
      $output = @(& ([scriptblock]::Create($text))) -join [char]10
      Send-LyncOpsFrame $id ([ordered]@{ ok = $true; output = $output })
    }
  } catch {
    $request = $null
    Send-LyncOpsFrame $id ([ordered]@{ ok = $false; error = (ConvertTo-LyncOpsError $_) })
  }
}
if ($null -ne $global:LyncOpsSession) { Remove-PSSession -Session $global:LyncOpsSession -ErrorAction SilentlyContinue }
`;

/** Command line of the pwsh child: the bootstrap as -EncodedCommand (UTF-16LE, base64). */
export function pwshArguments(): string[] {
  return ['-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand', Buffer.from(BOOTSTRAP_SCRIPT, 'utf16le').toString('base64')];
}

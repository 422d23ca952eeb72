// The fake pwsh itself, driven over its stdin/stdout protocol without the adapter: it must refuse
// what real PowerShell would run dangerously or what the adapter must never send (so quoting
// bugs fail tests), and print what real pwsh prints for the adapter's projections.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import fc from 'fast-check';
import { pwshArguments } from '../../../../adapters/lync/powershell/bootstrap';
import { encodeRequest, FrameReader, newRequestId, parseEnvelope, type Envelope } from '../../../../adapters/lync/powershell/protocol';
import { valuedParams } from '../../../fixtures/fake-pwsh-cmdlets';
import { parseStatement, PsParseError } from '../../../fixtures/fake-pwsh-parser';
import { FAKE_PWSH, readLog, removeTempLogs, tempLogFile } from './helpers';

class FakeClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly noise: string[] = [];
  private readonly reader = new FrameReader();
  private readonly waiting = new Map<string, (e: Envelope | undefined) => void>();

  constructor(env: Record<string, string> = {}, args = pwshArguments()) {
    this.child = spawn(FAKE_PWSH, args, { env: { ...process.env, ...env } });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      for (const event of this.reader.push(chunk)) {
        if (event.type === 'noise') this.noise.push(event.line);
        else this.waiting.get(event.id)?.(parseEnvelope(event.body));
      }
    });
  }

  send(kind: 'connect' | 'run', payload: string): Promise<Envelope | undefined> {
    const id = newRequestId();
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(encodeRequest(kind, id, payload));
    });
  }

  connect(): Promise<Envelope | undefined> {
    return this.send('connect', JSON.stringify({ connectionUri: 'https://lync-ber.contoso.local/OcsPowershell', skipCertificateChecks: true }));
  }

  async run(script: string): Promise<Envelope> {
    const envelope = await this.send('run', script);
    assert.ok(envelope, 'a readable envelope');
    return envelope;
  }

  async end(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.stdin.end();
    await once(this.child, 'exit');
  }
}

const USER_PROJECTION = "Select-Object @{n='SipAddress';e={[string]$_.SipAddress}}, @{n='RegistrarPool';e={[string]$_.RegistrarPool}}";

function refused(envelope: Envelope, pattern: RegExp): void {
  assert.equal(envelope.ok, false);
  if (!envelope.ok) assert.match(`${envelope.error.fullyQualifiedErrorId} ${envelope.error.message}`, pattern);
}

describe('fake pwsh', () => {
  let client: FakeClient;
  let log: string;

  beforeEach(async () => {
    log = tempLogFile();
    client = new FakeClient({ FAKE_PWSH_LOG: log });
    assert.deepEqual(await client.connect(), { ok: true, output: '' });
  });
  afterEach(async () => {
    await client.end();
    removeTempLogs();
  });

  it('refuses scripts whose quoting is broken instead of running the injected statement', async () => {
    const broken = "Move-CsLegacyUser -Identity 'sip:alice'; Remove-CsUser -Identity *; '' -Target 'lync-ber.contoso.local' -Confirm:$false";
    refused(await client.run(broken), /ParseException.*more than one statement/);
    refused(await client.run("Get-CsUser -Identity 'sip:alice@contoso.com"), /ParseException.*missing the terminator/);
    const alice = await client.run(`@(Get-CsUser -Identity 'sip:alice@contoso.com' | ${USER_PROJECTION}) | ConvertTo-Json -Compress`);
    assert.deepEqual(alice, { ok: true, output: '{"SipAddress":"sip:alice@contoso.com","RegistrarPool":"ocs-ber.contoso.local"}' });
    assert.equal(readLog(log).filter((e) => e.event === 'rejected').length, 2);
  });

  it('demands single-quoted literals where the adapter passes values', async () => {
    refused(await client.run('Get-CsUser -Identity sip:alice@contoso.com'), /FakePwsh\.Rejected.*single-quoted literal/);
    refused(await client.run('Get-CsUser -Identity "sip:$user"'), /ParseException.*double-quoted/);
    refused(await client.run('Get-CsUser -Identity $(Get-Content x)'), /ParseException.*sub-expressions/);
    refused(await client.run('Get-CsWindowsService -ComputerName $computer'), /single-quoted literal, got var computer/);
    refused(await client.run("Get-CsUser -Filter {RegistrarPool -eq $pool}"), /-Filter must be/);
  });

  it('behaves like the shell on confirmations, unknown parameters and unknown commands', async () => {
    refused(await client.run("Move-CsUser -Identity 'sip:bob@contoso.com' -Target 'ocs-muc.contoso.local'"), /NonInteractive mode/);
    refused(await client.run("Move-CsUser -Identity 'sip:bob@contoso.com' -Target 'ocs-muc.contoso.local' -Confirm:$false -Force"), /-Force is refused/);
    refused(await client.run("Move-CsUser -Identity 'sip:bob@contoso.com' -Target 'ocs-muc.contoso.local' -Confirm:$false -Bulk"), /NamedParameterNotFound/);
    refused(await client.run("Remove-CsUser -Identity 'sip:bob@contoso.com'"), /CommandNotFoundException/);
    refused(await client.run("Get-CsPool 'x'"), /PositionalParameterNotFound/);
    const bob = await client.run(`@(Get-CsUser -Identity 'sip:bob@contoso.com' | ${USER_PROJECTION}) | ConvertTo-Json -Compress`);
    assert.equal(bob.ok && JSON.parse(bob.output).RegistrarPool, 'lync-muc.contoso.local', 'nothing was moved');
  });

  it('prints one result as a bare object, none as nothing, several as an array; enums as pwsh does', async () => {
    const one = await client.run("@(Get-CsConferenceDirectory | Select-Object @{n='Identity';e={[string]$_.Identity}}) | ConvertTo-Json -Compress");
    assert.ok(one.ok && Array.isArray(JSON.parse(one.output)));
    const none = await client.run(`@(Get-CsUser -Filter {RegistrarPool -eq 'ocs-nowhere.contoso.local'} | ${USER_PROJECTION}) | ConvertTo-Json -Compress`);
    assert.deepEqual(none, { ok: true, output: '' });
    const legacy = await client.run("@(Get-CsWindowsService -ComputerName 'ocs-ber-fe01.contoso.local' | Select-Object @{n='Status';e={[string]$_.Status}}, @{n='Raw';e={$_.Status}}) | ConvertTo-Json -Compress");
    assert.ok(legacy.ok);
    assert.deepEqual(JSON.parse(legacy.output)[0], { Status: '4', Raw: 4 });
    const lync = await client.run("@(Get-CsWindowsService -ComputerName 'lync-ber-fe01.contoso.local' | Select-Object @{n='Status';e={[string]$_.Status}}, @{n='Raw';e={$_.Status}}) | ConvertTo-Json -Compress");
    assert.ok(lync.ok);
    assert.deepEqual(JSON.parse(lync.output)[0], { Status: 'Running', Raw: 4 });
    const test = await client.run("@(Test-CsRegistration -TargetFqdn 'lync-ber.contoso.local' -UserSipAddress 'sip:test-ber-lync@contoso.com' | Select-Object @{n='Result';e={[string]$_.Result}}, @{n='LatencyMs';e={[double]$_.Latency.TotalMilliseconds}}) | ConvertTo-Json -Compress");
    assert.ok(test.ok);
    const result = JSON.parse(test.output);
    assert.ok(!Array.isArray(result), 'a single result is not wrapped');
    assert.equal(result.Result, 'Success');
    assert.equal(typeof result.LatencyMs, 'number');
  });

  it('prints What if: lines outside the frame and changes nothing', async () => {
    const moved = await client.run("Move-CsLegacyUser -Identity 'sip:carol@contoso.com' -Target 'lync-ber.contoso.local' -Confirm:$false -WhatIf");
    assert.deepEqual(moved, { ok: true, output: '' });
    assert.deepEqual(client.noise, ['What if: Performing the operation "Move-CsLegacyUser" on target "sip:carol@contoso.com".']);
    const carol = await client.run(`@(Get-CsUser -Identity 'sip:carol@contoso.com' | ${USER_PROJECTION}) | ConvertTo-Json -Compress`);
    assert.equal(carol.ok && JSON.parse(carol.output).RegistrarPool, 'ocs-ber.contoso.local');
  });
});

describe('fake pwsh parser', () => {
  it('either parses or refuses any text, and always terminates', () => {
    const alphabet = fc.constantFrom(...`ab-Get-CsUser '"$_@(){}[]|;,=.#\`&<>:0123456789 \n\u2019`.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 80 }), (text) => {
        try {
          parseStatement(text, valuedParams);
        } catch (e) {
          assert.ok(e instanceof PsParseError, `unexpected ${String(e)}`);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

describe('fake pwsh start-up', () => {
  it('refuses to run without the bootstrap on its command line', async () => {
    const client = new FakeClient({}, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '-']);
    const [code] = await once(client.child, 'exit');
    assert.equal(code, 64);
  });

  it('answers scripts sent before connecting with a broken-session error', async () => {
    const client = new FakeClient();
    refused(await client.run("@(Get-CsPool | Select-Object @{n='Fqdn';e={[string]$_.Fqdn}}) | ConvertTo-Json -Compress"), /LyncOps\.SessionBroken/);
    await client.end();
  });
});

// What must never happen: chat input turning into PowerShell code, or the password showing up on
// the command line, in a script or in a log line. Asserted on what the fake pwsh actually
// received (FAKE_PWSH_LOG) and on everything the adapter logged.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isLyncOpsError } from '../../../../migration/errors';
import type { PowerShellLyncBackend } from '../../../../adapters/lync/powershell';
import { fakeBackend, PASSWORD, readLog, recordingLogger, scriptsOf, startsOf, removeTempLogs, tempLogFile, USERNAME, type LogLine } from './helpers';

const HOSTILE = "alice'; Remove-CsUser -Identity *; '";

describe('PowerShell backend safety', () => {
  let backend: PowerShellLyncBackend;
  let log: string;
  let lines: LogLine[];

  beforeEach(() => {
    log = tempLogFile();
    lines = [];
    backend = fakeBackend({ log, logger: recordingLogger(lines) });
  });
  afterEach(async () => {
    await backend.close();
    removeTempLogs();
  });

  it('refuses hostile input with INVALID_INPUT before anything reaches pwsh', async () => {
    const attempts: Array<() => Promise<unknown>> = [
      () => backend.getUser(HOSTILE),
      () => backend.moveLegacyUser(HOSTILE, 'lync-ber.contoso.local'),
      () => backend.moveLegacyUser('alice@contoso.com', "lync-ber.contoso.local'; Remove-CsUser -Identity *; '"),
      () => backend.moveUser(HOSTILE, 'ocs-ber.contoso.local', { whatIf: true }),
      () => backend.listUsers(`ocs-ber.contoso.local'} ; Remove-CsUser -Identity * ; {'`),
      () => backend.moveConferenceDirectory(Number.NaN, 'lync-ber.contoso.local'),
      () => backend.moveApplicationEndpoint(HOSTILE, 'lync-ber.contoso.local'),
      () => backend.getServiceStatus('$(Stop-Service RTCSRV)'),
      () => backend.runSyntheticTest('im', { targetFqdn: 'lync-ber.contoso.local', senderSip: 'alice@contoso.com', receiverSip: HOSTILE }),
      () => backend.decommissionPool(HOSTILE),
    ];
    const refused = async () => {
      for (const attempt of attempts) {
        await assert.rejects(attempt(), (e: unknown) => isLyncOpsError(e) && e.code === 'INVALID_INPUT' && !e.transient);
      }
    };
    await refused();
    assert.deepEqual(readLog(log), [], 'pwsh was never even started');

    await backend.getUser('alice@contoso.com');
    await refused();
    const entries = readLog(log);
    assert.equal(scriptsOf(entries).length, 1, 'only the legitimate call reached the running process');
    assert.ok(!readFileSync(log, 'utf8').includes('Remove-CsUser'));
  });

  it('sends a legitimate apostrophe only inside a doubled-quote literal', async () => {
    assert.equal(await backend.getUser("O'Brien@contoso.com"), null);
    const entries = readLog(log);
    assert.deepEqual(scriptsOf(entries).map((s) => /-Identity ('(?:[^']|'')*')/.exec(s)?.[1]), ["'sip:o''brien@contoso.com'"]);
    assert.equal(entries.filter((e) => e.event === 'rejected').length, 0, 'the fake parsed it as a well-formed literal');
  });

  it('never puts the password on the command line, in a script or in a log line, yet pwsh receives it', async () => {
    await backend.moveLegacyUser('alice@contoso.com', 'lync-ber.contoso.local');
    await backend.getUser('nobody@contoso.com');
    const entries = readLog(log);
    const [start] = startsOf(entries);
    assert.ok(start.argv && start.argv.length === 5 && start.bootstrapOk);
    const b64 = Buffer.from(PASSWORD, 'utf8').toString('base64');
    for (const arg of start.argv) {
      assert.ok(!arg.includes(PASSWORD) && !arg.includes(b64), 'argv holds no password');
      assert.ok(!Buffer.from(arg, 'base64').toString('utf16le').includes(PASSWORD), 'the encoded bootstrap holds no password');
    }
    for (const script of scriptsOf(entries)) assert.ok(!script.includes(PASSWORD));
    assert.ok(!readFileSync(log, 'utf8').includes(PASSWORD));
    const connect = entries.find((e) => e.event === 'connect');
    assert.equal(connect?.username, USERNAME);
    assert.equal(connect?.passwordSha256, createHash('sha256').update(PASSWORD).digest('hex'), 'the credential arrived over stdin intact');
    const logged = JSON.stringify(lines);
    assert.ok(lines.some((l) => l.msg === 'Management Shell session opened'));
    assert.ok(!logged.includes(PASSWORD) && !logged.includes(b64), 'no log line carries the password');
  });

  it('rejects bad options without echoing them', () => {
    assert.throws(
      () => fakeBackend({ connectionUri: 'not a uri', password: PASSWORD }),
      (e: unknown) => isLyncOpsError(e) && e.code === 'INVALID_INPUT' && /connectionUri/.test(e.message) && !e.message.includes(PASSWORD),
    );
    assert.throws(() => fakeBackend({ password: undefined }), (e: unknown) => isLyncOpsError(e) && /password: a username needs a password/.test(e.message));
    assert.throws(() => fakeBackend({ commandTimeoutMs: -1 }), (e: unknown) => isLyncOpsError(e) && /commandTimeoutMs/.test(e.message));
  });
});

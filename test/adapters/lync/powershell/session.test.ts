// The life of the pwsh session, against the fake pwsh: one process for many calls, calls
// serialised, a hung command (BACKEND_TIMEOUT) or a crashed process (SESSION_LOST) replaced by a
// fresh session on the next call, broken sessions and connect failures mapped to codes.
import assert from 'node:assert/strict';
import { isLyncOpsError, type ErrorCode } from '../../../../migration/errors';
import type { PowerShellLyncBackend } from '../../../../adapters/lync/powershell';
import { fakeBackend, readLog, scriptsOf, startsOf, removeTempLogs, tempLogFile, type FakeBackendOptions } from './helpers';

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, transient: boolean, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(isLyncOpsError(e), `expected a LyncOpsError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.transient, transient);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('PowerShell backend session', () => {
  let backend: PowerShellLyncBackend | undefined;
  let log: string;

  function make(options: FakeBackendOptions = {}): PowerShellLyncBackend {
    log = tempLogFile();
    backend = fakeBackend({ log, ...options });
    return backend;
  }

  afterEach(async () => {
    await backend?.close();
    backend = undefined;
    removeTempLogs();
  });

  it('starts nothing until the first call, then reuses one process for every call', async () => {
    const b = make();
    assert.equal(b.sessionPid, undefined);
    assert.deepEqual(readLog(log), []);
    await b.getUser('alice@contoso.com');
    const pid = b.sessionPid;
    assert.ok(pid);
    await b.listPools();
    await b.getReplicationStatus();
    await b.countUsersByPool();
    assert.equal(b.sessionPid, pid);
    const entries = readLog(log);
    assert.equal(startsOf(entries).length, 1);
    assert.equal(entries.filter((e) => e.event === 'connect').length, 1);
    assert.equal(scriptsOf(entries).length, 4);
  });

  it('runs concurrent calls one at a time, in the order they were made', async () => {
    const b = make();
    const sips = ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com', 'dave@contoso.com', 'helga@contoso.com'];
    const users = await Promise.all(sips.map((sip) => b.getUser(sip)));
    assert.deepEqual(users.map((u) => u?.sip), sips);
    const order = scriptsOf(readLog(log)).map((s) => /'sip:([^']+)'/.exec(s)?.[1]);
    assert.deepEqual(order, sips);
  });

  it('kills a hung command after commandTimeoutMs (BACKEND_TIMEOUT) and answers the next call from a fresh session', async () => {
    const b = make({ commandTimeoutMs: 500, fake: { FAKE_PWSH_HANG_ON: 'Get-CsConferenceDirectory' } });
    await b.getUser('alice@contoso.com');
    const first = b.sessionPid;
    const started = Date.now();
    await rejectsWith(b.listConferenceDirectories(), 'BACKEND_TIMEOUT', true, /500 ms/);
    assert.ok(Date.now() - started < 5000);
    assert.equal(b.sessionPid, undefined, 'the hung process is gone');
    assert.equal((await b.getUser('alice@contoso.com'))?.registrarPool, 'ocs-ber.contoso.local');
    assert.ok(b.sessionPid && b.sessionPid !== first);
    assert.equal(startsOf(readLog(log)).length, 2);
  });

  it('reports a process that dies mid-command as SESSION_LOST and reconnects on the next call', async () => {
    const b = make({ fake: { FAKE_PWSH_CRASH_ON: 'Get-CsPool' } });
    await b.getUser('bob@contoso.com');
    const first = b.sessionPid;
    await rejectsWith(b.listPools(), 'SESSION_LOST', true, /session was lost/);
    assert.equal((await b.getUser('bob@contoso.com'))?.registrarPool, 'lync-muc.contoso.local');
    assert.ok(b.sessionPid && b.sessionPid !== first);
  });

  it('treats a broken remote session reported by a cmdlet as SESSION_LOST and starts over', async () => {
    const b = make({ fake: { FAKE_PWSH_ERROR: 'Get-CsApplicationEndpoint:The session state is Broken, which is not valid for this operation.' } });
    await b.getUser('bob@contoso.com');
    const first = b.sessionPid;
    await rejectsWith(b.listApplicationEndpoints(), 'SESSION_LOST', true);
    await b.getUser('bob@contoso.com');
    assert.ok(b.sessionPid && b.sessionPid !== first);
  });

  it('keeps the session after an ordinary cmdlet failure and maps it (transient replication error)', async () => {
    const b = make({ fake: { FAKE_PWSH_ERROR: 'Move-CsLegacyUser:The initial User Replicator synchronization has not completed: AD and Lync databases out of sync.' } });
    await rejectsWith(b.moveLegacyUser('alice@contoso.com', 'lync-ber.contoso.local'), 'REPLICATION_NOT_SYNCED', true, /^Move-CsLegacyUser: The initial User Replicator/);
    const pid = b.sessionPid;
    assert.ok(pid);
    assert.equal((await b.getUser('alice@contoso.com'))?.registrarPool, 'ocs-ber.contoso.local');
    assert.equal(b.sessionPid, pid);
  });

  it('maps connect failures: wrong credentials are permanent, transport errors transient; no session is kept', async () => {
    const denied = make({ fake: { FAKE_PWSH_CONNECT_ERROR: 'Access is denied.' } });
    await rejectsWith(denied.getUser('alice@contoso.com'), 'BACKEND_FAILED', false, /New-PSSession: .*Access is denied/);
    assert.equal(denied.sessionPid, undefined);
    await denied.close();

    const unreachable = make({ fake: { FAKE_PWSH_CONNECT_ERROR: 'WinRM cannot complete the operation. Verify that the specified computer name is valid.' } });
    await rejectsWith(unreachable.getUser('alice@contoso.com'), 'SESSION_LOST', true);
    await rejectsWith(unreachable.getUser('alice@contoso.com'), 'SESSION_LOST', true);
    assert.equal(startsOf(readLog(log)).length, 2, 'every call tries a fresh connection');
  });

  it('fails permanently when pwsh cannot be started', async () => {
    const b = make({ pwshPath: '/nonexistent/pwsh' });
    await rejectsWith(b.getUser('alice@contoso.com'), 'BACKEND_FAILED', false, /cannot run \/nonexistent\/pwsh/);
  });

  it('ends the process on close and refuses calls afterwards', async () => {
    const b = make();
    await b.getUser('alice@contoso.com');
    await b.close();
    assert.equal(b.sessionPid, undefined);
    assert.ok(readLog(log).some((e) => e.event === 'exit'), 'pwsh saw stdin close and exited');
    await rejectsWith(b.getUser('alice@contoso.com'), 'BACKEND_FAILED', false, /closed/);
  });
});

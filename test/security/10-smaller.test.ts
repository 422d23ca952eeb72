// Point 10, smaller ones. The attacks: another account on the host reads the SQLite store
// (conversation references, audit, job data) because the file was created world-readable; the
// Management Shell credentials travel over plain http because LYNC_PS_URI accepted it.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';
import { PowerShellLyncBackend } from '../../adapters/lync/powershell';
import { openSqliteStore } from '../../adapters/store/sqlite';

describe('security 10: the SQLite file is private; LYNC_PS_URI is https only', () => {
  it('the SQLite store file and its WAL are created 0600, even under a permissive umask', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lyncops-sec-sqlite-'));
    const previous = process.umask(0o000);
    try {
      const file = join(dir, 'data', 'lyncops.sqlite');
      const store = openSqliteStore(file);
      await store.init();
      await store.appendAudit({ at: Date.now(), actor: { id: 'system', name: 'lyncops', role: 'system' }, event: 'test.written', outcome: 'info' });
      assert.equal(statSync(file).mode & 0o777, 0o600, 'database file');
      assert.equal(statSync(`${file}-wal`).mode & 0o777, 0o600, 'write-ahead log');
      assert.equal(statSync(join(dir, 'data')).mode & 0o077, 0, 'the folder it created is private too');
      await store.close();
    } finally {
      process.umask(previous);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('LYNC_PS_URI over plain http is refused at start, naming the variable', () => {
    assert.throws(
      () => loadConfig({ LYNC_BACKEND: 'powershell', LYNC_PS_URI: 'http://lync-ber.contoso.local/OcsPowershell', LYNCOPS_UNAUTHENTICATED: 'allow' }),
      (error: unknown) => error instanceof ConfigError && /^LYNC_PS_URI must be an https URL/.test(error.message),
    );
    assert.throws(() => new PowerShellLyncBackend({ connectionUri: 'http://lync-ber.contoso.local/OcsPowershell' }), /connectionUri/);
  });
});

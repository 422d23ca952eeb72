// openStore picks the engine from STORE_URL: postgres:// and postgresql:// URLs open PostgreSQL,
// anything else is a SQLite file path (its folder created on open); each engine loads only when chosen.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { isPostgresUrl, openStore } from '../../../adapters/store';
import { tempDbFile } from '../../helpers/store/tempfile';

describe('openStore', () => {
  it('opens PostgreSQL for postgres:// and postgresql:// URLs without connecting yet', async () => {
    for (const url of ['postgres://lyncops@db.example:5432/lyncops', 'postgresql://db.example/lyncops', ' POSTGRES://db.example/x ']) {
      const store = await openStore(url);
      assert.equal(store.engine, 'postgres', url);
      await store.close();
    }
  });

  it('opens SQLite for a file path and for :memory:', async () => {
    const tmp = tempDbFile('state.db');
    try {
      const store = await openStore(tmp.file);
      assert.equal(store.engine, 'sqlite');
      await store.init();
      await store.appendAudit({ at: 1, actor: { id: 'system', name: 'lyncops', role: 'system' }, event: 'store.opened', outcome: 'info' });
      await store.close();
      assert.ok(fs.existsSync(tmp.file));
      const memory = await openStore(':memory:');
      assert.equal(memory.engine, 'sqlite');
      await memory.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('tells PostgreSQL URLs from file paths', () => {
    assert.equal(isPostgresUrl('postgresql://x/y'), true);
    assert.equal(isPostgresUrl('./data/postgres.db'), false);
    assert.equal(isPostgresUrl('data/lyncops.db'), false);
  });
});

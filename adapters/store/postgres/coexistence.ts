// PostgreSQL coexistence results: the newest result of a site by time. The CoexistenceResults role.
import type pg from 'pg';
import type { CoexistenceResult } from '../../../migration/model';
import type { CoexistenceResults } from '../../../migration/store';
import { toCoexistenceResult } from '../common/records';
import { bindRole } from '../common/roles';
import { type Queryable, decodePgJson as decode, json } from './db';

export async function saveCoexistenceResult(db: Queryable, r: CoexistenceResult): Promise<void> {
  await db.query('INSERT INTO coexistence_results (site_key, at, data) VALUES ($1, $2, $3::jsonb)', [r.site.toLowerCase(), r.at, json(r)]);
}

export async function lastCoexistenceResult(db: Queryable, site: string): Promise<CoexistenceResult | null> {
  const { rows } = await db.query(
    'SELECT data FROM coexistence_results WHERE site_key = $1 ORDER BY at DESC, id DESC LIMIT 1',
    [site.toLowerCase()],
  );
  return rows.length ? toCoexistenceResult(rows[0].data, decode) : null;
}

export function coexistenceResults(pool: pg.Pool): CoexistenceResults {
  return bindRole(pool, { saveCoexistenceResult, lastCoexistenceResult });
}

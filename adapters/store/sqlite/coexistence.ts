// SQLite coexistence results: the newest result of a site by time. The CoexistenceResults role.
import type { CoexistenceResult } from '../../../migration/model';
import type { CoexistenceResults } from '../../../migration/store';
import { toCoexistenceResult } from '../common/records';
import { bindRole } from '../common/roles';
import { Statements, decodeSqliteJson as decode, json } from './statements';

export function saveCoexistenceResult(s: Statements, r: CoexistenceResult): void {
  s.get('INSERT INTO coexistence_results (site_key, at, data) VALUES (?, ?, ?)').run(r.site.toLowerCase(), r.at, json(r));
}

export function lastCoexistenceResult(s: Statements, site: string): CoexistenceResult | null {
  const row = s
    .get('SELECT data FROM coexistence_results WHERE site_key = ? ORDER BY at DESC, id DESC LIMIT 1')
    .get(site.toLowerCase()) as { data: unknown } | undefined;
  return row ? toCoexistenceResult(row.data, decode) : null;
}

export function coexistenceResults(s: Statements): CoexistenceResults {
  return bindRole(s, { saveCoexistenceResult, lastCoexistenceResult });
}

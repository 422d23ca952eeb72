// listPools: every pool the backend lists ("list pools", "welche Pools gibt es?"): its FQDN, site
// (in the reader's language), version, users homed there, and whether it is decommissioned, OCS
// pools first within a site. "status of pool <FQDN>" is the one-pool view.
import { z } from 'zod';
import type { LyncPoolInfo } from '../../migration/model';
import { localSiteName } from '../../migration/topology';
import { card, facts, heading, plain, text } from '../cards/elements';
import { STAFF, say, type CommandSpec } from '../context';
import { commandExtras } from '../contract';
import { formatNumber } from '../i18n';
import { ofIntent, statusOf } from '../recognizer/intents';
import { has } from '../recognizer/subjects';

const schema = z.object({ intent: z.literal('listPools'), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    listPools: typeof schema;
  }
}

const versionRank = (p: LyncPoolInfo) => (p.version === 'Lync2013' ? 1 : 0);

export const listPools: CommandSpec<'listPools'> = {
  intent: 'listPools',
  schema,
  order: 31,
  roles: STAFF,
  sideEffects: false,
  // The overview question (listSites, 1012) that asks about pools rather than sites; "list pools
  // in Berlin" names a site and stays that site's status.
  recognition: [{ priority: 1006, match: (s) => (has(s, 'pool') && ofIntent(statusOf(s), 'listSites') ? { intent: 'listPools' } : undefined) }],
  hints: { pool: 1, list: 0 },
  menu: false,
  examples: { en: ['list pools', 'which pools are there?'], de: ['Pools anzeigen', 'welche Pools gibt es?'] },
  async handle(ctx) {
    const { deps, t, lang } = ctx;
    const [pools, users] = await Promise.all([deps.backend.listPools(), deps.backend.countUsersByPool()]);
    const siteName = (p: LyncPoolInfo) => localSiteName(deps.topology.siteOfPool(p.fqdn), lang) || p.site;
    const rows = pools
      .map((p) => ({ pool: p, site: siteName(p) }))
      .sort((a, b) => a.site.localeCompare(b.site, lang) || versionRank(a.pool) - versionRank(b.pool) || a.pool.fqdn.localeCompare(b.pool.fqdn));
    if (rows.length === 0) return say(t.pools.none);
    return [
      {
        card: card([
          heading(t.pools.title(rows.length)),
          facts(
            rows.map(({ pool, site }) => [
              plain(pool.fqdn),
              t.pools.row(plain(site), pool.version === 'Lync2013' ? 'Lync Server 2013' : 'OCS 2007 R2', users[pool.fqdn] ?? 0, formatNumber(users[pool.fqdn] ?? 0, lang), pool.decommissioned),
            ]),
          ),
          text(t.pools.more, { isSubtle: true, size: 'Small' }),
        ]),
      },
    ];
  },
};

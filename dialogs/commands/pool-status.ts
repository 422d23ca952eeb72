// poolStatus: one pool of the deployment ("status of pool ocs-ber.contoso.local", "Status von Pool
// …"): its site, role and version, its computers, the users homed there and its services, read
// through the site report (migration/site-report.ts) so the numbers match the site's status card.
// A pool the backend does not list (retired and removed from the topology, or a mistyped FQDN) is
// named back with the pools it knows.
import { z } from 'zod';
import { siteReport, poolHealth, type PoolHealth } from '../../migration/site-report';
import { sameFqdn } from '../../migration/topology';
import { card, heading, plain } from '../cards/elements';
import { poolBlock } from '../cards/status';
import { STAFF, say, type CommandSpec } from '../context';
import { texts } from '../i18n';
import { has } from '../recognizer/subjects';
import type { Slots } from '../recognizer/subjects';
import type { AdaptiveCard, Language } from '../types';
import { commandExtras } from '../contract';

/** Host, domain and top-level labels at least ("ocs-xyz.contoso.local"), not "alex.wilber". */
const FQDN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.){2,}[a-z]{2,}$/i;

/**
 * The pool FQDN a status question names, not an order about it: a pool of the topology, else a
 * word shaped like an FQDN that no name of the catalog matched as a whole (the handler answers
 * that there is no such pool, with the known ones). "status of pool frank" names no pool.
 */
function poolNamed(s: Slots): string | undefined {
  if (!has(s, 'pool') || !has(s, 'status') || has(s, 'move', 'rollback', 'decommission', 'history')) return undefined;
  const known = s.tokens.find((t) => t.entity?.type === 'site' && t.raw.includes('.'))?.raw;
  return (known ?? s.tokens.find((t) => t.compound !== undefined && FQDN.test(t.compound))?.compound)?.toLowerCase();
}

function poolCard(health: PoolHealth, site: string, lang: Language): AdaptiveCard {
  const t = texts(lang);
  const { pool } = health;
  const more: Array<[string, string]> = [
    [t.common.site, plain(site)],
    [t.poolStatus.role, t.poolStatus.frontEnd],
    [t.poolStatus.computers, pool.computers.map(plain).join(', ') || '–'],
  ];
  return card([heading(t.poolStatus.title(plain(pool.fqdn))), poolBlock(health, lang, more)]);
}

const schema = z.object({ intent: z.literal('poolStatus'), pool: z.string().min(3).max(255), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    poolStatus: typeof schema;
  }
}

export const poolStatus: CommandSpec<'poolStatus'> = {
  intent: 'poolStatus',
  schema,
  order: 20,
  roles: STAFF,
  sideEffects: false,
  // Before the site status (1011), which would otherwise read the pool's FQDN as its site.
  recognition: [
    {
      priority: 1005,
      match: (s) => {
        const pool = poolNamed(s);
        return pool ? { intent: 'poolStatus', pool } : undefined;
      },
    },
  ],
  hints: { pool: 2 },
  menu: false,
  examples: { en: ['status of pool ocs-ber.contoso.local', 'pool status lync-muc.contoso.local'], de: ['Status von Pool ocs-ber.contoso.local', 'Poolstatus lync-ham.contoso.local'] },
  async handle(ctx, command) {
    const { deps } = ctx;
    const pools = await deps.backend.listPools();
    const pool = pools.find((p) => sameFqdn(p.fqdn, command.pool));
    if (!pool) return say(ctx.t.poolStatus.noSuchPool(plain(command.pool), pools.map((p) => plain(p.fqdn)).join(', ')));
    const site = deps.topology.siteOfPool(pool.fqdn);
    const report = site ? await siteReport(site, { ...deps, policy: deps.settings.policy }) : undefined;
    const health = report?.pools.find((p) => sameFqdn(p.pool.fqdn, pool.fqdn)) ?? (await poolHealth(deps.backend, pool, (await deps.backend.countUsersByPool())[pool.fqdn] ?? 0));
    return [{ card: poolCard(health, site?.name ?? pool.site, ctx.lang) }];
  },
};

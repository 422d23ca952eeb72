// Status cards: site list, site status, user status.
import type { Phase, SiteObservation } from '../../migration/phases';
import type { PoolHealth, SiteReport } from '../../migration/site-report';
import { localSiteName } from '../../migration/topology';
import { formatDateTime, formatNumber, texts } from '../i18n';
import type { AdaptiveCard, Language } from '../types';
import type { Container } from './adaptive';
import type { LeftUser } from '../../migration/inventory';
import { bullets, card, container, facts, heading, plain, text } from './elements';

/**
 * The next step; after a site move, when only users the planner always skips are left (a name
 * with a trailing space, a disabled account), they are named with the reason instead of advising
 * to move "the remaining users", which would leave them behind again.
 */
function nextStepText(v: SiteReport, lang: Language, pilotGroup: string, left?: LeftBehind): string {
  const t = texts(lang);
  const site = localSiteName(v.observation.site, lang);
  if (v.next !== 'finishSiteMove' || !left?.skipped.length) return t.nextStep[v.next](site, plain(pilotGroup));
  const named = namedWithReasons(left.skipped, lang);
  if (left.skipped.length >= left.total) return t.sites.leftBehind.only(site, named);
  return `${t.nextStep.finishSiteMove(site)} ${t.sites.leftBehind.some(named)}`;
}

export interface SiteRow {
  name: string;
  /** The name in the reply language, when the topology has one. */
  localName?: string;
  phase: Phase;
  usersOnOcs: number;
  usersOnLync: number;
}

export function siteListCard(rows: SiteRow[], lang: Language): AdaptiveCard {
  const t = texts(lang);
  return card([
    heading(t.sites.listTitle),
    ...rows.map((r) =>
      container([
        text(r.localName ?? r.name, { weight: 'Bolder' }),
        facts([
          [t.common.phase, t.phase[r.phase]],
          [t.sites.usersOnOcs, formatNumber(r.usersOnOcs, lang)],
          [t.sites.usersOnLync, formatNumber(r.usersOnLync, lang)],
        ]),
      ]),
    ),
  ]);
}

/** The site's open pilot problem reports (runbook step 8), shown only when there are some. */
function openProblems(o: SiteObservation, lang: Language): Array<[string, string]> {
  const t = texts(lang);
  const count = Number(o.runbook.find((s) => s.id === 'pilotSignedOff')?.detail.problems ?? 0);
  return count > 0 ? [[t.problems.openOnStatus, t.problems.openCount(count, localSiteName(o.site, lang))]] : [];
}

/** Users still on the OCS pool that a site move always leaves behind, and how many are left in all. */
export interface LeftBehind {
  total: number;
  skipped: LeftUser[];
}

/** "Kai Leerzeichen (kai.leerzeichen@contoso.com): account name has leading or trailing spaces", at most five. */
function namedWithReasons(skipped: LeftUser[], lang: Language): string {
  const t = texts(lang);
  const shown = skipped.slice(0, 5).map((u) => `${plain(u.displayName.trim() || u.sip)} (${plain(u.sip)}): ${u.skip ? t.error[u.skip] : ''}`);
  return skipped.length > 5 ? `${shown.join('; ')}; ${t.common.more(skipped.length - 5)}` : shown.join('; ');
}

/** One pool's block: FQDN, version, service health and users (and any further rows). */
export function poolBlock(p: PoolHealth, lang: Language, more: Array<[string, string]> = []): Container {
  const t = texts(lang);
  return container(
    [
      text(`${t.poolStatus.pool} ${p.pool.fqdn}`, { weight: 'Bolder' }),
      facts([
        ...more,
        [t.common.version, p.pool.version === 'Lync2013' ? 'Lync Server 2013' : 'OCS 2007 R2'],
        [
          t.poolStatus.services,
          p.pool.decommissioned
            ? t.poolStatus.decommissioned
            : p.servicesDown > 0
              ? t.poolStatus.servicesDown(p.servicesDown)
              : p.servicesUnknown
                ? t.poolStatus.servicesUnknown(p.servicesUnknown)
                : t.poolStatus.servicesOk,
        ],
        [t.poolStatus.users, formatNumber(p.users, lang)],
      ]),
    ],
    p.servicesDown > 0 ? 'attention' : p.servicesUnknown ? 'warning' : 'emphasis',
  );
}

/** `pilotGroup`: the configured pilot group, which the next step names when it is the pilot's move. */
export function siteStatusCard(v: SiteReport, lang: Language, pilotGroup: string, left?: LeftBehind, inventoryAgeMs?: number): AdaptiveCard {
  const t = texts(lang);
  const o = v.observation;
  const coexistence = o.lastCoexistence
    ? `${o.lastCoexistence.passed ? t.sites.passed : t.sites.failed} (${formatDateTime(o.lastCoexistence.at, lang)})`
    : t.sites.neverTested;
  const poolBlocks = v.pools.map((p) => poolBlock(p, lang));
  const here = (name: string) => (name === o.site.name ? localSiteName(o.site, lang) : name);
  const blockers = v.blockers.map((g) => `${t.gate[g.gate].failed(here(g.site), Number(g.detail?.count ?? 0), g.detail ?? {})} ${t.gate[g.gate].next(here(g.site))}`);
  return card([
    heading(t.sites.title(localSiteName(o.site, lang))),
    facts([
      [t.common.phase, t.phase[v.phase]],
      [t.sites.usersOnOcs, formatNumber(o.onOcs.users, lang)],
      [t.sites.usersOnLync, formatNumber(o.onLync.users, lang)],
      [t.sites.conferenceDirectories, `OCS ${o.onOcs.conferenceDirectories} · Lync ${o.onLync.conferenceDirectories}`],
      [t.sites.applicationEndpoints, `OCS ${o.onOcs.applicationEndpoints} · Lync ${o.onLync.applicationEndpoints}`],
      [t.sites.lastCoexistence, coexistence],
      ...openProblems(o, lang),
    ]),
    ...poolBlocks,
    text(t.sites.blockers, { weight: 'Bolder', spacing: 'Medium' }),
    blockers.length ? bullets(blockers) : text(t.sites.none, { isSubtle: true }),
    text(t.sites.nextStep, { weight: 'Bolder', spacing: 'Medium' }),
    text(nextStepText(v, lang, pilotGroup, left), { color: 'Accent' }),
    ...(inventoryAgeMs !== undefined ? [text(t.common.inventoryAge(Math.round(inventoryAgeMs / 1000)), { isSubtle: true, size: 'Small' })] : []),
  ]);
}

export interface UserView {
  name: string;
  sip: string;
  pool: string;
  onLync: boolean;
  pilot: boolean;
  movedAt?: number;
  site?: string;
}

export function userStatusCard(v: UserView, self: boolean, lang: Language): AdaptiveCard {
  const t = texts(lang);
  const summary = self
    ? v.onLync
      ? t.userStatus.myMoved(v.pool)
      : t.userStatus.myNotMoved(v.pool)
    : v.onLync
      ? t.userStatus.moved(v.name, v.pool)
      : t.userStatus.notMoved(v.name, v.pool);
  return card([
    heading(self ? t.userStatus.myTitle : t.userStatus.title(v.name)),
    text(summary, { color: v.onLync ? 'Good' : 'Default' }),
    facts([
      ['SIP', v.sip],
      [t.userStatus.homePool, v.pool],
      [t.common.version, v.onLync ? 'Lync Server 2013' : 'OCS 2007 R2'],
      ...(v.site ? ([[t.common.site, v.site]] as Array<[string, string]>) : []),
      [t.userStatus.pilot, v.pilot ? t.userStatus.yes : t.userStatus.no],
      [t.userStatus.movedAt, v.movedAt ? formatDateTime(v.movedAt, lang) : v.onLync ? t.userStatus.unknown : '–'],
    ]),
  ]);
}

// What a move of a site's infrastructure names: conference directories, application endpoints
// (without the response group contacts, which only move with their workflows), the pool's
// response groups as one item (Move-CsRgsConfiguration), dial-in access numbers and Exchange UM
// contacts. Pure listing: the planner adds the gates.
import type { PlanItem } from './model';
import type { LyncBackend } from './ports';
import { sameFqdn, type Site } from './topology';

export const INFRASTRUCTURE_SUBJECTS = ['conferenceDirectories', 'applications', 'responseGroups', 'dialInNumbers', 'exUmContacts'] as const;
export type InfrastructureSubject = (typeof INFRASTRUCTURE_SUBJECTS)[number];

export function isInfrastructureSubject(kind: string): kind is InfrastructureSubject {
  return (INFRASTRUCTURE_SUBJECTS as readonly string[]).includes(kind);
}


export async function infrastructureItems(
  kind: InfrastructureSubject,
  site: Site,
  source: string,
  target: string,
  backend: LyncBackend,
): Promise<{ items: PlanItem[]; alreadyThere: number }> {
  const items: PlanItem[] = [];
  let alreadyThere = 0;
  const item = (k: PlanItem['kind'], key: string, label: string): PlanItem => ({ kind: k, key, label, site: site.name, fromPool: source, toPool: target });
  switch (kind) {
    case 'conferenceDirectories':
      for (const d of await backend.listConferenceDirectories()) {
        if (sameFqdn(d.pool, target)) alreadyThere++;
        else if (sameFqdn(d.pool, source)) items.push(item('conferenceDirectory', String(d.identity), `#${d.identity}`));
      }
      break;
    case 'applications':
    case 'dialInNumbers':
      for (const e of await backend.listApplicationEndpoints()) {
        if (e.application === 'responseGroup' || (kind === 'dialInNumbers' && e.application !== 'dialIn')) continue;
        if (sameFqdn(e.pool, target)) alreadyThere++;
        else if (sameFqdn(e.pool, source)) items.push(item('applicationEndpoint', e.sip, e.displayName));
      }
      break;
    case 'responseGroups': {
      const contacts = (await backend.listApplicationEndpoints()).filter((e) => e.application === 'responseGroup');
      const left = contacts.filter((e) => sameFqdn(e.pool, source));
      alreadyThere = contacts.filter((e) => sameFqdn(e.pool, target)).length;
      if (left.length) items.push(item('responseGroups', source, left.map((e) => e.displayName).join(', ')));
      break;
    }
    case 'exUmContacts':
      for (const c of await backend.listExUmContacts()) {
        if (sameFqdn(c.pool, target)) alreadyThere++;
        else if (sameFqdn(c.pool, source)) items.push(item('exUmContact', c.sip, c.displayName));
      }
      break;
  }
  return { items, alreadyThere };
}

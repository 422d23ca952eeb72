// Builders for the store contract suite: actors, plans, plan items and a shortcut that takes a
// proposal through approval so a test gets a queued job with its items in one call.
import type { Actor, Job, Operation, Plan, PlanItem } from '../../../migration/model';
import type { NewProposal, ProposalStore } from '../../../migration/store';

/** A fixed point in time (2027-01-15T08:00:00Z) so tests never depend on the wall clock. */
export const T0 = Date.UTC(2027, 0, 15, 8, 0, 0);
export const MINUTE = 60_000;

export const erin: Actor = { id: '11111111-0000-0000-0000-000000000006', name: 'Erin', sip: 'erin@contoso.com', role: 'admin' };
export const alex: Actor = { id: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber', sip: 'alex.wilber@contoso.com', role: 'admin' };
export const helga: Actor = { id: '11111111-0000-0000-0000-000000000005', name: 'Helga', role: 'helpdesk' };

export function admin(n: number): Actor {
  return { id: `admin-${n}`, name: `Admin ${n}`, role: 'admin' };
}

const POOLS: Record<string, { ocs: string; lync: string }> = {
  Berlin: { ocs: 'ocs-ber.contoso.local', lync: 'lync-ber.contoso.local' },
  Munich: { ocs: 'ocs-muc.contoso.local', lync: 'lync-muc.contoso.local' },
};

export function userItems(count: number, site = 'Berlin', prefix = 'user'): PlanItem[] {
  const pools = POOLS[site] ?? POOLS.Berlin;
  return Array.from({ length: count }, (_, i) => ({
    kind: 'user' as const,
    key: `${prefix}${i}@contoso.com`,
    label: `${prefix[0].toUpperCase()}${prefix.slice(1)} ${i}`,
    site,
    fromPool: pools.ocs,
    toPool: pools.lync,
  }));
}

export interface PlanOptions {
  operation?: Operation;
  sites?: string[];
  siteWide?: boolean;
  forced?: boolean;
}

export function makePlan(items: PlanItem[], opts: PlanOptions = {}): Plan {
  const operation = opts.operation ?? 'move';
  const sites = opts.sites ?? ['Berlin'];
  return {
    operation,
    command:
      operation === 'rollback'
        ? { intent: 'rollback', subject: { kind: 'group', group: 'Pilot' }, dryRun: false }
        : { intent: 'move', subject: { kind: 'group', group: 'Pilot' }, target: 'lync2013', dryRun: false },
    subject: opts.siteWide ? { kind: 'site', name: sites[0] } : { kind: 'group', name: 'Pilot' },
    sites,
    items,
    flows: items.length ? [{ fromPool: items[0].fromPool, toPool: items[0].toPool, count: items.length }] : [],
    alreadyThere: 0,
    unresolved: [],
    skipped: [{ key: 'ghost@contoso.com', reason: 'USER_NOT_FOUND' }],
    gates: [{ gate: 'coexistenceVerified', site: sites[0], passed: true, forcable: true }],
    blocked: false,
    forced: opts.forced ?? false,
    siteWide: opts.siteWide ?? false,
    dryRun: false,
    caveats: ['moveCommunicatorKeepsImPresence', 'moveMeetingsMoveWithUser'],
    needsSecondApprover: false,
  };
}

export function proposalInput(plan: Plan, createdAt = T0, ttlMs = 15 * MINUTE): NewProposal {
  return {
    plan,
    requestedBy: erin,
    createdAt,
    expiresAt: createdAt + ttlMs,
    locale: 'de-DE',
    card: { conversation: { conversation: { id: 'conv-1' }, serviceUrl: 'https://smba.example/' }, activityId: 'act-1' },
  };
}

/** Creates a proposal and approves it with one approval: the job is queued with all its items. */
export async function startJob(store: ProposalStore, items: PlanItem[], opts: PlanOptions & { now?: number } = {}): Promise<Job> {
  const now = opts.now ?? T0;
  const proposal = await store.createProposal(proposalInput(makePlan(items, opts), now));
  const outcome = await store.approveProposal(proposal.id, alex, now, 1);
  if (outcome.outcome !== 'started') throw new Error(`expected a started job, got ${outcome.outcome}`);
  return outcome.job;
}

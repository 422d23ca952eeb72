// The planner turns a mutating command into a plan: concrete items (who/what moves from which
// pool to which), users already there, unresolvable names, gate results and the caveats users
// will notice. It reads only; nothing changes until a proposal is confirmed.
import type { LedgerStore } from './runbook/ledger';
import type { MutatingCommand, MutatingCommandOf, SingleSubject } from './commands';
import { infrastructureItems, isInfrastructureSubject } from './applications';
import { evaluateGates, isBlocked, type StepKind } from './gates';
import type { CaveatCode, CheckId, LyncUser, Operation, Plan, PoolFlow } from './model';
import { observeSite, takeSnapshot, type BackendSnapshot, type SiteObservation } from './phases';
import type { Clock, Directory, LyncBackend } from './ports';
import type { CoexistenceResults, JobHistory } from './store';
import { readFrontEnd } from './frontend';
import type { MigrationPolicy } from './runbook/policy';
import { normaliseSip, sameFqdn, type Site, type TopologyIndex } from './topology';

export interface PlannerDeps {
  backend: LyncBackend;
  directory: Directory;
  store: JobHistory & CoexistenceResults & LedgerStore;
  topology: TopologyIndex;
  requireSecondApprover: boolean;
  clock?: Clock;
  policy?: MigrationPolicy;
  /** With requireSecondApprover, plans with more items than this need a second admin (default 25). */
  secondApproverMinUsers?: number;
}

export const DEFAULT_SECOND_APPROVER_MIN_USERS = 25;

/**
 * Whether a plan needs a second, different admin (with REQUIRE_SECOND_APPROVER): any plan over the
 * size threshold, every forced plan, every rollback and decommission, site-wide moves and moves of
 * infrastructure (conference directories, application endpoints).
 */
export function needsSecondApprover(plan: Plan, requireSecondApprover: boolean, minUsers = DEFAULT_SECOND_APPROVER_MIN_USERS): boolean {
  if (!requireSecondApprover) return false;
  return (
    plan.items.length > minUsers ||
    plan.forced ||
    plan.siteWide ||
    plan.operation === 'rollback' ||
    plan.operation === 'decommission' ||
    plan.subject.kind === 'conferenceDirectories' ||
    plan.subject.kind === 'applications'
  );
}

export const COEXISTENCE_CHECKS: CheckId[] = [
  'servicesOcs',
  'servicesLync',
  'replication',
  'registrationOcs',
  'registrationLync',
  'imLegacyToLync',
  'imLyncToLegacy',
  'presenceLegacyToLync',
  'presenceLyncToLegacy',
];

const MOVE_CAVEATS: CaveatCode[] = ['moveCommunicatorKeepsImPresence', 'moveMeetingsViaLyncWebApp', 'moveMeetingsMoveWithUser', 'moveArchivingStaysOnOcs'];
const ROLLBACK_CAVEATS: CaveatCode[] = ['rollbackMeetingsStopWorking', 'rollbackDowngradeClients', 'rollbackOcsFrontEndRunning', 'rollbackUcsContacts', 'rollbackExUmStays'];

export class Planner {
  constructor(private readonly deps: PlannerDeps) {}

  async plan(command: MutatingCommand): Promise<Plan> {
    const snapshot = await takeSnapshot(this.deps.backend);
    switch (command.intent) {
      case 'move':
      case 'rollback':
        return command.subject.kind === 'list' ? this.planList(command, command.subject.items, snapshot) : this.planMove(command, command.subject, snapshot);
      case 'coexistenceTest':
        return this.planSiteStep(command, 'coexistenceTest', snapshot);
      case 'decommission':
        return this.planSiteStep(command, 'decommission', snapshot);
    }
  }

  private async observe(sites: Site[], snapshot: BackendSnapshot, operation?: Operation): Promise<Map<string, SiteObservation>> {
    const list = await Promise.all(
      sites.map(async (s) => {
        const o = await observeSite(s, this.deps, snapshot);
        // Only a rollback reads the OCS front end (one Get-CsWindowsService per computer).
        return operation === 'rollback' ? { ...o, ocsFrontEnd: await readFrontEnd(this.deps.backend, o.ocsPool) } : o;
      }),
    );
    return new Map(list.map((o) => [o.site.name, o]));
  }

  private base(command: MutatingCommand, operation: Operation, subject: Plan['subject']): Plan {
    return {
      operation,
      command,
      subject,
      sites: [],
      items: [],
      flows: [],
      alreadyThere: 0,
      unresolved: [],
      skipped: [],
      gates: [],
      blocked: false,
      forced: 'force' in command && command.force === true,
      siteWide: false,
      dryRun: 'dryRun' in command ? command.dryRun : false,
      caveats: [],
      needsSecondApprover: false,
    };
  }

  private finish(plan: Plan, observations: Map<string, SiteObservation>, step: (site: string) => StepKind): Plan {
    plan.sites = [...new Set([...observations.keys()])].sort();
    plan.gates = plan.sites.flatMap((s) => evaluateGates(step(s), observations.get(s)!));
    plan.blocked = isBlocked(plan.gates, plan.forced);
    plan.flows = flowsOf(plan.items);
    plan.needsSecondApprover = needsSecondApprover(plan, this.deps.requireSecondApprover, this.deps.secondApproverMinUsers);
    return plan;
  }

  private siteNamed(name: string): Site | undefined {
    return this.deps.topology.site(name);
  }

  private async planSiteStep(command: MutatingCommandOf<'coexistenceTest'> | MutatingCommandOf<'decommission'>, operation: Operation, snapshot: BackendSnapshot): Promise<Plan> {
    const plan = this.base(command, operation, { kind: 'site', name: command.site });
    const site = this.siteNamed(command.site);
    if (!site) {
      plan.unresolved.push(command.site);
      plan.blocked = true;
      return plan;
    }
    const observations = await this.observe([site], snapshot);
    if (operation === 'coexistenceTest') {
      for (const check of COEXISTENCE_CHECKS) {
        plan.items.push({ kind: 'check', key: check, label: check, site: site.name, fromPool: site.ocsPool, toPool: site.lyncPool ?? site.ocsPool });
      }
    } else {
      plan.items.push({ kind: 'decommissionPool', key: site.ocsPool, label: site.ocsPool, site: site.name, fromPool: site.ocsPool, toPool: site.ocsPool });
      plan.caveats.push('decommissionDialInBreaks', 'decommissionIrreversible', 'decommissionCwaEnds', 'decommissionManualSteps');
    }
    return this.finish(plan, observations, () => operation as StepKind);
  }

  /**
   * Several subjects in one plan (one proposal, one job): each part is planned on the same
   * snapshot, then items are merged (a user named twice moves once) and every part keeps its counts.
   */
  private async planList(command: MutatingCommandOf<'move'> | MutatingCommandOf<'rollback'>, subjects: SingleSubject[], snapshot: BackendSnapshot): Promise<Plan> {
    const plans: Plan[] = [];
    for (const subject of subjects) plans.push(await this.planMove(command, subject, snapshot));
    const plan = this.base(command, command.intent, { kind: 'list', name: plans.map((p) => p.subject.name).join(', ') });
    const seen = new Set<string>();
    const gates = new Map<string, Plan['gates'][number]>();
    plan.parts = plans.map((p) => ({
      subject: p.subject,
      items: p.items.length,
      alreadyThere: p.alreadyThere,
      unresolved: p.unresolved.length > 0,
      blocked: p.blocked,
    }));
    for (const p of plans) {
      for (const item of p.items) {
        if (seen.has(`${item.kind}:${item.key}`)) continue;
        seen.add(`${item.kind}:${item.key}`);
        plan.items.push(item);
      }
      plan.alreadyThere += p.alreadyThere;
      plan.unresolved.push(...p.unresolved);
      plan.skipped.push(...p.skipped.filter((s) => !plan.skipped.some((x) => x.key === s.key)));
      for (const g of p.gates) if (!gates.has(`${g.site}:${g.gate}`) || !g.passed) gates.set(`${g.site}:${g.gate}`, g);
      for (const c of p.caveats) if (!plan.caveats.includes(c)) plan.caveats.push(c);
      plan.siteWide ||= p.siteWide;
      plan.needsSecondApprover ||= p.needsSecondApprover;
    }
    plan.sites = [...new Set(plans.flatMap((p) => p.sites))].sort();
    plan.gates = [...gates.values()];
    plan.flows = flowsOf(plan.items);
    // A part that names nothing is reported on the card; the others can still run.
    plan.blocked = isBlocked(plan.gates, plan.forced) || plan.items.length + plan.alreadyThere === 0;
    return plan;
  }

  private async planMove(command: MutatingCommandOf<'move'> | MutatingCommandOf<'rollback'>, subject: SingleSubject, snapshot: BackendSnapshot): Promise<Plan> {
    const operation: Operation = command.intent;
    const plan = this.base(command, operation, describe(subject));
    plan.caveats = operation === 'move' ? [...MOVE_CAVEATS] : [...ROLLBACK_CAVEATS];
    plan.siteWide = subject.kind === 'site';
    if (plan.siteWide && operation === 'move') plan.caveats.push('siteWideFederationWindow');
    const touched = new Set<Site>();

    if (isInfrastructureSubject(subject.kind) && 'site' in subject) {
      const site = this.siteNamed(subject.site);
      if (!site) return this.unresolvedPlan(plan, subject.site);
      touched.add(site);
      const target = operation === 'move' ? site.lyncPool : site.ocsPool;
      const source = operation === 'move' ? site.ocsPool : site.lyncPool;
      if (target && source) {
        const listed = await infrastructureItems(subject.kind, site, source, target, this.deps.backend);
        plan.items.push(...listed.items);
        plan.alreadyThere += listed.alreadyThere;
      }
      const observations = await this.observe([...touched], snapshot, operation);
      const step: StepKind =
        operation === 'rollback' ? (subject.kind === 'exUmContacts' ? 'exUmRollback' : 'rollback') : subject.kind === 'conferenceDirectories' ? 'conferenceDirectoryMove' : 'infrastructureMove';
      return this.finish(plan, observations, () => step);
    }

    const users = await this.resolveUsers(subject, plan, operation);
    for (const user of users) {
      const site = this.deps.topology.siteOfPool(user.registrarPool);
      if (!site) {
        plan.skipped.push({ key: user.sip, reason: 'POOL_NOT_FOUND' });
        continue;
      }
      if (this.deps.topology.user(user.sip)?.testUser) {
        if (subject.kind === 'user') plan.skipped.push({ key: user.sip, reason: 'testUser' });
        continue;
      }
      touched.add(site);
      const target = operation === 'move' ? site.lyncPool : site.ocsPool;
      if (!target) {
        plan.skipped.push({ key: user.sip, reason: 'noLyncPool' });
        continue;
      }
      if (sameFqdn(user.registrarPool, target)) {
        plan.alreadyThere++;
        continue;
      }
      const unmovable = unmovableReason(user);
      if (unmovable) {
        plan.skipped.push({ key: user.sip, reason: unmovable });
        continue;
      }
      plan.items.push({ kind: 'user', key: user.sip, label: user.displayName, site: site.name, fromPool: user.registrarPool, toPool: target });
    }
    plan.items.sort((a, b) => a.site.localeCompare(b.site) || a.label.localeCompare(b.label));
    const observations = await this.observe([...touched], snapshot, operation);
    const step: StepKind = operation === 'rollback' ? 'rollback' : plan.siteWide ? 'siteMove' : 'pilotMove';
    const result = this.finish(plan, observations, () => step);
    if (result.items.length === 0 && result.unresolved.length > 0) result.blocked = true;
    return result;
  }

  private unresolvedPlan(plan: Plan, name: string): Plan {
    plan.unresolved.push(name);
    plan.blocked = true;
    return plan;
  }

  /** The users a subject names, as the backend sees them (home pool, enabled). */
  private async resolveUsers(subject: SingleSubject, plan: Plan, operation: Operation): Promise<LyncUser[]> {
    const { backend, directory } = this.deps;
    if (subject.kind === 'user') {
      const user = await backend.getUser(normaliseSip(subject.user));
      if (!user) plan.unresolved.push(subject.user);
      return user ? [user] : [];
    }
    if (subject.kind === 'site') {
      const site = this.siteNamed(subject.site);
      if (!site) {
        plan.unresolved.push(subject.site);
        return [];
      }
      const source = operation === 'move' ? site.ocsPool : site.lyncPool;
      const target = operation === 'move' ? site.lyncPool : site.ocsPool;
      const [fromSource, onTarget] = await Promise.all([
        source ? backend.listUsers(source) : Promise.resolve([]),
        target ? backend.listUsers(target) : Promise.resolve([]),
      ]);
      if (!target) plan.skipped.push({ key: site.name, reason: 'noLyncPool' });
      plan.alreadyThere += onTarget.filter((u) => !this.deps.topology.user(u.sip)?.testUser).length;
      // Users already on the target are counted above; only the source pool's users become items.
      return fromSource;
    }
    if (subject.kind === 'group') {
      const group = await directory.groupByName(subject.group);
      if (!group) {
        plan.unresolved.push(subject.group);
        return [];
      }
      plan.subject = { kind: 'group', name: group.displayName, id: group.id };
      const members = await directory.transitiveMembers(group.id);
      const wanted = new Set(members.map((m) => m.sip).filter((s): s is string => !!s));
      for (const m of members) if (!m.sip) plan.skipped.push({ key: m.userPrincipalName ?? m.displayName, reason: 'USER_NOT_FOUND' });
      // One listing per pool instead of one lookup per member keeps big groups cheap.
      const pools = await backend.listPools();
      const byPool = await Promise.all(pools.filter((p) => !p.decommissioned).map((p) => backend.listUsers(p.fqdn)));
      const found: LyncUser[] = [];
      for (const list of byPool) for (const u of list) if (wanted.delete(u.sip.toLowerCase())) found.push(u);
      for (const sip of wanted) plan.skipped.push({ key: sip, reason: 'USER_NOT_FOUND' });
      return found;
    }
    return [];
  }
}

/** Why the planner leaves a user out of a move even though they are on the source pool. */
export function unmovableReason(user: LyncUser): 'USER_DISABLED' | 'NAME_HAS_SPACES' | undefined {
  if (!user.enabled) return 'USER_DISABLED';
  // Move-CsLegacyUser cannot move an account whose name has leading or trailing spaces.
  if (user.displayName !== user.displayName.trim()) return 'NAME_HAS_SPACES';
  return undefined;
}

function flowsOf(items: Plan['items']): PoolFlow[] {
  const flows = new Map<string, PoolFlow>();
  for (const item of items) {
    const key = `${item.fromPool}>${item.toPool}`;
    const flow = flows.get(key) ?? { fromPool: item.fromPool, toPool: item.toPool, count: 0 };
    flow.count++;
    flows.set(key, flow);
  }
  return [...flows.values()];
}

function describe(subject: SingleSubject): Plan['subject'] {
  switch (subject.kind) {
    case 'user':
      return { kind: 'user', name: subject.user };
    case 'group':
      return { kind: 'group', name: subject.group };
    default:
      return { kind: subject.kind, name: subject.site };
  }
}

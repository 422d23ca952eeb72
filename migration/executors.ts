// What one job item does against the backend. Moves are idempotent: the user's (or object's)
// current pool is read first, and an item already on its target is done without a move call,
// so a crash between the backend call and the ledger write never moves anyone twice.
import { LyncOpsError } from './errors';
import type { CheckId, CheckResult, JobItem, Operation } from './model';
import type { LyncBackend } from './ports';
import { sameFqdn, type TopologyIndex } from './topology';

export interface ItemOutcome {
  /** True when the backend was asked to change something (false: it was already so). */
  changed: boolean;
  result?: unknown;
}


export async function executeItem(
  item: JobItem,
  operation: Operation,
  deps: { backend: LyncBackend; topology: TopologyIndex },
): Promise<ItemOutcome> {
  const { backend } = deps;
  switch (item.kind) {
    case 'user': {
      const user = await backend.getUser(item.key);
      if (!user) throw new LyncOpsError('USER_NOT_FOUND', `ErrorCode=1003: user ${item.key} does not exist`);
      if (sameFqdn(user.registrarPool, item.toPool)) return { changed: false, result: { alreadyThere: true } };
      if (operation === 'rollback') {
        // The item's first step: contacts kept in Exchange (unified contact store) come back into
        // Lync Server before the move, or OCS 2007 R2 loses them. A backend that cannot tell runs
        // it for everyone (Microsoft pipes whole pools into it); a crash between the two steps
        // re-reads the user, who then no longer has contacts in UCS.
        const ucs = user.contactsInUcs !== false;
        if (ucs) await backend.rollbackUcsContacts(item.key);
        await backend.moveUser(item.key, item.toPool);
        return { changed: true, ...(ucs ? { result: { ucsRollback: true } } : {}) };
      }
      await backend.moveLegacyUser(item.key, item.toPool);
      return { changed: true };
    }
    case 'conferenceDirectory': {
      const identity = Number(item.key);
      const current = (await backend.listConferenceDirectories()).find((d) => d.identity === identity);
      if (!current) throw new LyncOpsError('NOT_FOUND', `conference directory ${identity} not found`);
      if (sameFqdn(current.pool, item.toPool)) return { changed: false, result: { alreadyThere: true } };
      await backend.moveConferenceDirectory(identity, item.toPool);
      return { changed: true };
    }
    case 'applicationEndpoint': {
      const current = (await backend.listApplicationEndpoints()).find((e) => sameFqdn(e.sip, item.key));
      if (!current) throw new LyncOpsError('NOT_FOUND', `application endpoint ${item.key} not found`);
      if (sameFqdn(current.pool, item.toPool)) return { changed: false, result: { alreadyThere: true } };
      await backend.moveApplicationEndpoint(item.key, item.toPool);
      return { changed: true };
    }
    case 'responseGroups': {
      // The whole pool's response groups at once; the backend skips contacts already moved.
      const left = (await backend.listApplicationEndpoints()).filter((e) => e.application === 'responseGroup' && sameFqdn(e.pool, item.fromPool));
      if (left.length === 0) return { changed: false, result: { alreadyThere: true } };
      await backend.moveResponseGroups(item.fromPool, item.toPool);
      return { changed: true, result: { contacts: left.length } };
    }
    case 'exUmContact': {
      const current = (await backend.listExUmContacts()).find((c) => sameFqdn(c.sip, item.key));
      if (!current) throw new LyncOpsError('NOT_FOUND', `Exchange UM contact ${item.key} not found`);
      if (sameFqdn(current.pool, item.toPool)) return { changed: false, result: { alreadyThere: true } };
      if (operation === 'rollback') throw new LyncOpsError('EXUM_ONE_WAY', `Exchange UM contact ${item.key} cannot move back to OCS 2007 R2`);
      await backend.moveExUmContact(item.key, item.toPool);
      return { changed: true };
    }
    case 'decommissionPool': {
      const pool = (await backend.listPools()).find((p) => sameFqdn(p.fqdn, item.key));
      if (!pool) throw new LyncOpsError('POOL_NOT_FOUND', `pool ${item.key} not found`);
      if (pool.decommissioned) return { changed: false, result: { alreadyThere: true } };
      await backend.decommissionPool(item.key);
      return { changed: true };
    }
    case 'check':
      return { changed: false, result: await runCheck(item, deps) };
  }
}

/** One coexistence check; a failing check is a result (passed: false), not a job failure. */
export async function runCheck(item: JobItem, deps: { backend: LyncBackend; topology: TopologyIndex }): Promise<CheckResult> {
  const check = item.key as CheckId;
  const site = deps.topology.site(item.site);
  if (!site) throw new LyncOpsError('NOT_FOUND', `site ${item.site} not found`);
  const ocsPool = site.ocsPool;
  const lyncPool = site.lyncPool ?? site.ocsPool;
  const testUserOn = (pool: string) => site.testUsers.find((sip) => sameFqdn(deps.topology.user(sip)?.homePool ?? '', pool));
  const legacyUser = testUserOn(ocsPool);
  const lyncUser = testUserOn(lyncPool);

  if (check === 'servicesOcs' || check === 'servicesLync') {
    const poolFqdn = check === 'servicesOcs' ? ocsPool : lyncPool;
    const pool = (await deps.backend.listPools()).find((p) => sameFqdn(p.fqdn, poolFqdn));
    if (!pool) return { check, passed: false, target: poolFqdn, diagnosis: 'pool not found' };
    const stopped: string[] = [];
    // Get-CsWindowsService answers nothing without rights on the computer: that is "unknown",
    // never "running".
    const unknown: string[] = [];
    for (const computer of pool.computers) {
      const services = await deps.backend.getServiceStatus(computer);
      if (services.length === 0) unknown.push(`${computer}: no services reported (status unknown)`);
      for (const s of services) if (s.status !== 'Running') stopped.push(`${computer}: ${s.name} ${s.status}`);
    }
    const problems = [...stopped, ...unknown];
    const error = stopped.length ? `${stopped.length} service(s) not running` : `service status unknown on ${unknown.length} computer(s)`;
    return { check, passed: problems.length === 0, target: poolFqdn, ...(problems.length ? { error, diagnosis: problems.slice(0, 5).join('; ') } : {}) };
  }
  if (check === 'replication') {
    const replicas = await deps.backend.getReplicationStatus();
    const behind = replicas.filter((r) => !r.upToDate);
    return { check, passed: replicas.length > 0 && behind.length === 0, target: lyncPool, ...(behind.length ? { error: `${behind.length} replica(s) not up to date`, diagnosis: behind.slice(0, 5).map((r) => r.replicaFqdn).join(', ') } : replicas.length === 0 ? { error: 'no replicas reported' } : {}) };
  }
  const missing = (pool: string) => ({ check, passed: false, target: pool, error: '404, Not Found', diagnosis: `no health-monitoring test user is homed on ${pool}` });
  const synthetic = async (kind: 'registration' | 'im' | 'presence', target: string, sender?: string, receiver?: string): Promise<CheckResult> => {
    if (!sender) return missing(target);
    if (kind !== 'registration' && !receiver) return missing(target);
    const r = await deps.backend.runSyntheticTest(kind, { targetFqdn: target, senderSip: sender, ...(receiver ? { receiverSip: receiver } : {}) });
    return { check, passed: r.result === 'Success', target: r.targetFqdn, latencyMs: r.latencyMs, ...(r.error ? { error: r.error } : {}), ...(r.diagnosis ? { diagnosis: r.diagnosis } : {}) };
  };
  switch (check) {
    case 'registrationOcs':
      return synthetic('registration', ocsPool, legacyUser);
    case 'registrationLync':
      return synthetic('registration', lyncPool, lyncUser);
    case 'imLegacyToLync':
      return synthetic('im', lyncPool, legacyUser, lyncUser);
    case 'imLyncToLegacy':
      return synthetic('im', ocsPool, lyncUser, legacyUser);
    case 'presenceLegacyToLync':
      return synthetic('presence', lyncPool, legacyUser, lyncUser);
    case 'presenceLyncToLegacy':
      return synthetic('presence', ocsPool, lyncUser, legacyUser);
  }
}

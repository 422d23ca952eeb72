// Simulated Test-CsRegistration / Test-CsIM / Test-CsPresence. Results are shaped like the
// cmdlets' TaskOutput (TargetFqdn, Result, Latency, Error, Diagnosis) and fail for the reasons a
// coexistence test fails in a real deployment: a missing test user, a stopped or retired pool,
// and (IM/presence across versions) management store replication that is not up to date.
import { z } from 'zod';
import { LyncOpsError } from '../../../migration/errors';
import type { SyntheticTestResult } from '../../../migration/model';
import type { SyntheticTestKind } from '../../../migration/ports';
import type { Pool, User } from '../../../migration/topology';
import type { SimDeployment } from './deployment';

export const SyntheticTestArgsSchema = z.object({
  kind: z.enum(['registration', 'im', 'presence']),
  targetFqdn: z.string().min(1),
  senderSip: z.string().min(1),
  receiverSip: z.string().min(1).optional(),
});

/** Deterministic, plausible round-trip time, so repeated runs render identical cards. */
function latencyOf(...parts: string[]): number {
  let h = 2166136261;
  for (const ch of parts.join('|')) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return 40 + (h % 160);
}

interface Participant {
  sip: string;
  user?: User;
  pool?: Pool;
}

export async function runSyntheticTest(
  deployment: SimDeployment,
  kind: SyntheticTestKind,
  args: { targetFqdn: string; senderSip: string; receiverSip?: string },
): Promise<SyntheticTestResult> {
  const parsed = SyntheticTestArgsSchema.safeParse({ kind, ...args });
  if (!parsed.success) throw new LyncOpsError('INVALID_INPUT', `synthetic test: ${parsed.error.message}`);
  const { targetFqdn, senderSip, receiverSip } = parsed.data;
  if (kind !== 'registration' && !receiverSip) throw new LyncOpsError('INVALID_INPUT', `Test-Cs${kind === 'im' ? 'IM' : 'Presence'} needs a receiver`);

  const { index } = deployment;
  const target = index.pool(targetFqdn) ?? deployment.computer(targetFqdn)?.pool;
  if (!target) throw new LyncOpsError('POOL_NOT_FOUND', `Pool "${targetFqdn}" was not found in the topology.`);
  const latencyMs = latencyOf(kind, target.fqdn, senderSip, receiverSip ?? '');
  const fail = (error: string, diagnosis: string): SyntheticTestResult => ({ targetFqdn: target.fqdn, result: 'Failure', latencyMs, error, diagnosis });

  if (await deployment.isRetired(target.fqdn)) {
    return fail('503, Service Unavailable', `ErrorCode=5,Source=${target.fqdn},Reason=Pool has been removed from the topology`);
  }

  const participants: Participant[] = [];
  for (const sip of receiverSip ? [senderSip, receiverSip] : [senderSip]) {
    const user = index.user(sip);
    if (!user || !user.enabled) {
      return fail('404, Not Found', `ErrorCode=1003,Source=${target.fqdn},Reason=User does not exist`);
    }
    const home = index.pool((await deployment.userPool(user)).pool);
    participants.push({ sip, user, pool: home });
  }

  const pools = new Map<string, Pool>([[target.fqdn, target]]);
  for (const p of participants) if (p.pool) pools.set(p.pool.fqdn, p.pool);
  for (const pool of pools.values()) {
    if (pool !== target && (await deployment.isRetired(pool.fqdn))) {
      return fail('503, Service Unavailable', `ErrorCode=5,Source=${pool.fqdn},Reason=Home pool has been removed from the topology`);
    }
    const stopped = await deployment.stoppedFrontEnds(pool.fqdn);
    if (stopped.length > 0) {
      return fail('504, Server time-out', `Unable to establish a connection: RTCSRV is not running on ${stopped.join(', ')}`);
    }
  }

  const crossVersion = new Set(participants.map((p) => p.pool?.version)).size > 1;
  if (kind !== 'registration' && crossVersion) {
    const behind = (await deployment.replicas()).filter((r) => !r.upToDate);
    if (behind.length > 0) {
      return fail(
        '480, Temporarily Unavailable',
        `ErrorCode=1034,Source=${target.fqdn},Reason=Central Management Store replication is not up to date on ${behind.map((r) => r.replicaFqdn).join(', ')}`,
      );
    }
  }

  return { targetFqdn: target.fqdn, result: 'Success', latencyMs };
}

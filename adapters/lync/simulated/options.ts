// Options of the simulated backend (validated with zod) and its two sources of failure: failures
// injected deterministically by tests and drills, and random transient failures drawn from a
// seeded generator so a run can be repeated exactly.
import { z } from 'zod';
import { seededRandom } from '../../../migration/demo-topology';
import { ERROR_CODES, type ErrorCode } from '../../../migration/errors';
import type { Clock, SimulatorStateStore } from '../../../migration/ports';
import { normaliseSip, type Topology } from '../../../migration/topology';
import { cmdletError, type SimCmdlet } from './messages';

export const INJECTABLE_OPS = [
  'moveLegacyUser',
  'moveUser',
  'moveConferenceDirectory',
  'moveApplicationEndpoint',
  'moveResponseGroups',
  'moveExUmContact',
  'rollbackUcsContacts',
  'getUser',
  'runSyntheticTest',
  'getReplicationStatus',
] as const;
export type InjectableOp = (typeof INJECTABLE_OPS)[number];

const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

export const InjectionSchema = z.object({
  op: z.enum(INJECTABLE_OPS).optional(),
  object: z.string().min(1).optional(),
  code: ErrorCodeSchema,
  /** Fail this many times, then succeed; absent = fail every time. */
  times: z.number().int().positive().optional(),
});
export type Injection = z.infer<typeof InjectionSchema>;

export const SimTuningSchema = z.object({
  moveLatencyMs: z.number().int().nonnegative().default(250),
  transientFailureRate: z.number().min(0).max(1).default(0.02),
  /** A fixed default keeps demo runs repeatable; SIM_SEED picks another sequence. */
  seed: z.number().int().default(2013),
  inject: z.array(InjectionSchema).default([]),
});

export interface SimulatedLyncBackendOptions {
  topology: Topology;
  state: SimulatorStateStore;
  moveLatencyMs?: number;
  transientFailureRate?: number;
  seed?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  inject?: Injection[];
}

/** Reads the global timer at call time, so sinon's fake timers control it. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const CMDLET_OF: Record<InjectableOp, SimCmdlet> = {
  moveLegacyUser: 'Move-CsLegacyUser',
  moveUser: 'Move-CsUser',
  moveConferenceDirectory: 'Move-CsConferenceDirectory',
  moveApplicationEndpoint: 'Move-CsApplicationEndpoint',
  moveResponseGroups: 'Move-CsRgsConfiguration',
  moveExUmContact: 'Move-CsExUmContact',
  rollbackUcsContacts: 'Invoke-CsUcsRollback',
  getUser: 'Get-CsUser',
  runSyntheticTest: 'Test-CsRegistration',
  getReplicationStatus: 'Get-CsManagementStoreReplicationStatus',
};

/**
 * Injected failures, matched on the operation and the object (SIP address, conference directory
 * identity or target FQDN, compared like SIP addresses). The remaining counts live in this instance on purpose: they describe the
 * test scenario given to this backend, not the simulated deployment.
 */
export class FaultInjector {
  private readonly entries: Array<Injection & { remaining: number }>;

  constructor(injections: Injection[]) {
    this.entries = injections.map((i) => ({ ...i, object: i.object === undefined ? undefined : normaliseSip(i.object), remaining: i.times ?? Infinity }));
  }

  /** Throws the first matching injected failure that still has failures left. */
  check(op: InjectableOp, object: string): void {
    const target = normaliseSip(object);
    const hit = this.entries.find(
      (e) => e.remaining > 0 && (e.op === undefined || e.op === op) && (e.object === undefined || e.object === target),
    );
    if (!hit) return;
    hit.remaining -= 1;
    throw cmdletError(CMDLET_OF[op], hit.code, object, { injected: true });
  }
}

/** Random transient failures at a fixed rate from a seeded generator. */
export class TransientDice {
  private readonly random: () => number;

  constructor(
    private readonly rate: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  /** The code of a transient failure for this call, or undefined when it succeeds. */
  roll(codes: readonly ErrorCode[]): ErrorCode | undefined {
    if (this.rate <= 0) return undefined;
    if (this.random() >= this.rate) return undefined;
    return codes[Math.floor(this.random() * codes.length)] ?? codes[0];
  }
}

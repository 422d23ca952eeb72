// The shared shape of every simulated Move-Cs* cmdlet: read where the object is (while the time
// the cmdlet takes runs), validate, wait for the move, then change it with a compare-and-set
// against the pool that was read, so two concurrent calls (even from two replicas) never move an
// object twice and each real move appends exactly one move record together with the change.
import type { ErrorCode } from '../../../migration/errors';
import type { SimMoveRecord, Clock, SimulatorStateStore } from '../../../migration/ports';
import type { Pool } from '../../../migration/topology';
import type { SimDeployment } from './deployment';
import { cmdletError, type SimCmdlet } from './messages';
import type { TransientDice } from './options';

export interface MoveRequest {
  cmdlet: SimCmdlet;
  object: string;
  kind: string;
  key: string;
  target: Pool;
  /** The object's pool in the topology (where it is while no fact says otherwise). */
  home: string;
  encode(pool: string): string;
  /**
   * Permanent checks, run once the move is known not to be a no-op; `facts` are the values of
   * `checkFacts`, read together with the object's own fact.
   */
  check?(currentPool: string, facts: ReadonlyArray<string | undefined>): Promise<void> | void;
  checkFacts?: ReadonlyArray<{ kind: string; key: string }>;
  /** Transient failures the random dice may produce for this cmdlet. */
  transientCodes: readonly ErrorCode[];
}

export class Mover {
  constructor(
    private readonly deployment: SimDeployment,
    private readonly state: SimulatorStateStore,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly latencyMs: number,
    private readonly dice: TransientDice,
  ) {}

  /** whatIf validates like the real -WhatIf: permanent errors surface, nothing changes. */
  async move(req: MoveRequest, whatIf: boolean): Promise<void> {
    // The cmdlet's time includes its own lookups: the latency runs while the state is read.
    const working = !whatIf && this.latencyMs > 0 ? this.sleep(this.latencyMs) : undefined;
    // One read for where the object is and the pools' state (retired target, stopped front ends).
    const snapshot = await this.deployment.moveSnapshot({ kind: req.kind, key: req.key }, req.target.fqdn, req.home, req.checkFacts);
    const before = this.deployment.poolFact(req.kind, snapshot.raw, req.home);
    if (before.pool === req.target.fqdn) return;
    if (snapshot.targetRetired) throw cmdletError(req.cmdlet, 'POOL_DECOMMISSIONED', req.target.fqdn);
    await req.check?.(before.pool, snapshot.extra);
    if (whatIf) return;
    const stopped = snapshot.targetStopped;
    if (stopped.length > 0) throw cmdletError(req.cmdlet, 'FRONTEND_STOPPED', req.target.fqdn, { computers: stopped });
    // The data moves from the source back end: a stopped source front end fails the move rather
    // than moving an empty shell (what -IgnoreBackendStoreException would do; it is never passed).
    const sourceStopped = before.pool === this.deployment.canonicalPool(req.home) ? snapshot.homeStopped : await this.deployment.stoppedFrontEnds(before.pool);
    if (sourceStopped.length > 0) throw cmdletError(req.cmdlet, 'SOURCE_FRONTEND_STOPPED', before.pool, { computers: sourceStopped, object: req.object });
    await working;
    const transient = this.dice.roll(req.transientCodes);
    if (transient) throw cmdletError(req.cmdlet, transient, req.object);
    const record: SimMoveRecord = {
      at: this.clock.now(),
      cmdlet: req.cmdlet,
      object: req.object,
      fromPool: before.pool,
      toPool: req.target.fqdn,
    };
    if (await this.state.simCompareAndSet(req.kind, req.key, before.raw, req.encode(req.target.fqdn), record)) return;
    // Lost the race: another call moved the object meanwhile; arriving where we wanted is success.
    const after = this.deployment.poolFact(req.kind, await this.state.simGet(req.kind, req.key), req.home);
    if (after.pool === req.target.fqdn) return;
    throw cmdletError(req.cmdlet, 'BACKEND_STORE_ERROR', req.object, { conflict: true, currentPool: after.pool });
  }
}

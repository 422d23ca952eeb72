// The PostgreSQL implementation of the Store port, for several bot replicas sharing one database:
// row locks and compare-and-set updates make confirmations single-use, SKIP LOCKED claims hand
// every job item to exactly one worker, and an advisory lock serialises schema migrations.
import type pg from 'pg';
import { z } from 'zod';
import type { ItemAudit, JobTransition, JobTransitionOutcome } from '../../../migration/jobs';
import type { Actor, AuditEvent, CardRef, CoexistenceResult, FailureGroup, ItemCounts, ItemState, Job, JobItem, JobState, PlanItem, Proposal } from '../../../migration/model';
import type {
  ApproveOutcome,
  CancelProposalOutcome,
  ClaimRequest,
  ItemUpdate,
  Logger,
  NewProposal,
  SimMoveRecord,
  Store,
  StoredState,
} from '../../../migration/ports';
import { silentLogger } from '../../../migration/ports';
import { createPool } from './db';
import * as items from './items';
import * as misc from './misc';
import * as proposals from './proposals';
import * as schedules from './schedule';
import type { GateResult } from '../../../migration/model';
import type { DueClaim, JobSchedule } from '../../../migration/schedule/model';
import { migratePostgres } from './schema';

export interface PostgresStoreOptions {
  logger?: Logger;
  poolSize?: number;
}

const UrlSchema = z.string().regex(/^postgres(ql)?:\/\/./i, 'expected a postgres:// or postgresql:// URL');
const PoolSizeSchema = z.number().int().min(1).max(1000);

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private readonly logger: Logger;
  private closed = false;

  constructor(url: string, opts: PostgresStoreOptions = {}) {
    this.logger = (opts.logger ?? silentLogger).child({ component: 'store', engine: 'postgres' });
    this.pool = createPool(UrlSchema.parse(url), PoolSizeSchema.parse(opts.poolSize ?? 10), this.logger);
  }

  async init(): Promise<void> {
    await migratePostgres(this.pool, this.logger);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  async createProposal(p: NewProposal): Promise<Proposal> {
    return proposals.createProposal(this.pool, p);
  }
  async getProposal(id: string): Promise<Proposal | null> {
    return proposals.getProposal(this.pool, id);
  }
  async listProposalItems(id: string, opts?: { limit?: number; offset?: number }): Promise<PlanItem[]> {
    return items.listProposalItems(this.pool, id, opts);
  }
  async setProposalCard(id: string, card: CardRef): Promise<void> {
    await proposals.setProposalCard(this.pool, id, card);
  }
  async getSchedule(jobId: string): Promise<JobSchedule | null> {
    return schedules.getSchedule(this.pool, jobId);
  }

  async listSchedules(jobIds: string[]): Promise<JobSchedule[]> {
    return schedules.listSchedules(this.pool, jobIds);
  }

  async claimDueSchedules(req: DueClaim): Promise<JobSchedule[]> {
    return schedules.claimDueSchedules(this.pool, req);
  }

  async startScheduledJob(jobId: string, workerId: string, now: number, outcome: { alreadyThere: number }): Promise<boolean> {
    return schedules.startScheduledJob(this.pool, jobId, workerId, now, outcome);
  }

  async stopScheduledJob(jobId: string, workerId: string, now: number, gates: GateResult[]): Promise<boolean> {
    return schedules.stopScheduledJob(this.pool, jobId, workerId, now, gates);
  }

  async approveProposal(id: string, actor: Actor, now: number, requiredApprovals: number): Promise<ApproveOutcome> {
    return proposals.approveProposal(this.pool, id, actor, now, requiredApprovals);
  }
  async cancelProposal(id: string, actor: Actor, now: number): Promise<CancelProposalOutcome> {
    return proposals.cancelProposal(this.pool, id, actor, now);
  }

  async getJob(id: string): Promise<Job | null> {
    return proposals.getJob(this.pool, id);
  }
  async listJobs(limit: number): Promise<Job[]> {
    return proposals.listJobs(this.pool, limit);
  }
  async listUnfinishedJobs(): Promise<Job[]> {
    return proposals.listUnfinishedJobs(this.pool);
  }
  async transitionJob(id: string, from: JobState[], to: JobState, now: number): Promise<boolean> {
    return proposals.transitionJob(this.pool, id, from, to, now);
  }
  async applyJobTransition(id: string, transition: JobTransition, now: number): Promise<JobTransitionOutcome> {
    return proposals.applyJobTransition(this.pool, id, transition, now);
  }
  async setJobCard(id: string, card: CardRef): Promise<void> {
    await proposals.setJobCard(this.pool, id, card);
  }
  async decommissionCompleted(site: string): Promise<boolean> {
    return proposals.decommissionCompleted(this.pool, site);
  }
  async siteWideMoveStarted(site: string): Promise<boolean> {
    return proposals.siteWideMoveStarted(this.pool, site);
  }

  async itemCounts(jobId: string): Promise<ItemCounts> {
    return items.itemCounts(this.pool, jobId);
  }
  async listItems(jobId: string, opts?: { states?: ItemState[]; limit?: number; offset?: number }): Promise<JobItem[]> {
    return items.listItems(this.pool, jobId, opts);
  }
  async failureGroups(jobId: string, examples: number): Promise<FailureGroup[]> {
    return items.failureGroups(this.pool, jobId, examples);
  }
  async claimItems(req: ClaimRequest): Promise<JobItem[]> {
    return items.claimItems(this.pool, req);
  }
  async releaseLeases(workerId: string, now: number): Promise<number> {
    return items.releaseLeases(this.pool, workerId, now);
  }
  async heartbeat(workerId: string, itemIds: number[], leaseUntil: number): Promise<number[]> {
    return items.heartbeat(this.pool, workerId, itemIds, leaseUntil);
  }
  async updateItem(itemId: number, workerId: string, update: ItemUpdate, now: number, audit?: ItemAudit): Promise<boolean> {
    return items.updateItem(this.pool, itemId, workerId, update, now, audit);
  }
  async cancelPendingItems(jobId: string, now: number): Promise<number> {
    return items.cancelPendingItems(this.pool, jobId, now);
  }
  async requeueItems(jobId: string, states: ItemState[], now: number): Promise<number> {
    return items.requeueItems(this.pool, jobId, states, now);
  }
  async lastMovedAt(sip: string): Promise<number | undefined> {
    return items.lastMovedAt(this.pool, sip);
  }

  async appendAudit(e: AuditEvent): Promise<void> {
    await misc.appendAudit(this.pool, e);
  }
  async listAudit(opts: { site?: string; limit: number }): Promise<AuditEvent[]> {
    return misc.listAudit(this.pool, opts);
  }
  async saveConversationRef(userKey: string, ref: Record<string, unknown>): Promise<void> {
    await misc.saveConversationRef(this.pool, userKey, ref, Date.now());
  }
  async getConversationRef(userKey: string): Promise<Record<string, unknown> | null> {
    return misc.getConversationRef(this.pool, userKey);
  }
  async saveCoexistenceResult(r: CoexistenceResult): Promise<void> {
    await misc.saveCoexistenceResult(this.pool, r);
  }
  async lastCoexistenceResult(site: string): Promise<CoexistenceResult | null> {
    return misc.lastCoexistenceResult(this.pool, site);
  }

  async readState(keys: string[]): Promise<StoredState[]> {
    return misc.readState(this.pool, keys);
  }
  async writeState(changes: Array<{ key: string; value: unknown; eTag?: string }>): Promise<void> {
    await misc.writeState(this.pool, changes);
  }
  async deleteState(keys: string[]): Promise<void> {
    await misc.deleteState(this.pool, keys);
  }

  async simGet(kind: string, key: string): Promise<string | undefined> {
    return misc.simGet(this.pool, kind, key);
  }
  async simList(kind: string): Promise<Array<{ key: string; value: string }>> {
    return misc.simList(this.pool, kind);
  }
  async simSet(kind: string, key: string, value: string, move?: SimMoveRecord): Promise<void> {
    await misc.simSet(this.pool, kind, key, value, move);
  }
  async simCompareAndSet(kind: string, key: string, expected: string | undefined, value: string, move?: SimMoveRecord): Promise<boolean> {
    return misc.simCompareAndSet(this.pool, kind, key, expected, value, move);
  }
  async simCountByValue(kind: string): Promise<Record<string, number>> {
    return misc.simCountByValue(this.pool, kind);
  }
  async simMoves(): Promise<SimMoveRecord[]> {
    return misc.simMoves(this.pool);
  }
}

// The SQLite implementation of the Store port (the default store: one file, WAL mode). better-sqlite3
// is synchronous, so every operation runs to completion on the event loop; write transactions that
// read first use BEGIN IMMEDIATE so a second process on the same file cannot interleave.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { ItemAudit, JobTransition, JobTransitionOutcome } from '../../../migration/jobs';
import type { GateResult } from '../../../migration/model';
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
import * as items from './items';
import * as misc from './misc';
import * as proposals from './proposals';
import * as schedules from './schedule';
import type { DueClaim, JobSchedule } from '../../../migration/schedule/model';
import { ReferenceWriter } from './reference-writer';
import { migrateSqlite, openSqlite } from './schema';
import { Statements } from './statements';

export interface SqliteStoreOptions {
  logger?: Logger;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly s: Statements;
  private readonly references: ReferenceWriter;
  private readonly logger: Logger;

  /** `file` is a path (its folder is created) or ':memory:'. */
  constructor(readonly file: string, opts: SqliteStoreOptions = {}) {
    this.logger = (opts.logger ?? silentLogger).child({ component: 'store', engine: 'sqlite' });
    this.db = openSqlite(z.string().min(1, 'a SQLite file path or :memory:').parse(file));
    this.s = new Statements(this.db);
    this.references = new ReferenceWriter(this.s);
  }

  async init(): Promise<void> {
    migrateSqlite(this.db, this.logger);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      this.references.flush();
    } finally {
      this.db.close();
    }
  }

  async createProposal(p: NewProposal): Promise<Proposal> {
    return proposals.createProposal(this.s, p);
  }
  async getProposal(id: string): Promise<Proposal | null> {
    return proposals.getProposal(this.s, id);
  }
  async listProposalItems(id: string, opts?: { limit?: number; offset?: number }): Promise<PlanItem[]> {
    return items.listProposalItems(this.s, id, opts);
  }
  async setProposalCard(id: string, card: CardRef): Promise<void> {
    proposals.setProposalCard(this.s, id, card);
  }
  async getSchedule(jobId: string): Promise<JobSchedule | null> {
    return schedules.getSchedule(this.s, jobId);
  }

  async listSchedules(jobIds: string[]): Promise<JobSchedule[]> {
    return schedules.listSchedules(this.s, jobIds);
  }

  async claimDueSchedules(req: DueClaim): Promise<JobSchedule[]> {
    return schedules.claimDueSchedules(this.s, req);
  }

  async startScheduledJob(jobId: string, workerId: string, now: number, outcome: { alreadyThere: number }): Promise<boolean> {
    return schedules.startScheduledJob(this.s, jobId, workerId, now, outcome);
  }

  async stopScheduledJob(jobId: string, workerId: string, now: number, gates: GateResult[]): Promise<boolean> {
    return schedules.stopScheduledJob(this.s, jobId, workerId, now, gates);
  }

  async approveProposal(id: string, actor: Actor, now: number, requiredApprovals: number): Promise<ApproveOutcome> {
    return proposals.approveProposal(this.s, id, actor, now, requiredApprovals);
  }
  async cancelProposal(id: string, actor: Actor, now: number): Promise<CancelProposalOutcome> {
    return proposals.cancelProposal(this.s, id, actor, now);
  }

  async getJob(id: string): Promise<Job | null> {
    return proposals.getJob(this.s, id);
  }
  async listJobs(limit: number): Promise<Job[]> {
    return proposals.listJobs(this.s, limit);
  }
  async listUnfinishedJobs(): Promise<Job[]> {
    return proposals.listUnfinishedJobs(this.s);
  }
  async transitionJob(id: string, from: JobState[], to: JobState, now: number): Promise<boolean> {
    return proposals.transitionJob(this.s, id, from, to, now);
  }
  async applyJobTransition(id: string, transition: JobTransition, now: number): Promise<JobTransitionOutcome> {
    return proposals.applyJobTransition(this.s, id, transition, now);
  }
  async setJobCard(id: string, card: CardRef): Promise<void> {
    proposals.setJobCard(this.s, id, card);
  }
  async decommissionCompleted(site: string): Promise<boolean> {
    return proposals.decommissionCompleted(this.s, site);
  }
  async siteWideMoveStarted(site: string): Promise<boolean> {
    return proposals.siteWideMoveStarted(this.s, site);
  }

  async itemCounts(jobId: string): Promise<ItemCounts> {
    return items.itemCounts(this.s, jobId);
  }
  async listItems(jobId: string, opts?: { states?: ItemState[]; limit?: number; offset?: number }): Promise<JobItem[]> {
    return items.listItems(this.s, jobId, opts);
  }
  async failureGroups(jobId: string, examples: number): Promise<FailureGroup[]> {
    return items.failureGroups(this.s, jobId, examples);
  }
  async claimItems(req: ClaimRequest): Promise<JobItem[]> {
    return items.claimItems(this.s, req);
  }
  async releaseLeases(workerId: string, now: number): Promise<number> {
    return items.releaseLeases(this.s, workerId, now);
  }
  async heartbeat(workerId: string, itemIds: number[], leaseUntil: number): Promise<number[]> {
    return items.heartbeat(this.s, workerId, itemIds, leaseUntil);
  }
  async updateItem(itemId: number, workerId: string, update: ItemUpdate, now: number, audit?: ItemAudit): Promise<boolean> {
    return items.updateItem(this.s, itemId, workerId, update, now, audit);
  }
  async cancelPendingItems(jobId: string, now: number): Promise<number> {
    return items.cancelPendingItems(this.s, jobId, now);
  }
  async requeueItems(jobId: string, states: ItemState[], now: number): Promise<number> {
    return items.requeueItems(this.s, jobId, states, now);
  }
  async lastMovedAt(sip: string): Promise<number | undefined> {
    return items.lastMovedAt(this.s, sip);
  }

  async appendAudit(e: AuditEvent): Promise<void> {
    misc.appendAudit(this.s, e);
  }
  async listAudit(opts: { site?: string; limit: number }): Promise<AuditEvent[]> {
    return misc.listAudit(this.s, opts);
  }
  saveConversationRef(userKey: string, ref: Record<string, unknown>): Promise<void> {
    return this.references.save(userKey, ref, Date.now());
  }
  async getConversationRef(userKey: string): Promise<Record<string, unknown> | null> {
    this.references.flush();
    return misc.getConversationRef(this.s, userKey);
  }
  async saveCoexistenceResult(r: CoexistenceResult): Promise<void> {
    misc.saveCoexistenceResult(this.s, r);
  }
  async lastCoexistenceResult(site: string): Promise<CoexistenceResult | null> {
    return misc.lastCoexistenceResult(this.s, site);
  }

  async readState(keys: string[]): Promise<StoredState[]> {
    return misc.readState(this.s, keys);
  }
  async writeState(changes: Array<{ key: string; value: unknown; eTag?: string }>): Promise<void> {
    misc.writeState(this.s, changes);
  }
  async deleteState(keys: string[]): Promise<void> {
    misc.deleteState(this.s, keys);
  }

  async simGet(kind: string, key: string): Promise<string | undefined> {
    return misc.simGet(this.s, kind, key);
  }
  async simList(kind: string): Promise<Array<{ key: string; value: string }>> {
    return misc.simList(this.s, kind);
  }
  async simSet(kind: string, key: string, value: string, move?: SimMoveRecord): Promise<void> {
    misc.simSet(this.s, kind, key, value, move);
  }
  async simCompareAndSet(kind: string, key: string, expected: string | undefined, value: string, move?: SimMoveRecord): Promise<boolean> {
    return misc.simCompareAndSet(this.s, kind, key, expected, value, move);
  }
  async simCountByValue(kind: string): Promise<Record<string, number>> {
    return misc.simCountByValue(this.s, kind);
  }
  async simMoves(): Promise<SimMoveRecord[]> {
    return misc.simMoves(this.s);
  }
}

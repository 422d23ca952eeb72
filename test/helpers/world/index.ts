// A whole lyncops in one process for tests: a real SQLite store (temp file), the simulator on
// that store, the static directory, the planner, a job runner and the conversation — the same
// wiring bot/compose does, minus HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimulatedLyncBackend } from '../../../adapters/lync/simulated';
import { StaticDirectory } from '../../../adapters/directory/static';
import { openSqliteStore } from '../../../adapters/store/sqlite';
import { createConversation } from '../../../dialogs';
import type { Conversation, MessageTurn, CardActionTurn, Reply } from '../../../dialogs/types';
import { demoTopology } from '../../../migration/demo-topology';
import type { Actor, ItemCounts, Job, JobItem } from '../../../migration/model';
import { Planner } from '../../../migration/planner';
import type { Clock, JobObserver } from '../../../migration/ports';
import { silentLogger } from '../../../migration/ports';
import { JobRunner, type RunnerOptions } from '../../../migration/runner';
import { seedHistory } from '../../../migration/seed';
import { TopologyIndex, type Topology } from '../../../migration/topology';
import type { Injection } from '../../../adapters/lync/simulated';
import { DEMO_PEOPLE } from '../people';
import { standIn } from '../stand-in';

/** A demo person as the actor the dialogs and the store see. */
const actor = (who: keyof typeof DEMO_PEOPLE, role: Actor['role']): Actor => ({ id: DEMO_PEOPLE[who].aadObjectId, name: DEMO_PEOPLE[who].name, sip: DEMO_PEOPLE[who].sip, role });
export const ALEX = actor('alex', 'admin');
export const ERIN = actor('erin', 'admin');
export const ALICE = actor('alice', 'user');
export const HELGA = actor('helga', 'helpdesk');

export class RecordingObserver implements JobObserver {
  progressCalls: Array<{ job: Job; counts: ItemCounts }> = [];
  finishedCalls: Array<{ job: Job; counts: ItemCounts }> = [];
  moved: JobItem[] = [];
  private waiters: Array<{ id: string; resolve: (j: Job) => void }> = [];
  async progress(job: Job, counts: ItemCounts) {
    this.progressCalls.push({ job, counts });
  }
  async finished(job: Job, counts: ItemCounts) {
    this.finishedCalls.push({ job, counts });
    for (const w of this.waiters.filter((x) => x.id === job.id)) w.resolve(job);
    this.waiters = this.waiters.filter((x) => x.id !== job.id);
  }
  async userMoved(_job: Job, item: JobItem) {
    this.moved.push(item);
  }
  /** Resolves when the job has finished (or at once if it already has). */
  whenFinished(id: string): Promise<Job> {
    const done = this.finishedCalls.find((f) => f.job.id === id);
    if (done) return Promise.resolve(done.job);
    return new Promise((resolve) => this.waiters.push({ id, resolve }));
  }
}

export interface WorldOptions {
  topology?: Topology;
  dbFile?: string;
  inject?: Injection[];
  transientFailureRate?: number;
  moveLatencyMs?: number;
  requireSecondApprover?: boolean;
  clock?: Clock;
  runner?: Partial<RunnerOptions>;
  startRunner?: boolean;
  /** PILOT_GROUP: the pilot group's name (default: the demo's "Pilot"). */
  pilotGroup?: string;
}

export async function makeWorld(options: WorldOptions = {}) {
  const topology = options.topology ?? demoTopology();
  const index = new TopologyIndex(topology);
  const dbFile = options.dbFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lyncops-world-')), 'store.sqlite');
  const store = openSqliteStore(dbFile);
  await store.init();
  await seedHistory(store, topology);
  const clock = options.clock ?? { now: () => Date.now() };
  const backend = new SimulatedLyncBackend({
    topology,
    state: store,
    moveLatencyMs: options.moveLatencyMs ?? 0,
    transientFailureRate: options.transientFailureRate ?? 0,
    seed: 7,
    clock,
    ...(options.inject ? { inject: options.inject } : {}),
  });
  const directory = new StaticDirectory(topology, {});
  const observer = new RecordingObserver();
  const runner = new JobRunner({
    store,
    backend,
    topology: index,
    clock,
    logger: silentLogger,
    observer,
    workerId: `test-${Math.random().toString(36).slice(2, 8)}`,
    concurrencyPerPool: 4,
    maxAttempts: 4,
    leaseMs: 30_000,
    backoffBaseMs: 5,
    pollIntervalMs: 20,
    progressIntervalMs: 0,
    ...options.runner,
  });
  const settings = { proposalTtlMs: 15 * 60_000, requireSecondApprover: options.requireSecondApprover ?? false, adminUserIds: [ALEX.id, ERIN.id], ...(options.pilotGroup ? { pilotGroup: options.pilotGroup } : {}) };
  // Personal notices sent outside a turn (resolved problem reports), as the proactive path gets them.
  const notices: Array<{ userKey: string; reply: Reply }> = [];
  const notifyUser = async (userKey: string, reply: Reply) => {
    notices.push({ userKey, reply });
    return true;
  };
  const conversation: Conversation = createConversation({ store, backend, directory, topology: index, runner, clock, logger: silentLogger, settings, notifyUser });
  const planner = new Planner({ backend, directory, store, topology: index, requireSecondApprover: settings.requireSecondApprover });
  if (options.startRunner !== false) runner.start();

  let turnNo = 0;
  const conversationRef = { conversation: { id: 'conv-1', conversationType: 'personal' }, serviceUrl: 'http://localhost/_connector' };
  const say = (text: string, actor: Actor = ALEX, locale = 'en-US') => {
    const turn: MessageTurn = { text, actor, locale, conversationId: 'conv-1', conversationRef, correlationId: `t${++turnNo}` };
    return conversation.onMessage(turn);
  };
  const click = (data: unknown, actor: Actor = ALEX, extra: Partial<CardActionTurn> = {}) => {
    const turn: CardActionTurn = { data, actor, locale: 'en-US', conversationId: 'conv-1', conversationRef, correlationId: `c${++turnNo}`, trigger: 'manual', ...extra };
    return conversation.onCardAction(turn);
  };

  const deps = { backend, store, topology: index };
  return {
    notices,
    deps,
    topology,
    index,
    store,
    backend,
    directory,
    runner,
    observer,
    conversation,
    planner,
    dbFile,
    say,
    click,
    async close() {
      await runner.stop(2_000);
      await store.close();
    },
  };
}

export type World = Awaited<ReturnType<typeof makeWorld>>;

/**
 * A fresh world for each test of the enclosing describe: made before each test, closed after it.
 * The object returned stands for the current test's world (`w.say(…)`, `w.store`).
 */
export function useWorld(options: WorldOptions = {}): World {
  return standIn(() => makeWorld(options), (w) => w.close(), 'each');
}

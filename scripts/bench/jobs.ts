// Job engine benchmarks on the compiled build: efficiency of a 5,000-user move (20 ms per move,
// concurrency 8; ideal 12.5 s) and peak memory of a 100,000-user job at 0 ms per move. Each run
// happens in a fresh process so peak RSS belongs to that run alone. Prints JSON on stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SimulatedLyncBackend } from '../../adapters/lync/simulated';
import { StaticDirectory } from '../../adapters/directory/static';
import { openSqliteStore } from '../../adapters/store/sqlite';
import { generateTopology } from '../../migration/demo-topology';
import type { Actor, Job } from '../../migration/model';
import { Planner } from '../../migration/planner';
import { silentLogger, type JobObserver } from '../../migration/ports';
import { JobRunner } from '../../migration/runner';
import { TopologyIndex } from '../../migration/topology';

const ADMIN: Actor = { id: 'bench', name: 'Bench', role: 'admin' };

export interface JobRun {
  users: number;
  latencyMs: number;
  concurrency: number;
  planMs: number;
  queueMs: number;
  runMs: number;
  idealMs: number;
  efficiency: number;
  peakRssMb: number;
  movedOnce: boolean;
}

/**
 * Move records counted in SQL once the store is closed: listing 100,000 records through the
 * store would cost more memory than the job itself and blur the peak being measured.
 */
function countMoves(file: string): { total: number; objects: number } {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) AS total, count(DISTINCT object) AS objects FROM sim_moves').get() as { total: number; objects: number };
  } finally {
    db.close();
  }
}

export async function runJob(users: number, latencyMs: number, concurrency: number): Promise<JobRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyncops-bench-'));
  try {
    return await measureJob(dir, users, latencyMs, concurrency);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measureJob(dir: string, users: number, latencyMs: number, concurrency: number): Promise<JobRun> {
  const topology = generateTopology({ usersPerSite: 20, usersBySite: { Berlin: users }, quirks: false });
  const index = new TopologyIndex(topology);
  const file = path.join(dir, 'bench.sqlite');
  const store = openSqliteStore(file);
  await store.init();
  const backend = new SimulatedLyncBackend({ topology, state: store, moveLatencyMs: latencyMs, transientFailureRate: 0 });
  const directory = new StaticDirectory(topology);
  let finish: (job: Job) => void = () => undefined;
  const finished = new Promise<Job>((resolve) => (finish = resolve));
  const observer: JobObserver = { progress: async () => undefined, finished: async (job) => finish(job) };
  const runner = new JobRunner({ store, backend, topology: index, clock: { now: () => Date.now() }, logger: silentLogger, observer, workerId: 'bench', concurrencyPerPool: concurrency, maxAttempts: 3, leaseMs: 60_000 });
  const planner = new Planner({ backend, directory, store, topology: index, requireSecondApprover: false });

  const t0 = performance.now();
  // Planning and queueing live in their own scope: the plan (one object per user) is garbage
  // once the job's items are in the store, as it is in the bot after the confirming turn.
  const { jobId, items, t1 } = await (async () => {
    const plan = await planner.plan({ intent: 'move', subject: { kind: 'site', site: 'Berlin' }, target: 'lync2013', dryRun: false, force: true });
    const planned = performance.now();
    const now = Date.now();
    const proposal = await store.createProposal({ plan, requestedBy: ADMIN, createdAt: now, expiresAt: now + 3_600_000, locale: 'en' });
    const outcome = await store.approveProposal(proposal.id, ADMIN, now, 1);
    if (outcome.outcome !== 'started') throw new Error(`job did not start: ${outcome.outcome}`);
    return { jobId: outcome.job.id, items: plan.items.length, t1: planned };
  })();
  const t2 = performance.now();
  runner.start();
  const job = await finished;
  const t3 = performance.now();
  await runner.stop();
  await store.close();
  const moves = countMoves(file);
  const movedOnce = job.id === jobId && moves.total === items && moves.objects === items && job.state === 'completed';
  const idealMs = (items * latencyMs) / concurrency;
  return {
    users: items,
    latencyMs,
    concurrency,
    planMs: Math.round(t1 - t0),
    queueMs: Math.round(t2 - t1),
    runMs: Math.round(t3 - t2),
    idealMs: Math.round(idealMs),
    efficiency: idealMs > 0 ? Number((idealMs / (t3 - t2)).toFixed(3)) : 0,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    movedOnce,
  };
}

if (require.main === module) {
  const [users, latency, concurrency] = process.argv.slice(2).map(Number);
  runJob(users || 5000, Number.isFinite(latency) ? latency : 20, concurrency || 8)
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    })
    .catch((e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
}

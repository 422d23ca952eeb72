// Schedule drill: 1,000 jobs scheduled for the same minute on one throw-away PostgreSQL database,
// started by two replica processes. Each job moves one user and has its plan re-checked at its
// start. Prints how late the starts were (from the database: started_at - start_at), how the starts
// split between the replicas, and whether every job started exactly once and every user moved
// once; exit code 1 when a start was later than 5 s or any job started other than once.
//
//   node dist/scripts/drill/schedules.js [--jobs 1000] [--lead-s 20] [--pg-url postgres://postgres@127.0.0.1:5432/test]
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { z } from 'zod';
import { StaticDirectory } from '../../adapters/directory/static';
import { SimulatedLyncBackend } from '../../adapters/lync/simulated';
import { openPostgresStore } from '../../adapters/store/postgres';
import { generateTopology } from '../../migration/demo-topology';
import type { Actor, Plan } from '../../migration/model';
import { Planner } from '../../migration/planner';
import { silentLogger, type JobObserver } from '../../migration/ports';
import { JobRunner } from '../../migration/runner';
import { recheckReads } from '../../migration/schedule/recheck-reads';
import { planRecheck } from '../../migration/schedule/starter';
import { seedHistory } from '../../migration/seed';
import { sameFqdn, TopologyIndex } from '../../migration/topology';
import { createThrowawayDatabase, pollUntil } from '../../testkit/replicas/ledger';
import { parseDrillOptions } from '../../testkit/drill-options';

const GOAL_LATE_MS = 5000;
const ADMIN: Actor = { id: 'drill-admin', name: 'Drill', role: 'admin' };
const topology = generateTopology({ usersPerSite: 600, seed: 2013 });
const index = new TopologyIndex(topology);

const Options = z.object({
  jobs: z.coerce.number().int().min(1).max(5000).default(1000),
  leadS: z.coerce.number().int().min(5).max(600).default(20),
  pgUrl: z.string().regex(/^postgres(ql)?:\/\//).default(process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'),
  replica: z.string().optional(),
  url: z.string().optional(),
});

function parseArgs(argv: string[]): z.infer<typeof Options> {
  return parseDrillOptions(Options, argv);
}

const quietObserver: JobObserver = { progress: async () => undefined, finished: async () => undefined };

/** One replica: a job runner on the shared database until SIGTERM. */
async function replica(name: string, url: string): Promise<void> {
  const store = openPostgresStore(url, { poolSize: 20 });
  await store.init();
  const backend = new SimulatedLyncBackend({ topology, state: store, moveLatencyMs: 0, transientFailureRate: 0, seed: 7 });
  const clock = { now: () => Date.now() };
  const planner = new Planner({ ...recheckReads(backend, store, clock), directory: new StaticDirectory(topology, {}), topology: index, requireSecondApprover: false });
  const runner = new JobRunner({
    store,
    backend,
    topology: index,
    clock,
    logger: silentLogger,
    observer: quietObserver,
    workerId: name,
    concurrencyPerPool: 4,
    maxAttempts: 3,
    leaseMs: 30_000,
    recheck: planRecheck({ store, plan: (c) => planner.plan(c) }),
  });
  runner.start();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await runner.stop(5000);
  await store.close();
}

function startReplica(name: string, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--no-deprecation', __filename, '--replica', name, '--url', url], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`replica ${name} exited with ${code}`)));
  });
}

/** A one-user move plan, as the planner writes it (gates passed). */
function userPlan(user: { sip: string; site: string; from: string; to: string }): Plan {
  return {
    operation: 'move',
    command: { intent: 'move', subject: { kind: 'user', user: user.sip }, target: 'lync2013', dryRun: false, force: true },
    subject: { kind: 'user', name: user.sip },
    sites: [user.site],
    items: [{ kind: 'user', key: user.sip, label: user.sip, site: user.site, fromPool: user.from, toPool: user.to }],
    flows: [{ fromPool: user.from, toPool: user.to, count: 1 }],
    alreadyThere: 0,
    unresolved: [],
    skipped: [],
    gates: [],
    blocked: false,
    forced: true,
    siteWide: false,
    dryRun: false,
    caveats: [],
    needsSecondApprover: false,
  };
}

async function drill(o: z.infer<typeof Options>): Promise<number> {
  const db = await createThrowawayDatabase(o.pgUrl, 'lyncops_sched');
  const children: ChildProcess[] = [];
  try {
    const store = openPostgresStore(db.url, { poolSize: 8 });
    await store.init();
    await seedHistory(store, topology);
    const users = topology.users
      .filter((u) => u.enabled !== false && !u.sip.includes(' '))
      .map((u) => ({ u, site: index.siteOfPool(u.homePool) }))
      .filter(({ u, site }) => site?.lyncPool && sameFqdn(site.ocsPool, u.homePool))
      .slice(0, o.jobs)
      .map(({ u, site }) => ({ sip: u.sip, site: site!.name, from: site!.ocsPool, to: site!.lyncPool! }));
    if (users.length < o.jobs) throw new Error(`the topology has only ${users.length} movable users`);
    // Due at the start of a whole minute at least lead-s seconds away: every job in the same minute.
    const startAt = Math.ceil((Date.now() + o.leadS * 1000) / 60_000) * 60_000;
    const t0 = Date.now();
    for (const user of users) {
      const now = Date.now();
      const plan = { ...userPlan(user), schedule: { startAt, timeZone: 'UTC', words: 'drill' } };
      const proposal = await store.createProposal({ plan, requestedBy: ADMIN, createdAt: now, expiresAt: now + 3_600_000, locale: 'en' });
      const outcome = await store.approveProposal(proposal.id, ADMIN, now, 1);
      if (outcome.outcome !== 'started') throw new Error(`job not created: ${outcome.outcome}`);
    }
    process.stderr.write(`schedules: ${users.length} jobs scheduled for ${new Date(startAt).toISOString()} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    children.push(await startReplica('replica-a', db.url), await startReplica('replica-b', db.url));
    if (Date.now() > startAt - 2000) throw new Error('setup took longer than the lead time; raise --lead-s');

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await pollUntil(
        async () => {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM jobs WHERE state IN ('completed', 'completedWithErrors', 'cancelled')`);
          return rows[0].n >= users.length;
        },
        'every job to finish',
        startAt - Date.now() + 120_000,
        200,
      );
      const late = (await client.query(`SELECT started_at - start_at AS late FROM job_schedules WHERE state = 'started'`)).rows.map((r) => Number(r.late));
      const starts = (await client.query(`SELECT target, details->>'worker' AS worker FROM audit WHERE event = 'job.scheduledStart'`)).rows as Array<{ target: string; worker: string }>;
      const perJob = new Map<string, number>();
      for (const s of starts) perJob.set(s.target, (perJob.get(s.target) ?? 0) + 1);
      const byWorker: Record<string, number> = {};
      for (const s of starts) byWorker[s.worker] = (byWorker[s.worker] ?? 0) + 1;
      const moves = (await client.query(`SELECT object, count(*)::int AS n FROM sim_moves GROUP BY object`)).rows as Array<{ object: string; n: number }>;
      const states = (await client.query(`SELECT state, count(*)::int AS n FROM jobs GROUP BY state`)).rows;
      late.sort((a, b) => a - b);
      const pick = (p: number) => late[Math.min(late.length - 1, Math.max(0, Math.ceil(p * late.length) - 1))] ?? NaN;
      const exactlyOnce = perJob.size === users.length && [...perJob.values()].every((n) => n === 1);
      const movedOnce = moves.length === users.length && moves.every((m) => m.n === 1);
      const result = {
        jobs: users.length,
        startAt: new Date(startAt).toISOString(),
        started: late.length,
        lateMs: { min: late[0], p50: pick(0.5), p99: pick(0.99), max: late[late.length - 1] },
        startsByReplica: byWorker,
        everyJobStartedExactlyOnce: exactlyOnce,
        everyUserMovedOnce: movedOnce,
        jobStates: Object.fromEntries(states.map((r) => [r.state, r.n])),
        goal: `every start <= ${GOAL_LATE_MS} ms late, each job started exactly once`,
      };
      const pass = exactlyOnce && late.length === users.length && late[late.length - 1] <= GOAL_LATE_MS;
      process.stdout.write(`${JSON.stringify({ ...result, pass }, null, 2)}\n`);
      return pass ? 0 : 1;
    } finally {
      await client.end();
      await store.close();
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await db.drop();
  }
}

const options = parseArgs(process.argv.slice(2));
(options.replica && options.url ? replica(options.replica, options.url).then(() => 0) : drill(options)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

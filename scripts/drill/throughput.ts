// Throughput drill: the same site move (5,003 users by default, 20 ms per simulated move,
// JOB_CONCURRENCY 4, no transient failures) measured from outside on SQLite with one bot, on
// PostgreSQL with one bot and with two, next to the backend's own pace (the same moves with the
// simulator's state in memory: the ideal with zero store cost). It judges ratios of this one run
// only: one PostgreSQL replica against the ideal, two against one. Absolute times and the
// PostgreSQL statements per moved user are printed, not judged.
//
//   node dist/scripts/drill/throughput.js [--users 5003] [--latency-ms 20] [--concurrency 4]
//        [--pg-url postgres://postgres@127.0.0.1:5432/test]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createThrowawayDatabase } from '../../testkit/replicas/ledger';
import { writeSiteTopology } from '../../testkit/replicas/topology';
import { backendPace, measureMove, type MoveRun } from '../../testkit/throughput/measure';
import { DEFAULT_DRILL_PG_URL, parseDrillOptions, runDrill } from '../../testkit/drill-options';

const GOALS = { postgresOfIdeal: 0.85, twoReplicasSpeedUp: 1.7 };

const Options = z.object({
  users: z.coerce.number().int().min(100).max(200_000).default(5003),
  latencyMs: z.coerce.number().int().min(1).max(10_000).default(20),
  concurrency: z.coerce.number().int().min(1).max(64).default(4),
  pgUrl: z.string().regex(/^postgres(ql)?:\/\//),
});
type Options = z.infer<typeof Options>;

function parseArgs(argv: string[], defaultPgUrl: string): Options {
  return parseDrillOptions(Options, argv, { pgUrl: defaultPgUrl });
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const out = (label: string, text: string) => process.stdout.write(`${label.padEnd(16)} ${text}\n`);

function describe(run: MoveRun, idealMs: number): string {
  const perUser = run.statements !== undefined && run.moved > 0 ? `, ${(run.statements / run.moved).toFixed(2)} statements per moved user (${run.statements} in all)` : '';
  const cpu = run.cpuMs !== undefined && run.moved > 0 ? `, bot CPU ${(run.cpuMs / run.moved).toFixed(2)} ms per moved user` : '';
  return `${s(run.ms)} = ${(idealMs / run.ms).toFixed(2)} of ideal ${s(idealMs)}; job ${run.state}, moved ${run.moved}/${run.items}, moved twice ${run.movedTwice}${perUser}${cpu}`;
}

async function onPostgres<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const db = await createThrowawayDatabase(adminUrl, 'lyncops_throughput');
  try {
    return await work(db.url);
  } finally {
    await db.drop();
  }
}

async function drill(o: Options): Promise<boolean> {
  process.stdout.write(`lyncops throughput drill: ${o.users}-user site move, ${o.latencyMs} ms per move, JOB_CONCURRENCY ${o.concurrency}\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'lyncops-throughput-'));
  try {
    const setup = { topologyFile: writeSiteTopology(dir, o.users), latencyMs: o.latencyMs, concurrency: o.concurrency };
    const nominal = (o.users * o.latencyMs) / o.concurrency;
    const pace = await backendPace(setup);
    // The ideal is the backend's measured pace (timers run late on a busy machine), never below the nominal figure.
    const ideal = Math.max(pace, nominal);
    out('ideal', `${s(ideal)}: the backend alone with its state in memory took ${s(pace)} (users × latency ÷ concurrency = ${s(nominal)})`);
    const sqlite = await measureMove({ ...setup, storeUrl: path.join(dir, 'throughput.sqlite'), replicas: 1, workDir: dir });
    out('sqlite, 1 bot', describe(sqlite, ideal));
    const pgOne = await onPostgres(o.pgUrl, (url) => measureMove({ ...setup, storeUrl: url, replicas: 1, workDir: dir }));
    out('postgres, 1 bot', describe(pgOne, ideal));
    const pgTwo = await onPostgres(o.pgUrl, (url) => measureMove({ ...setup, storeUrl: url, replicas: 2, workDir: dir }));
    out('postgres, 2 bots', describe(pgTwo, ideal / 2));

    const ofIdeal = ideal / pgOne.ms;
    const speedUp = pgOne.ms / pgTwo.ms;
    const complete = [sqlite, pgOne, pgTwo].every((r) => r.state === 'completed' && r.moved === r.items && r.movedTwice === 0);
    const checks = [
      { name: 'postgres, 1 bot, of ideal', value: ofIdeal, goal: GOALS.postgresOfIdeal },
      { name: 'postgres, 2 bots vs 1', value: speedUp, goal: GOALS.twoReplicasSpeedUp },
    ];
    for (const c of checks) out('goal', `${c.name}: ${c.value.toFixed(2)} (goal ≥ ${c.goal}) ${c.value >= c.goal ? 'met' : 'NOT met'}`);
    out('goal', `every job completed, each user moved exactly once: ${complete ? 'yes' : 'NO'}`);
    process.stdout.write(
      `${JSON.stringify({ idealMs: Math.round(ideal), backendPaceMs: Math.round(pace), nominalMs: nominal, sqlite, postgresOne: pgOne, postgresTwo: pgTwo, postgresOfIdeal: Number(ofIdeal.toFixed(3)), twoReplicasSpeedUp: Number(speedUp.toFixed(3)) })}\n`,
    );
    return complete && checks.every((c) => c.value >= c.goal);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runDrill(() => drill(parseArgs(process.argv.slice(2), DEFAULT_DRILL_PG_URL)));

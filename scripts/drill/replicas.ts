// Replica drill: two bot processes on one throw-away PostgreSQL database run a site-wide move of
// a 5,000-user site; one replica is killed with SIGKILL at about 40 % and the other must finish
// its items once their leases expire. Prints the final counts (moved, failed, moved twice), the
// total time and the takeover time, measured from the database, then drops the database.
//
//   node dist/scripts/drill/replicas.js [--users 5000] [--kill-at 0.4] [--latency-ms 20]
//        [--concurrency 4] [--lease-ms 5000] [--pg-url postgres://postgres@127.0.0.1:5432/test]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createThrowawayDatabase, Ledger, pollUntil, simMoves, type JobRow, type LeaseRow } from '../../testkit/replicas/ledger';
import { cardAction, ReplicaClient, startConnectorSink } from '../../testkit/replicas/client';
import { startReplica, type Replica } from '../../testkit/replicas/process';
import { DRILL_SITE, DRILL_SOURCE_POOL, DRILL_TARGET_POOL, writeSiteTopology } from '../../testkit/replicas/topology';
import { DEFAULT_DRILL_PG_URL, parseDrillOptions, runDrill } from '../../testkit/drill-options';

const SITE = DRILL_SITE;
const SOURCE_POOL = DRILL_SOURCE_POOL;
const TARGET_POOL = DRILL_TARGET_POOL;

const Options = z.object({
  users: z.coerce.number().int().min(100).max(200_000).default(5000),
  killAt: z.coerce.number().gt(0).lt(1).default(0.4),
  latencyMs: z.coerce.number().int().min(0).max(10_000).default(20),
  concurrency: z.coerce.number().int().min(1).max(64).default(4),
  leaseMs: z.coerce.number().int().min(1000).max(600_000).default(5000),
  pgUrl: z.string().regex(/^postgres(ql)?:\/\//),
});
type Options = z.infer<typeof Options>;

function parseArgs(argv: string[], defaultPgUrl: string): Options {
  return parseDrillOptions(Options, argv, { pgUrl: defaultPgUrl });
}

const seconds = (ms: number, digits = 1) => `${(ms / 1000).toFixed(digits)} s`;
const out = (label: string, text: string) => process.stdout.write(`${label.padEnd(10)} ${text}\n`);

interface Kill {
  at: number;
  done: number;
  orphans: LeaseRow[];
}

/** Prints a line each time another tenth of the job is done. */
function progressReporter(total: number, jobStart: number): (done: number) => void {
  let next = 1;
  return (done) => {
    for (; next <= 10 && done * 10 >= next * total; next++) out('progress', `${next * 10} % at ${seconds(Date.now() - jobStart)}`);
  };
}

/** Waits for `share` of the job to be done while `victim` holds leases, then kills it. */
async function killAt(ledger: Ledger, job: JobRow, victim: Replica, share: number, report: (done: number) => void): Promise<Kill> {
  const done = await pollUntil(
    async () => {
      const { done } = await ledger.counts(job.id);
      report(done);
      if (done < share * job.totalItems) return undefined;
      return (await ledger.leases(job.id)).some((l) => l.owner === victim.workerId) && done;
    },
    `${Math.round(share * 100)} % of the job`,
    30 * 60_000,
    25,
  );
  const at = Date.now();
  await victim.kill('SIGKILL');
  const orphans = (await ledger.leases(job.id)).filter((l) => l.owner === victim.workerId);
  return { at, done, orphans };
}

async function drill(options: Options): Promise<boolean> {
  const started = Date.now();
  process.stdout.write(`lyncops replica drill: ${options.users}-user site move, two replicas on one PostgreSQL database\n`);
  const db = await createThrowawayDatabase(options.pgUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'lyncops-drill-'));
  const ledger = new Ledger(db.url);
  const sink = await startConnectorSink();
  const replicas: Replica[] = [];
  try {
    out('database', `${db.name} (dropped at the end)`);
    const topologyFile = writeSiteTopology(dir, options.users);
    out('topology', `site ${SITE}: ${options.users} users on ${SOURCE_POOL} -> ${TARGET_POOL}`);
    const env = {
      // The replicas share PostgreSQL without Bot Framework credentials: a lab, explicitly allowed.
      LYNCOPS_UNAUTHENTICATED: 'allow',
      STORE_URL: db.url,
      TOPOLOGY_FILE: topologyFile,
      SIM_MOVE_LATENCY_MS: String(options.latencyMs),
      SIM_TRANSIENT_FAILURE_RATE: '0',
      JOB_CONCURRENCY: String(options.concurrency),
      JOB_LEASE_MS: String(options.leaseMs),
      NOTIFY_MOVED_USERS: 'false',
      LOG_LEVEL: 'info',
    };
    // Both start at once; whichever did start is stopped in `finally` even if the other failed.
    const starts = await Promise.allSettled([startReplica({ name: 'A', env }), startReplica({ name: 'B', env })]);
    for (const s of starts) if (s.status === 'fulfilled') replicas.push(s.value);
    const failed = starts.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [a, b] = replicas;
    out('replicas', `A ${a.workerId} (pid ${a.pid}), B ${b.workerId} (pid ${b.pid}); JOB_CONCURRENCY ${options.concurrency}, JOB_LEASE_MS ${options.leaseMs}, SIM_MOVE_LATENCY_MS ${options.latencyMs}`);

    const client = new ReplicaClient(sink.url);
    const proposal = await client.sayForCard(a.url, `move site ${SITE} to Lync 2013 force`);
    const confirm = cardAction(proposal, 'proposal.confirm');
    if (!confirm) throw new Error('the move proposal has no confirm button');
    const jobStart = Date.now();
    await client.invoke(b.url, confirm.verb, confirm.data);
    const [job] = await ledger.jobs();
    if (!job) throw new Error('confirming the move started no job');
    out('job', `${job.id}: ${job.totalItems} items, proposed on A, confirmed on B`);

    const report = progressReporter(job.totalItems, jobStart);
    const kill = await killAt(ledger, job, a, options.killAt, report);
    out('kill', `A with SIGKILL at ${((kill.done / job.totalItems) * 100).toFixed(1)} % (${kill.done}/${job.totalItems} done), ${seconds(kill.at - jobStart)} into the job; A held ${kill.orphans.length} leases`);

    const finished = await pollUntil(async () => {
      report((await ledger.counts(job.id)).done);
      const row = await ledger.job(job.id);
      return row && !['queued', 'running', 'cancelling'].includes(row.state) ? row : undefined;
    }, 'the job to finish', 30 * 60_000, 100);
    const jobEnd = Date.now();

    const counts = await ledger.counts(job.id);
    const moves = (await simMoves(db.url)).filter((m) => m.toPool === TARGET_POOL);
    const perUser = new Map<string, number>();
    for (const m of moves) perUser.set(m.object.toLowerCase(), (perUser.get(m.object.toLowerCase()) ?? 0) + 1);
    const movedTwice = [...perUser.values()].filter((n) => n > 1).length;
    const doneEvents = await ledger.doneEvents(job.id);
    const auditedTwice = [...doneEvents.values()].filter((n) => n > 1).length;
    const orphanItems = await ledger.items(kill.orphans.map((o) => o.id));
    const takenOver = orphanItems.filter((i) => i.state === 'done').map((i) => i.updatedAt);
    const expiries = kill.orphans.map((o) => o.leaseUntil - kill.at);

    if (takenOver.length) out('takeover', `B completed the first of A's ${kill.orphans.length} leased items ${seconds(Math.min(...takenOver) - kill.at, 2)} after the kill (A's leases ran out ${seconds(Math.min(...expiries), 2)} to ${seconds(Math.max(...expiries), 2)} after it; the last of its items was done after ${seconds(Math.max(...takenOver) - kill.at, 2)})`);
    else out('takeover', `none of A's ${kill.orphans.length} leased items was completed`);
    out('result', `job ${finished.state}: moved ${perUser.size}, failed ${counts.failed}, moved twice ${movedTwice}; items done ${counts.done}/${job.totalItems}, ${moves.length} move records`);
    out('audit', `${doneEvents.size} items with an item.done event, ${job.totalItems - doneEvents.size} without one, ${auditedTwice} with more than one`);
    out('time', `total ${seconds(Date.now() - started)} (the job itself ${seconds(jobEnd - jobStart)})`);
    return finished.state === 'completed' && counts.done === job.totalItems && counts.failed === 0 && movedTwice === 0 && auditedTwice === 0 && doneEvents.size === job.totalItems && perUser.size === job.totalItems && takenOver.length === kill.orphans.length && kill.orphans.length > 0;
  } finally {
    await Promise.allSettled(replicas.map((r) => r.stop(5_000)));
    await Promise.allSettled([ledger.close(), sink.close()]);
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runDrill(() => drill(parseArgs(process.argv.slice(2), DEFAULT_DRILL_PG_URL)));

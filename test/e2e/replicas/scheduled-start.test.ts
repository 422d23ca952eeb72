// A scheduled job survives the replica that was up when it was confirmed: two compiled bot
// processes on one PostgreSQL database, their clocks moved (LYNCOPS_TEST_CLOCK_OFFSET_MS) to
// half a minute before 22:00 so nobody waits for the evening. The job is scheduled for 22:00 on
// replica A, A is killed with SIGKILL before then, and replica B starts it at 22:00: once, with
// every user moved once, and the card says on time or late as it was.
import { strict as assert } from 'node:assert';
import { pollUntil, type JobRow } from '../../../testkit/replicas/ledger';
import { cardAction, cardFacts, cardTexts } from '../../../testkit/replicas/client';
import { simMoves } from '../../../testkit/replicas/ledger';
import type { Replica } from '../../../testkit/replicas/process';
import { ensureBuilt, startReplicaCluster, type ReplicaCluster } from '../../helpers/replicas/cluster';

/** Saturday 12 December 2026, 22:00 UTC: the start time, in the bots' moved clock. */
const DUE = Date.UTC(2026, 11, 12, 22, 0);
/** How far before the start the bots' clocks are when they are spawned. */
const LEAD_MS = 25_000;
const FINISHED = ['completed', 'completedWithErrors', 'cancelled'];

describe('e2e/replicas: a scheduled start after the replica that confirmed it was killed (SIGKILL)', function () {
  this.timeout(120_000);
  let cluster: ReplicaCluster | undefined;
  let offsetMs = 0;
  const botNow = () => Date.now() + offsetMs;

  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    offsetMs = DUE - LEAD_MS - Date.now();
    cluster = await startReplicaCluster(this, {
      LYNCOPS_TEST_CLOCK_OFFSET_MS: String(offsetMs),
      DEFAULT_TIME_ZONE: 'UTC',
      SIM_MOVE_LATENCY_MS: '20',
      SIM_TRANSIENT_FAILURE_RATE: '0',
      JOB_CONCURRENCY: '4',
      JOB_LEASE_MS: '2000',
      NOTIFY_MOVED_USERS: 'false',
      LOG_LEVEL: 'info',
    });
  });

  after(async () => {
    await cluster?.close();
  });

  it('is started at 22:00 by replica B, once, after replica A was killed before the time', async () => {
    const c = cluster!;
    const [a, b]: Replica[] = await Promise.all([c.start('A'), c.start('B')]);
    assert.ok(botNow() < DUE - 10_000, `the replicas took too long to start: ${(DUE - botNow()) / 1000} s left before the start`);

    const proposal = await c.client.sayForCard(a.url, 'move pilot group to Lync 2013 tonight at 22:00 force');
    assert.match(Object.values(cardFacts(proposal)).join('\n'), /tonight at 22:00 → Sat 12 Dec 2026, 22:00 UTC/);
    const confirm = cardAction(proposal, 'proposal.confirm');
    assert.ok(confirm, `no confirm button: ${cardTexts(proposal).join(' | ')}`);
    const click = await c.client.invoke(a.url, confirm.verb, confirm.data);
    assert.ok(click.card, `confirming got no card: ${click.message}`);
    const jobs = await c.ledger.jobs();
    assert.equal(jobs.length, 1);
    const job: JobRow = jobs[0];
    assert.match(cardFacts(click.card).State ?? '', /scheduled/);
    assert.equal((await c.ledger.schedule(job.id))?.state, 'waiting');

    await a.kill('SIGKILL');
    const killedAt = botNow();
    assert.ok(killedAt < DUE, 'A died before the start time');
    assert.equal((await c.ledger.counts(job.id)).done, 0, 'nothing ran before the start time');

    const finished = await pollUntil(async () => {
      const row = await c.ledger.job(job.id);
      return row && FINISHED.includes(row.state) ? row : undefined;
    }, 'the scheduled job to finish', 90_000, 100);
    assert.equal(finished.state, 'completed');

    const schedule = await c.ledger.schedule(job.id);
    assert.ok(schedule && schedule.startedAt !== null);
    assert.equal(schedule.state, 'started');
    assert.equal(schedule.starts, 1, 'one job.scheduledStart event: started once');
    assert.equal(schedule.startedBy, b.workerId);
    assert.ok(schedule.startedAt! >= DUE, `started ${DUE - schedule.startedAt!} ms before its time`);
    const lateMs = schedule.startedAt! - DUE;

    const counts = await c.ledger.counts(job.id);
    assert.equal(counts.done, job.totalItems);
    const moves = (await simMoves(c.db.url)).filter((m) => m.at >= DUE);
    const perUser = new Map<string, number>();
    for (const m of moves) perUser.set(m.object.toLowerCase(), (perUser.get(m.object.toLowerCase()) ?? 0) + 1);
    assert.ok(perUser.size > 0 && [...perUser.values()].every((n) => n === 1), 'each user moved exactly once');
    assert.equal((await simMoves(c.db.url)).filter((m) => m.at < DUE).length, 0, 'no move before the start time');
    assert.ok([...(await c.ledger.doneEvents(job.id)).values()].every((n) => n === 1), 'each item reported done once');

    const card = await c.client.sayForCard(b.url, `status of job ${job.id}`);
    const status = [...cardTexts(card), ...Object.values(cardFacts(card))].join('\n');
    assert.match(status, /Sat 12 Dec 2026, 22:00/);
    if (lateMs >= 60_000) assert.match(status, /started \d+ min late \(due Sat 12 Dec 2026, 22:00 UTC\)/);
    else assert.doesNotMatch(status, /late/, `started ${lateMs} ms after its time: on time`);
  });
});

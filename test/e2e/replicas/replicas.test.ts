// Scale-out, end to end: compiled bot processes on one PostgreSQL database behind one chat client.
// A confirmation that reaches both replicas (and is replayed) starts one job; job status reads the
// same from either replica; a site move runs on both; a replica killed with SIGKILL mid-job has its
// items finished by the other once the leases expire, every user moved exactly once; a replica
// restarted on the same host and port gets its worker id back and resumes its own items at once.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { generateTopologyInput } from '../../../migration/demo-topology';
import { pollUntil, simMoves, type JobRow, type LeaseRow } from '../../../testkit/replicas/ledger';
import { cardAction, cardFacts, cardTexts, type Card } from '../../../testkit/replicas/client';
import type { Replica } from '../../../testkit/replicas/process';
import { ensureBuilt, startReplicaCluster, type ReplicaCluster } from '../../helpers/replicas/cluster';

const LEASE_MS = 1500;
const CONCURRENCY = 4;
const FINISHED = ['completed', 'completedWithErrors', 'cancelled', 'failed'];
// Munich grows to 1,200 users (1,020 still on OCS) so the move lasts long enough to kill a replica mid-job.
const MUNICH_USERS = 1200;

interface Progress {
  state: string;
  finished: number;
  total: number;
}

function progressOf(card: Card): Progress {
  const facts = cardFacts(card);
  const match = /\(([\d,]+) \/ ([\d,]+)\)/.exec(facts.Progress ?? '');
  assert.ok(match, `no progress on the card: ${JSON.stringify(facts)}`);
  const number = (s: string) => Number(s.replace(/,/g, ''));
  return { state: facts.State, finished: number(match[1]), total: number(match[2]) };
}

/** The job ids a card mentions ("Queued as job 3", "Job 3: …", "cancel job 3"). */
function jobIdsIn(card: Card): Set<number> {
  return new Set([...cardTexts(card).join('\n').matchAll(/\bjob (\d+)\b/gi)].map((m) => Number(m[1])));
}

const sip = (object: string) => object.replace(/^sip:/i, '').toLowerCase();

describe('e2e/replicas: two bot processes on one PostgreSQL database', function () {
  this.timeout(45_000);
  let cluster: ReplicaCluster | undefined;
  let topologyDir: string | undefined;
  let a: Replica;
  let b: Replica;

  const c = () => cluster!;
  const finishedJob = (id: number, timeoutMs: number) =>
    pollUntil(async () => {
      const job = await c().ledger.job(id);
      return job && FINISHED.includes(job.state) ? job : undefined;
    }, `job ${id} to finish`, timeoutMs, 100);

  /** Proposes `text` on one replica and confirms it on another; returns the new job. */
  async function confirmedJob(text: string, proposeOn: Replica, confirmOn: Replica): Promise<JobRow> {
    const before = (await c().ledger.jobs()).length;
    const proposal = await c().client.sayForCard(proposeOn.url, text);
    const confirm = cardAction(proposal, 'proposal.confirm');
    assert.ok(confirm, `no confirm button for "${text}": ${cardTexts(proposal).join(' | ')}`);
    const click = await c().client.invoke(confirmOn.url, confirm.verb, confirm.data);
    assert.ok(click.card, `confirming "${text}" got no card: ${click.message}`);
    assert.match(cardTexts(click.card)[0], /^Queued as job \d+/);
    const jobs = await c().ledger.jobs();
    assert.equal(jobs.length, before + 1);
    return jobs[jobs.length - 1];
  }

  /** Waits until `replica` holds leases on the job and `share` of it is done, SIGKILLs it, returns its leases. */
  /**
   * Kills the replica with SIGKILL once the job is `share` done and it holds leases; returns the
   * leases it left and when it was dead (its last writes carry a time before that).
   */
  async function killMidJob(replica: Replica, job: JobRow, share: number): Promise<{ orphans: LeaseRow[]; deadAt: number }> {
    await pollUntil(
      async () => (await c().ledger.counts(job.id)).done >= share * job.totalItems && (await c().ledger.leases(job.id)).some((l) => l.owner === replica.workerId),
      `${replica.name} mid-job at ${share * 100} %`,
      30_000,
      20,
    );
    await replica.kill('SIGKILL');
    const deadAt = Date.now();
    // A statement the replica sent just before it died still commits on the server: the leases it
    // left are those that stay the same for a moment after the kill (a statement the server is slow
    // to commit may still finish one of them later: its time is before deadAt).
    const held = async () => JSON.stringify((await c().ledger.leases(job.id)).filter((l) => l.owner === replica.workerId));
    let before = await held();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const now = await held();
      if (now === before) break;
      before = now;
    }
    const orphans = JSON.parse(before) as LeaseRow[];
    assert.ok(orphans.length > 0, `${replica.name} held no lease when it died`);
    return { orphans, deadAt };
  }

  /**
   * Every item done; each user moved once in the simulator; every item reported done exactly once
   * in the audit (the item's state and its item.done event are written in one transaction, so a
   * replica killed at any point leaves neither or both).
   */
  async function assertMovedExactlyOnce(job: JobRow, toPool: string, orphans: LeaseRow[]): Promise<void> {
    const { ledger, db } = c();
    assert.equal(job.state, 'completed', `job ${job.id} ended ${job.state}; failed items: ${JSON.stringify(await ledger.failures(job.id))}`);
    assert.deepEqual(await ledger.counts(job.id), { pending: 0, running: 0, done: job.totalItems, failed: 0, cancelled: 0, skipped: 0 });
    const keys = await ledger.itemKeys(job.id);
    const doneEvents = await ledger.doneEvents(job.id);
    assert.ok([...doneEvents.values()].every((n) => n === 1), 'an item was reported done twice');
    const unaudited = keys.filter((k) => !doneEvents.has(k));
    assert.deepEqual(unaudited, [], `${unaudited.length} items have no item.done event`);
    const orphanKeys = new Set((await ledger.items(orphans.map((o) => o.id))).map((i) => i.key));
    assert.deepEqual(unaudited.filter((k) => orphanKeys.has(k)), [], 'an item taken over has no item.done event');
    const moves = (await simMoves(db.url)).filter((m) => m.toPool === toPool);
    const perUser = new Map<string, number>();
    for (const m of moves) perUser.set(sip(m.object), (perUser.get(sip(m.object)) ?? 0) + 1);
    assert.deepEqual([...perUser.keys()].sort(), keys.map(sip).sort());
    assert.deepEqual([...new Set(perUser.values())], [1], 'a user was moved twice');
  }

  before(async function () {
    this.timeout(180_000);
    topologyDir = mkdtempSync(path.join(tmpdir(), 'lyncops-replicas-'));
    const topologyFile = path.join(topologyDir, 'topology.json');
    writeFileSync(topologyFile, JSON.stringify(generateTopologyInput({ usersBySite: { Munich: MUNICH_USERS }, name: 'replicas' })));
    cluster = await startReplicaCluster(this, {
      TOPOLOGY_FILE: topologyFile,
      SIM_MOVE_LATENCY_MS: '20',
      SIM_TRANSIENT_FAILURE_RATE: '0',
      JOB_CONCURRENCY: String(CONCURRENCY),
      JOB_LEASE_MS: String(LEASE_MS),
      NOTIFY_MOVED_USERS: 'false',
      LOG_LEVEL: 'info',
    });
    ensureBuilt();
    [a, b] = await Promise.all([cluster.start('A'), cluster.start('B')]);
  });

  after(async () => {
    await cluster?.close();
    if (topologyDir) rmSync(topologyDir, { recursive: true, force: true });
  });

  it('gives each replica its own worker id, <hostname>:<port>', () => {
    assert.equal(a.workerId, `${hostname()}:${a.port}`);
    assert.equal(b.workerId, `${hostname()}:${b.port}`);
    assert.notEqual(a.workerId, b.workerId);
  });

  let coexistenceJob: number;

  it('starts exactly one job when the confirmation reaches both replicas at once, and again when replayed', async () => {
    const { client, ledger } = c();
    const proposal = await client.sayForCard(a.url, 'run coexistence tests for site Berlin');
    assert.equal(cardTexts(proposal)[0], 'Coexistence test: please confirm');
    const confirm = cardAction(proposal, 'proposal.confirm');
    assert.ok(confirm);
    const clicks = await Promise.all([a, b].map((r) => client.invoke(r.url, confirm.verb, confirm.data)));
    clicks.push(...(await Promise.all([b, a].map((r) => client.invoke(r.url, confirm.verb, confirm.data)))));

    const jobs = await ledger.jobs();
    assert.equal(jobs.length, 1);
    assert.equal(String(jobs[0].proposalId), confirm.data.proposalId);
    coexistenceJob = jobs[0].id;
    for (const click of clicks) {
      assert.equal(click.status, 200);
      assert.ok(click.card, `a click got no card: ${click.message}`);
      assert.deepEqual(jobIdsIn(click.card), new Set([coexistenceJob]));
    }
    assert.equal(clicks.filter((k) => cardTexts(k.card!)[0].startsWith('Queued as job')).length, 1, 'one click queued the job, the others saw it');
    for (const replica of [a, b]) {
      const list = await client.sayForCard(replica.url, 'list jobs');
      assert.deepEqual(cardTexts(list).filter((t) => /^Job \d+:/.test(t)), [`Job ${coexistenceJob}: Coexistence test · site Berlin`]);
    }
  });

  it('shows the same status of a job from either replica', async () => {
    const job = await finishedJob(coexistenceJob, 15_000);
    assert.equal(job.state, 'completed');
    const [fromA, fromB] = await Promise.all([a, b].map((r) => c().client.sayForCard(r.url, `status of job ${coexistenceJob}`)));
    assert.deepEqual(fromA, fromB);
    assert.deepEqual(progressOf(fromA), { state: 'completed', finished: 9, total: 9 });
    assert.ok(cardTexts(fromA).includes('9 of 9 checks passed.'));
  });

  let move: JobRow;

  it('runs a site move on both replicas, whose status agrees from either', async () => {
    const { client, ledger } = c();
    await client.say(a.url, 'resolve problem 1');
    await client.say(a.url, 'sign off the pilot at site Munich');
    move = await confirmedJob('move site Munich to Lync 2013', b, a);
    assert.equal(move.totalItems, MUNICH_USERS * 0.85);

    const owners = new Set<string>();
    await pollUntil(
      async () => {
        for (const lease of await ledger.leases(move.id)) owners.add(lease.owner);
        return owners.has(a.workerId) && owners.has(b.workerId);
      },
      'both replicas to lease items of the move',
      20_000,
      20,
    );
    assert.deepEqual([...owners].sort(), [a.workerId, b.workerId].sort());

    // Read alternately from A, the database and B: each sees at least what the one before saw.
    const finishedInLedger = async () => {
      const n = await ledger.counts(move.id);
      return n.done + n.failed + n.skipped + n.cancelled;
    };
    const first = progressOf(await client.sayForCard(a.url, `status of job ${move.id}`));
    const ledger1 = await finishedInLedger();
    const second = progressOf(await client.sayForCard(b.url, `status of job ${move.id}`));
    const ledger2 = await finishedInLedger();
    const third = progressOf(await client.sayForCard(a.url, `status of job ${move.id}`));
    const seen = [first.finished, ledger1, second.finished, ledger2, third.finished];
    assert.deepEqual([...seen].sort((x, y) => x - y), seen, `progress went backwards: ${seen.join(' → ')}`);
    for (const p of [first, second, third]) assert.deepEqual({ state: p.state, total: p.total }, { state: 'running', total: move.totalItems });
  });

  it("finishes replica A's items on replica B after A is killed with SIGKILL mid-job", async () => {
    const { orphans, deadAt } = await killMidJob(a, move, 0.4);
    const job = await finishedJob(move.id, 40_000);
    await assertMovedExactlyOnce(job, 'lync-muc.contoso.local', orphans);
    for (const item of await c().ledger.items(orphans.map((o) => o.id))) {
      const lease = orphans.find((o) => o.id === item.id)!;
      assert.equal(item.state, 'done');
      // Finished by A itself in a statement sent before it died, or by B once A's lease had run out.
      assert.ok(item.updatedAt <= deadAt || item.updatedAt >= lease.leaseUntil, `item ${item.id} was taken over before A's lease ran out`);
    }
    const status = progressOf(await c().client.sayForCard(b.url, `status of job ${move.id}`));
    assert.deepEqual(status, { state: 'completed', finished: move.totalItems, total: move.totalItems });
  });

  it('gives a replica restarted on the same host and port its worker id back, and it resumes its own items at once', async () => {
    // A long lease: the interrupted items could otherwise only come back after a minute.
    const env = { JOB_LEASE_MS: '60000' };
    const first = await c().start('C', { env });
    assert.equal(first.workerId, `${hostname()}:${first.port}`);
    const job = await confirmedJob('move site Berlin to Lync 2013 force', first, b);
    const { orphans } = await killMidJob(first, job, 0.2);
    // What the first process still holds as the new one starts (a late commit of its own may have finished one meanwhile).
    const held = (await c().ledger.leases(job.id)).filter((l) => l.owner === first.workerId);

    const restarted = await c().start('C', { env, port: first.port });
    assert.equal(restarted.workerId, first.workerId);
    const resumed = await pollUntil(async () => restarted.logs.find((l) => l.msg === 'resuming items interrupted by a restart'), 'the restart to release its leases', 10_000);
    assert.equal(resumed.released, held.length);
    assert.ok(held.length > 0 && held.every((l) => orphans.some((o) => o.id === l.id)), 'it releases what the first process left');

    const finished = await finishedJob(job.id, 30_000);
    await assertMovedExactlyOnce(finished, 'lync-ber.contoso.local', orphans);
    const firstExpiry = Math.min(...orphans.map((o) => o.leaseUntil));
    for (const item of await c().ledger.items(orphans.map((o) => o.id))) {
      assert.equal(item.state, 'done');
      assert.ok(item.updatedAt < firstExpiry, `item ${item.id} waited for its old lease to expire`);
    }
  });
});

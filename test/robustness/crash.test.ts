// Crash drill against the compiled server: a 5,000-user site move (generated topology), confirmed
// through HTTP like a Teams click, with the process killed by SIGKILL at five points of the job
// (drawn from a seeded RNG) and restarted each time on the same port and SQLite file. At the end
// every movable Berlin user is on Lync 2013, the simulator recorded exactly one move per user,
// every job item is `done`, and each restart picked up its own interrupted items at once.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardInvoke, message, post, proposalIdIn, repliesOf, replyText } from '../helpers/host/activities';
import { freeFixedPort, runCli, simMovesCli, startServerProcess, type ServerProcess } from '../helpers/host/process';
import { itemStates, jobItems, jobs, leasedItems } from '../helpers/host/store-views';
import { startFakeConnector, type FakeConnector } from '../bot/helpers/http';

const SEED = 20131;
const KILLS = 5;
const USERS_PER_SITE = 5000;

/** mulberry32: a small seeded PRNG, so the kill points are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One point per equal slice of 5 %..90 % of the job, so the kills are random yet spread out. */
function killPoints(random: () => number, count: number): number[] {
  const from = 0.05;
  const width = (0.9 - from) / count;
  return Array.from({ length: count }, (_, i) => from + width * (i + random()));
}

interface TopologyUser {
  sip: string;
  displayName: string;
  homePool: string;
  testUser?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('robustness: crash drill (compiled server, SIGKILL)', function () {
  this.timeout(150_000);
  let dir: string;
  let dbFile: string;
  let env: Record<string, string>;
  let port: number;
  let connector: FakeConnector;
  let server: ServerProcess | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-robust-crash-'));
    dbFile = join(dir, 'lyncops.sqlite');
    const topologyFile = join(dir, 'topology.json');
    writeFileSync(topologyFile, await runCli(['topology', 'generate', '--users-per-site', String(USERS_PER_SITE)], {}));
    env = {
      STORE_URL: dbFile,
      TOPOLOGY_FILE: topologyFile,
      SIM_MOVE_LATENCY_MS: '3',
      SIM_TRANSIENT_FAILURE_RATE: '0',
      JOB_LEASE_MS: '2000',
      NOTIFY_MOVED_USERS: 'false',
      CARD_UPDATE_INTERVAL_MS: '1000',
      LOG_LEVEL: 'info',
    };
    port = await freeFixedPort();
    connector = await startFakeConnector();
  });

  after(async () => {
    if (server) await server.stop();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`moves every Berlin user exactly once through ${KILLS} SIGKILLs and restarts`, async () => {
    const drillStarted = Date.now();
    server = await startServerProcess({ port, env });

    // The admin asks, the card is posted to the channel, the admin clicks Confirm on it.
    await post(server.url, message('move site Berlin to Lync 2013 force', { serviceUrl: connector.url }));
    const posted = connector.calls.find((c) => c.method === 'POST' && /"proposal\.confirm"/.test(JSON.stringify(c.body)));
    assert.ok(posted, 'the confirmation card was posted');
    const proposalId = proposalIdIn(posted.body);
    const click = await post(server.url, cardInvoke('proposal.confirm', { verb: 'proposal.confirm', proposalId }, { serviceUrl: connector.url, replyToId: 'posted-1' }));
    assert.equal(click.status, 200);
    assert.match(click.text, /Queued as job/);
    const [job] = jobs(dbFile);
    const jobId = String(job.id);
    const total = job.total_items;
    assert.ok(total >= USERS_PER_SITE - 10, `a site-wide job (${total} items)`);

    const timeline: string[] = [];
    for (const [i, fraction] of killPoints(seeded(SEED), KILLS).entries()) {
      const target = Math.floor(fraction * total);
      let states = itemStates(dbFile, jobId);
      while ((states.done ?? 0) < target) {
        assert.equal(server.child.exitCode, null, 'the server is still running');
        await sleep(20);
        states = itemStates(dbFile, jobId);
      }
      const exit = await server.kill('SIGKILL');
      assert.equal(exit.signal, 'SIGKILL');
      const atKill = itemStates(dbFile, jobId);
      const leasedAtKill = leasedItems(dbFile, jobId);
      const restartedAt = Date.now();
      server = await startServerProcess({ port, env });
      const ready = Date.now() - restartedAt;
      let resumed = itemStates(dbFile, jobId).done ?? 0;
      while (resumed <= (atKill.done ?? 0) && Date.now() - restartedAt < 30_000) {
        await sleep(10);
        resumed = itemStates(dbFile, jobId).done ?? 0;
      }
      const resumedAfter = Date.now() - restartedAt;
      const released = server.logs.find((l) => l.msg === 'resuming items interrupted by a restart')?.released;
      timeline.push(
        `kill ${i + 1} at ${(fraction * 100).toFixed(1)} % (done ${atKill.done ?? 0}, running ${atKill.running ?? 0}, leased ${leasedAtKill}); ` +
          `restarted in ${ready} ms, first item done ${resumedAfter} ms after the restart, own leases released: ${String(released ?? 0)}`,
      );
      assert.ok(resumed > (atKill.done ?? 0), 'the job went on after the restart');
      // Its leases: the items it was running and those it had leased ahead (pending).
      if (leasedAtKill) assert.equal(released, leasedAtKill, 'the restart released its own interrupted items at once');
      assert.ok(resumedAfter < 2000 + ready, `resumed before the lease (2 s) could expire: ${resumedAfter} ms`);
    }

    for (let waited = 0; !['completed', 'completedWithErrors', 'cancelled'].includes(jobs(dbFile)[0].state); waited += 50) {
      assert.ok(waited < 60_000, `job finished in time (states ${JSON.stringify(itemStates(dbFile, jobId))})`);
      await sleep(50);
    }
    for (const line of timeline) console.log(`      ${line}`);
    console.log(`      ${total} items done in ${((Date.now() - drillStarted) / 1000).toFixed(1)} s including ${KILLS} crashes`);

    // Every item done, the job completed.
    assert.equal(jobs(dbFile)[0].state, 'completed');
    assert.deepEqual(itemStates(dbFile, jobId), { done: total });

    // The simulator moved each user exactly once, and only the job's users.
    const items = jobItems(dbFile, jobId);
    const moves = await simMovesCli(dbFile);
    const movedObjects = moves.map((m) => m.object.replace(/^sip:/i, '').toLowerCase());
    assert.equal(moves.length, total, 'one move record per item');
    assert.equal(new Set(movedObjects).size, total, 'no user moved twice');
    assert.deepEqual(new Set(movedObjects), new Set(items.map((it) => it.key.toLowerCase())));
    assert.ok(moves.every((m) => m.fromPool === 'ocs-ber.contoso.local' && m.toPool === 'lync-ber.contoso.local'));

    // Every Berlin user that can be moved is on Lync 2013: all OCS-homed users of the topology
    // except health-test users and names with leading/trailing spaces (which Move-CsLegacyUser refuses).
    const topology = JSON.parse(readFileSync(env.TOPOLOGY_FILE, 'utf8')) as { users: TopologyUser[] };
    const movable = topology.users.filter((u) => u.homePool === 'ocs-ber.contoso.local' && !u.testUser && u.displayName === u.displayName.trim());
    assert.deepEqual(new Set(movedObjects), new Set(movable.map((u) => u.sip.toLowerCase())));
    const status = await post(server.url, message('status of site Berlin', { expectReplies: true, serviceUrl: connector.url }));
    const facts = replyText(repliesOf(status));
    assert.match(facts, new RegExp(`"Users on Lync 2013","value":"${total.toLocaleString('en-US')}"`));
    const unmovable = topology.users.filter((u) => u.homePool === 'ocs-ber.contoso.local' && !u.testUser).length - movable.length;
    assert.match(facts, new RegExp(`"Users on OCS 2007 R2","value":"${unmovable}"`));

    const exit = await server.stop();
    server = undefined;
    assert.deepEqual(exit, { code: 0, signal: null });
  });
});

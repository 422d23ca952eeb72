// Restart drill: a site move of N users on the compiled bot, the process killed with SIGKILL
// part-way (once or several times) and started again on the same SQLite file; then checks that
// every user is on Lync 2013, the simulator recorded exactly one move per user and every job
// item is done. Usage: node dist/scripts/drill/restart.js [users=2000] [kills=1] [latencyMs=5]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'bot', 'cli.js');
const ADMIN = { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' };

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function post(port: number, activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', recipient: { id: 'bot' }, from: ADMIN, conversation: { id: 'drill', conversationType: 'personal' }, locale: 'en-US', deliveryMode: 'expectReplies', ...activity }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('bot did not become healthy');
}

function start(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [cli, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

function itemStates(dbFile: string, jobId: string): Record<string, number> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT state, count(*) AS n FROM items WHERE job_id = ? GROUP BY state').all(Number(jobId)) as Array<{ state: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const [users = 2000, kills = 1, latency = 5] = process.argv.slice(2).map(Number);
  const random = seeded(42);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyncops-drill-'));
  const topologyFile = path.join(dir, 'topology.json');
  const gen = spawnSync(process.execPath, [cli, 'topology', 'generate', '--users-per-site', String(users)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (gen.status !== 0) throw new Error(gen.stderr);
  fs.writeFileSync(topologyFile, gen.stdout);
  const dbFile = path.join(dir, 'store.sqlite');
  const port = 20000 + Math.floor(random() * 20000);
  const env = { ...process.env, PORT: String(port), STORE_URL: dbFile, TOPOLOGY_FILE: topologyFile, SIM_MOVE_LATENCY_MS: String(latency), SIM_TRANSIENT_FAILURE_RATE: '0.02', LOG_LEVEL: 'warn', NOTIFY_MOVED_USERS: 'false' };

  let bot = start(env);
  await waitHealthy(port);
  const planned = await post(port, { type: 'message', id: 'm1', text: 'move site Berlin to Lync 2013 force' });
  const card = JSON.stringify(planned.body);
  const proposalId = /"proposalId":"(\d+)"/.exec(card)?.[1];
  if (!proposalId) throw new Error(`no proposal in ${card.slice(0, 300)}`);
  // Accounts the plan declined (disabled, spaces in the name) stay on OCS by design.
  const willNotMove = /Will not move: ([^"]*)"/.exec(card)?.[1] ?? '';
  const skipped = (willNotMove.match(/@/g) ?? []).length;
  const total = Number(/"How many","value":"([\d,.]+)/.exec(card)?.[1].replace(/[,.]/g, '') ?? users);
  const t0 = Date.now();
  await post(port, { type: 'invoke', name: 'adaptiveCard/action', id: 'i1', value: { action: { type: 'Action.Execute', verb: 'proposal.confirm', data: { verb: 'proposal.confirm', proposalId, lang: 'en' } }, trigger: 'manual' } });
  const jobId = '1';
  const points = Array.from({ length: kills }, () => 0.1 + random() * 0.8).sort((a, b) => a - b);
  for (const point of points) {
    for (;;) {
      const s = itemStates(dbFile, jobId);
      if ((s.done ?? 0) + (s.failed ?? 0) >= point * total) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    bot.kill('SIGKILL');
    await new Promise((r) => bot.once('exit', r));
    const s = itemStates(dbFile, jobId);
    process.stdout.write(`killed at ${Math.round(((s.done ?? 0) / total) * 100)} %: ${JSON.stringify(s)}\n`);
    bot = start(env);
    await waitHealthy(port);
  }
  for (;;) {
    const s = itemStates(dbFile, jobId);
    if ((s.pending ?? 0) + (s.running ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const elapsed = Date.now() - t0;
  const status = JSON.stringify((await post(port, { type: 'message', id: 'm2', text: 'status of site Berlin' })).body);
  bot.kill('SIGTERM');
  await new Promise((r) => bot.once('exit', r));
  const moves = spawnSync(process.execPath, [cli, 'sim', 'moves'], { env, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { object: string });
  const perUser = new Map<string, number>();
  for (const m of moves) perUser.set(m.object, (perUser.get(m.object) ?? 0) + 1);
  const twice = [...perUser.values()].filter((n) => n > 1).length;
  const states = itemStates(dbFile, jobId);
  const onOcs = /"Users on OCS 2007 R2","value":"([\d,.]+)"/.exec(status)?.[1];
  const summary = { users: total, kills, latencyMs: latency, elapsedMs: elapsed, items: states, movesRecorded: moves.length, usersMoved: perUser.size, movedTwice: twice, berlinUsersLeftOnOcs: onOcs, skippedByPlan: skipped };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  const ok = twice === 0 && perUser.size === total && states.done === total && onOcs === String(skipped);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

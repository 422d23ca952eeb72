// Site status over a large deployment: "status of site Berlin" turns over HTTP with expectReplies,
// each timed by the client from request to complete response, against the bot on a generated
// topology of 4 sites x 25,000 users and against the same bot on the demo topology (a few hundred
// users), each in its own process, the same way in the same run. The judged figure is the ratio
// of the two p99s: a status turn must not grow with the deployment. On the large bot the same run
// also times the dashboard's overview JSON (GET /api/dashboard/overview with a session from the
// chat's sign-in link), judged as the ratio of its p99 to the status turn's p99 there. Absolute
// times are printed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { figure, percentile, round, runAsChild, type Figure } from './figures';
import { messageActivity } from './load';
import { baseEnv, CLI, startBot, tempDir } from './processes';

const USERS_PER_SITE = 25_000;
const WARMUP_TURNS = 20;
const TURNS = 500;

async function statusTurn(url: string, n: number, expected: RegExp): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity('status of site Berlin', n)),
  });
  const body = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200 || !expected.test(body)) throw new Error(`unexpected status turn ${response.status}: ${body.slice(0, 300)}`);
  return elapsed;
}

/** A dashboard session: the link the bot answers "dashboard" with, exchanged for the cookie. */
async function dashboardSession(url: string): Promise<string> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity('dashboard', 0)) });
  const link = /"url":"([^"]+\/dashboard\/open\?t=[^"]+)"/.exec(await response.text())?.[1];
  if (!link) throw new Error('the bot gave no dashboard link');
  const opened = await fetch(link, { redirect: 'manual' });
  const cookie = opened.headers.get('set-cookie')?.split(';')[0];
  if (opened.status !== 303 || !cookie) throw new Error(`the dashboard link was not accepted (${opened.status})`);
  return cookie;
}

async function overviewRequest(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/dashboard/overview`, { headers: { cookie } });
  const body = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200 || !/"site":"Berlin"/.test(body)) throw new Error(`unexpected overview ${response.status}: ${body.slice(0, 300)}`);
  return elapsed;
}

/** Starts the bot (on `topologyFile`, else the demo), times the turns (and overview requests), stops it. */
async function measure(topologyFile: string | undefined, expected: RegExp, withOverview = false): Promise<{ startMs: number; times: number[]; overview: number[] }> {
  const started = performance.now();
  const bot = await startBot({ env: topologyFile ? { TOPOLOGY_FILE: topologyFile } : {} });
  const startMs = performance.now() - started;
  try {
    for (let i = 0; i < WARMUP_TURNS; i++) await statusTurn(bot.url, i, expected);
    const times: number[] = [];
    for (let i = 0; i < TURNS; i++) times.push(await statusTurn(bot.url, WARMUP_TURNS + i, expected));
    const overview: number[] = [];
    if (withOverview) {
      const cookie = await dashboardSession(bot.url);
      for (let i = 0; i < WARMUP_TURNS; i++) await overviewRequest(bot.url, cookie);
      for (let i = 0; i < TURNS; i++) overview.push(await overviewRequest(bot.url, cookie));
    }
    return { startMs, times, overview };
  } finally {
    await bot.stop();
  }
}

export async function measureSiteStatus(): Promise<Figure[]> {
  const dir = tempDir('topology');
  const file = path.join(dir, 'topology.json');
  try {
    fs.writeFileSync(file, execFileSync(process.execPath, [CLI, 'topology', 'generate', '--users-per-site', String(USERS_PER_SITE)], { env: baseEnv(), maxBuffer: 512 * 1024 * 1024 }));
    const users = (JSON.parse(fs.readFileSync(file, 'utf8')) as { users: unknown[] }).users.length;
    // The generated Berlin holds 25,000 users (plus the topology's fixed ones) on its OCS pool.
    const large = await measure(file, /"Site Berlin"[\s\S]*"2\d,\d{3}"/, true);
    const demo = await measure(undefined, /"Site Berlin"[\s\S]*ocs-ber\.contoso\.local/);
    const p99 = percentile(large.times, 99);
    const demoP99 = percentile(demo.times, 99);
    return [
      figure('siteStatus.topologyUsers', users, 'users'),
      figure('siteStatus.startToReady', Math.round(large.startMs), 'ms'),
      figure('siteStatus.turns', TURNS, 'turns'),
      figure('siteStatus.p50', round(percentile(large.times, 50)), 'ms'),
      figure('siteStatus.p99', round(p99), 'ms'),
      figure('siteStatus.demo.p50', round(percentile(demo.times, 50)), 'ms'),
      figure('siteStatus.demo.p99', round(demoP99), 'ms'),
      figure('siteStatus.p99.ratio', round(p99 / demoP99, 2), 'x'),
      figure('dashboard.overview.requests', TURNS, 'requests'),
      figure('dashboard.overview.p50', round(percentile(large.overview, 50)), 'ms'),
      figure('dashboard.overview.p99', round(percentile(large.overview, 99)), 'ms'),
      figure('dashboard.overview.p99.ratio', round(percentile(large.overview, 99) / p99, 2), 'x'),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsChild(measureSiteStatus);

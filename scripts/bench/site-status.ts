// Site status over a large deployment: a generated topology of 4 sites x 25,000 users, the bot
// started on it (TOPOLOGY_FILE), then ~500 sequential "status of site Berlin" turns over HTTP
// with expectReplies, each timed by the client from request to complete response.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { figure, percentile, round, runAsChild, type Figure } from './figures';
import { messageActivity } from './load';
import { baseEnv, CLI, startBot, tempDir } from './processes';

const USERS_PER_SITE = 25_000;
const WARMUP_TURNS = 20;
const TURNS = 500;

async function statusTurn(url: string, n: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity('status of site Berlin', n)),
  });
  const body = await response.text();
  const elapsed = performance.now() - started;
  // The generated Berlin holds 25,000 users (plus the topology's fixed ones) on its OCS pool.
  if (response.status !== 200 || !/"Site Berlin"[\s\S]*"2\d,\d{3}"/.test(body)) throw new Error(`unexpected status turn ${response.status}: ${body.slice(0, 300)}`);
  return elapsed;
}

export async function measureSiteStatus(): Promise<Figure[]> {
  const dir = tempDir('topology');
  const file = path.join(dir, 'topology.json');
  try {
    fs.writeFileSync(file, execFileSync(process.execPath, [CLI, 'topology', 'generate', '--users-per-site', String(USERS_PER_SITE)], { env: baseEnv(), maxBuffer: 512 * 1024 * 1024 }));
    const users = (JSON.parse(fs.readFileSync(file, 'utf8')) as { users: unknown[] }).users.length;
    const started = performance.now();
    const bot = await startBot({ env: { TOPOLOGY_FILE: file } });
    const startMs = performance.now() - started;
    try {
      for (let i = 0; i < WARMUP_TURNS; i++) await statusTurn(bot.url, i);
      const times: number[] = [];
      for (let i = 0; i < TURNS; i++) times.push(await statusTurn(bot.url, WARMUP_TURNS + i));
      return [
        figure('siteStatus.topologyUsers', users, 'users'),
        figure('siteStatus.startToReady', Math.round(startMs), 'ms'),
        figure('siteStatus.turns', TURNS, 'turns'),
        figure('siteStatus.p50', round(percentile(times, 50)), 'ms'),
        figure('siteStatus.p99', round(percentile(times, 99)), 'ms'),
      ];
    } finally {
      await bot.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsChild(measureSiteStatus);

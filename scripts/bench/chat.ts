// Chat turn throughput: "status of site Berlin" from the demo admin, posted with expectReplies by
// 16 and 64 connections, against the real lyncops server and against the minimal reference bot
// (reference-bot.ts), each in its own process, the same way in the same run. Every request opens
// a new conversation. The judged figures are ratios to the reference: throughput, and p99 latency
// (autocannon reports whole milliseconds, so a p99 under 1 ms counts as 1). Set BENCH_PROFILE_DIR
// to run the lyncops server under --cpu-prof.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { figure, round, runAsChild, type Figure } from './figures';
import { messageActivity, postMessages, type LoadResult } from './load';
import { baseEnv, startBot, stopChild, waitForOk, type Spawned } from './processes';

const TEXT = 'status of site Berlin';
const CONNECTIONS = [16, 64];
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = 10;

async function startReference(): Promise<Spawned> {
  const child = spawn(process.execPath, ['--no-deprecation', path.join(__dirname, 'reference-bot.js')], { env: { ...baseEnv(), PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', () => reject(new Error('reference bot exited before listening')));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const { port } = JSON.parse(line) as { port: number };
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/healthz`, child, 10_000);
  return { child, url, stop: () => stopChild(child) };
}

/** One turn, checked: both bots must answer with a card, lyncops with the real status of Berlin. */
async function checkTurn(url: string, expected: RegExp): Promise<number> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(TEXT, 0)),
  });
  const body = await response.text();
  if (response.status !== 200 || !expected.test(body)) throw new Error(`${url}: unexpected answer ${response.status} ${body.slice(0, 300)}`);
  return Buffer.byteLength(body);
}

export async function measureChat(): Promise<Figure[]> {
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const lyncops = await startBot({ nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  let reference: Spawned | undefined;
  try {
    reference = await startReference();
    const figures: Figure[] = [
      figure('chat.lyncops.replyBytes', await checkTurn(lyncops.url, /"AdaptiveCard"[\s\S]*Berlin[\s\S]*ocs-ber\.contoso\.local/), 'B'),
      figure('chat.reference.replyBytes', await checkTurn(reference.url, /"AdaptiveCard"/), 'B'),
    ];
    let non2xx = 0;
    for (const connections of CONNECTIONS) {
      const results: Record<string, LoadResult> = {};
      for (const [name, target] of [['lyncops', lyncops], ['reference', reference]] as const) {
        await postMessages(target.url, TEXT, connections, WARMUP_SECONDS);
        const r = await postMessages(target.url, TEXT, connections, MEASURE_SECONDS);
        results[name] = r;
        non2xx += r.non2xx + r.errors;
        figures.push(
          figure(`chat.${name}.c${connections}.rps`, r.rps, 'req/s'),
          figure(`chat.${name}.c${connections}.p50`, r.p50, 'ms'),
          figure(`chat.${name}.c${connections}.p99`, r.p99, 'ms'),
        );
      }
      figures.push(
        figure(`chat.ratio.c${connections}`, round(results.lyncops.rps / results.reference.rps, 2), 'x'),
        figure(`chat.p99ratio.c${connections}`, round(results.lyncops.p99 / Math.max(1, results.reference.p99), 2), 'x'),
      );
    }
    figures.push(figure('chat.non2xxOrErrors', non2xx, 'responses'));
    return figures;
  } finally {
    await reference?.stop();
    await lyncops.stop();
  }
}

if (require.main === module) runAsChild(measureChat);

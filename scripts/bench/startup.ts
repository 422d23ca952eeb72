// Start to first reply: from spawning a bot process until its first answered chat turn ("status of
// site Berlin" from the demo admin, posted with expectReplies as soon as the port accepts), for
// `node dist/bot/cli.js serve` (demo topology, a fresh SQLite store each time, so the schema is
// created too) and for the plain botbuilder reference bot (state and a card, reference-bot.ts).
// Both are started alternately in the same run on the same machine, so the judged figure is the
// ratio of the medians; the absolute times are printed for reading, never judged. Each pair
// swaps which of the two starts first, so neither always follows the other's exit (page cache,
// CPU frequency, a neighbour's burst), and fifteen pairs keep one noisy start from moving a median.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { figure, median, round, runAsChild, type Figure } from './figures';
import { messageActivity } from './load';
import { baseEnv, CLI, freePort, stopChild, tempDir } from './processes';

const STARTS = 15;
const TEXT = 'status of site Berlin';
const POLL_MS = 2;

interface Start {
  firstReplyMs: number;
  /** How long the answered request itself took (the first turn, from the client's side). */
  firstTurnMs: number;
  stopMs: number;
}

/** Posts the turn until one is answered with a card; resolves with the times since `startedAt` and of that request. */
async function firstReply(url: string, child: ChildProcess, startedAt: number, expected: RegExp, deadlineMs = 30_000): Promise<{ firstReplyMs: number; firstTurnMs: number }> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let n = 0; performance.now() - startedAt < deadlineMs; n++) {
    if (exited) throw new Error(`process exited before ${url} answered`);
    const sent = performance.now();
    try {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity(TEXT, n)),
      });
      const body = await response.text();
      const now = performance.now();
      if (response.status === 200 && expected.test(body)) return { firstReplyMs: now - startedAt, firstTurnMs: now - sent };
      if (response.status !== 503) throw new Error(`${url}: unexpected first answer ${response.status} ${body.slice(0, 300)}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // fetch failed: nothing listens yet
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${url} gave no reply within ${deadlineMs} ms`);
}

async function timeStop(child: ChildProcess): Promise<number> {
  const started = performance.now();
  await stopChild(child);
  return performance.now() - started;
}

async function startLyncops(): Promise<Start> {
  const port = await freePort();
  const dir = tempDir('startup');
  try {
    const startedAt = performance.now();
    const child = spawn(process.execPath, [CLI, 'serve'], {
      cwd: dir,
      env: { ...baseEnv(), PORT: String(port), STORE_URL: path.join(dir, 'lyncops.sqlite'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const reply = await firstReply(`http://127.0.0.1:${port}`, child, startedAt, /"AdaptiveCard"[\s\S]*Berlin[\s\S]*ocs-ber\.contoso\.local/);
      return { ...reply, stopMs: await timeStop(child) };
    } finally {
      await stopChild(child);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function startReference(): Promise<Start> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--no-deprecation', path.join(__dirname, 'reference-bot.js')], {
    env: { ...baseEnv(), PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const reply = await firstReply(`http://127.0.0.1:${port}`, child, startedAt, /"AdaptiveCard"/);
    return { ...reply, stopMs: await timeStop(child) };
  } finally {
    await stopChild(child);
  }
}

export async function measureStartup(): Promise<Figure[]> {
  const lyncops: Start[] = [];
  const reference: Start[] = [];
  // One start of each to warm the file cache, then alternating starts: drift on a shared machine
  // touches both series alike.
  await startLyncops();
  await startReference();
  for (let i = 0; i < STARTS; i++) {
    if (i % 2 === 0) {
      lyncops.push(await startLyncops());
      reference.push(await startReference());
    } else {
      reference.push(await startReference());
      lyncops.push(await startLyncops());
    }
  }
  const lyncopsMedian = median(lyncops.map((s) => s.firstReplyMs));
  const referenceMedian = median(reference.map((s) => s.firstReplyMs));
  return [
    figure('startup.lyncops.firstReply.median', Math.round(lyncopsMedian), 'ms'),
    figure('startup.lyncops.firstReply.max', Math.round(Math.max(...lyncops.map((s) => s.firstReplyMs))), 'ms'),
    figure('startup.reference.firstReply.median', Math.round(referenceMedian), 'ms'),
    figure('startup.reference.firstReply.max', Math.round(Math.max(...reference.map((s) => s.firstReplyMs))), 'ms'),
    figure('startup.lyncops.firstTurn.median', Math.round(median(lyncops.map((s) => s.firstTurnMs))), 'ms'),
    figure('startup.reference.firstTurn.median', Math.round(median(reference.map((s) => s.firstTurnMs))), 'ms'),
    figure('startup.ratio', round(lyncopsMedian / referenceMedian, 2), 'x'),
    figure('startup.lyncops.stop.max', Math.round(Math.max(...lyncops.map((s) => s.stopMs))), 'ms'),
    figure('startup.starts', STARTS, 'starts'),
  ];
}

if (require.main === module) runAsChild(measureStartup);

// Start to ready: from spawning `node dist/bot/cli.js serve` (demo topology, a fresh SQLite store
// each time, so the schema is created too) until GET /healthz answers 200. Median of 5 starts.
import { figure, median, runAsChild, type Figure } from './figures';
import { startBot } from './processes';

const STARTS = 5;

export async function measureStartup(): Promise<Figure[]> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const bot = await startBot({ readyDeadlineMs: 30_000 });
    times.push(performance.now() - started);
    await bot.stop();
  }
  return [
    figure('startup.median', Math.round(median(times)), 'ms'),
    figure('startup.max', Math.round(Math.max(...times)), 'ms'),
    figure('startup.starts', STARTS, 'starts'),
  ];
}

if (require.main === module) runAsChild(measureStartup);

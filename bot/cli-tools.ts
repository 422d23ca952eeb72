// The CLI's offline tools: `parse` (text -> Command JSON, one line per input line), `sim moves`
// (the simulator's move records) and `topology generate` (a deployment for drills and
// benchmarks). `parse` opens no store and starts no server, so it stays fast.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { catalogFromTopology, recognize } from '../dialogs/recognizer';
import { generateTopologyInput } from '../migration/demo-topology';
import type { Logger } from '../migration/ports';
import { TopologyIndex } from '../migration/topology';
import type { Config } from './config';
import { openConfiguredStore } from './store-url';
import { loadTopology } from './topology-file';

async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}

/** Parses each input (argv text, else every stdin line) and prints the Command as compact JSON. */
export async function parseCommand(config: Pick<Config, 'topologyFile'> & Partial<Pick<Config, 'pilotGroup'>>, args: string[], input: Readable, out: Writable): Promise<void> {
  const catalog = catalogFromTopology(new TopologyIndex(await loadTopology(config.topologyFile)), config.pilotGroup);
  const emit = (line: string) => {
    const text = line.replace(/\r$/, '');
    const command = text.trim() === '' ? { intent: 'unknown' } : recognize(text, catalog).command;
    return writeLine(out, JSON.stringify(command));
  };
  if (args.length) {
    await emit(args.join(' '));
    return;
  }
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) await emit(line);
}

/** Prints the simulator's move records from the configured store, one JSON object per line. */
export async function simMoves(config: Pick<Config, 'store'>, out: Writable, logger: Logger): Promise<void> {
  const store = await openConfiguredStore(config.store.url, logger);
  try {
    for (const move of await store.simMoves()) await writeLine(out, JSON.stringify(move));
  } finally {
    await store.close();
  }
}

const GenerateArgs = z.object({
  usersPerSite: z.coerce.number().int().min(1).max(200_000),
  seed: z.coerce.number().int().optional(),
});

export class UsageError extends Error {}

/** `topology generate --users-per-site N [--seed S]`: the topology JSON on stdout. */
export async function generateTopologyCommand(args: string[], out: Writable): Promise<void> {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    if (flag !== '--users-per-site' && flag !== '--seed') throw new UsageError(`unknown option ${args[i]}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    values[flag === '--seed' ? 'seed' : 'usersPerSite'] = value;
  }
  if (values.usersPerSite === undefined) throw new UsageError('--users-per-site is required');
  const parsed = GenerateArgs.safeParse(values);
  if (!parsed.success) {
    const field = parsed.error.issues[0].path[0] === 'seed' ? '--seed must be an integer' : '--users-per-site must be an integer between 1 and 200000';
    throw new UsageError(field);
  }
  const topology = generateTopologyInput({ usersPerSite: parsed.data.usersPerSite, seed: parsed.data.seed, name: `generated-${parsed.data.usersPerSite}` });
  await writeLine(out, JSON.stringify(topology));
}

#!/usr/bin/env node
// The `lyncops` command: serve (default), parse, sim moves, topology generate, playground.
// Configuration problems print one line and exit 2; usage errors print the usage and exit 2.
// Heavy modules load lazily, so `parse` starts fast and never touches the store or the network.
// First: zod's locales load only when read (bot/zod-locales.ts); config.ts below imports zod.
import './zod-locales';
import { configErrorLine, ConfigError, loadConfig, type Config } from './config';
import { createLogger, errorFields } from './logger';
import type { Logger } from '../migration/ports';

export const USAGE = `Usage: lyncops [command]

Commands:
  serve                                   run the bot (default): POST /api/messages, GET /healthz
  parse [text]                            print the command recognised in text (or in each stdin line) as JSON
  sim moves                               print the simulator's move records from the store, one JSON per line
  topology generate --users-per-site N [--seed S]
                                          print a generated topology (JSON) for drills and benchmarks
  playground [--as pilot]                 run the bot with the Microsoft 365 Agents Playground on http://localhost:56150
  --help                                  show this help

Configuration comes from the environment (PORT, LYNC_BACKEND, DIRECTORY, STORE_URL, TOPOLOGY_FILE, ...).
`;

export const PLAYGROUND_USAGE = `Usage: lyncops playground [--as admin|pilot]   (npm run playground -- [--as admin|pilot])

Runs the bot and the Microsoft 365 Agents Playground (a local Teams client) against it, and prints
the playground's URL (http://localhost:56150). Ctrl-C stops both.

Options:
  --as admin   talk as Alex Wilber, an admin of the demo topology (default; .m365agentsplayground.yml)
  --as pilot   talk as alice@contoso.com, a pilot user (playground/pilot.yml)
  --help       show this help

M365_AGENTS_PLAYGROUND_CONFIG_PATH=your.yml picks another playground user file.
`;

class Usage extends Error {}

// restify's HTTP/2 dependency touches process.binding('http_parser') at load; Node's warning about
// it would be the only non-JSON line in the log.
// Under `node --no-deprecation` the flag is already set, and read-only.
if (!process.noDeprecation) process.noDeprecation = true;

/** Long-running commands log an unexpected failure as JSON and exit, instead of a raw stack. */
function exitOnUnexpected(logger: Logger): void {
  const fail = (error: unknown) => {
    logger.error(errorFields(error), 'unexpected failure; exiting');
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

async function serve(config: Config, logger: Logger): Promise<number> {
  exitOnUnexpected(logger);
  const { startApp } = await import('./compose');
  const app = await startApp(config, { logger });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await app.close();
  return 0;
}

/** `--help` anywhere in a command's arguments asks for its usage instead of running it. */
const wantsHelp = (args: string[]) => args.some((a) => a === '--help' || a === '-h');

async function playground(config: Config, args: string[], logger: Logger): Promise<number> {
  let profile: 'admin' | 'pilot' | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    const value = inline ?? args[i + 1];
    if (flag !== '--as' || (value !== 'pilot' && value !== 'admin')) throw new Usage(`playground: unknown option ${args[i]} (use --as pilot or --as admin)`);
    profile = value;
    if (inline === undefined) i++;
  }
  exitOnUnexpected(logger);
  const { startPlayground } = await import('./playground');
  const running = await startPlayground(config, { profile, out: process.stdout, logger });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    running.child.once('exit', () => resolve());
  });
  await running.stop();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const known = ['serve', 'parse', 'sim', 'topology', 'playground'];
  if (!known.includes(command)) throw new Usage(`unknown command: ${command}`);
  if (wantsHelp(rest)) {
    process.stdout.write(command === 'playground' ? PLAYGROUND_USAGE : USAGE);
    return 0;
  }

  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const tools = () => import('./cli-tools');
  switch (command) {
    case 'serve':
      if (rest.length) throw new Usage(`serve takes no arguments`);
      return serve(config, logger);
    case 'parse':
      await (await tools()).parseCommand(config, rest, process.stdin, process.stdout);
      return 0;
    case 'sim':
      if (rest.join(' ') !== 'moves') throw new Usage('usage: lyncops sim moves');
      await (await tools()).simMoves(config, process.stdout, logger);
      return 0;
    case 'topology': {
      if (rest[0] !== 'generate') throw new Usage('usage: lyncops topology generate --users-per-site N [--seed S]');
      const { generateTopologyCommand, UsageError } = await tools();
      try {
        await generateTopologyCommand(rest.slice(1), process.stdout);
      } catch (error) {
        if (error instanceof UsageError) throw new Usage(`topology generate: ${error.message}`);
        throw error;
      }
      return 0;
    }
    default:
      return playground(config, rest, logger);
  }
}

/**
 * A reader that stops early (`lyncops sim moves | head -1`) closes the pipe: that ends the output
 * and the command, quietly and successfully, as it does for other Unix tools.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`lyncops: ${error.message}\n`);
    process.exit(1);
  });
}

if (require.main === module) {
  exitQuietlyOnClosedPipe(process.stdout);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Open handles (pools, timers) must not keep a finished command alive.
      if (code !== 0 || ['serve', 'playground', undefined].includes(process.argv[2])) setImmediate(() => process.exit(code));
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${configErrorLine(error)}\n`);
        process.exit(2);
      }
      if (error instanceof Usage) {
        process.stderr.write(`lyncops: ${error.message}\n\n${USAGE}`);
        process.exit(2);
      }
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`lyncops: ${message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}

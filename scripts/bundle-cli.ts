// Bundles the `lyncops` command (dist/bot/cli.js, as tsc wrote it) with the project's own modules
// into that one file, in place. Start-up time is mostly module loading, and resolving, reading and
// compiling the ~170 separate files of bot/, dialogs/, migration/ and adapters/ cost about 45 ms of
// CPU before the first answer; one file costs a fraction of that. Packages from node_modules stay
// external (required as before, so zod's deferred locales, the native SQLite module and the adapters
// that only some configurations load behave exactly as without the bundle), and modules loaded on
// demand (Graph, PowerShell, PostgreSQL, the playground, the CLI tools) still run only when asked for.
// The other files in dist/ stay as tsc wrote them for the scripts, benchmarks and drills.
// The bundle is dist/bot/cli.bundle.js; dist/bot/cli.js becomes the few lines that run it through
// V8's code cache (bot/code-cache.ts), named by the bundle's content hash.
// The registry loads every module of dialogs/commands/ by file name (dialogs/command-modules.ts);
// a bundle has no such folder beside it, so that module is replaced by one that requires the
// command modules found in dist/dialogs/commands now, and they are bundled like any other.
//   node dist/scripts/bundle-cli.js
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { commandFiles } from '../dialogs/command-modules';

const ROOT = path.resolve(__dirname, '..', '..');

export async function bundleCli(root = ROOT): Promise<{ bytes: number }> {
  const cli = path.join(root, 'dist', 'bot', 'cli.js');
  const bundle = path.join(root, 'dist', 'bot', BUNDLE);
  // Bundling twice would be harmless but slow; a bundled file says so in its first lines.
  if (readFileSync(cli, 'utf8').includes(BANNER)) return { bytes: statSync(bundle).size };
  // Asynchronous because esbuild runs plugins only there.
  const result = await build({
    entryPoints: [cli],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile: bundle,
    // tsc's source maps are read through, so stack traces (node --enable-source-maps) name the .ts files.
    sourcemap: true,
    banner: { js: BANNER },
    logLevel: 'warning',
    metafile: true,
    plugins: [commandModules(root)],
  });
  writeFileSync(cli, launcher(createHash('sha256').update(readFileSync(bundle)).digest('hex')));
  return { bytes: Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0 };
}

const BUNDLE = 'cli.bundle.js';

/** dist/bot/cli.js: runs the bundle as its own body (exports, `require.main`), through the code cache. */
const launcher = (hash: string) =>
  `#!/usr/bin/env node\n${BANNER}\n"use strict";\nrequire("./code-cache").runBundle(module, require, require("node:path").join(__dirname, ${JSON.stringify(BUNDLE)}), ${JSON.stringify(hash)});\n`;

/** dist/dialogs/command-modules.js as static requires of the command modules there is now. */
export function commandModulesSource(dir: string): string {
  const modules = commandFiles(dir, '.js').map((file) => `    { file: ${JSON.stringify(file)}, exports: require(${JSON.stringify(`./commands/${file}`)}) },`);
  return [
    '"use strict";',
    'exports.loadCommandModules = function loadCommandModules(dir) {',
    "  if (dir !== undefined) throw new Error('the bundled command holds the command modules found when it was bundled');",
    '  return [',
    ...modules,
    '  ];',
    '};',
    '',
  ].join('\n');
}

function commandModules(root: string): Plugin {
  const discovery = path.join(root, 'dist', 'dialogs', 'command-modules.js');
  return {
    name: 'command-modules',
    setup(build) {
      build.onLoad({ filter: /[\\/]command-modules\.js$/ }, (args) =>
        path.resolve(args.path) === discovery ? { contents: commandModulesSource(path.join(root, 'dist', 'dialogs', 'commands')), loader: 'js', resolveDir: path.dirname(discovery) } : undefined,
      );
    },
  };
}

const BANNER = '// lyncops: the command and its own modules in one file (scripts/bundle-cli.ts)';

if (require.main === module) {
  bundleCli().then(
    ({ bytes }) => process.stdout.write(`dist/bot/${BUNDLE} bundled: ${Math.round(bytes / 1024)} KiB\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

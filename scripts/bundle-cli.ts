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
//   node dist/scripts/bundle-cli.js
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

export function bundleCli(root = ROOT): { bytes: number } {
  const cli = path.join(root, 'dist', 'bot', 'cli.js');
  const bundle = path.join(root, 'dist', 'bot', BUNDLE);
  // Bundling twice would be harmless but slow; a bundled file says so in its first lines.
  if (readFileSync(cli, 'utf8').includes(BANNER)) return { bytes: statSync(bundle).size };
  const result = buildSync({
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
  });
  writeFileSync(cli, launcher(createHash('sha256').update(readFileSync(bundle)).digest('hex')));
  return { bytes: Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0 };
}

const BUNDLE = 'cli.bundle.js';

/** dist/bot/cli.js: runs the bundle as its own body (exports, `require.main`), through the code cache. */
const launcher = (hash: string) =>
  `#!/usr/bin/env node\n${BANNER}\n"use strict";\nrequire("./code-cache").runBundle(module, require, require("node:path").join(__dirname, ${JSON.stringify(BUNDLE)}), ${JSON.stringify(hash)});\n`;

const BANNER = '// lyncops: the command and its own modules in one file (scripts/bundle-cli.ts)';

if (require.main === module) {
  const { bytes } = bundleCli();
  process.stdout.write(`dist/bot/${BUNDLE} bundled: ${Math.round(bytes / 1024)} KiB\n`);
}

// Bundles the dashboard (web/) into dist/web with esbuild: content-hashed script and style files
// (Chart.js included, TeamsJS split into a chunk only the Teams tab loads), the page shell naming
// them, and a gzip twin of each file. Prints what a first visit downloads, compressed.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'dist', 'web');
/** The page's budget for a first visit, compressed. */
export const FIRST_LOAD_BUDGET = 300 * 1024;

export interface WebBuild {
  files: string[];
  /** Compressed bytes of the shell, the entry script and the style sheet. */
  firstLoadGzip: number;
  /** Compressed bytes of the chunks loaded later (TeamsJS in the tab). */
  lazyGzip: number;
}

export async function buildWeb(outDir = OUT): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(ROOT, 'web', 'main.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'safari15', 'firefox100'],
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    outdir: outDir,
    entryNames: 'app.[hash]',
    chunkNames: 'chunk.[hash]',
    assetNames: 'asset.[hash]',
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = Object.entries(result.metafile.outputs).map(([file, meta]) => ({ file: path.basename(file), entry: !!meta.entryPoint, css: file.endsWith('.css') }));
  const js = outputs.find((o) => o.entry && !o.css)?.file;
  const css = outputs.find((o) => o.css)?.file;
  if (!js || !css) throw new Error('esbuild produced no entry script or style sheet');
  const shell = readFileSync(path.join(ROOT, 'web', 'index.html'), 'utf8').replace('%JS%', js).replace('%CSS%', css);
  writeFileSync(path.join(outDir, 'index.html'), shell);
  const gz = (name: string) => {
    const compressed = gzipSync(readFileSync(path.join(outDir, name)), { level: 9 });
    writeFileSync(path.join(outDir, `${name}.gz`), compressed);
    return compressed.length;
  };
  const first = new Set(['index.html', js, css]);
  let firstLoadGzip = 0;
  let lazyGzip = 0;
  const files = ['index.html', ...outputs.map((o) => o.file)];
  for (const name of files) {
    const size = gz(name);
    if (first.has(name)) firstLoadGzip += size;
    else lazyGzip += size;
  }
  return { files, firstLoadGzip, lazyGzip };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (require.main === module) {
  buildWeb()
    .then((b) => {
      const raw = b.files.reduce((n, f) => n + statSync(path.join(OUT, f)).size, 0);
      process.stdout.write(
        `dashboard: first load ${kb(b.firstLoadGzip)} gzip (budget ${kb(FIRST_LOAD_BUDGET)}); TeamsJS chunk for the tab ${kb(b.lazyGzip)} gzip; all files ${kb(raw)} uncompressed -> dist/web\n`,
      );
      if (b.firstLoadGzip > FIRST_LOAD_BUDGET) {
        process.stderr.write('dashboard: the first load is over its budget\n');
        process.exitCode = 1;
      }
    })
    .catch((error: unknown) => {
      process.stderr.write(`dashboard build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}

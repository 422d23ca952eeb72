// Runs the bundled command (dist/bot/cli.bundle.js, scripts/bundle-cli.ts) through a V8 code
// cache kept next to it. Compiling the megabyte of bundled JavaScript, and the functions start-up
// and the first turn call, is a good part of the time before the first answer; V8 can hand its
// compiled code back from an earlier run instead (Node 20 has no module.enableCompileCache).
//
// The cache is written when a process that found none (or a stale one) exits, so the first start
// after a build pays the compile and every later start reuses it (a run that compiled much more
// than the cache held, a serve after `--help`, replaces it). It is keyed by the bundle's
// content hash (computed by the build) and checked by V8 itself (its version, flags and the
// source); anything unusable is ignored and replaced. Failing to read or write it (a read-only
// install) changes nothing but the speed: the bundle then compiles as it always did.
// Loaded before everything else: node built-ins only.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import vm from 'node:vm';

/** How the bundle was compiled: from the cache, or from source (no cache, a stale or a rejected one). */
export type CacheUse = 'cached' | 'compiled';

/** The file the compiled code of `bundle` is kept in. */
export const cacheFileOf = (bundle: string): string => `${bundle}.cache`;

/** A cache in use is replaced when a run compiled this much more code than it held. */
const GROWTH = 1.25;

/** First line of a cache file: the bundle hash it was made for. */
const header = (hash: string) => Buffer.from(`lyncops-code-cache ${hash}\n`);

function readCache(file: string, hash: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const expected = header(hash);
  return data.subarray(0, expected.length).equals(expected) ? data.subarray(expected.length) : undefined;
}

/** Written beside and renamed over, so a reader never sees half a file (replicas may exit together). */
function writeCache(file: string, hash: string, data: Buffer): void {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, Buffer.concat([header(hash), data]));
    renameSync(partial, file);
  } catch {
    try {
      unlinkSync(partial);
    } catch {
      // nothing was written
    }
  }
}

/**
 * Runs `bundle` (a CommonJS file) as the body of `host`, the module that asked for it: its exports
 * become host's, `require.main === module` holds exactly when host is the main module, and
 * packages resolve from host's folder (the bundle lives in the same one).
 */
export function runBundle(host: NodeJS.Module, hostRequire: NodeJS.Require, bundle: string, hash: string): CacheUse {
  // Node 20 applies source maps (--enable-source-maps) only to code its module loader compiles:
  // then the bundle is compiled by that loader, as the host's body all the same.
  if (process.sourceMapsEnabled) {
    (host as NodeJS.Module & { _compile(content: string, filename: string): unknown })._compile(readFileSync(bundle, 'utf8'), bundle);
    return 'compiled';
  }
  const cacheFile = cacheFileOf(bundle);
  const cachedData = readCache(cacheFile, hash);
  // The same wrapper Node puts around a CommonJS module (and the same first-line offset).
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8').replace(/^#!.*/, '')}\n});`;
  const script = new vm.Script(source, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const used: CacheUse = cachedData && !script.cachedDataRejected ? 'cached' : 'compiled';
  // Made at exit, the cache also holds the functions this run compiled (start-up, the turns). A
  // cache left by a short command (`--help`) is replaced by the next run that compiled much more.
  process.once('exit', () => {
    const data = script.createCachedData();
    if (used === 'compiled' || data.length > cachedData!.length * GROWTH) writeCache(cacheFile, hash, data);
  });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;
  wrapper.call(host.exports, host.exports, hostRequire, host, bundle, host.path);
  return used;
}

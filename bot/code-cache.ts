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
//
// The modules the bundle requires at run time (the packages in node_modules: botbuilder, restify,
// zod …, some 1,100 files; and the adapters loaded on demand) get the same treatment in a second
// file beside it, one entry per module keyed by its path and the CRC-32 of its source, so a start
// spends its time answering rather than compiling.
// Loaded before everything else: node built-ins only.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';

/** How the bundle was compiled: from the cache, or from source (no cache, a stale or a rejected one). */
export type CacheUse = 'cached' | 'compiled';

/** The file the compiled code of `bundle` is kept in. */
export const cacheFileOf = (bundle: string): string => `${bundle}.cache`;

/** The file the compiled code of the packages `bundle` loads (node_modules) is kept in. */
export const packageCacheFileOf = (bundle: string): string => `${bundle}.packages.cache`;

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

function writeCache(file: string, hash: string, data: Buffer): void {
  writeFile(file, Buffer.concat([header(hash), data]));
}

/** Written beside and renamed over, so a reader never sees half a file (replicas may exit together). */
function writeFile(file: string, data: Buffer): void {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, data);
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
  cachePackages(packageCacheFileOf(bundle), hostRequire.main);
  const cacheFile = cacheFileOf(bundle);
  const cachedData = readCache(cacheFile, hash);
  const script = compile(readFileSync(bundle, 'utf8'), bundle, cachedData);
  const used: CacheUse = cachedData && !script.cachedDataRejected ? 'cached' : 'compiled';
  // Made at exit, the cache also holds the functions this run compiled (start-up, the turns). A
  // cache left by a short command (`--help`) is replaced by the next run that compiled much more.
  process.once('exit', () => {
    const data = script.createCachedData();
    if (used === 'compiled' || data.length > cachedData!.length * GROWTH) writeCache(cacheFile, hash, data);
  });
  const wrapper = script.runInThisContext() as Wrapper;
  wrapper.call(host.exports, host.exports, hostRequire, host, bundle, host.path);
  return used;
}

/** How the modules required from packages were compiled in this process (see cachePackages). */
export const packageCacheUse = { cached: 0, compiled: 0 };

type Wrapper = (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => unknown;

/** A CommonJS module's source as V8 compiles it: inside the same wrapper Node puts around it (and the same first-line offset). */
function compile(source: string, filename: string, cachedData: Buffer | undefined): vm.Script {
  return new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source.replace(/^#!.*/, '')}\n});`, {
    filename,
    ...(cachedData ? { cachedData } : {}),
  });
}

/** One module's compiled code in the package cache: its file, the CRC-32 of its source, where its data is. */
type Entry = [file: string, crc: number, offset: number, length: number];

/** The package cache belongs to one Node build: V8 refuses code from another version anyway. */
const packageHeader = () => Buffer.from(`lyncops-package-cache 1 ${process.version} ${process.arch}\n`);

function readPackageCache(file: string): Map<string, { crc: number; data: Buffer }> {
  const entries = new Map<string, { crc: number; data: Buffer }>();
  try {
    const all = readFileSync(file);
    const header = packageHeader();
    if (!all.subarray(0, header.length).equals(header)) return entries;
    const indexLength = all.readUInt32LE(header.length);
    const dataStart = header.length + 4 + indexLength;
    const index = JSON.parse(all.subarray(header.length + 4, dataStart).toString('utf8')) as Entry[];
    for (const [name, crc, offset, length] of index) entries.set(name, { crc, data: all.subarray(dataStart + offset, dataStart + offset + length) });
  } catch {
    // none, unreadable or damaged: every module compiles from source and a new cache is written
  }
  return entries;
}

function writePackageCache(file: string, entries: Map<string, { crc: number; data: Buffer }>): void {
  const index: Entry[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, { crc, data }] of entries) {
    index.push([name, crc, offset, data.length]);
    chunks.push(data);
    offset += data.length;
  }
  const json = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  writeFile(file, Buffer.concat([packageHeader(), length, json, ...chunks]));
}

/**
 * The same code cache for the CommonJS modules the command requires from node_modules (botbuilder,
 * restify, zod …): compiling them is most of what a start does before it listens. Node 20 has no
 * cache of its own for them, so module compilation goes through V8's cache here, keyed by each
 * file's name and the CRC-32 of its source (a reinstalled or patched package compiles afresh).
 * ES modules, modules that call import(), and anything V8 will not compile as a CommonJS function
 * body go to Node's own loader.
 */
function cachePackages(file: string, main: NodeJS.Module | undefined): void {
  type Compile = (this: NodeJS.Module, content: string, filename: string, format?: string) => unknown;
  const prototype = Module.prototype as unknown as { _compile: Compile };
  const loader = Module as unknown as {
    _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: { paths?: string[] }): string;
    _resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
    _extensions: NodeJS.RequireExtensions;
    _cache: Record<string, NodeJS.Module>;
  };
  const original = prototype._compile;
  const cached = readPackageCache(file);
  const compiled: { name: string; crc: number; script: vm.Script }[] = [];
  prototype._compile = function (this: NodeJS.Module, content: string, filename: string, format?: string): unknown {
    // import() resolves against the importing file only under Node's loader: such modules stay there.
    if (format === 'module' || typeof content !== 'string' || content.includes('import(')) return original.call(this, content, filename, format);
    const crc = crc32(content);
    const entry = cached.get(filename);
    let script: vm.Script;
    try {
      script = compile(content, filename, entry?.crc === crc ? entry.data : undefined);
    } catch {
      return original.call(this, content, filename, format); // Node's loader reports it (or reads it as an ES module)
    }
    if (entry?.crc !== crc || script.cachedDataRejected) {
      compiled.push({ name: filename, crc, script });
      packageCacheUse.compiled++;
    } else {
      packageCacheUse.cached++;
    }
    const wrapper = script.runInThisContext() as Wrapper;
    return wrapper.call(this.exports, this.exports, requireOf(this), this, filename, path.dirname(filename));
  };
  // What Node's makeRequireFunction gives a module.
  const requireOf = (module: NodeJS.Module): NodeJS.Require => {
    const require = ((id: string) => module.require(id)) as NodeJS.Require;
    const resolve = ((request: string, options?: { paths?: string[] }) => loader._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
    resolve.paths = (request: string) => loader._resolveLookupPaths(request, module);
    require.resolve = resolve;
    require.main = main;
    require.extensions = loader._extensions;
    require.cache = loader._cache;
    return require;
  };
  process.once('exit', () => {
    if (compiled.length === 0) return;
    for (const { name, crc, script } of compiled) cached.set(name, { crc, data: script.createCachedData() });
    writePackageCache(file, cached);
  });
}

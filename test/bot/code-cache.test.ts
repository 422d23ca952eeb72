// The bundled command runs through V8's code cache (bot/code-cache.ts): the first run compiles and
// leaves the cache at exit, later runs reuse it, and a cache for another bundle, one V8 refuses or
// one that cannot be written changes nothing but the speed. Each run is a fresh process, as a
// start is, under plain node (tsx turns source maps on, which takes the loader's own path).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';

const SOURCE = path.resolve(__dirname, '../../bot/code-cache.ts');

const BUNDLE = `#!/usr/bin/env node
"use strict";
function shout(text) { return text.toUpperCase() + '!'; }
exports.greeting = shout('hello');
exports.isMain = require.main === module;
exports.dirname = __dirname;
exports.resolved = typeof require('node:path').join;
`;

// The launcher as the build writes it, plus a line reporting what happened.
const launcher = (bundle: string, hash: string) => `"use strict";
const used = require("./code-cache.js").runBundle(module, require, ${JSON.stringify(bundle)}, ${JSON.stringify(hash)});
if (require.main === module) process.stdout.write(JSON.stringify({ used, ...module.exports }));
`;

interface Run {
  used: 'cached' | 'compiled';
  greeting: string;
  isMain: boolean;
  dirname: string;
  resolved: string;
}

describe('code cache of the bundled command', function () {
  this.timeout(60_000);
  let dir: string;
  let bundle: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyncops-code-cache-'));
    bundle = path.join(dir, 'cli.bundle.js');
    fs.writeFileSync(bundle, BUNDLE);
    fs.writeFileSync(path.join(dir, 'code-cache.js'), transformSync(fs.readFileSync(SOURCE, 'utf8'), { loader: 'ts', format: 'cjs', platform: 'node', target: 'node20' }).code);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(hash: string, nodeArgs: string[] = []): Run {
    const file = path.join(dir, 'cli.js');
    fs.writeFileSync(file, launcher(bundle, hash));
    const result = spawnSync(process.execPath, [...nodeArgs, file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as Run;
  }

  const cacheFile = () => `${bundle}.cache`;

  it('compiles the first run, writes the cache at exit and runs later starts from it, with the same module semantics', () => {
    const first = run('a1');
    assert.deepEqual(first, { used: 'compiled', greeting: 'HELLO!', isMain: true, dirname: dir, resolved: 'function' });
    assert.ok(fs.existsSync(cacheFile()), 'cache written at exit');
    assert.match(fs.readFileSync(cacheFile()).subarray(0, 40).toString('latin1'), /^lyncops-code-cache a1\n/);
    const second = run('a1');
    assert.deepEqual(second, { ...first, used: 'cached' });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['cli.bundle.js', 'cli.bundle.js.cache', 'cli.js', 'code-cache.js'], 'no partial files left');
  });

  it('ignores a cache made for another bundle and replaces it', () => {
    run('a1');
    const other = run('b2');
    assert.equal(other.used, 'compiled');
    assert.equal(other.greeting, 'HELLO!');
    assert.match(fs.readFileSync(cacheFile()).subarray(0, 40).toString('latin1'), /^lyncops-code-cache b2\n/);
    assert.equal(run('b2').used, 'cached');
  });

  it('runs from source when V8 refuses the cache (damaged, another Node version) and writes a good one', () => {
    fs.writeFileSync(cacheFile(), Buffer.concat([Buffer.from('lyncops-code-cache a1\n'), Buffer.alloc(4096, 7)]));
    const damaged = run('a1');
    assert.deepEqual(damaged, { used: 'compiled', greeting: 'HELLO!', isMain: true, dirname: dir, resolved: 'function' });
    assert.equal(run('a1').used, 'cached');
  });

  it('runs normally when the cache cannot be written', () => {
    fs.mkdirSync(cacheFile()); // a folder where the file would go: reading and renaming both fail
    assert.equal(run('a1').used, 'compiled');
    assert.equal(run('a1').used, 'compiled');
    assert.ok(fs.statSync(cacheFile()).isDirectory());
    assert.deepEqual(fs.readdirSync(dir).sort(), ['cli.bundle.js', 'cli.bundle.js.cache', 'cli.js', 'code-cache.js']);
  });

  it('leaves the bundle to Node\'s module loader under --enable-source-maps, as the main module all the same', () => {
    run('a1');
    const mapped = run('a1', ['--enable-source-maps']);
    assert.deepEqual(mapped, { used: 'compiled', greeting: 'HELLO!', isMain: true, dirname: dir, resolved: 'function' });
  });

  it('gives the bundle its exports when it is required rather than run', () => {
    fs.writeFileSync(path.join(dir, 'launch.js'), launcher(bundle, 'a1'));
    const main = path.join(dir, 'main.js');
    fs.writeFileSync(main, `process.stdout.write(JSON.stringify(require('./launch.js')));`);
    const result = spawnSync(process.execPath, [main], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    const exported = JSON.parse(result.stdout) as Omit<Run, 'used'>;
    assert.equal(exported.isMain, false);
    assert.equal(exported.greeting, 'HELLO!');
  });
});

// The packages the bundle requires get a cache of their own (one entry per module file, keyed by
// its path and the CRC-32 of its source) and keep their CommonJS semantics.
const PACKAGE_BUNDLE = `"use strict";
exports.greeter = require('greeter');
`;

const GREETER = `"use strict";
const path = require('node:path');
exports.word = 'hello';
exports.thisIsExports = this === module.exports;
exports.dir = path.basename(__dirname);
exports.resolved = path.relative(__dirname, require.resolve('./other.js'));
exports.sameMain = require.main === process.mainModule;
exports.cached = require.cache[__filename] === module;
exports.other = require('./other.js').value;
exports.lazy = require('./lazy.js').kind;
`;

interface PackageRun {
  used: 'cached' | 'compiled';
  packages: { cached: number; compiled: number };
  greeter: { word: string; thisIsExports: boolean; dir: string; resolved: string; sameMain: boolean; cached: boolean; other: number; lazy: string };
}

describe('code cache of the packages the bundled command requires', function () {
  this.timeout(60_000);
  let dir: string;
  let pkg: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyncops-package-cache-'));
    pkg = path.join(dir, 'node_modules', 'greeter');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'greeter', main: 'index.js' }));
    fs.writeFileSync(path.join(pkg, 'index.js'), GREETER);
    fs.writeFileSync(path.join(pkg, 'other.js'), 'exports.value = 42;\n');
    // Mentions import(): such a module is left to Node's loader, where import() resolves against it.
    fs.writeFileSync(path.join(pkg, 'lazy.js'), "exports.kind = 'lazy';\nexports.load = () => import('node:os');\n");
    fs.writeFileSync(path.join(dir, 'cli.bundle.js'), PACKAGE_BUNDLE);
    fs.writeFileSync(path.join(dir, 'code-cache.js'), transformSync(fs.readFileSync(SOURCE, 'utf8'), { loader: 'ts', format: 'cjs', platform: 'node', target: 'node20' }).code);
    fs.writeFileSync(
      path.join(dir, 'cli.js'),
      `"use strict";
const cache = require("./code-cache.js");
const used = cache.runBundle(module, require, ${JSON.stringify(path.join(dir, 'cli.bundle.js'))}, "p1");
process.stdout.write(JSON.stringify({ used, packages: cache.packageCacheUse, ...module.exports }));
`,
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(): PackageRun {
    const result = spawnSync(process.execPath, [path.join(dir, 'cli.js')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as PackageRun;
  }

  const packageCache = () => path.join(dir, 'cli.bundle.js.packages.cache');
  const expected = { word: 'hello', thisIsExports: true, dir: 'greeter', resolved: 'other.js', sameMain: true, cached: true, other: 42, lazy: 'lazy' };

  it('compiles the packages on the first run and runs later starts from the cache, with the same module semantics', () => {
    const first = run();
    assert.deepEqual(first.greeter, expected);
    assert.deepEqual(first.packages, { cached: 0, compiled: 2 }, 'index.js and other.js; lazy.js went to Node');
    assert.ok(fs.existsSync(packageCache()), 'written at exit');
    const second = run();
    assert.deepEqual(second.greeter, expected);
    assert.deepEqual(second.packages, { cached: 2, compiled: 0 });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['cli.bundle.js', 'cli.bundle.js.cache', 'cli.bundle.js.packages.cache', 'cli.js', 'code-cache.js', 'node_modules'], 'no partial files left');
  });

  it('compiles a module whose source changed, even to one of the same length, and keeps the others cached', () => {
    run();
    fs.writeFileSync(path.join(pkg, 'index.js'), GREETER.replace("'hello'", "'howdy'"));
    const changed = run();
    assert.equal(changed.greeter.word, 'howdy');
    assert.deepEqual(changed.packages, { cached: 1, compiled: 1 });
    assert.deepEqual(run().packages, { cached: 2, compiled: 0 });
  });

  it('compiles from source when the cache is damaged or from another Node build, and writes a good one', () => {
    run();
    const good = fs.readFileSync(packageCache());
    fs.writeFileSync(packageCache(), Buffer.concat([good.subarray(0, 60), Buffer.alloc(4096, 7)]));
    const damaged = run();
    assert.deepEqual(damaged.greeter, expected);
    assert.deepEqual(damaged.packages, { cached: 0, compiled: 2 });
    fs.writeFileSync(packageCache(), Buffer.from(good.toString('latin1').replace(process.version, 'v0.0.0'), 'latin1'));
    assert.deepEqual(run().packages, { cached: 0, compiled: 2 });
    assert.deepEqual(run().packages, { cached: 2, compiled: 0 });
  });
});

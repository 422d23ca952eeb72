// Loaded before anything imports zod: zod 4 loads all 64 of its message locales (about half a
// megabyte of modules) when it is first required, although lyncops only ever uses English error
// messages, which zod configures from its en locale directly. This registers zod's locale index
// as an object whose locales load when first read, so start-up skips them and validation (and
// `z.locales.xx()` for anyone who asks) stays exactly as it was.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

const LOCALE_EXPORT = /Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return __importDefault\((\w+)\)\.default; \} \}\);/g;
const LOCALE_REQUIRE = /var (\w+) = require\("\.\/([\w-]+\.cjs)"\);/g;

function deferZodLocales(): void {
  let index: string;
  try {
    index = require.resolve('zod/v4/locales/index.cjs');
  } catch {
    return;
  }
  if (require.cache[index]) return;
  const source = readFileSync(index, 'utf8');
  const files = new Map([...source.matchAll(LOCALE_REQUIRE)].map((m) => [m[1], m[2]]));
  const names = [...source.matchAll(LOCALE_EXPORT)].map((m) => [m[1], files.get(m[2])] as const);
  // Anything unexpected in zod's index (a new layout): leave zod to load it as it is.
  if (!names.length || names.some(([, file]) => !file)) return;
  const dir = path.dirname(index);
  const load = Module.createRequire(index);
  const locales: Record<string, unknown> = {};
  Object.defineProperty(locales, '__esModule', { value: true });
  for (const [name, file] of names) {
    Object.defineProperty(locales, name, {
      enumerable: true,
      // As zod's own index reads it (__importDefault): a locale module is its function.
      get: () => {
        const mod = load(path.join(dir, file as string)) as { __esModule?: boolean; default?: unknown };
        return mod?.__esModule ? mod.default : mod;
      },
    });
  }
  const stand = new Module(index, module);
  stand.filename = index;
  stand.loaded = true;
  stand.exports = locales;
  require.cache[index] = stand;
}

deferZodLocales();

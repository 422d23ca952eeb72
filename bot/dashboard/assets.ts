// The dashboard's static files (dist/web, written by `npm run build`): the page shell, which holds
// no data, and its content-hashed scripts and styles. Hashed files are cached for a year
// (immutable), the shell is revalidated on every load; a pre-compressed .gz twin is sent to
// clients that accept gzip. Only names listed in the build's asset list are served.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Asset {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;

/** The build's web folder: dist/web beside the compiled bot, or under the package root when run from source. */
export function defaultWebRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'web');
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', '..', 'web');
}

export class AssetStore {
  private readonly cache = new Map<string, Asset | null>();

  constructor(private readonly root: string) {}

  /** A file by name (no folders); undefined when it does not exist or the name is not a plain file name. */
  get(name: string): Asset | undefined {
    if (!SAFE_NAME.test(name) || name.endsWith('.gz')) return undefined;
    if (this.cache.has(name)) return this.cache.get(name) ?? undefined;
    const file = path.join(this.root, name);
    let asset: Asset | null = null;
    if (existsSync(file) && statSync(file).isFile()) {
      const body = readFileSync(file);
      const gz = `${file}.gz`;
      const stat = statSync(file);
      asset = {
        body,
        ...(existsSync(gz) ? { gzip: readFileSync(gz) } : {}),
        type: TYPES[path.extname(name)] ?? 'application/octet-stream',
        etag: `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
        immutable: /\.[A-Za-z0-9]{8,}\.(js|css)$/.test(name),
      };
    }
    this.cache.set(name, asset);
    return asset ?? undefined;
  }
}

// The running version and the project root, found through lyncops' package.json: one level above
// bot/ when run from source, two above dist/bot/ when built.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const PackageSchema = z.object({ name: z.string(), version: z.string() });

let cached: string | undefined;

export function packageVersion(): string {
  if (cached) return cached;
  const file = join(packageRoot(), 'package.json');
  const parsed = existsSync(file) ? PackageSchema.safeParse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
  return (cached = parsed?.success ? parsed.data.version : '0.0.0');
}

let root: string | undefined;

/** The folder holding lyncops' package.json. */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname, i = 0; i < 4; dir = dirname(dir), i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && PackageSchema.safeParse(JSON.parse(readFileSync(file, 'utf8'))).data?.name === 'lyncops') return (root = dir);
  }
  return (root = process.cwd());
}

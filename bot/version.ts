// The running version, read once from the package.json next to the sources or the build output.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const PackageSchema = z.object({ name: z.string(), version: z.string() });

let cached: string | undefined;

export function packageVersion(): string {
  if (cached) return cached;
  // bot/ when run from source, dist/bot/ when built: the package.json is one or two levels up.
  for (let dir = __dirname, i = 0; i < 4; dir = dirname(dir), i++) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const parsed = PackageSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success && parsed.data.name === 'lyncops') return (cached = parsed.data.version);
  }
  return (cached = '0.0.0');
}

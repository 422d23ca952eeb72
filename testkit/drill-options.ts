// Command-line options of the drill scripts: `--name value` or `--name=value`, kebab-case names
// mapped onto the drill's zod schema (which gives the defaults and the limits).
import type { z } from 'zod';

export function parseDrillOptions<S extends z.ZodObject>(schema: S, argv: string[], preset: Record<string, string> = {}): z.infer<S> {
  const raw: Record<string, string> = { ...preset };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = flag.replace(/^--/, '').replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
    if (!flag.startsWith('--') || !(name in schema.shape)) throw new Error(`unknown option ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    raw[name] = value;
  }
  return schema.parse(raw);
}

/** The PostgreSQL server a drill uses unless --pg-url names one. */
export const DEFAULT_DRILL_PG_URL = process.env.DRILL_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs a drill as the process's main work: prints "drill passed" / "drill FAILED" and exits 0 / 1. */
export function runDrill(drill: () => Promise<boolean>): void {
  Promise.resolve()
    .then(drill)
    .then(
      (ok) => {
        process.stdout.write(ok ? 'drill passed\n' : 'drill FAILED\n');
        process.exit(ok ? 0 : 1);
      },
      (error: unknown) => {
        process.stderr.write(`drill failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
}

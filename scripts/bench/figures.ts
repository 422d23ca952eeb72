// What every benchmark hands back: named figures with a unit, printed by a child process as one
// JSON line on stdout so the runner can keep each measurement in a process of its own.

export interface Figure {
  name: string;
  value: number;
  unit: string;
}

export function figure(name: string, value: number, unit: string): Figure {
  return { name, value, unit };
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (0 < p <= 100) of a non-empty list. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Entry point of a benchmark child: prints its figures as one JSON line, or the error and exit 1. */
export function runAsChild(measure: () => Promise<Figure[]>): void {
  measure()
    .then((figures) => {
      process.stdout.write(`${JSON.stringify({ figures })}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}

// Reads a V8 .cpuprofile (node --cpu-prof; for the chat benchmark set BENCH_PROFILE_DIR) and
// prints where the time went: the functions with the most self time and the most inclusive time,
// as shares of the whole profile.
//   node dist/scripts/bench/cpu-profile.js CPU.….cpuprofile [top]
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/)?/, '')}:${n.callFrame.lineNumber + 1}`;

export function summarise(profile: CpuProfile): { totalMs: number; self: Map<string, number>; inclusive: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const timeOf = new Map<number, number>();
  profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, time] of timeOf) {
    total += time;
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + time);
    // A recursive function counts once per sample in its inclusive time.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + time);
    }
  }
  return { totalMs: total / 1000, self, inclusive };
}

function print(title: string, times: Map<string, number>, totalUs: number, top: number): void {
  process.stdout.write(`${title}\n`);
  for (const [name, time] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((time / totalUs) * 100).toFixed(1).padStart(6)} %  ${name}\n`);
  }
}

if (require.main === module) {
  const [file, top = '30'] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/scripts/bench/cpu-profile.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const { totalMs, self, inclusive } = summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  process.stdout.write(`profile: ${Math.round(totalMs)} ms\n`);
  print('self time', self, totalMs * 1000, Number(top));
  print('inclusive time', inclusive, totalMs * 1000, Number(top));
}

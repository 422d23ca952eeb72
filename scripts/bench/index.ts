// `npm run bench`: every benchmark on the compiled build, each in a child process of its own (so
// one measurement's heap, caches and peak memory never leak into the next), then one line per
// figure (`name value unit`) and a JSON summary with the goals, pass/fail and the machine.
// Every goal is a ratio of two measurements taken in the same run on the same machine (lyncops
// against a plain botbuilder bot, a large deployment against the demo one, a large job against a
// small one, actual against ideal), so a busy or slow machine does not decide pass or fail.
// Absolute times and sizes are printed for reading, never judged.
// Arguments name the steps to run (default: all). Exit code 0 when every goal of the steps run
// passes, 1 when one is missed or a step fails.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { figure, type Figure } from './figures';

interface Step {
  name: string;
  script: string;
  args?: string[];
  /** Turns the child's JSON line into figures (default: it already prints { figures }). */
  read?: (output: Record<string, unknown>) => Figure[];
}

/** What scripts/bench/jobs.js prints for one run. */
interface JobRun {
  users: number;
  runMs: number;
  idealMs: number;
  efficiency: number;
  peakRssMb: number;
  movedOnce: boolean;
}

const STEPS: Step[] = [
  { name: 'chat', script: 'chat.js' },
  {
    name: 'jobs-efficiency',
    script: 'jobs.js',
    args: ['5000', '20', '8'],
    read: (o) => {
      const r = o as unknown as JobRun;
      return [
        figure('jobs.efficiency.users', r.users, 'users'),
        figure('jobs.efficiency.actual', r.runMs / 1000, 's'),
        figure('jobs.efficiency.ideal', r.idealMs / 1000, 's'),
        figure('jobs.efficiency', r.efficiency, 'ideal/actual'),
        figure('jobs.efficiency.movedOnce', r.movedOnce ? 1 : 0, 'bool'),
      ];
    },
  },
  {
    // The yardstick for jobs-memory: the same process and job shape with 5,000 users.
    name: 'jobs-memory-small',
    script: 'jobs.js',
    args: ['5000', '0', '8'],
    read: (o) => {
      const r = o as unknown as JobRun;
      return [figure('jobs.memory.small.users', r.users, 'users'), figure('jobs.memory.small.peakRss', r.peakRssMb, 'MB')];
    },
  },
  {
    name: 'jobs-memory',
    script: 'jobs.js',
    args: ['100000', '0', '8'],
    read: (o) => {
      const r = o as unknown as JobRun;
      return [
        figure('jobs.memory.users', r.users, 'users'),
        figure('jobs.memory.run', r.runMs / 1000, 's'),
        figure('jobs.memory.peakRss', r.peakRssMb, 'MB'),
        figure('jobs.memory.movedOnce', r.movedOnce ? 1 : 0, 'bool'),
      ];
    },
  },
  { name: 'site-status', script: 'site-status.js' },
  // The PowerShell backend (fake pwsh) at 100,000 users: server-side counting, cached status turns.
  { name: 'inventory-powershell', script: 'inventory-powershell.js', args: ['100000'] },
  { name: 'startup', script: 'startup.js' },
  { name: 'recognizer', script: 'recognizer.js' },
];

interface Goal {
  figure: string;
  op: '>=' | '<=' | '==';
  target: number;
  unit: string;
}

/** Figures computed here from two steps' figures: `of[0] / of[1]`. */
const DERIVED: Array<{ name: string; of: [string, string] }> = [{ name: 'jobs.memory.ratio', of: ['jobs.memory.peakRss', 'jobs.memory.small.peakRss'] }];

// Only ratios (and correctness counts) are judged; see the header.
const GOALS: Goal[] = [
  // Chat turns: throughput at least 90 % of the reference bot's, p99 latency at most twice its.
  { figure: 'chat.ratio.c16', op: '>=', target: 0.9, unit: 'x' },
  { figure: 'chat.ratio.c64', op: '>=', target: 0.9, unit: 'x' },
  { figure: 'chat.p99ratio.c16', op: '<=', target: 2, unit: 'x' },
  { figure: 'chat.non2xxOrErrors', op: '==', target: 0, unit: 'responses' },
  { figure: 'jobs.efficiency', op: '>=', target: 0.9, unit: 'ideal/actual' },
  { figure: 'jobs.efficiency.movedOnce', op: '==', target: 1, unit: 'bool' },
  // 20 times the users may cost at most 2.5 times the peak memory.
  { figure: 'jobs.memory.ratio', op: '<=', target: 2.5, unit: 'x' },
  { figure: 'jobs.memory.movedOnce', op: '==', target: 1, unit: 'bool' },
  // A status turn on 100,000 users at most 3 times as slow (p99) as on the demo's few hundred.
  { figure: 'siteStatus.p99.ratio', op: '<=', target: 3, unit: 'x' },
  // The dashboard's overview JSON on 100,000 users at most twice the status turn's p99 there.
  { figure: 'dashboard.overview.p99.ratio', op: '<=', target: 2, unit: 'x' },
  // Counting users per pool on the server moves at least 100 times fewer bytes than implicit remoting.
  { figure: 'inventory.ps.count.wireRatio', op: '>=', target: 100, unit: 'x' },
  // A status turn from the cached PowerShell inventory at most 3 times the simulator's (p50, same run).
  { figure: 'siteStatus.ps.cached.p50.ratio', op: '<=', target: 3, unit: 'x' },
  // Reading a sentence against 100,000 users' names at most twice as slow as against the demo's.
  { figure: 'recognizer.ratio', op: '<=', target: 2, unit: 'x' },
  // Spawn to first answered turn at most 1.25 times the plain botbuilder bot's.
  { figure: 'startup.ratio', op: '<=', target: 1.25, unit: 'x' },
];

function meets(value: number, goal: Goal): boolean {
  if (goal.op === '>=') return value >= goal.target;
  if (goal.op === '<=') return value <= goal.target;
  return value === goal.target;
}

/** Runs one step's child process; its last stdout line is its JSON result. */
function runStep(step: Step): Promise<Figure[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-deprecation', path.join(__dirname, step.script), ...(step.args ?? [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${step.name} exited with ${code}`));
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        resolve(step.read ? step.read(parsed) : (parsed.figures as Figure[]));
      } catch (error) {
        reject(new Error(`${step.name}: no JSON result (${String(error)})`));
      }
    });
  });
}

function machine() {
  return {
    nproc: os.availableParallelism(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    platform: `${os.platform()} ${os.release()}`,
  };
}

async function main(selected: string[]): Promise<number> {
  const unknown = selected.filter((s) => !STEPS.some((step) => step.name === s));
  if (unknown.length) {
    process.stderr.write(`unknown step(s): ${unknown.join(', ')}; steps: ${STEPS.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  // A step judged against another step's figures brings that step along.
  const wanted = new Set(selected.flatMap((name) => (name === 'jobs-memory' ? [name, 'jobs-memory-small'] : [name])));
  const steps = selected.length ? STEPS.filter((s) => wanted.has(s.name)) : STEPS;
  const startedAt = new Date();
  const before = machine();
  const figures: Figure[] = [];
  const failures: string[] = [];
  for (const step of steps) {
    process.stderr.write(`bench: ${step.name} ...\n`);
    const t0 = performance.now();
    try {
      figures.push(...(await runStep(step)));
    } catch (error) {
      failures.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.stderr.write(`bench: ${step.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }

  for (const derived of DERIVED) {
    const [a, b] = derived.of.map((name) => figures.find((f) => f.name === name)?.value);
    if (a !== undefined && b) figures.push(figure(derived.name, Number((a / b).toFixed(2)), 'x'));
  }

  const width = Math.max(...figures.map((f) => f.name.length));
  const valueWidth = Math.max(...figures.map((f) => String(f.value).length));
  for (const f of figures) process.stdout.write(`${f.name.padEnd(width)}  ${String(f.value).padStart(valueWidth)}  ${f.unit}\n`);

  const byName = new Map(figures.map((f) => [f.name, f]));
  const goals = GOALS.filter((g) => byName.has(g.figure)).map((g) => {
    const value = byName.get(g.figure)!.value;
    return { figure: g.figure, goal: `${g.op} ${g.target} ${g.unit}`, value, pass: meets(value, g) };
  });
  const pass = failures.length === 0 && goals.every((g) => g.pass);
  const summary = {
    pass,
    goals,
    failures,
    figures: Object.fromEntries(figures.map((f) => [f.name, { value: f.value, unit: f.unit }])),
    machine: { ...before, loadAverageAtEnd: machine().loadAverage },
    startedAt: startedAt.toISOString(),
    durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return pass ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

// `npm run bench`: every benchmark on the compiled build, each in a child process of its own (so
// one measurement's heap, caches and peak memory never leak into the next), then one line per
// figure (`name value unit`) and a JSON summary with the goals, pass/fail and the machine.
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
  { name: 'startup', script: 'startup.js' },
];

interface Goal {
  figure: string;
  op: '>=' | '<' | '==';
  target: number;
  unit: string;
}

const GOALS: Goal[] = [
  { figure: 'chat.ratio.c16', op: '>=', target: 0.9, unit: 'x' },
  { figure: 'chat.ratio.c64', op: '>=', target: 0.9, unit: 'x' },
  { figure: 'chat.lyncops.c16.p99', op: '<', target: 20, unit: 'ms' },
  { figure: 'chat.non2xxOrErrors', op: '==', target: 0, unit: 'responses' },
  { figure: 'jobs.efficiency', op: '>=', target: 0.9, unit: 'ideal/actual' },
  { figure: 'jobs.efficiency.movedOnce', op: '==', target: 1, unit: 'bool' },
  { figure: 'jobs.memory.peakRss', op: '<', target: 256, unit: 'MB' },
  { figure: 'jobs.memory.movedOnce', op: '==', target: 1, unit: 'bool' },
  { figure: 'siteStatus.p99', op: '<', target: 50, unit: 'ms' },
  { figure: 'startup.median', op: '<', target: 1500, unit: 'ms' },
];

function meets(value: number, goal: Goal): boolean {
  if (goal.op === '>=') return value >= goal.target;
  if (goal.op === '<') return value < goal.target;
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
  const steps = selected.length ? STEPS.filter((s) => selected.includes(s.name)) : STEPS;
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

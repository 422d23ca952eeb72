// The PowerShell backend at 100,000 users against the fake pwsh (test/fixtures/fake-pwsh): users
// per pool counted on the server (bytes over the wire against implicit remoting), the inventory
// refresh, and cached site-status turns next to the simulator's in the same run. The measurement
// is the scale test of the PowerShell adapter (the fake pwsh is a test fixture, which scripts/
// does not import), run in a child with LYNCOPS_MEASURE_USERS; its figures come back in a file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAsChild, type Figure } from './figures';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const USERS = process.argv[2] ?? '100000';

runAsChild(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lyncops-bench-'));
  const file = path.join(dir, 'figures.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), 'test/adapters/lync/powershell/inventory-scale.test.ts'], {
        cwd: ROOT,
        env: { ...process.env, LYNCOPS_MEASURE_USERS: USERS, LYNCOPS_BENCH_JSON: file },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`the scale test exited with ${code}`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { figures: Figure[] }).figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Counting users per pool with the PowerShell backend at scale, against the fake pwsh serving a
// generated deployment: the server-side count (Invoke-Command -Session) sends one record per pool
// over the wire where implicit remoting (Get-CsUser | Group-Object) sends every user, and a status
// turn served from the inventory cache costs about what it costs on the simulator. Ratios are
// judged; absolute figures are printed. npm test runs it at 8,000 users; for the 100,000-user
// figure: LYNCOPS_MEASURE_USERS=100000 npx mocha test/adapters/lync/powershell/inventory-scale.test.ts
// (`npm run bench -- inventory-powershell` runs it that way; LYNCOPS_BENCH_JSON names the file
// its figures are written to).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createConversation } from '../../../../dialogs';
import type { PowerShellLyncBackend } from '../../../../adapters/lync/powershell';
import { UserCountRow } from '../../../../adapters/lync/powershell/parse';
import { countUsersByPoolLocallyScript, type PsCommand } from '../../../../adapters/lync/powershell/scripts';
import { generateTopology } from '../../../../migration/demo-topology';
import { InventoryCache } from '../../../../migration/inventory-cache';
import { silentLogger, type LyncBackend } from '../../../../migration/ports';
import { ALEX, makeWorld } from '../../../helpers/world';
import { fakeBackend, readLog, removeTempLogs, tempLogFile } from './helpers';

const USERS = Number(process.env.LYNCOPS_MEASURE_USERS ?? 8_000);
const PER_SITE = Math.ceil(USERS / 4);

interface WireEntry {
  event: string;
  cmdlet?: string;
  records?: number;
  bytes?: number;
  ms?: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function statusTurns(backend: LyncBackend, world: Awaited<ReturnType<typeof makeWorld>>, turns: number): Promise<{ p50: number; p99: number; refreshMs: number }> {
  const clock = { now: () => Date.now() };
  const inventory = new InventoryCache(backend, clock, 60_000);
  const t0 = performance.now();
  await inventory.refresh();
  const refreshMs = performance.now() - t0;
  const conversation = createConversation({
    store: world.store,
    backend,
    directory: world.directory,
    topology: world.index,
    runner: { wake: () => undefined },
    clock,
    logger: silentLogger,
    settings: { proposalTtlMs: 900_000, requireSecondApprover: false, adminUserIds: [ALEX.id] },
    inventory,
  });
  const times: number[] = [];
  for (let i = 0; i < turns + 20; i++) {
    const started = performance.now();
    const replies = await conversation.onMessage({ text: 'status of site Berlin', actor: ALEX, locale: 'en-US', conversationId: 'c', conversationRef: {}, correlationId: `t${i}` });
    if (i >= 20) times.push(performance.now() - started);
    assert.ok(replies.some((r) => r.card));
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), refreshMs };
}

describe(`PowerShell backend at ${USERS.toLocaleString('en')} users (fake pwsh)`, function () {
  this.timeout(600_000);
  let backend: PowerShellLyncBackend | undefined;
  afterEach(async () => {
    await backend?.close();
    removeTempLogs();
  });

  it('counts users per pool on the server (only counts cross the wire), and a cached status turn costs about what it costs on the simulator', async () => {
    const log = tempLogFile();
    backend = fakeBackend({ log, fake: { FAKE_PWSH_USERS_PER_SITE: String(PER_SITE) }, inventoryCacheMs: 0 });
    await backend.listPools();

    let t0 = performance.now();
    const counts = await backend.countUsersByPool();
    const serverMs = performance.now() - t0;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    assert.ok(total >= USERS, `${total} users counted`);

    // The same count through implicit remoting, for comparison (not a port operation any more).
    const local = backend as unknown as { read(command: PsCommand, schema: typeof UserCountRow): Promise<Array<{ Pool: string; Count: number }>> };
    t0 = performance.now();
    const rows = await local.read(countUsersByPoolLocallyScript(), UserCountRow);
    const localMs = performance.now() - t0;
    assert.equal(rows.reduce((a, r) => a + r.Count, 0), total, 'both count the same users');

    const wire: WireEntry[] = readLog(log).filter((e) => e.event === 'wire');
    const server = wire.find((e) => e.cmdlet === 'Invoke-Command')!;
    const shipped = wire.filter((e) => e.cmdlet === 'Get-CsUser').at(-1)!;
    console.log(
      `      count per pool, ${total.toLocaleString('en')} users: server-side ${server.records} records / ${server.bytes} bytes over the wire, ${serverMs.toFixed(0)} ms` +
        ` | implicit remoting ${shipped.records?.toLocaleString('en')} records / ${shipped.bytes?.toLocaleString('en')} bytes, ${localMs.toFixed(0)} ms`,
    );
    assert.ok(server.records! <= 16, 'one record per pool');
    assert.ok(shipped.records! >= USERS, 'every user crossed the wire before');
    assert.ok(shipped.bytes! / server.bytes! > 100, 'at least a hundred times fewer bytes');

    // Status turns served from the inventory cache, next to the simulator with the same deployment.
    const topology = generateTopology({ usersPerSite: PER_SITE });
    const world = await makeWorld({ topology, startRunner: false });
    try {
      const ps = await statusTurns(backend, world, 200);
      const sim = await statusTurns(world.backend, world, 200);
      console.log(
        `      site status (cached inventory, 200 turns): PowerShell p50 ${ps.p50.toFixed(2)} ms, p99 ${ps.p99.toFixed(2)} ms, refresh ${ps.refreshMs.toFixed(0)} ms` +
          ` | simulator p50 ${sim.p50.toFixed(2)} ms, p99 ${sim.p99.toFixed(2)} ms, refresh ${sim.refreshMs.toFixed(0)} ms | p50 ratio ${(ps.p50 / sim.p50).toFixed(2)}`,
      );
      if (process.env.LYNCOPS_BENCH_JSON) {
        const figures = [
          ['inventory.ps.users', total, 'users'],
          ['inventory.ps.count.serverSide.bytes', server.bytes!, 'bytes'],
          ['inventory.ps.count.serverSide.records', server.records!, 'records'],
          ['inventory.ps.count.implicitRemoting.bytes', shipped.bytes!, 'bytes'],
          ['inventory.ps.count.implicitRemoting.records', shipped.records!, 'records'],
          ['inventory.ps.count.wireRatio', Number((shipped.bytes! / server.bytes!).toFixed(0)), 'x'],
          ['inventory.ps.refresh', Math.round(ps.refreshMs), 'ms'],
          ['inventory.sim.refresh', Math.round(sim.refreshMs), 'ms'],
          ['siteStatus.ps.cached.p50', Number(ps.p50.toFixed(3)), 'ms'],
          ['siteStatus.ps.cached.p99', Number(ps.p99.toFixed(3)), 'ms'],
          ['siteStatus.sim.cached.p50', Number(sim.p50.toFixed(3)), 'ms'],
          ['siteStatus.sim.cached.p99', Number(sim.p99.toFixed(3)), 'ms'],
          ['siteStatus.ps.cached.p50.ratio', Number((ps.p50 / sim.p50).toFixed(2)), 'x'],
        ].map(([name, value, unit]) => ({ name, value, unit }));
        writeFileSync(process.env.LYNCOPS_BENCH_JSON, JSON.stringify({ figures }));
      }
      // Both read the same cached inventory; only the store reads of the turn remain.
      assert.ok(ps.p50 / sim.p50 < 3, `a cached status turn costs about the same on either backend (${ps.p50.toFixed(2)} vs ${sim.p50.toFixed(2)} ms)`);
    } finally {
      await world.close();
    }
  });
});

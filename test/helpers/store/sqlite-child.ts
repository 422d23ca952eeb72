// A separate process working on a shared SQLite file, for the multi-process store tests. Usage:
//   node --import tsx sqlite-child.ts <file> init-and-propose <count>
//   node --import tsx sqlite-child.ts <file> approve <proposalId> <actorId>
// It prints one JSON line with what it did.
import { openSqliteStore } from '../../../adapters/store/sqlite';
import { makePlan, proposalInput, T0, userItems } from './fixtures';

async function main(): Promise<void> {
  const [file, mode, arg, actorId] = process.argv.slice(2);
  const store = openSqliteStore(file);
  try {
    await store.init();
    if (mode === 'init-and-propose') {
      const ids: string[] = [];
      for (let i = 0; i < Number(arg); i++) ids.push((await store.createProposal(proposalInput(makePlan(userItems(1))))).id);
      process.stdout.write(`${JSON.stringify({ ids })}\n`);
    } else if (mode === 'approve') {
      const out = await store.approveProposal(arg, { id: actorId, name: actorId, role: 'admin' }, T0, 1);
      process.stdout.write(`${JSON.stringify({ outcome: out.outcome })}\n`);
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

// Starts fake-graph-process.ts as a child process and talks to it: where the fake listens, a
// group's members as it serves them, replacing them, and the Graph requests it has received.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command, Member } from './fake-graph-process';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const START_TIMEOUT_MS = 30_000;

export interface FakeGraphChild {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  members(groupId: string): Promise<Member[]>;
  setMembers(groupId: string, userPrincipalNames: string[]): Promise<Member[]>;
  /** "METHOD /v1.0/…" of every Graph request whose path starts with /v1.0/<prefix>. */
  requests(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startFakeGraphChild(): Promise<FakeGraphChild> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fake-graph-process.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting: Array<{ resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }> = [];
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => waiting.shift()?.resolve(JSON.parse(line) as Record<string, unknown>));
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error('the fake Graph process exited'));
  });
  const next = () => new Promise<Record<string, unknown>>((resolve, reject) => waiting.push({ resolve, reject }));

  const started = next();
  const timer = setTimeout(() => child.kill('SIGTERM'), START_TIMEOUT_MS);
  const hello = await started.finally(() => clearTimeout(timer));

  const ask = async (command: Command): Promise<Record<string, unknown>> => {
    const reply = next();
    child.stdin.write(`${JSON.stringify(command)}\n`);
    const answer = await reply;
    if (typeof answer.error === 'string') throw new Error(`fake Graph: ${answer.error}`);
    return answer;
  };

  return {
    url: String(hello.url),
    tenantId: String(hello.tenantId),
    clientId: String(hello.clientId),
    clientSecret: String(hello.clientSecret),
    members: async (groupId) => (await ask({ cmd: 'members', groupId })).members as Member[],
    setMembers: async (groupId, userPrincipalNames) => (await ask({ cmd: 'setMembers', groupId, userPrincipalNames })).members as Member[],
    requests: async (prefix) => (await ask({ cmd: 'requests', prefix })).paths as string[],
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

// Runs the fake Microsoft Graph (demo topology) in a process of its own, driven over stdin/stdout
// with one JSON object per line: it first prints where it listens, then answers commands that read
// or replace a group's members and list the Graph requests it received.
// A process of its own because restify, once loaded, replaces http.ServerResponse.prototype.writeHead
// for every server of the process with a version that returns nothing, and the fake chains
// `res.writeHead(...).end(...)`; the app under test loads restify, this process never does.
import readline from 'node:readline';
import { z } from 'zod';
import { startFakeGraph, type FakeGraph } from '../../../testkit/fake-graph';
import type { FakeGraphUser } from '../../../testkit/fake-graph/data';

export const CommandSchema = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.literal('members'), groupId: z.string().min(1) }),
  z.object({ cmd: z.literal('setMembers'), groupId: z.string().min(1), userPrincipalNames: z.array(z.string().min(1)) }),
  z.object({ cmd: z.literal('requests'), prefix: z.string() }),
]);
export type Command = z.infer<typeof CommandSchema>;

export interface Member {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

const member = (u: FakeGraphUser): Member => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName });

/**
 * The fake serves transitive members and membership checks from the list `transitiveUsers`
 * returns, so a new membership is written into that list; reading it back proves the fake serves it.
 */
function setMembers(fake: FakeGraph, groupId: string, userPrincipalNames: string[]): Member[] {
  const users = userPrincipalNames.map((upn) => {
    const user = fake.data.user(upn);
    if (!user) throw new Error(`the fake has no user ${upn}`);
    return user;
  });
  const served = fake.data.transitiveUsers(groupId);
  served.splice(0, served.length, ...users);
  return fake.data.transitiveUsers(groupId).map(member);
}

function answer(fake: FakeGraph, command: Command): unknown {
  switch (command.cmd) {
    case 'members':
      return { members: fake.data.transitiveUsers(command.groupId).map(member) };
    case 'setMembers':
      return { members: setMembers(fake, command.groupId, command.userPrincipalNames) };
    case 'requests':
      return { paths: fake.graphRequests(command.prefix).map((r) => `${r.method} ${r.path}`) };
  }
}

async function main(): Promise<void> {
  const fake = await startFakeGraph();
  const write = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  write({ url: fake.url, tenantId: fake.tenantId, clientId: fake.clientId, clientSecret: fake.clientSecret });
  // Commands end with stdin; the parent closing it is the signal to stop.
  for await (const line of readline.createInterface({ input: process.stdin })) {
    try {
      write(answer(fake, CommandSchema.parse(JSON.parse(line))));
    } catch (error) {
      write({ error: error instanceof Error ? error.message : String(error) });
    }
  }
  await fake.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`fake Graph process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

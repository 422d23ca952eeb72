// Runs the fake Microsoft Graph (demo topology, LyncOps Admins / LyncOps Helpdesk role groups) on
// a fixed port and prints the environment that starts the bot against it with DIRECTORY=graph.
// Usage: node --import tsx scripts/fake-graph.ts   (port from FAKE_GRAPH_PORT, 8443 by default)
import { z } from 'zod';
import { demoTopology } from '../migration/demo-topology';
import {
  ADMIN_GROUP_NAME,
  FAKE_GRAPH_CERT_PATH,
  HELPDESK_GROUP_NAME,
  startFakeGraph,
  type RecordedRequest,
} from '../testkit/fake-graph';

const PortSchema = z.coerce.number().int().min(1).max(65535).default(8443);

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function logRequest(request: RecordedRequest): void {
  const pairs = Object.entries(request.query).map(([name, value]) => `${name}=${value}`);
  const query = pairs.length ? `?${pairs.join('&')}` : '';
  process.stderr.write(`${new Date().toISOString()} ${request.method} ${decodeURIComponent(request.path)}${query}\n`);
}

async function main(): Promise<void> {
  const port = PortSchema.safeParse(process.env.FAKE_GRAPH_PORT || undefined);
  if (!port.success) {
    process.stderr.write(`FAKE_GRAPH_PORT must be a TCP port (1-65535), not ${JSON.stringify(process.env.FAKE_GRAPH_PORT)}\n`);
    process.exit(2);
  }
  const topology = demoTopology();
  const fake = await startFakeGraph({ topology, port: port.data, recordRequests: false, onRequest: logRequest });
  const env: Array<[string, string]> = [
    ['DIRECTORY', 'graph'],
    // A local lab without Bot Framework credentials: unauthenticated mode must be allowed explicitly.
    ['LYNCOPS_UNAUTHENTICATED', 'allow'],
    ['GRAPH_BASE_URL', fake.url],
    ['GRAPH_AUTHORITY_HOST', fake.url],
    ['GRAPH_TENANT_ID', fake.tenantId],
    ['GRAPH_CLIENT_ID', fake.clientId],
    ['GRAPH_CLIENT_SECRET', fake.clientSecret],
    ['ADMIN_GROUP', ADMIN_GROUP_NAME],
    ['HELPDESK_GROUP', HELPDESK_GROUP_NAME],
    ['NODE_EXTRA_CA_CERTS', FAKE_GRAPH_CERT_PATH],
  ];
  console.log(`# Fake Microsoft Graph on ${fake.url}: ${fake.data.users.length} users, ${fake.data.groups.length} groups (${topology.name} topology).`);
  console.log('# Start the bot against it with this environment (requests are logged on stderr; Ctrl+C stops):');
  for (const [name, value] of env) console.log(`export ${name}=${shellQuote(value)}`);

  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake Graph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

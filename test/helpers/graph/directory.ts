// Builds a GraphDirectory wired to a running fake Graph (base URL, authority host, tenant, app
// id and secret), and checks that the test process trusts the fake's certificate.
import { existsSync, readFileSync } from 'node:fs';
import { GraphDirectory, type GraphDirectoryOptions } from '../../../adapters/directory/graph';
import { ADMIN_GROUP_NAME, FAKE_GRAPH_CERT_PATH, HELPDESK_GROUP_NAME, type FakeGraph } from '../../../testkit/fake-graph';

/** Options pointing a GraphDirectory at the fake, with the demo role groups. */
export function fakeGraphOptions(fake: FakeGraph, overrides: Partial<GraphDirectoryOptions> = {}): GraphDirectoryOptions {
  return {
    tenantId: fake.tenantId,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    baseUrl: fake.url,
    authorityHost: fake.url,
    adminGroup: ADMIN_GROUP_NAME,
    helpdeskGroup: HELPDESK_GROUP_NAME,
    requestTimeoutMs: 5000,
    ...overrides,
  };
}

export function graphDirectoryFor(fake: FakeGraph, overrides: Partial<GraphDirectoryOptions> = {}): GraphDirectory {
  return new GraphDirectory(fakeGraphOptions(fake, overrides));
}

/**
 * Node reads extra CA certificates only at start-up, so a process started without
 * NODE_EXTRA_CA_CERTS cannot reach the fake; say so plainly instead of failing on TLS errors.
 */
export function assertFakeGraphTrusted(): void {
  const configured = process.env.NODE_EXTRA_CA_CERTS;
  const expected = readFileSync(FAKE_GRAPH_CERT_PATH, 'utf8').trim();
  if (!configured || !existsSync(configured) || !readFileSync(configured, 'utf8').includes(expected)) {
    throw new Error(
      `the fake Graph needs its certificate trusted: start the tests with NODE_EXTRA_CA_CERTS=${FAKE_GRAPH_CERT_PATH} ` +
        '(Node reads it only at start-up)',
    );
  }
}

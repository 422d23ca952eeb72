// The shared Directory contract, run against the Graph adapter talking over HTTPS to the fake
// Microsoft Graph that serves the demo topology (roles from the LyncOps Admins / Helpdesk groups).
import { directoryContract } from '../../../contracts/directory.contract';
import { startFakeGraph } from '../../../../testkit/fake-graph';
import { assertFakeGraphTrusted, graphDirectoryFor } from '../../../helpers/graph/directory';

describe('GraphDirectory against the fake Graph', () => {
  before(assertFakeGraphTrusted);

  directoryContract('graph (fake Graph, role groups by display name)', async () => {
    const fake = await startFakeGraph();
    return { directory: graphDirectoryFor(fake), cleanup: () => fake.close() };
  });

  directoryContract('graph (fake Graph, role groups by object id)', async () => {
    const fake = await startFakeGraph();
    const [admins] = fake.data.groupsNamed('LyncOps Admins');
    const [helpdesk] = fake.data.groupsNamed('LyncOps Helpdesk');
    return { directory: graphDirectoryFor(fake, { adminGroup: admins.id, helpdeskGroup: helpdesk.id }), cleanup: () => fake.close() };
  });
});

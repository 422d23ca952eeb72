// The shared Directory contract, run against the static directory on the demo topology.
import { StaticDirectory } from '../../../../adapters/directory/static';
import { demoTopology } from '../../../../migration/demo-topology';
import { directoryContract } from '../../../contracts/directory.contract';

directoryContract('static (demo topology, roles from the topology file)', async () => ({
  directory: new StaticDirectory(demoTopology()),
  cleanup: async () => undefined,
}));

directoryContract('static (demo topology, admin and helpdesk groups configured)', async () => ({
  directory: new StaticDirectory(demoTopology(), { adminGroup: 'LyncOps Admins', helpdeskGroup: 'Helpdesk' }),
  cleanup: async () => undefined,
}));

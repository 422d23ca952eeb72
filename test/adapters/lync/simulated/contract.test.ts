// The shared LyncBackend contract, run against the simulator over in-memory state.
import { lyncBackendContract } from '../../../contracts/lync-backend.contract';
import { simBackend } from '../../../helpers/lync/sim-backend';

lyncBackendContract('simulated (memory state)', async () => {
  const { backend } = simBackend();
  return { backend, cleanup: async () => undefined };
});

lyncBackendContract('simulated (memory state, with latency and a 0 % failure rate)', async () => {
  const { backend } = simBackend({ moveLatencyMs: 1, transientFailureRate: 0, seed: 42 });
  return { backend, cleanup: async () => undefined };
});

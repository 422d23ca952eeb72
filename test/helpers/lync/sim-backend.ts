// Builds a simulated Lync backend over in-memory state for tests (no latency, no random
// failures unless asked), and reads the catalogue code of a rejected promise.
import { SimulatedLyncBackend, type SimulatedLyncBackendOptions } from '../../../adapters/lync/simulated';
import { MemorySimulatorState } from '../../../adapters/lync/simulated/memory-state';
import { demoTopology } from '../../../migration/demo-topology';
import { isLyncOpsError, type LyncOpsError } from '../../../migration/errors';

export type SimBackendOptions = Partial<Omit<SimulatedLyncBackendOptions, 'state'>> & { state?: MemorySimulatorState };

export function simBackend(options: SimBackendOptions = {}): { backend: SimulatedLyncBackend; state: MemorySimulatorState } {
  const state = options.state ?? new MemorySimulatorState();
  const backend = new SimulatedLyncBackend({ topology: demoTopology(), moveLatencyMs: 0, transientFailureRate: 0, ...options, state });
  return { backend, state };
}

/** The LyncOpsError a promise rejects with (fails the test when it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<LyncOpsError> {
  try {
    await promise;
  } catch (e) {
    if (isLyncOpsError(e)) return e;
    throw new Error(`expected a LyncOpsError, got ${String(e)}`);
  }
  throw new Error('expected the call to fail, it succeeded');
}

// The front end (RTCSRV) of a pool as Get-CsWindowsService reports it, for the rollback gate: a
// move back to OCS 2007 R2 reads and writes the user's data through the OCS pool's front end, so
// with it stopped every move fails. An empty answer (no rights on the computer) or a failed read
// is "unknown", never "running".
import { isLyncOpsError } from './errors';
import type { LyncPoolInfo } from './model';
import type { LyncBackend } from './ports';

export interface FrontEndState {
  state: 'running' | 'stopped' | 'unknown';
  /** The computers that are not running it (or cannot be read), with what was seen. */
  computers: string[];
}

const FRONT_END = 'RTCSRV';

export async function readFrontEnd(backend: LyncBackend, pool: LyncPoolInfo | undefined): Promise<FrontEndState> {
  if (!pool || pool.computers.length === 0) return { state: 'unknown', computers: [] };
  const stopped: string[] = [];
  const unknown: string[] = [];
  await Promise.all(
    pool.computers.map(async (computer) => {
      try {
        const fe = (await backend.getServiceStatus(computer)).find((s) => s.name.toUpperCase() === FRONT_END);
        if (!fe) unknown.push(`${computer}: no answer`);
        else if (fe.status !== 'Running') stopped.push(`${computer}: ${fe.status}`);
      } catch (error) {
        unknown.push(`${computer}: ${isLyncOpsError(error) ? error.code : 'no answer'}`);
      }
    }),
  );
  if (stopped.length) return { state: 'stopped', computers: stopped.sort() };
  if (unknown.length) return { state: 'unknown', computers: unknown.sort() };
  return { state: 'running', computers: [] };
}

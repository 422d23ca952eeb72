// Validation of what the projected cmdlets print (scripts.ts). ConvertTo-Json prints nothing for
// no result, a bare object for one and an array for several; enums may arrive as names or as
// numbers (remoting serialises some as their value). Anything unexpected is
// BACKEND_OUTPUT_INVALID rather than a guess.
import { z } from 'zod';
import { LyncOpsError } from '../../../migration/errors';
import { applicationOf } from './applications';
import type { LyncUser, ReplicaStatus, SyntheticTestResult } from '../../../migration/model';
import { normaliseSip, type ServiceStatus, type WindowsService } from '../../../migration/topology';

/** Win32 ServiceControllerStatus values; the two transitional ones fold into the nearest state. */
const SERVICE_STATUS_BY_VALUE: Record<number, ServiceStatus> = {
  1: 'Stopped',
  2: 'StartPending',
  3: 'StopPending',
  4: 'Running',
  5: 'StartPending', // ContinuePending: resuming from pause
  6: 'StopPending', // PausePending: winding down
  7: 'Paused',
};
const SERVICE_STATUS_BY_NAME: Record<string, ServiceStatus> = {
  stopped: 'Stopped',
  startpending: 'StartPending',
  stoppending: 'StopPending',
  running: 'Running',
  continuepending: 'StartPending',
  pausepending: 'StopPending',
  paused: 'Paused',
};

const Text = z.string().nullish().transform((v) => (v ?? '').trim());
const Fqdn = Text.transform((v) => v.toLowerCase());
/** Lists are joined with ',' by the projection; an array is accepted too. */
const List = z
  .union([z.string(), z.array(z.string()), z.null()])
  .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean));
const Bool = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false'])]).transform((v) => v === true || v === 'True' || v === 'true');
const Num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]).pipe(z.number().finite());

export const ServiceStatusOutput = z.union([z.number().int(), z.string()]).transform((v, ctx): ServiceStatus => {
  const key = String(v).trim();
  const status = /^\d+$/.test(key) ? SERVICE_STATUS_BY_VALUE[Number(key)] : SERVICE_STATUS_BY_NAME[key.toLowerCase()];
  if (!status) {
    ctx.addIssue({ code: 'custom', message: `unknown service status ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return status;
});

export const PoolRow = z.object({ Fqdn: Fqdn.pipe(z.string().min(1)), Site: Text, Computers: List, Services: List });
export type PoolRow = z.output<typeof PoolRow>;

export const UserRow = z
  .object({ SipAddress: Text.pipe(z.string().min(1)), DisplayName: Text, RegistrarPool: Fqdn, Enabled: Bool })
  .transform((r): LyncUser => ({ sip: normaliseSip(r.SipAddress), displayName: r.DisplayName, registrarPool: r.RegistrarPool, enabled: r.Enabled }));

export const UserCountRow = z.object({ Pool: Fqdn, Count: Num.pipe(z.number().int().nonnegative()) });

export const ConferenceDirectoryRow = z
  .object({ Identity: z.union([z.number(), z.string()]), ServiceId: Text })
  .transform((r, ctx) => {
    // Identity prints as "3" (sometimes "ConferenceDirectory:3"); ServiceId as "UserServer:<pool fqdn>".
    const id = /(\d+)\s*$/.exec(String(r.Identity));
    const pool = /^[A-Za-z]+:(.+)$/.exec(r.ServiceId)?.[1] ?? r.ServiceId;
    if (!id || !pool) {
      ctx.addIssue({ code: 'custom', message: `unreadable conference directory ${JSON.stringify(r)}` });
      return z.NEVER;
    }
    return { identity: Number(id[1]), pool: pool.toLowerCase() };
  });

export const ApplicationEndpointRow = z
  .object({ SipAddress: Text.pipe(z.string().min(1)), DisplayName: Text, RegistrarPool: Fqdn, OwnerUrn: Text })
  .transform((r) => ({ sip: normaliseSip(r.SipAddress), displayName: r.DisplayName, pool: r.RegistrarPool, application: applicationOf(r.OwnerUrn) }));

export const ServiceRow = z
  .object({ Name: Text.pipe(z.string().min(1)), DisplayName: Text, Status: ServiceStatusOutput })
  .transform((r): WindowsService => ({ name: r.Name, displayName: r.DisplayName, status: r.Status }));

/** ISO time, or undefined for "never" ([datetime]$null is year 1) and unreadable values. */
function isoOrUndefined(value: string): string | undefined {
  const legacy = /^\/Date\((-?\d+)\)\/$/.exec(value);
  const ms = legacy ? Number(legacy[1]) : Date.parse(value);
  if (!Number.isFinite(ms) || new Date(ms).getUTCFullYear() <= 1) return undefined;
  return new Date(ms).toISOString();
}

export const ReplicaRow = z
  .object({ ReplicaFqdn: Fqdn.pipe(z.string().min(1)), UpToDate: Bool, LastUpdateCreation: Text })
  .transform((r): ReplicaStatus => {
    const last = isoOrUndefined(r.LastUpdateCreation);
    return { replicaFqdn: r.ReplicaFqdn, upToDate: r.UpToDate, ...(last ? { lastUpdateCreation: last } : {}) };
  });

const RESULT_BY_VALUE: Record<string, SyntheticTestResult['result']> = { success: 'Success', '0': 'Success', failure: 'Failure', '1': 'Failure' };

export const SyntheticRow = z
  .object({
    TargetFqdn: Fqdn,
    Result: z.union([z.string(), z.number()]).transform((v, ctx) => {
      const result = RESULT_BY_VALUE[String(v).trim().toLowerCase()];
      if (!result) {
        ctx.addIssue({ code: 'custom', message: `unknown test result ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return result;
    }),
    LatencyMs: z.union([Num, z.null()]).transform((v) => Math.max(0, Math.round(v ?? 0))),
    Error: Text,
    Diagnosis: Text,
  })
  .transform((r): SyntheticTestResult => ({
    targetFqdn: r.TargetFqdn,
    result: r.Result,
    latencyMs: r.LatencyMs,
    ...(r.Error ? { error: r.Error } : {}),
    ...(r.Diagnosis ? { diagnosis: r.Diagnosis } : {}),
  }));

/** Rows of a projected read: '' or null -> [], one object -> [object], an array as it is. */
export function parseRows<S extends z.ZodType>(output: string, schema: S, cmdlet: string): Array<z.output<S>> {
  const text = output.trim();
  if (text === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LyncOpsError('BACKEND_OUTPUT_INVALID', `${cmdlet}: output is not JSON`, { cmdlet, output: text.slice(0, 200) });
  }
  const rows = json === null ? [] : Array.isArray(json) ? json : [json];
  const parsed = z.array(schema).safeParse(rows);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LyncOpsError('BACKEND_OUTPUT_INVALID', `${cmdlet}: unexpected output at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
      cmdlet,
      issues: parsed.error.issues.length,
    });
  }
  return parsed.data;
}

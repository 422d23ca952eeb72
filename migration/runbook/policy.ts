// How long evidence of the side-by-side process stays good: a coexistence test result older than
// COEXISTENCE_MAX_AGE_HOURS no longer proves anything before a site-wide move or a decommission,
// and a pilot must have run for PILOT_MIN_DAYS before it can be signed off.
export interface MigrationPolicy {
  coexistenceMaxAgeHours: number;
  pilotMinDays: number;
}

export const DEFAULT_POLICY: MigrationPolicy = { coexistenceMaxAgeHours: 72, pilotMinDays: 7 };

const HOUR_MS = 3_600_000;

/** Whether a coexistence result taken at `at` still counts at `now`. */
export function coexistenceFresh(at: number, now: number, policy: MigrationPolicy = DEFAULT_POLICY): boolean {
  return now - at <= policy.coexistenceMaxAgeHours * HOUR_MS;
}

/** Age in whole hours, for texts. */
export function ageHours(at: number, now: number): number {
  return Math.max(0, Math.floor((now - at) / HOUR_MS));
}

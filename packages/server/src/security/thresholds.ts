/**
 * Every number misuse detection decides by, in one place (security/monitor.ts reads only these).
 * Defaults are tuned so a normal day in a GP practice raises nothing; the ones a practice may
 * reasonably want to move are settings (config.ts, OPENPRACTICE_ALERT_*).
 */
import type { SecurityConfig } from '../config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DetectionThresholds {
  /** Unusual volume (and out-of-hours): distinct patients are counted over this rolling window. */
  volumeWindowMs: number;
  /**
   * Unusual volume fires above max(floor, multiplier × baseline). The floor sits above a whole
   * session's list: a GP's morning surgery is ~18 patients, a duty doctor's or a busy
   * receptionist's hour 30–40, and a list search counts every patient it returns.
   */
  volumeFloor: number;
  volumeMultiplier: number;
  /** Baseline: the user's busiest hour over this many previous days (audit_event). */
  baselineDays: number;
  /** A user's baseline is re-read from the audit trail after this long. */
  baselineRefreshMs: number;
  /** Out-of-hours mass access: more than this many distinct patients in the window. */
  outOfHoursPatients: number;
  /** Working hours, local time in `timeZone`, Monday to Friday: [start, end). */
  workdayStartHour: number;
  workdayEndHour: number;
  timeZone: string;
  /** A client that has not exported for this many days is new to exporting. */
  exportLookbackDays: number;
  /** Repeated denials: this many in the window, by one agent. */
  denialCount: number;
  denialWindowMs: number;
  /** Throttling: this many throttled requests in the window, by one subject. */
  throttleCount: number;
  throttleWindowMs: number;
  /** One open alert per rule and subject within this window; repeats are counted on it. */
  dedupWindowMs: number;
  /** Staff lists and patients' matching keys are re-read after this long. */
  lookupCacheMs: number;
  /** Bounds on in-memory state: users tracked, patients per user window, cached lookups. */
  maxTrackedSubjects: number;
  maxPatientsPerWindow: number;
  maxCachedLookups: number;
  /** Batches of audit records waiting to be examined; beyond this they are dropped (and logged). */
  maxQueuedBatches: number;
}

export const DEFAULT_THRESHOLDS: Readonly<DetectionThresholds> = {
  volumeWindowMs: HOUR,
  volumeFloor: 50,
  volumeMultiplier: 3,
  baselineDays: 28,
  baselineRefreshMs: DAY,
  outOfHoursPatients: 20,
  workdayStartHour: 7,
  workdayEndHour: 19,
  timeZone: 'Europe/London',
  exportLookbackDays: 90,
  denialCount: 5,
  denialWindowMs: 10 * MINUTE,
  throttleCount: 10,
  throttleWindowMs: 10 * MINUTE,
  dedupWindowMs: HOUR,
  lookupCacheMs: HOUR,
  maxTrackedSubjects: 50_000,
  maxPatientsPerWindow: 10_000,
  maxCachedLookups: 20_000,
  maxQueuedBatches: 10_000,
};

/** The defaults with the deployment's settings applied. */
export function thresholdsFromConfig(security: SecurityConfig): DetectionThresholds {
  return {
    ...DEFAULT_THRESHOLDS,
    volumeFloor: security.alertVolumeFloor,
    volumeMultiplier: security.alertVolumeMultiplier,
    outOfHoursPatients: security.alertOutOfHoursPatients,
  };
}

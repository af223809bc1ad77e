/**
 * Misuse and attack detection: watches the audit stream (an AuditListener), revoked tokens
 * presented again (auth/tokens.ts) and throttled requests (security/rate-limit.ts), and raises
 * alerts — to the practice, or to the operators when no practice is involved — in
 * `security_alert` and on the security log. The rules (thresholds in security/thresholds.ts):
 *
 *   unusual-volume       a user opens more distinct patients' records in an hour than
 *                        max(floor, k × their busiest hour of the last 28 days);
 *   staff-record         a staff user opens the record of one of the practice's staff;
 *   family-record        … or of someone sharing their family name and postcode;
 *   out-of-hours-access  more than N distinct patients in an hour outside working hours;
 *   unusual-export       an export by a client that has not exported in 90 days, or by a
 *                        patient login or an unidentified caller;
 *   revoked-token-used   a revoked token is presented;
 *   repeated-denials     ≥ 5 permission denials (or minor failures) by one agent in 10 minutes;
 *   throttled            one user, client or address throttled repeatedly.
 *
 * State is in memory, per process, bounded: rolling windows per active user (idle ones evicted)
 * and caches of baselines and lookups. Work is queued and done one batch at a time off the
 * request path; a failure is logged (without data) and never reaches the caller. The security
 * log names alert ids, rules, practices (ODS), users, clients and addresses — never patients.
 */
import type { AuditListener, AuditRecord, AuditSubtype } from '../audit/record';
import type { TokenClaims } from '../auth/tokens';
import type { Database } from '../db/database';
import { loggableError } from '../http/errors';
import { PracticeDirectory } from '../practices';
import { raiseAlert, type NewAlert } from './alerts';
import { isOutOfHours } from './hours';
import { StaffLookup } from './staff-lookup';
import { DEFAULT_THRESHOLDS, type DetectionThresholds } from './thresholds';
import { ActiveSubjects, DistinctWindow, EventWindow, ExpiringCache } from './windows';

const DAY = 24 * 3600_000;

/** The security log: a pino child logger `{ channel: 'security' }` satisfies it. */
export interface SecurityLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SecurityMonitorOptions {
  db: Database;
  log: SecurityLog;
  /** Milliseconds since the epoch (alert times, cache ages); tests inject one. */
  clock?: () => number;
  thresholds?: Partial<DetectionThresholds>;
}

/** Which limit a throttled request hit (security/rate-limit.ts). */
export type ThrottleLimit = 'token' | 'address' | 'bad-token' | 'sign-in-address' | 'sign-in-user';

export interface ThrottleEvent {
  limit: ThrottleLimit;
  ip: string;
  /** The caller, when the request carried a token that verifies. */
  claims?: Pick<TokenClaims, 'sub' | 'practice' | 'client_id' | 'role'>;
}

/** Audit subtypes that open (some of) a patient's record. */
const READS: ReadonlySet<AuditSubtype> = new Set([
  'read',
  'vread',
  'history-instance',
  'history-type',
  'history-system',
  'search-type',
  'search-system',
  'operation',
]);

interface UserState {
  volume: DistinctWindow;
  outOfHours: DistinctWindow;
  denials: EventWindow;
}

export class SecurityMonitor {
  /** Subscribe this to the audit log. */
  readonly listener: AuditListener = (records) => {
    void this.observe(records);
  };

  private readonly db: Database;
  private readonly log: SecurityLog;
  private readonly clock: () => number;
  private readonly t: DetectionThresholds;
  private readonly users: ActiveSubjects<UserState>;
  private readonly throttles: ActiveSubjects<EventWindow>;
  private readonly baselines: ExpiringCache<number>;
  private readonly exporters: ExpiringCache<true>;
  /** Rule+subject pairs alerted lately: skips the database while an alert is surely open. */
  private readonly alerted: ExpiringCache<true>;
  private readonly staff: StaffLookup;
  private readonly practices: PracticeDirectory;
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private dropped = 0;
  /** The newest event time seen: idle users are swept relative to it. */
  private eventNow = -Infinity;

  constructor(o: SecurityMonitorOptions) {
    this.db = o.db;
    this.log = o.log;
    this.clock = o.clock ?? Date.now;
    this.t = { ...DEFAULT_THRESHOLDS, ...o.thresholds };
    const idle = Math.max(this.t.volumeWindowMs, this.t.denialWindowMs);
    this.users = new ActiveSubjects(idle, this.t.maxTrackedSubjects);
    this.throttles = new ActiveSubjects(this.t.throttleWindowMs, this.t.maxTrackedSubjects);
    this.baselines = new ExpiringCache(this.t.baselineRefreshMs, this.t.maxTrackedSubjects);
    this.exporters = new ExpiringCache(DAY, this.t.maxCachedLookups);
    this.alerted = new ExpiringCache(this.t.dedupWindowMs, this.t.maxTrackedSubjects);
    this.staff = new StaffLookup(o.db, this.t.lookupCacheMs, this.t.maxCachedLookups);
    this.practices = new PracticeDirectory(o.db);
  }

  /** Examines durable audit records (what `listener` does); resolves when they have been. */
  observe(records: readonly AuditRecord[]): Promise<void> {
    return this.enqueue(async () => {
      for (const r of records) await this.examine(r);
    });
  }

  /** A revoked token was presented (TokenVerifier.onRevokedUse). */
  revokedTokenUsed(claims: Pick<TokenClaims, 'sub' | 'practice' | 'client_id' | 'role' | 'kind' | 'jti'>, ip?: string): Promise<void> {
    return this.enqueue(async () => {
      const via = claims.client_id && claims.client_id !== claims.sub ? ` through client ${claims.client_id}` : '';
      await this.raise(
        {
          practiceId: await this.practiceIdOf(claims.practice),
          rule: 'revoked-token-used',
          severity: 'high',
          subject: claims.sub,
          summary: `A revoked token of ${claims.sub}${via} was presented again: it may have been stolen`,
          details: { clientId: claims.client_id ?? null, role: claims.role, kind: claims.kind ?? null, tokenId: claims.jti ?? null, ip: ip ?? null },
        },
        claims.practice,
      );
    });
  }

  /** A request was throttled (registerRateLimits' onThrottled). */
  throttled(event: ThrottleEvent): Promise<void> {
    return this.enqueue(async () => {
      const subject = event.claims ? event.claims.sub : `address ${event.ip}`;
      const practice = event.claims?.practice;
      const now = this.clock();
      this.throttles.sweep(now);
      const window = this.throttles.touch(`${practice ?? ''}|${subject}`, now, () => new EventWindow(this.t.throttleWindowMs, this.t.throttleCount));
      if (window.add(now) < this.t.throttleCount) return;
      window.clear();
      const signIn = event.limit === 'sign-in-address' || event.limit === 'sign-in-user';
      await this.raise(
        {
          practiceId: await this.practiceIdOf(practice),
          rule: 'throttled',
          severity: signIn ? 'medium' : 'low',
          subject,
          summary: `${subject} was throttled ${this.t.throttleCount} times within ${minutes(this.t.throttleWindowMs)}${signIn ? ' while signing in: possible password guessing' : ''}`,
          details: { limit: event.limit, ip: event.ip, clientId: event.claims?.client_id ?? null, count: this.t.throttleCount, windowMinutes: this.t.throttleWindowMs / 60_000 },
        },
        practice,
      );
    });
  }

  /** Users, clients and addresses currently tracked in memory (bounded; idle ones are swept). */
  get trackedSubjects(): number {
    return this.users.size + this.throttles.size;
  }

  /** Resolves once everything queued so far has been examined (tests, shutdown). */
  async idle(): Promise<void> {
    let last: Promise<void> | undefined;
    while (last !== this.queue) {
      last = this.queue;
      await last;
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    if (this.queued >= this.t.maxQueuedBatches) {
      // Never let detection back up into memory: drop, and say so (once per 1000).
      if (this.dropped++ % 1000 === 0) this.log.error({ dropped: this.dropped }, 'security monitor is behind: audit records dropped unexamined');
      return Promise.resolve();
    }
    this.queued++;
    const run = this.queue.then(task).catch((err: unknown) => {
      this.log.error({ err: loggableError(err) }, 'security monitor failed to examine an event');
    });
    this.queue = run.finally(() => {
      this.queued--;
    });
    return this.queue;
  }

  private async examine(r: AuditRecord): Promise<void> {
    const at = r.recorded.getTime();
    if (at > this.eventNow) {
      this.eventNow = at;
      this.users.sweep(at);
    }
    const who = `${r.practiceId}|${r.agent.kind}|${r.agent.sub}`;
    const user = () =>
      this.users.touch(who, at, () => ({
        volume: new DistinctWindow(this.t.volumeWindowMs, this.t.maxPatientsPerWindow),
        outOfHours: new DistinctWindow(this.t.volumeWindowMs, this.t.maxPatientsPerWindow),
        denials: new EventWindow(this.t.denialWindowMs, this.t.denialCount),
      }));

    if (r.subtype === 'permission-denied' || r.outcome === '4') await this.denial(r, user().denials, at);
    if (r.subtype === 'export') await this.exported(r);
    if (!READS.has(r.subtype) || r.outcome !== '0' || r.patientIds.length === 0) return;
    if (r.agent.kind === 'patient' || r.agent.kind === 'anonymous') return;
    // Reviewing the audit trail names many patients but opens no record (and is audited itself).
    if (r.entities.length > 0 && r.entities.every((e) => e === 'AuditEvent' || e.startsWith('AuditEvent/'))) return;

    const state = user();
    for (const p of r.patientIds) state.volume.add(p, at);
    await this.volume(r, state.volume.count(at));
    if (isOutOfHours(r.recorded, this.t)) {
      for (const p of r.patientIds) state.outOfHours.add(p, at);
      await this.outOfHours(r, state.outOfHours.count(at));
    }
    // One patient's record opened (not a list that happens to include them).
    if (r.agent.kind === 'staff' && r.patientIds.length === 1 && r.practiceId !== 0) await this.staffOrFamily(r, r.patientIds[0]!);
  }

  /** Rule: unusual volume against the user's own baseline. */
  private async volume(r: AuditRecord, distinct: number): Promise<void> {
    if (distinct <= this.t.volumeFloor || this.recentlyAlerted('unusual-volume', r)) return;
    const baseline = await this.baseline(r);
    const threshold = Math.max(this.t.volumeFloor, this.t.volumeMultiplier * baseline);
    if (distinct <= threshold) return;
    await this.raiseFor(r, 'unusual-volume', 'medium', `${r.agent.sub} opened ${distinct} patients' records within an hour (threshold ${threshold}; busiest hour in the last ${this.t.baselineDays} days: ${baseline})`, {
      distinctPatients: distinct,
      threshold,
      baseline,
    });
  }

  /** Rule: mass access outside working hours. */
  private async outOfHours(r: AuditRecord, distinct: number): Promise<void> {
    if (distinct <= this.t.outOfHoursPatients || this.recentlyAlerted('out-of-hours-access', r)) return;
    await this.raiseFor(r, 'out-of-hours-access', 'high', `${r.agent.sub} opened ${distinct} patients' records within an hour outside working hours`, {
      distinctPatients: distinct,
      threshold: this.t.outOfHoursPatients,
      workingHours: `Mon–Fri ${this.t.workdayStartHour}:00–${this.t.workdayEndHour}:00 ${this.t.timeZone}`,
    });
  }

  /** Rules: a member of staff's record, or a relative's. */
  private async staffOrFamily(r: AuditRecord, patientId: string): Promise<void> {
    const practitioner = /^Practitioner\/([A-Za-z0-9\-.]{1,64})$/.exec(r.agent.fhirUser ?? '')?.[1];
    const relation = await this.staff.relation(r.practiceId, patientId, practitioner, this.clock());
    if (!relation) return;
    const rule = relation === 'staff' ? 'staff-record' : 'family-record';
    if (this.recentlyAlerted(rule, r)) return;
    await this.raiseFor(
      r,
      rule,
      'medium',
      relation === 'staff'
        ? `${r.agent.sub} opened the record of a member of the practice's staff`
        : `${r.agent.sub} opened the record of someone sharing their family name and postcode`,
      { subtype: r.subtype },
    );
  }

  /** Rule: an export by a client new to exporting, or by a patient or an unidentified caller. */
  private async exported(r: AuditRecord): Promise<void> {
    if (r.agent.kind === 'patient' || r.agent.kind === 'anonymous') {
      await this.raiseFor(r, 'unusual-export', 'high', `An export was requested by ${r.agent.kind === 'patient' ? 'a patient login' : 'an unidentified caller'} (${r.agent.sub})`, {
        kind: r.agent.kind,
        outcome: r.outcome,
      });
      return;
    }
    const client = r.agent.clientId ?? r.agent.sub;
    const key = `${r.practiceId}|${client}`;
    if (this.exporters.get(key, this.clock())) return;
    const since = new Date(r.recorded.getTime() - this.t.exportLookbackDays * DAY);
    const before = await this.db.withOwner(async (s) => {
      const q = await s.query<{ n: number }>(
        `SELECT 1 AS n FROM audit_event
         WHERE practice_id = $1 AND subtype = 'export' AND (client_id = $2 OR (client_id IS NULL AND agent = $2))
           AND recorded >= $3::timestamptz AND recorded < $4::timestamptz
         LIMIT 1`,
        [r.practiceId, client, since.toISOString(), r.recorded.toISOString()],
      );
      return q.rows.length > 0;
    });
    this.exporters.set(key, true, this.clock());
    if (before) return;
    await this.raiseFor(r, 'unusual-export', 'medium', `${client} exported data for the first time in ${this.t.exportLookbackDays} days`, {
      client,
      kind: r.agent.kind,
      outcome: r.outcome,
      lookbackDays: this.t.exportLookbackDays,
    });
  }

  /** Rule: repeated permission denials by one agent. */
  private async denial(r: AuditRecord, denials: EventWindow, at: number): Promise<void> {
    if (denials.add(at) < this.t.denialCount) return;
    denials.clear();
    await this.raiseFor(r, 'repeated-denials', 'medium', `${r.agent.sub} was refused ${this.t.denialCount} times within ${minutes(this.t.denialWindowMs)}`, {
      lastSubtype: r.subtype,
      count: this.t.denialCount,
      windowMinutes: this.t.denialWindowMs / 60_000,
    });
  }

  /** The user's busiest hour (distinct patients) over the baseline period before this hour. */
  private async baseline(r: AuditRecord): Promise<number> {
    const key = `${r.practiceId}|${r.agent.sub}`;
    const cached = this.baselines.get(key, this.clock());
    if (cached !== undefined) return cached;
    const to = new Date(r.recorded.getTime() - this.t.volumeWindowMs);
    const from = new Date(to.getTime() - this.t.baselineDays * DAY);
    const busiest = await this.db.withOwner(async (s) => {
      const q = await s.query<{ busiest: number }>(
        `SELECT coalesce(max(n), 0)::int AS busiest FROM (
           SELECT count(DISTINCT p) AS n FROM audit_event e CROSS JOIN LATERAL unnest(e.patient_ids) AS p
           WHERE e.practice_id = $1 AND e.agent = $2 AND e.recorded >= $3::timestamptz AND e.recorded < $4::timestamptz
             AND e.outcome = '0' AND e.subtype = ANY($5::text[])
           GROUP BY date_trunc('hour', e.recorded)) AS hours`,
        [r.practiceId, r.agent.sub, from.toISOString(), to.toISOString(), [...READS]],
      );
      return Number(q.rows[0]?.busiest ?? 0);
    });
    this.baselines.set(key, busiest, this.clock());
    return busiest;
  }

  private recentlyAlerted(rule: NewAlert['rule'], r: AuditRecord): boolean {
    return this.alerted.get(`${rule}|${r.practiceId}|${r.agent.sub}`, this.clock()) !== undefined;
  }

  private raiseFor(r: AuditRecord, rule: NewAlert['rule'], severity: NewAlert['severity'], summary: string, details: Record<string, unknown>): Promise<void> {
    return this.raise(
      {
        practiceId: r.practiceId === 0 ? null : r.practiceId,
        rule,
        severity,
        subject: r.agent.sub,
        summary,
        details: {
          ...details,
          agentKind: r.agent.kind,
          role: r.agent.role ?? null,
          clientId: r.agent.clientId ?? null,
          ip: r.agent.ip ?? null,
          // Where to look in the audit trail (agent + time): the alert itself names no patient.
          at: r.recorded.toISOString(),
        },
      },
      r.odsCode,
    );
  }

  private async raise(alert: NewAlert, odsCode: string | undefined): Promise<void> {
    const now = this.clock();
    const { id, created } = await raiseAlert(this.db, alert, new Date(now), this.t.dedupWindowMs);
    this.alerted.set(`${alert.rule}|${alert.practiceId ?? 0}|${alert.subject}`, true, now);
    const clientId = (alert.details.clientId as string | null | undefined) ?? undefined;
    const line = { alertId: id, rule: alert.rule, severity: alert.severity, practice: odsCode ?? null, subject: alert.subject, ...(clientId ? { clientId } : {}) };
    if (created) this.log.warn(line, 'security alert raised');
    else this.log.info(line, 'security alert repeated');
  }

  private async practiceIdOf(odsCode: string | undefined): Promise<number | null> {
    if (!odsCode) return null;
    return (await this.practices.find(odsCode))?.id ?? null;
  }
}

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} minutes`;
}

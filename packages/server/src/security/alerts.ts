/**
 * Security alerts in the `security_alert` table (migration 0007, owner-only): raising them with
 * de-duplication (one open alert per rule, subject and practice within a window — later hits are
 * counted on it as `details.repeats`), listing, acknowledging, and the JSON shape they are shown in.
 * Alerts name users, clients and addresses; never a patient.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/database';

/** The detection rules (security/monitor.ts); each alert names one. */
export const ALERT_RULES = [
  'unusual-volume',
  'staff-record',
  'family-record',
  'out-of-hours-access',
  'unusual-export',
  'revoked-token-used',
  'repeated-denials',
  'throttled',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export type Severity = 'low' | 'medium' | 'high';

export interface NewAlert {
  /** The practice told; null for the deployment's operators. */
  practiceId: number | null;
  rule: AlertRule;
  severity: Severity;
  /** Who it is about: a user, a client or an address. */
  subject: string;
  summary: string;
  details: Record<string, unknown>;
}

/** An alert as the API and the CLI show it. */
export interface AlertView {
  id: string;
  /** ODS code of the practice, or null for a deployment (operator) alert. */
  practice: string | null;
  rule: string;
  severity: Severity;
  subject: string;
  summary: string;
  details: Record<string, unknown>;
  raisedAt: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}

/** Advisory-lock class for raising alerts, so concurrent processes de-duplicate too. */
const ALERT_LOCK = 7_340_009;

function lockKey(alert: NewAlert): number {
  return createHash('sha256').update(`${alert.rule}|${alert.subject}|${alert.practiceId ?? ''}`).digest().readInt32BE(0);
}

/**
 * Raises an alert at `at`, unless an unacknowledged one of the same rule, subject and practice
 * was raised within `dedupWindowMs` before it: then that one's repeat count goes up instead.
 */
export async function raiseAlert(db: Database, alert: NewAlert, at: Date, dedupWindowMs: number): Promise<{ id: string; created: boolean }> {
  return db.withOwner((s) =>
    s.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [ALERT_LOCK, lockKey(alert)]);
      const open = await tx.query<{ id: string }>(
        `SELECT id::text AS id FROM security_alert
         WHERE rule = $1 AND subject = $2 AND practice_id IS NOT DISTINCT FROM $3 AND acknowledged_at IS NULL
           AND raised_at > $4::timestamptz - make_interval(secs => $5::float8 / 1000)
         ORDER BY id DESC LIMIT 1`,
        [alert.rule, alert.subject, alert.practiceId, at.toISOString(), dedupWindowMs],
      );
      const existing = open.rows[0];
      if (existing) {
        await tx.query(
          `UPDATE security_alert SET details = jsonb_set(details, '{repeats}', to_jsonb(coalesce((details->>'repeats')::int, 0) + 1)) WHERE id = $1::bigint`,
          [existing.id],
        );
        return { id: existing.id, created: false };
      }
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO security_alert (practice_id, rule, severity, subject, summary, details, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz) RETURNING id::text AS id`,
        [alert.practiceId, alert.rule, alert.severity, alert.subject, alert.summary, JSON.stringify(alert.details), at.toISOString()],
      );
      return { id: inserted.rows[0]!.id, created: true };
    }),
  );
}

export interface AlertQuery {
  /** One practice's alerts; null for deployment alerts only; undefined for every alert. */
  practiceId?: number | null;
  status: 'open' | 'all';
  count: number;
}

interface AlertRow {
  id: string;
  ods_code: string | null;
  rule: string;
  severity: Severity;
  subject: string;
  summary: string;
  details: Record<string, unknown> | string;
  raised_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}

const SELECT_ALERT = `SELECT a.id::text AS id, p.ods_code, a.rule, a.severity, a.subject, a.summary, a.details,
         to_char(a.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS raised_at, a.acknowledged_by,
         to_char(a.acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS acknowledged_at
  FROM security_alert a LEFT JOIN practice p ON p.id = a.practice_id`;

function present(r: AlertRow): AlertView {
  return {
    id: r.id,
    practice: r.ods_code,
    rule: r.rule,
    severity: r.severity,
    subject: r.subject,
    summary: r.summary,
    details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
    raisedAt: r.raised_at,
    ...(r.acknowledged_by ? { acknowledgedBy: r.acknowledged_by } : {}),
    ...(r.acknowledged_at ? { acknowledgedAt: r.acknowledged_at } : {}),
  };
}

/** Alerts, newest first. */
export async function listAlerts(db: Database, q: AlertQuery): Promise<AlertView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.practiceId === null) where.push('a.practice_id IS NULL');
  else if (q.practiceId !== undefined) {
    params.push(q.practiceId);
    where.push(`a.practice_id = $${params.length}`);
  }
  if (q.status === 'open') where.push('a.acknowledged_at IS NULL');
  params.push(q.count);
  const sql = `${SELECT_ALERT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.raised_at DESC, a.id DESC LIMIT $${params.length}`;
  return db.withOwner(async (s) => (await s.query<AlertRow>(sql, params)).rows.map(present));
}

/**
 * Acknowledges an alert (the first acknowledgement stands; repeating it changes nothing).
 * `practiceId` limits it to one practice's alerts; undefined reaches any. Undefined when there
 * is no such alert within reach.
 */
export async function acknowledgeAlert(db: Database, id: string, by: string, at: Date, practiceId?: number): Promise<AlertView | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const scope = practiceId === undefined ? '' : 'AND a.practice_id = $2';
  return db.withOwner(async (s) => {
    const found = await s.query<AlertRow>(`${SELECT_ALERT} WHERE a.id = $1::bigint ${scope}`, practiceId === undefined ? [id] : [id, practiceId]);
    if (!found.rows[0]) return undefined;
    await s.query(`UPDATE security_alert SET acknowledged_by = $2, acknowledged_at = $3::timestamptz WHERE id = $1::bigint AND acknowledged_at IS NULL`, [
      id,
      by,
      at.toISOString(),
    ]);
    const after = await s.query<AlertRow>(`${SELECT_ALERT} WHERE a.id = $1::bigint`, [id]);
    return present(after.rows[0]!);
  });
}

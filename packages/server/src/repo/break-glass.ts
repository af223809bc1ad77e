/**
 * Break-glass (issue 5): a clinician, or an external clinical system, states why they must see
 * what is otherwise withheld from them in one patient's record — entries marked confidential;
 * for external systems also sensitive entries and a recorded dissent from sharing — and gets it
 * for a limited time. Every grant is audited (purpose of use BTG) by the operation that makes it,
 * and misuse detection raises an alert to the practice for each.
 *
 * Grants live in `break_glass` (migration 0007, row-level security per practice). Each process
 * caches a user's live grants for a few seconds; a grant made in this process is seen at once.
 */
import type { Session } from '../db/database';
import type { AccessContext } from './context';

export const BREAK_GLASS_DEFAULT_MINUTES = 60;
export const BREAK_GLASS_MAX_MINUTES = 240;
const CACHE_MS = 5_000;

interface Cached {
  fetchedAt: number;
  /** Patient id → expiry (ms since the epoch). */
  grants: Map<string, number>;
}

export interface BreakGlassGrant {
  id: number;
  patientId: string;
  reason: string;
  startedAt: string;
  expiresAt: string;
}

export class BreakGlassRegistry {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether `ctx`'s user (or system) holds a live grant for `patient`. */
  async active(s: Session, ctx: AccessContext, patient: string): Promise<boolean> {
    const key = `${ctx.practiceId}|${ctx.subject}`;
    let cached = this.cache.get(key);
    const now = this.now();
    if (!cached || now - cached.fetchedAt > CACHE_MS) {
      const r = await s.query<{ patient_id: string; expires_ms: string }>(
        `SELECT patient_id, (extract(epoch FROM max(expires_at)) * 1000)::bigint AS expires_ms FROM break_glass
          WHERE practice_id = $1 AND user_id = $2 AND ended_at IS NULL AND expires_at > to_timestamp($3 / 1000.0)
          GROUP BY patient_id`,
        [ctx.practiceId, ctx.subject, now],
        'break-glass-live',
      );
      cached = { fetchedAt: now, grants: new Map(r.rows.map((row) => [row.patient_id, Number(row.expires_ms)])) };
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, cached);
    }
    const expires = cached.grants.get(patient);
    return expires !== undefined && expires > now;
  }

  /** Records a grant for `minutes` and makes it live in this process at once. */
  async grant(s: Session, ctx: AccessContext, patient: string, reason: string, minutes: number): Promise<BreakGlassGrant> {
    const now = this.now();
    const expires = now + minutes * 60_000;
    const r = await s.query<{ id: string; started_at: string; expires_at: string }>(
      `INSERT INTO break_glass (practice_id, user_id, patient_id, reason, started_at, expires_at)
       VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0), to_timestamp($6 / 1000.0))
       RETURNING id, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
                 to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at`,
      [ctx.practiceId, ctx.subject, patient, reason, now, expires],
    );
    const row = r.rows[0]!;
    const key = `${ctx.practiceId}|${ctx.subject}`;
    const cached = this.cache.get(key);
    if (cached) cached.grants.set(patient, Math.max(cached.grants.get(patient) ?? 0, expires));
    return { id: Number(row.id), patientId: patient, reason, startedAt: row.started_at, expiresAt: row.expires_at };
  }
}

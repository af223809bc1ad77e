/**
 * Sign-in sessions (the token's `sid`) with idle and absolute timeouts, as CIS2 sessions have:
 * a session ends `sessionIdleMinutes` after its last activity (a sign-in step or a token refresh)
 * and `sessionMaxHours` after sign-in, whichever comes first. An ended session authorises nothing
 * more: the browser is asked to sign in again, and refresh tokens issued under it are refused.
 *
 * The session is named in the browser by an HMAC-signed cookie (keys: cookie-keys.ts) and in
 * every grant made under it (grants.ts), which is how the token endpoint finds it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database';
import type { IdentityConfig } from '../config';

export const SESSION_COOKIE = 'op_signin';

export interface SignInSession {
  id: string;
  kind: 'staff' | 'patient';
  subjectId: string;
  /** Chosen for the session (staff): the practice and role tokens act in. */
  practiceId?: number;
  role?: string;
  amr: string[];
  createdAt: number;
  lastActiveAt: number;
  ended: boolean;
}

export class SignInSessions {
  constructor(
    private readonly db: Database,
    private readonly config: Pick<IdentityConfig, 'sessionIdleMinutes' | 'sessionMaxHours'>,
    private readonly cookieKeys: readonly string[],
    private readonly now: () => number,
  ) {}

  async start(kind: SignInSession['kind'], subjectId: string, amr: string[]): Promise<SignInSession> {
    const id = randomBytes(24).toString('base64url');
    const at = this.now();
    await this.db.withOwner((s) =>
      s.query(
        `INSERT INTO signin_session (id, kind, subject_id, amr, created_at, last_active_at)
         VALUES ($1, $2, $3, $4, to_timestamp($5::float8 / 1000), to_timestamp($5::float8 / 1000))`,
        [id, kind, subjectId, amr, at],
      ),
    );
    return { id, kind, subjectId, amr, createdAt: at, lastActiveAt: at, ended: false };
  }

  async get(id: string): Promise<SignInSession | undefined> {
    return this.db.withOwner(async (s) => {
      const r = await s.query<{
        id: string;
        kind: SignInSession['kind'];
        subject_id: string;
        practice_id: number | null;
        role: string | null;
        amr: string[];
        created_ms: number;
        active_ms: number;
        ended: boolean;
      }>(
        `SELECT id, kind, subject_id, practice_id, role, amr,
                (extract(epoch FROM created_at) * 1000)::float8 AS created_ms,
                (extract(epoch FROM last_active_at) * 1000)::float8 AS active_ms,
                ended_at IS NOT NULL AS ended
         FROM signin_session WHERE id = $1`,
        [id],
      );
      const row = r.rows[0];
      if (!row) return undefined;
      return {
        id: row.id,
        kind: row.kind,
        subjectId: row.subject_id,
        amr: row.amr,
        createdAt: Number(row.created_ms),
        lastActiveAt: Number(row.active_ms),
        ended: row.ended,
        ...(row.practice_id !== null ? { practiceId: Number(row.practice_id) } : {}),
        ...(row.role ? { role: row.role } : {}),
      };
    });
  }

  /** When the session ends at the latest (absolute timeout), ms. */
  absoluteEnd(s: SignInSession): number {
    return s.createdAt + this.config.sessionMaxHours * 3600_000;
  }

  /** Whether the session is still live now (not ended, within both timeouts). */
  isLive(s: SignInSession): boolean {
    const now = this.now();
    return !s.ended && now < this.absoluteEnd(s) && now < s.lastActiveAt + this.config.sessionIdleMinutes * 60_000;
  }

  /** The live session by id, or undefined when there is none or it has timed out. */
  async live(id: string | undefined): Promise<SignInSession | undefined> {
    if (!id) return undefined;
    const s = await this.get(id);
    return s && this.isLive(s) ? s : undefined;
  }

  /** Records activity, resetting the idle timeout. */
  async touch(id: string): Promise<void> {
    await this.db.withOwner((s) => s.query('UPDATE signin_session SET last_active_at = to_timestamp($2::float8 / 1000) WHERE id = $1', [id, this.now()]));
  }

  /** Records the practice and role chosen for the session. */
  async choose(id: string, practiceId: number, role: string): Promise<void> {
    await this.db.withOwner((s) => s.query('UPDATE signin_session SET practice_id = $2, role = $3 WHERE id = $1', [id, practiceId, role]));
  }

  async end(id: string): Promise<void> {
    await this.db.withOwner((s) => s.query('UPDATE signin_session SET ended_at = now() WHERE id = $1 AND ended_at IS NULL', [id]));
  }

  /** Every live session of a subject (when a user is disabled). */
  async idsOf(subjectId: string): Promise<string[]> {
    return this.db.withOwner(async (s) => (await s.query<{ id: string }>('SELECT id FROM signin_session WHERE subject_id = $1 AND ended_at IS NULL', [subjectId])).rows.map((r) => r.id));
  }

  /** The cookie value naming a session: `<id>.<HMAC-SHA256 by the first cookie key>`. */
  cookieValue(id: string): string {
    return `${id}.${this.mac(id, this.cookieKeys[0]!)}`;
  }

  /** The session id in a Cookie header, when its signature is good under any current key. */
  fromCookieHeader(header: string | undefined): string | undefined {
    if (!header) return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq === -1 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
      const value = part.slice(eq + 1).trim();
      const dot = value.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const id = value.slice(0, dot);
      const mac = Buffer.from(value.slice(dot + 1));
      for (const key of this.cookieKeys) {
        const expected = Buffer.from(this.mac(id, key));
        if (expected.length === mac.length && timingSafeEqual(expected, mac)) return id;
      }
      return undefined;
    }
    return undefined;
  }

  private mac(id: string, key: string): string {
    return createHmac('sha256', key).update(`${SESSION_COOKIE}=${id}`).digest('base64url');
  }
}

/**
 * Revoked bearer tokens, by `jti`. Access tokens are stateless JWTs, so revoking one means every
 * API process must refuse it until it would have expired anyway.
 *
 * Each process keeps the live revoked set in memory and refreshes it from `revoked_token` when it
 * is older than `refreshMs` (default 5 s) — lazily, on the next check, one query shared by every
 * request waiting on it. How stale it may be:
 *   - a revocation made through this process is in the set before `revoke` returns: immediate;
 *   - one made by another process is seen within `refreshMs` (plus one query) of its commit.
 * Each refresh re-reads a 30 s overlap before the previous one, so a revocation whose commit lags
 * its timestamp is not missed. Expired entries are dropped from memory, and swept from the table.
 */
import type { Database } from '../db/database';
import type { RevocationCheck } from './tokens';

/** Re-read window behind each refresh, for commits that land after their `revoked_at`. */
const OVERLAP_SECONDS = 30;

export interface Revocation {
  jti: string;
  /** When the token expires (seconds since the epoch): it need not be remembered after. */
  exp: number;
}

export class RevocationList implements RevocationCheck {
  /** jti → expiry (seconds). */
  private readonly revoked = new Map<string, number>();
  /** Database time of the last refresh's query; undefined before the first. */
  private since: string | undefined;
  private refreshedAt = -Infinity;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: { refreshMs?: number; now?: () => number } = {},
  ) {}

  private get nowMs(): number {
    return (this.options.now ?? Date.now)();
  }

  async isRevoked(jti: string): Promise<boolean> {
    if (this.nowMs - this.refreshedAt >= (this.options.refreshMs ?? 5000)) await this.refresh();
    const exp = this.revoked.get(jti);
    return exp !== undefined;
  }

  /** Revokes tokens now: recorded for every process, and refused by this one at once. */
  async revoke(tokens: readonly Revocation[], reason: string): Promise<void> {
    if (tokens.length === 0) return;
    await this.db.withOwner((s) =>
      s.query(
        `INSERT INTO revoked_token (jti, expires_at, reason)
         SELECT jti, to_timestamp(exp), $3 FROM unnest($1::text[], $2::float8[]) AS t (jti, exp)
         ON CONFLICT (jti) DO NOTHING`,
        [tokens.map((t) => t.jti), tokens.map((t) => t.exp), reason],
      ),
    );
    for (const t of tokens) this.revoked.set(t.jti, t.exp);
  }

  /** Reloads what other processes revoked since the last refresh (forced when called directly). */
  refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const startedAt = this.nowMs;
    const since = this.since;
    const { rows, at } = await this.db.withOwner(async (s) => {
      const r = await s.query<{ jti: string; exp: number }>(
        since === undefined
          ? `SELECT jti, extract(epoch FROM expires_at)::float8 AS exp FROM revoked_token WHERE expires_at > now()`
          : `SELECT jti, extract(epoch FROM expires_at)::float8 AS exp FROM revoked_token
             WHERE revoked_at > $1::timestamptz - make_interval(secs => ${OVERLAP_SECONDS}) AND expires_at > now()`,
        since === undefined ? [] : [since],
      );
      const t = await s.query<{ at: string }>(`SELECT now()::text AS at`);
      // Rarely, sweep rows that no process needs any more.
      if (Math.random() < 0.01) await s.query(`DELETE FROM revoked_token WHERE expires_at < now() - interval '1 day'`);
      return { rows: r.rows, at: t.rows[0]!.at };
    });
    for (const r of rows) this.revoked.set(r.jti, Number(r.exp));
    const nowSeconds = Date.now() / 1000;
    for (const [jti, exp] of this.revoked) if (exp < nowSeconds) this.revoked.delete(jti);
    this.since = at;
    this.refreshedAt = startedAt;
  }
}

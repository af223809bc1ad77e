/**
 * Sign-in secrets for staff users and patient logins alike: argon2id password hashes, TOTP
 * second factors (RFC 6238, as authenticator apps use), and lockout with backoff after repeated
 * failures. Stored in `login_credential`, which only the schema owner can read.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import type { Database } from '../db/database';

/** argon2id with the OWASP Password Storage Cheat Sheet's first configuration (19 MiB, t=2, p=1). */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** TOTP as authenticator apps expect it: SHA-1, 6 digits, 30 s steps; one step of drift allowed. */
const TOTP_SHAPE = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const TOTP_WINDOW = 1;
/** First lock after the limit, doubling with each further failure, never more than an hour. */
const LOCK_BASE_SECONDS = 60;
const LOCK_MAX_SECONDS = 3600;

export const PASSWORD_MIN_LENGTH = 10;

/** Why a password cannot be used, or undefined when it can (NCSC guidance: length, not rules). */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `A password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > 256) return 'A password must be at most 256 characters';
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** A new random TOTP secret, base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans (as a QR code) or takes typed in. */
export function totpUri(secret: string, account: string, issuer = 'OpenPractice'): string {
  return new TOTP({ ...TOTP_SHAPE, issuer, label: account, secret: Secret.fromBase32(secret) }).toString();
}

/** The TOTP code for a secret at a time (ms): for tests and the demo. */
export function totpCode(secret: string, atMs: number): string {
  return TOTP.generate({ ...TOTP_SHAPE, secret: Secret.fromBase32(secret), timestamp: atMs });
}

export type CheckResult = { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; retryAfterSeconds: number };

interface CredentialRow {
  password_hash: string | null;
  totp_secret: string | null;
  totp_last_step: number | null;
  failed_attempts: number;
  locked_until_ms: number | null;
}

/** Checks and changes credentials; `now` (ms) is injectable so lockout and TOTP can be tested. */
export class Credentials {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: { maxFailures: number; now: () => number },
  ) {}

  async setPassword(subjectId: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new RangeError(problem);
    const h = await hashPassword(password);
    await this.db.withOwner((s) =>
      s.query(
        `INSERT INTO login_credential (subject_id, password_hash) VALUES ($1, $2)
         ON CONFLICT (subject_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, failed_attempts = 0, locked_until = NULL, updated_at = now()`,
        [subjectId, h],
      ),
    );
  }

  /** Sets (or, with null, removes) the TOTP secret; the next code may be any. */
  async setTotp(subjectId: string, secret: string | null): Promise<void> {
    await this.db.withOwner((s) =>
      s.query(
        `INSERT INTO login_credential (subject_id, totp_secret) VALUES ($1, $2)
         ON CONFLICT (subject_id) DO UPDATE SET totp_secret = EXCLUDED.totp_secret, totp_last_step = NULL, updated_at = now()`,
        [subjectId, secret],
      ),
    );
  }

  async hasTotp(subjectId: string): Promise<boolean> {
    return (await this.row(subjectId))?.totp_secret != null;
  }

  /**
   * Checks a password. An unknown subject costs the same hash as a known one, so timing does not
   * say which usernames exist.
   */
  async checkPassword(subjectId: string | undefined, password: string): Promise<CheckResult> {
    const row = subjectId ? await this.row(subjectId) : undefined;
    if (!row?.password_hash) {
      this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verify(await this.dummyHash, password).catch(() => false);
      return { ok: false, reason: 'invalid' };
    }
    const locked = this.lockedFor(row);
    if (locked > 0) return { ok: false, reason: 'locked', retryAfterSeconds: locked };
    const ok = await verify(row.password_hash, password).catch(() => false);
    return this.record(subjectId!, ok);
  }

  /** Checks a TOTP code; each time step's code is accepted once. */
  async checkTotp(subjectId: string, code: string): Promise<CheckResult> {
    const row = await this.row(subjectId);
    if (!row?.totp_secret) return { ok: false, reason: 'invalid' };
    const locked = this.lockedFor(row);
    if (locked > 0) return { ok: false, reason: 'locked', retryAfterSeconds: locked };
    const now = this.options.now();
    const token = code.replace(/\s+/g, '');
    const delta = /^\d{6}$/.test(token) ? TOTP.validate({ ...TOTP_SHAPE, token, secret: Secret.fromBase32(row.totp_secret), timestamp: now, window: TOTP_WINDOW }) : null;
    const step = delta === null ? undefined : Math.floor(now / 1000 / TOTP_SHAPE.period) + delta;
    const replayed = step !== undefined && row.totp_last_step !== null && step <= Number(row.totp_last_step);
    const result = await this.record(subjectId, step !== undefined && !replayed);
    if (result.ok) await this.db.withOwner((s) => s.query('UPDATE login_credential SET totp_last_step = $2 WHERE subject_id = $1', [subjectId, step]));
    return result;
  }

  private lockedFor(row: CredentialRow): number {
    const until = row.locked_until_ms === null ? 0 : Number(row.locked_until_ms);
    return Math.max(0, Math.ceil((until - this.options.now()) / 1000));
  }

  /** Records a success (clears failures) or a failure (counts, and locks past the limit). */
  private async record(subjectId: string, ok: boolean): Promise<CheckResult> {
    if (ok) {
      await this.db.withOwner((s) => s.query('UPDATE login_credential SET failed_attempts = 0, locked_until = NULL WHERE subject_id = $1', [subjectId]));
      return { ok: true };
    }
    const failures = await this.db.withOwner(async (s) => {
      const r = await s.query<{ failed_attempts: number }>('UPDATE login_credential SET failed_attempts = failed_attempts + 1 WHERE subject_id = $1 RETURNING failed_attempts', [subjectId]);
      return Number(r.rows[0]?.failed_attempts ?? 0);
    });
    const over = failures - this.options.maxFailures;
    if (over >= 0) {
      const seconds = Math.min(LOCK_MAX_SECONDS, LOCK_BASE_SECONDS * 2 ** Math.min(over, 16));
      await this.db.withOwner((s) => s.query('UPDATE login_credential SET locked_until = to_timestamp($2::float8 / 1000) WHERE subject_id = $1', [subjectId, this.options.now() + seconds * 1000]));
    }
    return { ok: false, reason: 'invalid' };
  }

  private async row(subjectId: string): Promise<CredentialRow | undefined> {
    return this.db.withOwner(async (s) => {
      const r = await s.query<CredentialRow>(
        `SELECT password_hash, totp_secret, totp_last_step, failed_attempts,
                (extract(epoch FROM locked_until) * 1000)::float8 AS locked_until_ms
         FROM login_credential WHERE subject_id = $1`,
        [subjectId],
      );
      return r.rows[0];
    });
  }
}

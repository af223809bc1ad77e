/** Short-lived steps of a sign-in in progress (`signin_pending`): TOTP awaited, choices made, federation state. */
import type { Database } from '../db/database';

export class PendingSteps {
  constructor(private readonly db: Database) {}

  async put(id: string, interactionId: string, stage: string, subjectId: string | null, data: object, ttlSeconds = 900): Promise<void> {
    await this.db.withOwner((s) =>
      s.query(
        `INSERT INTO signin_pending (id, interaction_id, stage, subject_id, data, expires_at) VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
         ON CONFLICT (id) DO UPDATE SET stage = EXCLUDED.stage, subject_id = EXCLUDED.subject_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
        [id, interactionId, stage, subjectId, JSON.stringify(data), ttlSeconds],
      ),
    );
    if (Math.random() < 0.05) await this.db.withOwner((s) => s.query('DELETE FROM signin_pending WHERE expires_at < now()'));
  }

  async get<T = Record<string, unknown>>(id: string, stage: string): Promise<{ interactionId: string; subjectId: string | null; data: T } | undefined> {
    return this.db.withOwner(async (s) => {
      const r = await s.query<{ interaction_id: string; subject_id: string | null; data: T | string }>(
        'SELECT interaction_id, subject_id, data FROM signin_pending WHERE id = $1 AND stage = $2 AND expires_at > now()',
        [id, stage],
      );
      const row = r.rows[0];
      if (!row) return undefined;
      return { interactionId: row.interaction_id, subjectId: row.subject_id, data: typeof row.data === 'string' ? (JSON.parse(row.data) as T) : row.data };
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.withOwner((s) => s.query('DELETE FROM signin_pending WHERE id = $1', [id]));
  }
}


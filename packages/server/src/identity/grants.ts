/**
 * What each authorisation was granted for (practice, role, patient in context, proxy, proofing,
 * fhirUser, session), keyed by the OpenID provider's grant id, so every access token issued under
 * the grant — at the code exchange and at each refresh — carries the same context. And the ledger
 * of issued access tokens, so revoking a grant, a session or a client revokes its JWTs too.
 */
import type { Database } from '../db/database';
import type { ProofingLevel } from '../auth/tokens';
import type { RevocationList } from '../auth/revocations';

export interface GrantContext {
  grantId: string;
  clientId: string;
  sessionId?: string;
  kind: 'staff' | 'patient';
  subjectId: string;
  practiceId: number;
  odsCode: string;
  role: string;
  patientId?: string;
  proxy: boolean;
  proofing?: ProofingLevel;
  fhirUser?: string;
}

export async function saveGrantContext(db: Database, g: Omit<GrantContext, 'odsCode'>): Promise<void> {
  await db.withOwner((s) =>
    s.query(
      `INSERT INTO oauth_grant_context (grant_id, client_id, session_id, kind, subject_id, practice_id, role, patient_id, proxy, proofing, fhir_user)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [g.grantId, g.clientId, g.sessionId ?? null, g.kind, g.subjectId, g.practiceId, g.role, g.patientId ?? null, g.proxy, g.proofing ?? null, g.fhirUser ?? null],
    ),
  );
}

export async function getGrantContext(db: Database, grantId: string): Promise<GrantContext | undefined> {
  return db.withOwner(async (s) => {
    const r = await s.query<{
      grant_id: string;
      client_id: string;
      session_id: string | null;
      kind: GrantContext['kind'];
      subject_id: string;
      practice_id: number;
      ods_code: string;
      role: string;
      patient_id: string | null;
      proxy: boolean;
      proofing: ProofingLevel | null;
      fhir_user: string | null;
    }>(
      `SELECT g.*, p.ods_code FROM oauth_grant_context g JOIN practice p ON p.id = g.practice_id WHERE g.grant_id = $1`,
      [grantId],
    );
    const g = r.rows[0];
    if (!g) return undefined;
    return {
      grantId: g.grant_id,
      clientId: g.client_id,
      kind: g.kind,
      subjectId: g.subject_id,
      practiceId: Number(g.practice_id),
      odsCode: g.ods_code,
      role: g.role,
      proxy: g.proxy,
      ...(g.session_id ? { sessionId: g.session_id } : {}),
      ...(g.patient_id ? { patientId: g.patient_id } : {}),
      ...(g.proofing ? { proofing: g.proofing } : {}),
      ...(g.fhir_user ? { fhirUser: g.fhir_user } : {}),
    };
  });
}

/** Records an issued access token (its jti) against its client, grant and session. */
export async function recordAccessToken(db: Database, t: { jti: string; clientId: string; grantId?: string; sessionId?: string; exp: number }): Promise<void> {
  await db.withOwner((s) =>
    s.query(`INSERT INTO oauth_access_token (jti, client_id, grant_id, session_id, expires_at) VALUES ($1, $2, $3, $4, to_timestamp($5)) ON CONFLICT (jti) DO NOTHING`, [
      t.jti,
      t.clientId,
      t.grantId ?? null,
      t.sessionId ?? null,
      t.exp,
    ]),
  );
}

/**
 * Revokes every unexpired access token issued under a grant, to a client or in a session, and
 * deletes the provider's stored refresh tokens and codes for the same, so nothing issued under
 * them works again.
 */
export async function revokeIssued(db: Database, revocations: RevocationList, by: { grantId?: string; clientId?: string; sessionId?: string }, reason: string): Promise<number> {
  const column = by.grantId ? 'grant_id' : by.clientId ? 'client_id' : 'session_id';
  const value = by.grantId ?? by.clientId ?? by.sessionId;
  if (!value) return 0;
  const tokens = await db.withOwner(async (s) => {
    const r = await s.query<{ jti: string; exp: number }>(
      `SELECT jti, extract(epoch FROM expires_at)::float8 AS exp FROM oauth_access_token WHERE ${column} = $1 AND expires_at > now()`,
      [value],
    );
    // Refresh tokens and codes of the same grants (client or session: every grant they hold).
    const grants =
      column === 'grant_id'
        ? [value]
        : (await s.query<{ grant_id: string }>(`SELECT grant_id FROM oauth_grant_context WHERE ${column === 'client_id' ? 'client_id' : 'session_id'} = $1`, [value])).rows.map((g) => g.grant_id);
    if (grants.length > 0) await s.query(`DELETE FROM oidc_model WHERE grant_id = ANY($1::text[]) OR (model = 'Grant' AND id = ANY($1::text[]))`, [grants]);
    return r.rows.map((t) => ({ jti: t.jti, exp: Number(t.exp) }));
  });
  await revocations.revoke(tokens, reason);
  return tokens.length;
}

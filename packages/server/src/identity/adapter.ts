/**
 * The OpenID provider's storage adapter (oidc-provider's Adapter interface) on our Database:
 * every model in `oidc_model` as the schema owner, except `Client`, which comes from the client
 * registry (clients.ts) so registering or revoking an app takes effect on the next request.
 *
 * Access tokens are JWTs the provider never stores; revoking a grant (a refresh token reused,
 * a refresh token or session revoked) reaches them through `revokeByGrantId` on the AccessToken
 * model, which revokes the JWTs recorded under that grant (grants.ts).
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/database';
import type { RevocationList } from '../auth/revocations';
import { SIGNING_ALG } from '../auth/keys';
import type { ClientRegistry, RegisteredClient } from './clients';
import { revokeIssued } from './grants';

/** Metadata names of our own, on every client. */
export const CLIENT_META = {
  practice: 'openpractice_practice',
  kind: 'openpractice_kind',
  audience: 'openpractice_audience',
  scope: 'openpractice_scope',
  firstParty: 'openpractice_first_party',
} as const;

/** A registered client as oidc-provider client metadata. */
export function clientMetadata(c: RegisteredClient): AdapterPayload {
  const keyed = c.jwks !== undefined || c.jwksUri !== undefined;
  return {
    client_id: c.clientId,
    client_name: c.name,
    redirect_uris: c.redirectUris,
    response_types: c.kind === 'app' ? ['code'] : [],
    grant_types: c.kind === 'app' ? ['authorization_code', 'refresh_token'] : ['client_credentials'],
    token_endpoint_auth_method: keyed ? 'private_key_jwt' : 'none',
    id_token_signed_response_alg: SIGNING_ALG,
    ...(c.jwks ? { jwks: c.jwks } : {}),
    ...(c.jwksUri ? { jwks_uri: c.jwksUri } : {}),
    [CLIENT_META.practice]: c.odsCode ?? '',
    [CLIENT_META.kind]: c.kind,
    [CLIENT_META.audience]: c.audience ?? '',
    [CLIENT_META.scope]: c.scope,
    [CLIENT_META.firstParty]: c.firstParty,
  } as AdapterPayload;
}

interface Row {
  payload: AdapterPayload | string;
  consumed: number | null;
}

/** Builds the adapter class oidc-provider instantiates once per model name. */
export function adapterFor(db: Database, clients: ClientRegistry, revocations: RevocationList): new (name: string) => Adapter {
  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const p = payload as AdapterPayload & { grantId?: string; userCode?: string; uid?: string };
      await db.withOwner((s) =>
        s.query(
          `INSERT INTO oidc_model (model, id, payload, grant_id, user_code, uid, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $7::float8) END)
           ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
             uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
          [this.model, id, JSON.stringify(payload), p.grantId ?? null, p.userCode ?? null, p.uid ?? null, typeof expiresIn === 'number' ? expiresIn : null],
        ),
      );
      // Sweep now and then, so expired sessions, codes and replay records do not pile up.
      if (Math.random() < 0.02) await db.withOwner((s) => s.query(`DELETE FROM oidc_model WHERE expires_at < now() - interval '1 hour'`));
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const c = await clients.get(id);
        return c && !c.revoked ? clientMetadata(c) : undefined;
      }
      return this.one('id = $2', id);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.one('user_code = $2', userCode);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.one('uid = $2', uid);
    }

    async consume(id: string): Promise<void> {
      await db.withOwner((s) => s.query(`UPDATE oidc_model SET consumed_at = now() WHERE model = $1 AND id = $2`, [this.model, id]));
    }

    async destroy(id: string): Promise<void> {
      await db.withOwner((s) => s.query(`DELETE FROM oidc_model WHERE model = $1 AND id = $2`, [this.model, id]));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      if (this.model === 'AccessToken') {
        await revokeIssued(db, revocations, { grantId }, 'grant revoked');
        return;
      }
      await db.withOwner((s) => s.query(`DELETE FROM oidc_model WHERE model = $1 AND grant_id = $2`, [this.model, grantId]));
    }

    private async one(where: string, value: string): Promise<AdapterPayload | undefined> {
      const r = await db.withOwner((s) =>
        s.query<Row>(
          `SELECT payload, extract(epoch FROM consumed_at)::float8 AS consumed FROM oidc_model
           WHERE model = $1 AND ${where} AND (expires_at IS NULL OR expires_at > now())`,
          [this.model, value],
        ),
      );
      const row = r.rows[0];
      if (!row) return undefined;
      const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as AdapterPayload) : row.payload;
      return row.consumed === null ? payload : { ...payload, consumed: Math.floor(Number(row.consumed)) };
    }
  };
}

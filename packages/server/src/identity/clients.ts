/**
 * The apps and systems a practice lets at its record (SMART on FHIR), and the deployment's own
 * first-party web apps.
 *
 * - `app`: a SMART app for staff or patients, authorised by a signed-in user through the
 *   authorization code flow with PKCE; public (no secret) or confidential with a key
 *   (private_key_jwt, SMART client-confidential-asymmetric).
 * - `system`: a hospital, 111 or social-care system using SMART Backend Services (client
 *   credentials, private_key_jwt with ES384 or RS384 against a registered JWKS or JWKS URL).
 *
 * External access is off by default per practice: until an admin turns it on, the practice's
 * apps and systems get no token. Every change of that setting is recorded in
 * `practice_setting_change` (who, when, old and new) for the audit trail.
 */
import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { getResourceTypes } from '@openpractice/fhir';
import type { Database, Session } from '../db/database';
import { parseScope, type Scope } from '../auth/scopes';
import { IdentityError } from './errors';
import { practiceIdOf } from './staff';

export const CLIENT_KINDS = ['app', 'system'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];
export type Audience = 'staff' | 'patient';

/** Key types a client assertion may be signed with (SMART Backend Services: ES384, RS384). */
export const CLIENT_ASSERTION_ALGS = ['ES384', 'RS384'] as const;

export interface RegisteredClient {
  clientId: string;
  /** The practice the client is registered with; undefined for first-party web apps. */
  odsCode?: string;
  practiceId?: number;
  kind: ClientKind;
  /** Who signs in to an app. */
  audience?: Audience;
  name: string;
  redirectUris: string[];
  /** The SMART resource scopes it may be granted, space-separated. */
  scope: string;
  jwks?: { keys: JWK[] };
  jwksUri?: string;
  firstParty: boolean;
  revoked: boolean;
}

export interface NewClient {
  odsCode: string;
  kind: ClientKind;
  audience?: Audience;
  name: string;
  redirectUris?: string[];
  scope: string;
  jwks?: unknown;
  jwksUri?: string;
}

/** The deployment's own web apps (clinician and patient): registered by code, not by a practice. */
export function firstPartyClients(baseUrl: string): RegisteredClient[] {
  return [
    {
      clientId: 'openpractice-clinician',
      kind: 'app',
      audience: 'staff',
      name: 'OpenPractice (clinician)',
      redirectUris: [`${baseUrl}/clinician/callback`],
      scope: 'user/*.cruds patient/*.cruds',
      firstParty: true,
      revoked: false,
    },
    {
      clientId: 'openpractice-patient',
      kind: 'app',
      audience: 'patient',
      name: 'OpenPractice (patient)',
      redirectUris: [`${baseUrl}/patient/callback`],
      scope: 'patient/*.cruds',
      firstParty: true,
      revoked: false,
    },
  ];
}

/** Checks a resource scope a client may hold: the right context for its kind, a real type. */
function checkScope(raw: string, kind: ClientKind, audience: Audience | undefined): Scope {
  const s = parseScope(raw);
  if (!s) throw new IdentityError(400, `"${raw}" is not a SMART resource scope (e.g. system/Patient.rs, patient/*.rs)`);
  if (s.resourceType !== '*' && !getResourceTypes().has(s.resourceType)) throw new IdentityError(400, `"${raw}" names no FHIR R4 resource type`);
  if (kind === 'system' && s.context !== 'system') throw new IdentityError(400, `A system may hold system/ scopes only (got ${raw})`);
  if (kind === 'app' && s.context === 'system') throw new IdentityError(400, `An app may not hold system/ scopes (got ${raw})`);
  if (kind === 'app' && audience === 'patient' && s.context === 'user') throw new IdentityError(400, `A patient app holds patient/ scopes only (got ${raw})`);
  return s;
}

function checkRedirect(uri: string): string {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new IdentityError(400, `"${uri}" is not an absolute URL`);
  }
  const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
  if (u.hash) throw new IdentityError(400, 'A redirect URI has no fragment');
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw new IdentityError(400, `A redirect URI must be https (or http on this machine): ${uri}`);
  return u.href;
}

/** A public JWK set of ES384 (P-384) or RS384 (RSA) signing keys; private parts are refused. */
function checkJwks(value: unknown): { keys: JWK[] } {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new IdentityError(400, 'jwks must be a JSON Web Key Set: {"keys": [...]}');
  return {
    keys: keys.map((k: JWK) => {
      if (typeof k !== 'object' || k === null) throw new IdentityError(400, 'Each JWK is an object');
      if ('d' in k || 'p' in k || 'k' in k) throw new IdentityError(400, 'jwks must hold public keys only — never send a private key');
      if (!((k.kty === 'EC' && k.crv === 'P-384') || k.kty === 'RSA')) throw new IdentityError(400, 'Keys must be EC P-384 (ES384) or RSA (RS384)');
      if (k.alg !== undefined && !(CLIENT_ASSERTION_ALGS as readonly string[]).includes(k.alg)) throw new IdentityError(400, 'Key alg must be ES384 or RS384');
      return k;
    }),
  };
}

export class ClientRegistry {
  private readonly builtIn: Map<string, RegisteredClient>;

  constructor(
    private readonly db: Database,
    options: { baseUrl: string; allowPrivateNetwork: boolean },
  ) {
    this.builtIn = new Map(firstPartyClients(options.baseUrl).map((c) => [c.clientId, c]));
    this.allowHttpJwks = options.allowPrivateNetwork;
  }

  private readonly allowHttpJwks: boolean;

  async register(input: NewClient, actor: string): Promise<RegisteredClient> {
    if (!(CLIENT_KINDS as readonly string[]).includes(input.kind)) throw new IdentityError(400, 'kind is app or system');
    const name = input.name?.trim() ?? '';
    if (name === '' || name.length > 200) throw new IdentityError(400, 'A name of 1 to 200 characters is required');
    const audience = input.kind === 'app' ? input.audience : undefined;
    if (input.kind === 'app' && audience !== 'staff' && audience !== 'patient') throw new IdentityError(400, 'An app is for staff or for patients (audience)');
    const scopes = (input.scope ?? '').split(/\s+/).filter(Boolean);
    if (scopes.length === 0) throw new IdentityError(400, 'Give the scopes it may be granted (e.g. system/Patient.rs)');
    for (const s of scopes) checkScope(s, input.kind, audience);
    const redirectUris = (input.redirectUris ?? []).map(checkRedirect);
    if (input.kind === 'app' && redirectUris.length === 0) throw new IdentityError(400, 'An app needs at least one redirect URI');
    if (input.kind === 'system' && redirectUris.length > 0) throw new IdentityError(400, 'A system has no redirect URIs');
    const jwks = input.jwks === undefined ? undefined : checkJwks(input.jwks);
    let jwksUri: string | undefined;
    if (input.jwksUri !== undefined) {
      let u: URL;
      try {
        u = new URL(input.jwksUri);
      } catch {
        throw new IdentityError(400, 'jwksUri must be an absolute URL');
      }
      if (u.protocol !== 'https:' && !(this.allowHttpJwks && u.protocol === 'http:')) throw new IdentityError(400, 'jwksUri must be https');
      jwksUri = u.href;
    }
    if (jwks && jwksUri) throw new IdentityError(400, 'Give jwks or jwksUri, not both');
    if (input.kind === 'system' && !jwks && !jwksUri) throw new IdentityError(400, 'A system authenticates with a key: give jwks or jwksUri');
    const clientId = `${input.kind === 'system' ? 'sys' : 'app'}-${randomBytes(12).toString('base64url')}`;
    await this.db.withOwner(async (s) => {
      const practiceId = await practiceIdOf(s, input.odsCode);
      await s.query(
        `INSERT INTO oauth_client (client_id, practice_id, kind, audience, name, redirect_uris, scope, jwks, jwks_uri, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [clientId, practiceId, input.kind, audience ?? null, name, redirectUris, scopes.join(' '), jwks ? JSON.stringify(jwks) : null, jwksUri ?? null, actor],
      );
    });
    return (await this.get(clientId))!;
  }

  /** A client by id, first-party or registered (revoked ones included, flagged). */
  async get(clientId: string): Promise<RegisteredClient | undefined> {
    const builtIn = this.builtIn.get(clientId);
    if (builtIn) return builtIn;
    return (await this.select('c.client_id = $1', [clientId]))[0];
  }

  async list(odsCode: string): Promise<RegisteredClient[]> {
    return this.select('p.ods_code = $1', [odsCode]);
  }

  /** Marks a client revoked: it authenticates no more. (Revoking its tokens is the caller's.) */
  async revoke(clientId: string, odsCode: string, actor: string): Promise<RegisteredClient> {
    const client = await this.get(clientId);
    if (!client || client.firstParty || client.odsCode !== odsCode) throw new IdentityError(404, `No client ${clientId} at ${odsCode}`);
    await this.db.withOwner((s) => s.query('UPDATE oauth_client SET revoked_at = now(), revoked_by = $2 WHERE client_id = $1 AND revoked_at IS NULL', [clientId, actor]));
    return { ...client, revoked: true };
  }

  private async select(where: string, params: unknown[]): Promise<RegisteredClient[]> {
    return this.db.withOwner(async (s) => {
      const r = await s.query<{
        client_id: string;
        practice_id: number;
        ods_code: string;
        kind: ClientKind;
        audience: Audience | null;
        name: string;
        redirect_uris: string[];
        scope: string;
        jwks: { keys: JWK[] } | string | null;
        jwks_uri: string | null;
        revoked: boolean;
      }>(
        `SELECT c.client_id, c.practice_id, p.ods_code, c.kind, c.audience, c.name, c.redirect_uris, c.scope, c.jwks, c.jwks_uri,
                c.revoked_at IS NOT NULL AS revoked
         FROM oauth_client c JOIN practice p ON p.id = c.practice_id WHERE ${where} ORDER BY c.created_at, c.client_id`,
        params,
      );
      return r.rows.map((c) => ({
        clientId: c.client_id,
        practiceId: Number(c.practice_id),
        odsCode: c.ods_code,
        kind: c.kind,
        ...(c.audience ? { audience: c.audience } : {}),
        name: c.name,
        redirectUris: c.redirect_uris,
        scope: c.scope,
        ...(c.jwks ? { jwks: typeof c.jwks === 'string' ? (JSON.parse(c.jwks) as { keys: JWK[] }) : c.jwks } : {}),
        ...(c.jwks_uri ? { jwksUri: c.jwks_uri } : {}),
        firstParty: false,
        revoked: c.revoked,
      }));
    });
  }
}

/** Whether a practice has switched external access (its apps and systems) on. Off by default. */
export async function externalAccessEnabled(db: Database, practiceId: number): Promise<boolean> {
  return db.withOwner(async (s) => {
    const r = await s.query<{ on: boolean | null }>(`SELECT (settings->>'externalAccess')::boolean AS on FROM practice WHERE id = $1`, [practiceId]);
    return r.rows[0]?.on === true;
  });
}

/**
 * Switches a practice's external access, recording the change (who, when, from, to); `onChange`
 * runs in the same transaction when it changes (the audit record commits with the change).
 */
export async function setExternalAccess(
  db: Database,
  odsCode: string,
  enabled: boolean,
  actor: string,
  onChange?: (tx: Session, practiceId: number) => Promise<void>,
): Promise<{ changed: boolean }> {
  return db.withOwner((s) =>
    s.transaction(async (tx) => {
      const r = await tx.query<{ id: number; old: boolean | null }>(`SELECT id, (settings->>'externalAccess')::boolean AS old FROM practice WHERE ods_code = $1 FOR UPDATE`, [odsCode]);
      const row = r.rows[0];
      if (!row) throw new IdentityError(404, `No practice ${odsCode} in this deployment`);
      const old = row.old === true;
      if (old === enabled) return { changed: false };
      await tx.query(`UPDATE practice SET settings = jsonb_set(settings, '{externalAccess}', to_jsonb($2::boolean)) WHERE id = $1`, [row.id, enabled]);
      await tx.query(`INSERT INTO practice_setting_change (practice_id, key, old_value, new_value, changed_by) VALUES ($1, 'externalAccess', to_jsonb($2::boolean), to_jsonb($3::boolean), $4)`, [
        row.id,
        old,
        enabled,
        actor,
      ]);
      await onChange?.(tx, Number(row.id));
      return { changed: true };
    }),
  );
}

/**
 * Bearer tokens: JWTs signed by the server's key naming practice (ODS code), user and role.
 *
 * Two issuers share this one format and key: `issueToken` (bootstrap tokens for the CLI and
 * scripts — no `scope`, meaning the role's full permissions) and the OpenID provider of staff and
 * patient sign-in and SMART on FHIR (identity/provider.ts), whose access tokens add who is acting
 * (`kind`), what for (`scope`, `patient`, `proxy`), how well proven (`proofing`), through which
 * app (`client_id`) and in which sign-in session (`sid`). The claims are a contract other parts
 * build on (repository enforcement, audit): keep them exactly.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { fail } from '@openpractice/fhir';
import { SIGNING_ALG, type SigningKey } from './keys';

export const TOKEN_ISSUER = 'openpractice';
export const TOKEN_AUDIENCE = 'openpractice-fhir';

/** The roles a bootstrap token may carry. `operator` administers the deployment, not a practice. */
export const ROLES = ['admin', 'gp', 'nurse', 'pharmacist', 'receptionist', 'practice-manager', 'system', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** The role of a signed-in patient (or proxy); never a bootstrap role. */
export const PATIENT_ROLE = 'patient';
/** Every role a token may carry. */
export type TokenRole = Role | typeof PATIENT_ROLE;
const TOKEN_ROLES: readonly string[] = [...ROLES, PATIENT_ROLE];

/** Who a token acts for: a staff user, a patient (or proxy), a backend system, an operator. */
export const TOKEN_KINDS = ['staff', 'patient', 'system', 'operator'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** NHS login identity proofing levels: none, basic (P5), high (P9). */
export const PROOFING_LEVELS = ['P0', 'P5', 'P9'] as const;
export type ProofingLevel = (typeof PROOFING_LEVELS)[number];

export interface TokenClaims {
  /** User or system (client) id. */
  sub: string;
  /** ODS code of the practice the token acts in (absent for operator tokens). */
  practice?: string;
  role: TokenRole;
  /** Who is acting; absent on bootstrap tokens. */
  kind?: TokenKind;
  /** Space-separated SMART scopes; ABSENT (bootstrap/CLI tokens) means the role's full permissions. */
  scope?: string;
  /** Patient id in context: the launch patient, the signed-in patient, or whom a proxy acts for. */
  patient?: string;
  /** True when a patient login acts for someone else (a proxy). */
  proxy?: boolean;
  /** Identity proofing of a patient login. */
  proofing?: ProofingLevel;
  /** The app or system the token was issued to. */
  client_id?: string;
  /** The acting user as a FHIR reference, e.g. `Practitioner/123` or `Patient/abc`. */
  fhirUser?: string;
  /** Token id (revocation is by jti); issueToken makes one when not given. */
  jti?: string;
  /** Sign-in session id (staff). */
  sid?: string;
}

export interface IssueOptions extends TokenClaims {
  /** Lifetime in seconds (default 12 hours). */
  ttlSeconds?: number;
}

/** Claims written only when present, in this order. */
const OPTIONAL_CLAIMS = ['kind', 'scope', 'patient', 'proxy', 'proofing', 'client_id', 'fhirUser', 'sid'] as const;

/** Signs a token. */
export async function issueToken(key: SigningKey, o: IssueOptions): Promise<string> {
  const claims: Record<string, unknown> = { role: o.role };
  if (o.practice) claims.practice = o.practice;
  for (const name of OPTIONAL_CLAIMS) if (o[name] !== undefined) claims[name] = o[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(o.sub)
    .setJti(o.jti ?? randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${o.ttlSeconds ?? 12 * 3600}s`)
    .sign(key.privateKey);
}

export interface VerifiedToken extends TokenClaims {
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Verifies a bearer token; any failure is 401 with a reason safe to show. */
export async function verifyToken(key: SigningKey, token: string, currentDate?: Date): Promise<VerifiedToken> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key.publicKey, {
      ...(currentDate ? { currentDate } : {}),
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: [SIGNING_ALG],
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw fail.unauthorized('The bearer token has expired');
    if (err instanceof errors.JWTClaimValidationFailed) throw fail.unauthorized(`The bearer token's ${err.claim} claim is not accepted`);
    throw fail.unauthorized('The bearer token is not valid');
  }
  return claimsOf(payload);
}

/** The typed claims of a verified payload; a claim of the wrong shape makes the token invalid. */
function claimsOf(payload: JWTPayload): VerifiedToken {
  const role = payload.role;
  if (typeof role !== 'string' || !TOKEN_ROLES.includes(role)) throw fail.unauthorized('The bearer token has no known role');
  const out: VerifiedToken = { sub: payload.sub!, role: role as TokenRole, exp: payload.exp! };
  const text = (name: 'practice' | 'scope' | 'patient' | 'client_id' | 'fhirUser' | 'jti' | 'sid') => {
    const v = payload[name];
    if (v === undefined) return;
    if (typeof v !== 'string' || v === '') throw fail.unauthorized(`The bearer token ${name} claim is invalid`);
    out[name] = v;
  };
  for (const name of ['practice', 'scope', 'patient', 'client_id', 'fhirUser', 'jti', 'sid'] as const) text(name);
  if (payload.kind !== undefined) {
    if (!(TOKEN_KINDS as readonly unknown[]).includes(payload.kind)) throw fail.unauthorized('The bearer token kind claim is invalid');
    out.kind = payload.kind as TokenKind;
  }
  if (payload.proxy !== undefined) {
    if (typeof payload.proxy !== 'boolean') throw fail.unauthorized('The bearer token proxy claim is invalid');
    out.proxy = payload.proxy;
  }
  if (payload.proofing !== undefined) {
    if (!(PROOFING_LEVELS as readonly unknown[]).includes(payload.proofing)) throw fail.unauthorized('The bearer token proofing claim is invalid');
    out.proofing = payload.proofing as ProofingLevel;
  }
  return out;
}

/** Answers whether a token id has been revoked (auth/revocations.ts). */
export interface RevocationCheck {
  isRevoked(jti: string): Promise<boolean>;
}

/** Where a token was presented, for the revoked-use hook (never the token itself). */
export interface PresentedFrom {
  /** Source network address. */
  ip?: string;
}

/**
 * Told when a correctly signed but revoked token is presented: a stolen or leaked token being
 * tried after its user signed out or was disabled (security/monitor.ts raises an alert). Called
 * synchronously; it must not throw, and is isolated from the 401 if it does.
 */
export type RevokedUseHook = (claims: VerifiedToken, from: PresentedFrom) => void;

/**
 * Verifies tokens, remembering each verified token until it expires, so a client's repeated
 * requests cost one signature check rather than one each (p95 of a verify is ~1.7 ms on this
 * class of machine). Keyed by the whole token, signature included; bounded, oldest evicted first.
 *
 * Revocation is checked on every call, cached or not, against the revocation list's in-memory
 * set (see RevocationList for how stale that may be), so the cache never serves a revoked token.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, VerifiedToken>();
  /** Set once at start (http/app.ts) to report revoked tokens presented again. */
  onRevokedUse: RevokedUseHook | undefined;

  constructor(
    private readonly key: SigningKey,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = () => Date.now() / 1000,
    private readonly revocations?: RevocationCheck,
  ) {}

  /** `from` only feeds the revoked-use hook; it never changes the outcome. */
  async verify(token: string, from: PresentedFrom = {}): Promise<VerifiedToken> {
    let claims = this.verified.get(token);
    if (claims && claims.exp <= this.now()) {
      this.verified.delete(token);
      claims = undefined;
    }
    if (!claims) {
      claims = await verifyToken(this.key, token, new Date(this.now() * 1000));
      if (this.verified.size >= this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, claims);
    }
    if (claims.jti && this.revocations && (await this.revocations.isRevoked(claims.jti))) {
      this.verified.delete(token);
      try {
        this.onRevokedUse?.(claims, from);
      } catch {
        // A failing hook must not turn this 401 into a 500.
      }
      throw fail.unauthorized('The bearer token has been revoked');
    }
    return claims;
  }
}

/**
 * Bearer tokens: JWTs signed by the server's key naming practice (ODS code), user and role.
 * The bootstrap form of identity; SMART on FHIR and staff/patient sign-in build on the same claims.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { fail } from '@openpractice/fhir';
import { SIGNING_ALG, type SigningKey } from './keys';

export const TOKEN_ISSUER = 'openpractice';
export const TOKEN_AUDIENCE = 'openpractice-fhir';

/** The roles a bootstrap token may carry. `operator` administers the deployment, not a practice. */
export const ROLES = ['admin', 'gp', 'nurse', 'pharmacist', 'receptionist', 'practice-manager', 'system', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenClaims {
  /** User or system id. */
  sub: string;
  /** ODS code of the practice the token acts in (absent for operator tokens). */
  practice?: string;
  role: Role;
}

export interface IssueOptions extends TokenClaims {
  /** Lifetime in seconds (default 12 hours). */
  ttlSeconds?: number;
}

/** Signs a token. */
export async function issueToken(key: SigningKey, o: IssueOptions): Promise<string> {
  const claims: Record<string, unknown> = { role: o.role };
  if (o.practice) claims.practice = o.practice;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(o.sub)
    .setJti(randomUUID())
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
  let payload;
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
  const role = payload.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw fail.unauthorized('The bearer token has no known role');
  if (payload.practice !== undefined && typeof payload.practice !== 'string') throw fail.unauthorized('The bearer token practice claim is invalid');
  return { sub: payload.sub!, role: role as Role, exp: payload.exp!, ...(payload.practice ? { practice: payload.practice as string } : {}) };
}

/**
 * Verifies tokens, remembering each verified token until it expires, so a client's repeated
 * requests cost one signature check rather than one each (p95 of a verify is ~1.7 ms on this
 * class of machine). Keyed by the whole token, signature included; bounded, oldest evicted first.
 * Revocation (the identity work) must clear entries here.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly key: SigningKey,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.exp > this.now()) return hit;
      this.verified.delete(token);
    }
    const claims = await verifyToken(this.key, token, new Date(this.now() * 1000));
    if (this.verified.size >= this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims;
  }
}

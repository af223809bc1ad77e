/**
 * What oidc-provider's token, introspection and revocation endpoints need added for SMART and for
 * our stateless JWT access tokens, as a middleware around the provider (it has authenticated the
 * client by the time we act):
 *
 * - token response: `patient` beside the access token when a patient is in context, and `scope`
 *   listing every scope granted, OpenID ones included (app-launch.html#step-5, "scope",
 *   "patient"); `expires_in` matching the token when a session's end cut it short;
 * - introspection (RFC 7662, SMART token-introspection.html) and revocation (RFC 7009) of access
 *   tokens: the provider stores no JWT, so it answers `unsupported_token_type`; we verify the JWT
 *   ourselves and answer for the authenticated client's own tokens. Refresh tokens stay the
 *   provider's (revoking one revokes its grant, and with it every JWT issued under it).
 */
import { decodeJwt } from 'jose';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { RevocationList } from '../auth/revocations';
import { TOKEN_ISSUER, verifyToken, type VerifiedToken } from '../auth/tokens';
import type { SigningKey } from '../auth/keys';
import { OIDC_SCOPES } from './provider';

export function tokenEndpointExtras(key: SigningKey, revocations: RevocationList): Parameters<Provider['use']>[0] {
  return async (koa, next) => {
    const ctx = koa as unknown as KoaContextWithOIDC;
    await next();
    const route = ctx.oidc?.route;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (route === 'token' && ctx.status === 200 && body && typeof body.access_token === 'string') {
      const claims = decodeJwt(body.access_token);
      if (typeof claims.patient === 'string') body.patient = claims.patient;
      if (typeof claims.exp === 'number') body.expires_in = Math.max(0, claims.exp - Math.floor(Date.now() / 1000));
      const source = (ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken) as { scope?: string } | undefined;
      const granted = (source?.scope ?? '').split(' ').filter((s) => (OIDC_SCOPES as readonly string[]).includes(s));
      const all = [...new Set([...granted, ...String(body.scope ?? '').split(' ')].filter(Boolean))];
      if (all.length) body.scope = all.join(' ');
      return;
    }
    if ((route !== 'introspection' && route !== 'revocation') || ctx.status !== 400 || (body as { error?: string } | undefined)?.error !== 'unsupported_token_type') return;
    const client = ctx.oidc.client;
    const token = ctx.oidc.params?.token;
    if (!client || typeof token !== 'string') return;
    let verified: VerifiedToken | undefined;
    try {
      verified = await verifyToken(key, token);
    } catch {
      verified = undefined;
    }
    const own = verified !== undefined && verified.client_id === client.clientId;
    if (route === 'revocation') {
      // RFC 7009 §2.2: an invalid, expired or foreign token is answered 200 all the same.
      if (own && verified!.jti) await revocations.revoke([{ jti: verified!.jti, exp: verified!.exp }], 'revoked by client');
      ctx.status = 200;
      ctx.body = '';
      return;
    }
    ctx.status = 200;
    if (!own || (verified!.jti && (await revocations.isRevoked(verified!.jti)))) {
      ctx.body = { active: false };
      return;
    }
    const iat = decodeJwt(token).iat;
    const v = verified!;
    ctx.body = {
      active: true,
      token_type: 'Bearer',
      scope: v.scope,
      client_id: v.client_id,
      sub: v.sub,
      exp: v.exp,
      iat,
      iss: TOKEN_ISSUER,
      jti: v.jti,
      practice: v.practice,
      kind: v.kind,
      role: v.role,
      patient: v.patient,
      proxy: v.proxy,
      proofing: v.proofing,
      fhirUser: v.fhirUser,
      sid: v.sid,
    };
  };
}

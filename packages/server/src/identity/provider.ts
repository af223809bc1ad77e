/**
 * The OpenID provider (oidc-provider) configured for SMART App Launch 2.0 and Backend Services:
 *
 * - authorization code with PKCE, S256 only, required of every client (app-launch.html#step-1);
 * - SMART v2 scopes (v1 aliases accepted), granted only where the client's registration covers
 *   them; `launch/patient`, `openid`, `fhirUser`, `offline_access` as OpenID scopes;
 * - client credentials with private_key_jwt assertions, ES384 or RS384, at most 5 minutes long,
 *   each jti once (backend-services.html#authenticating-to-the-token-endpoint);
 * - refresh tokens rotated on every use; a rotated one used again revokes the whole grant;
 * - access tokens are our bearer JWTs (auth/tokens.ts): signed with the server key, issuer and
 *   audience as every token, with the practice/patient context of the grant (grants.ts).
 */
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC, type FindAccount } from 'oidc-provider';
import { getResourceTypes } from '@openpractice/fhir';
import { SIGNING_ALG } from '../auth/keys';
import { parseScope, parseScopes, scopeCovers } from '../auth/scopes';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../auth/tokens';
import { CLIENT_ASSERTION_ALGS, externalAccessEnabled } from './clients';
import { adapterFor, CLIENT_META } from './adapter';
import { getGrantContext, recordAccessToken } from './grants';
import { problemPage } from './pages';
import type { IdentityServices } from './services';

/** OpenID scopes (not resource scopes) a SMART app may ask for. */
export const OIDC_SCOPES = ['openid', 'fhirUser', 'profile', 'offline_access', 'online_access', 'launch', 'launch/patient'] as const;

/** A client assertion may live at most this long (backend-services.html: "no more than five minutes"). */
const MAX_ASSERTION_SECONDS = 300;

type Client = NonNullable<KoaContextWithOIDC['oidc']['client']>;

export function clientMeta(client: Client): { practice?: string; kind: string; audience?: string; scope: string; firstParty: boolean } {
  const m = client.metadata() as Record<string, unknown>;
  return {
    ...(m[CLIENT_META.practice] ? { practice: m[CLIENT_META.practice] as string } : {}),
    kind: m[CLIENT_META.kind] as string,
    ...(m[CLIENT_META.audience] ? { audience: m[CLIENT_META.audience] as string } : {}),
    scope: (m[CLIENT_META.scope] as string) ?? '',
    firstParty: m[CLIENT_META.firstParty] === true,
  };
}

/**
 * The resource scopes in `requested` this client may be granted: well-formed, naming a real type,
 * in a context its kind allows, and covered by what it was registered for.
 */
export function grantableScopes(client: { kind: string; audience?: string; scope: string }, requested: Iterable<string>): string[] {
  const allowed = parseScopes(client.scope);
  const types = getResourceTypes();
  const out: string[] = [];
  for (const raw of requested) {
    const s = parseScope(raw);
    if (!s || (s.resourceType !== '*' && !types.has(s.resourceType))) continue;
    if (client.kind === 'system' ? s.context !== 'system' : s.context === 'system' || (s.context === 'user' && client.audience !== 'staff')) continue;
    if (allowed.some((a) => scopeCovers(a, s)) && !out.includes(raw)) out.push(raw);
  }
  return out;
}

/** Every scope named by the request in hand (authorization, code, refresh token, client credentials). */
function requestedScopes(ctx: KoaContextWithOIDC): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string') for (const s of v.split(' ')) if (s) out.add(s);
  };
  add(ctx.oidc.params?.scope);
  add((ctx.oidc.entities.AuthorizationCode as { scope?: string } | undefined)?.scope);
  add((ctx.oidc.entities.RefreshToken as { scope?: string } | undefined)?.scope);
  return out;
}

export function createProvider(svc: IdentityServices, cookieKeys: string[], log: { error(obj: object, msg: string): void }): Provider {
  const { config, db, sessions } = svc;
  const id = config.identity;
  /** Access tokens whose expiry the sign-in session's absolute end cuts short (token → seconds). */
  const sessionEnds = new WeakMap<object, number>();
  const secure = config.baseUrl.startsWith('https:');

  const findAccount: FindAccount = async (_ctx, sub, token) => {
    const grantId = (token as { grantId?: string } | undefined)?.grantId;
    const grant = grantId ? await getGrantContext(db, grantId) : undefined;
    if (grantId && !grant) return undefined;
    if (sub.startsWith('staff-')) {
      const user = await svc.staff.get(sub);
      if (!user || user.disabled) return undefined;
      if (grant) {
        // A staff grant lives only as long as its sign-in session, and the role it was granted for.
        if (grant.sessionId && !(await sessions.live(grant.sessionId))) return undefined;
        const m = user.memberships.find((x) => x.practiceId === grant.practiceId);
        if (!m || !(m.roles as string[]).includes(grant.role)) return undefined;
      }
      return { accountId: sub, claims: () => ({ sub, name: user.displayName, ...(grant?.fhirUser ? { fhirUser: grant.fhirUser } : {}) }) };
    }
    if (sub.startsWith('login-')) {
      const login = await svc.patients.get(sub);
      if (!login || login.disabled) return undefined;
      // A revoked link (proxy access withdrawn by the practice) stops the grant at once.
      if (grant && !(await svc.patients.links({ loginId: sub })).some((l) => l.practiceId === grant.practiceId && l.patientId === grant.patientId)) return undefined;
      return { accountId: sub, claims: () => ({ sub, name: login.displayName, ...(grant?.fhirUser ? { fhirUser: grant.fhirUser } : {}) }) };
    }
    return undefined;
  };

  const policy = interactionPolicy.base();
  // Our own sign-in session decides whether the browser is signed in: timed out (idle or
  // absolute), ended, or for someone else → sign in again.
  policy.get('login')!.checks.add(
    new interactionPolicy.Check('signin_session', 'the sign-in session has ended', async (ctx) => {
      if (ctx.oidc.result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const s = await sessions.live(sessions.fromCookieHeader(ctx.get('cookie')));
      const audience = ctx.oidc.client ? clientMeta(ctx.oidc.client).audience : undefined;
      if (!s || s.subjectId !== ctx.oidc.session?.accountId || s.kind !== audience) return interactionPolicy.Check.REQUEST_PROMPT;
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );
  // Every authorisation goes through our consent step, which fixes its practice and patient context.
  policy.get('consent')!.checks.add(
    new interactionPolicy.Check('signin_context', 'the practice and patient context must be chosen', (ctx) =>
      ctx.oidc.result?.consent?.grantId ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );

  const configuration: Configuration = {
    adapter: adapterFor(db, svc.clients, svc.revocations),
    clients: [],
    jwks: { keys: [svc.key.privateJwk as never] },
    findAccount,
    claims: { openid: ['sub'], fhirUser: ['fhirUser'], profile: ['name'] },
    scopes: [...OIDC_SCOPES],
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['none', 'private_key_jwt'],
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'none', id_token_signed_response_alg: SIGNING_ALG },
    enabledJWA: {
      clientAuthSigningAlgValues: [...CLIENT_ASSERTION_ALGS],
      idTokenSigningAlgValues: [SIGNING_ALG],
    },
    extraClientMetadata: { properties: Object.values(CLIENT_META) },
    // SMART apps name the FHIR server they want (app-launch.html#request-authorization: `aud`);
    // one naming another server must be refused, so a token is never sent somewhere else.
    extraParams: {
      aud(_ctx, value) {
        if (value !== undefined && value.replace(/\/+$/, '') !== svc.fhirBase) throw new errors.InvalidRequest(`aud must be this FHIR server, ${svc.fhirBase}`);
      },
      launch: null,
    },
    cookies: {
      keys: cookieKeys,
      names: { session: 'op_oidc', interaction: 'op_interaction', resume: 'op_resume' },
      long: { httpOnly: true, sameSite: 'lax', secure },
      short: { httpOnly: true, sameSite: 'lax', secure },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => svc.fhirBase,
        useGrantedResource: () => true,
        async getResourceServerInfo(ctx, indicator, client) {
          if (indicator.replace(/\/+$/, '') !== svc.fhirBase) throw new errors.InvalidTarget(`the only resource here is ${svc.fhirBase}`);
          return {
            scope: grantableScopes(clientMeta(client), requestedScopes(ctx)).join(' '),
            audience: TOKEN_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: id.accessTokenTtlSeconds,
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    async extraTokenClaims(ctx, token) {
      const client = ctx.oidc.client!;
      const meta = clientMeta(client);
      if (token.kind === 'ClientCredentials') {
        // SMART Backend Services: the system acts for its practice, if the practice allows it.
        if (meta.kind !== 'system' || !meta.practice) throw new errors.UnauthorizedClient('only registered systems may use client credentials');
        const practice = await svc.clients.get(client.clientId);
        if (!practice?.practiceId || !(await externalAccessEnabled(db, practice.practiceId))) {
          throw new errors.UnauthorizedClient(`external access is switched off at practice ${meta.practice}`);
        }
        if (!token.scope) throw new errors.InvalidScope('none of the requested scopes may be granted to this client', String(ctx.oidc.params?.scope ?? ''));
        return { practice: meta.practice, kind: 'system', role: 'system' };
      }
      const grantId = (token as { grantId?: string }).grantId;
      const g = grantId ? await getGrantContext(db, grantId) : undefined;
      if (!g) throw new errors.InvalidGrant('the grant has no sign-in context');
      if (!meta.firstParty) {
        const registered = await svc.clients.get(client.clientId);
        if (registered?.practiceId !== g.practiceId || !(await externalAccessEnabled(db, g.practiceId))) {
          throw new errors.UnauthorizedClient(`external access is switched off at practice ${g.odsCode}`);
        }
      }
      if (g.sessionId) {
        const s = await sessions.live(g.sessionId);
        if (g.kind === 'staff') {
          if (!s) throw new errors.InvalidGrant('the sign-in session has ended');
          await sessions.touch(s.id);
          sessionEnds.set(token, Math.floor(sessions.absoluteEnd(s) / 1000));
        }
      }
      return {
        practice: g.odsCode,
        kind: g.kind,
        role: g.role,
        ...(g.patientId ? { patient: g.patientId } : {}),
        ...(g.kind === 'patient' ? { proxy: g.proxy } : {}),
        ...(g.proofing ? { proofing: g.proofing } : {}),
        ...(g.fhirUser ? { fhirUser: g.fhirUser } : {}),
        ...(g.kind === 'staff' && g.sessionId ? { sid: g.sessionId } : {}),
      };
    },
    formats: {
      customizers: {
        // Our bearer-token contract: issuer and audience as every token (auth/tokens.ts).
        async jwt(_ctx, token, jwt) {
          const p = jwt.payload as Record<string, unknown>;
          p.iss = TOKEN_ISSUER;
          p.aud = TOKEN_AUDIENCE;
          const end = sessionEnds.get(token);
          if (end !== undefined && typeof p.exp === 'number' && p.exp > end) p.exp = end;
          for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
          await recordAccessToken(db, {
            jti: p.jti as string,
            clientId: p.client_id as string,
            ...((token as { grantId?: string }).grantId ? { grantId: (token as { grantId?: string }).grantId! } : {}),
            ...(typeof p.sid === 'string' ? { sessionId: p.sid } : {}),
            exp: p.exp as number,
          });
        },
      },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${svc.issuer}/interaction/${interaction.uid}`,
    },
    // Every authorisation request passes our consent step (see the `signin_context` check).
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && (code.scopes.has('offline_access') || code.scopes.has('online_access')),
    expiresWithSession: async (_ctx, code) => !code.scopes.has('offline_access'),
    ttl: {
      AccessToken: id.accessTokenTtlSeconds,
      ClientCredentials: Math.min(id.accessTokenTtlSeconds, 300),
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 30 * 60,
      Session: id.sessionMaxHours * 3600,
      Grant: id.refreshTokenTtlDays * 86400,
      RefreshToken: id.refreshTokenTtlDays * 86400,
    },
    async assertJwtClientAuthClaimsAndHeader(_ctx, claims) {
      const now = Math.floor(Date.now() / 1000);
      if (typeof claims.exp === 'number' && claims.exp - now > MAX_ASSERTION_SECONDS) {
        throw new errors.InvalidClientAuth(`the client assertion must expire within ${MAX_ASSERTION_SECONDS} seconds`);
      }
    },
    // jwks_uri is fetched with oidc-provider's SSRF guard (no private or loopback addresses)
    // unless the deployment allows its private network (HSCN systems, tests).
    fetch: (url, options) => {
      const o = options as RequestInit & { dispatcher?: unknown };
      if (id.allowPrivateNetwork) delete o.dispatcher;
      return globalThis.fetch(url, o);
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = problemPage('Sign-in could not continue', typeof out.error_description === 'string' ? out.error_description : 'The request was not valid.');
    },
  };

  const provider = new Provider(svc.issuer, configuration);
  // Behind a proxy (and in tests), public URLs come from the configured base URL (routes.ts sets
  // the forwarded headers from it), never from what a client says its Host is.
  provider.proxy = true;
  provider.on('server_error', (_ctx, err) => log.error({ kind: err.name, code: (err as { code?: unknown }).code }, 'identity server error'));
  return provider;
}

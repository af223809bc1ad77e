/**
 * Staff sign-in through an external OpenID provider — as a deployment would use NHS CIS2 — set up
 * by configuration alone (issuer URL, client id and secret, the claim naming the user). We are its
 * relying party: authorization code with PKCE and a nonce, the ID token verified against the
 * provider's published keys, the user found by the configured claim in their external id. The
 * external provider is trusted for authentication (its own second factor); roles and practices
 * stay ours, chosen at sign-in as ever.
 *
 * The callback URL to register with the provider is `<base URL>/oauth/federation/callback`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type Provider from 'oidc-provider';
import type { FederationConfig } from '../config';
import { auditSignIn, unknownUserSubject } from './audit';
import { IdentityError } from './errors';
import type { FinishLogin } from './interactions';
import { PendingSteps } from './pending';
import { problemPage } from './pages';
import type { IdentityServices } from './services';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

export function registerFederationRoutes(app: FastifyInstance, svc: IdentityServices, provider: Provider, finishLogin: FinishLogin): void {
  const fed = svc.config.identity.federation;
  if (!fed) return;
  const federation: FederationConfig = fed;
  const pending = new PendingSteps(svc.db);
  const callback = `${svc.issuer}/federation/callback`;
  let discovered: Promise<{ meta: Discovery; keys: JWTVerifyGetKey }> | undefined;

  function discover(): Promise<{ meta: Discovery; keys: JWTVerifyGetKey }> {
    discovered ??= (async () => {
      const res = await fetch(`${federation.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`discovery answered ${res.status}`);
      const meta = (await res.json()) as Discovery;
      if (meta.issuer.replace(/\/+$/, '') !== federation.issuer) throw new Error('the discovered issuer differs from the configured one');
      return { meta, keys: createRemoteJWKSet(new URL(meta.jwks_uri)) };
    })().catch((err: unknown) => {
      discovered = undefined;
      throw err;
    });
    return discovered;
  }

  function page(reply: FastifyReply, status: number, message: string): FastifyReply {
    return reply.status(status).type('text/html; charset=utf-8').send(problemPage('Sign-in could not continue', message));
  }

  app.get('/oauth/interaction/:uid/federate', async (req, reply) => {
    const it = await provider.interactionDetails(req.raw, reply.raw).catch(() => undefined);
    if (!it || it.uid !== (req.params as { uid: string }).uid || it.prompt.name !== 'login') return page(reply, 400, 'This sign-in has expired.');
    const client = await svc.clients.get(String(it.params.client_id));
    if (client?.audience !== 'staff') return page(reply, 400, 'Only staff sign in with an external provider.');
    let meta: Discovery;
    try {
      ({ meta } = await discover());
    } catch {
      req.log.warn('federated provider discovery failed');
      return page(reply, 502, `${federation.label} could not be reached. Try again, or sign in with your password.`);
    }
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    await pending.put(state, it.uid, 'federation', null, { nonce, verifier }, 600);
    const url = new URL(meta.authorization_endpoint);
    const params = {
      response_type: 'code',
      client_id: federation.clientId,
      redirect_uri: callback,
      scope: federation.scope,
      state,
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return reply.status(303).header('Location', url.href).send();
  });

  app.get('/oauth/federation/callback', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const state = q.state ?? '';
    const step = state ? await pending.get<{ nonce: string; verifier: string }>(state, 'federation') : undefined;
    if (!step) return page(reply, 400, 'This sign-in has expired, or did not start here.');
    await pending.delete(state);
    if (q.error || !q.code) return page(reply, 401, `${federation.label} did not sign you in.`);
    try {
      const { meta, keys } = await discover();
      const res = await fetch(meta.token_endpoint, {
        method: 'POST',
        signal: AbortSignal.timeout(5000),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(federation.clientId)}:${encodeURIComponent(federation.clientSecret)}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: q.code, redirect_uri: callback, code_verifier: step.data.verifier }),
      });
      if (!res.ok) throw new IdentityError(401, `${federation.label} refused the sign-in.`);
      const idToken = ((await res.json()) as { id_token?: unknown }).id_token;
      if (typeof idToken !== 'string') throw new IdentityError(401, `${federation.label} sent no ID token.`);
      const { payload } = await jwtVerify(idToken, keys, { issuer: meta.issuer, audience: federation.clientId });
      if (payload.nonce !== step.data.nonce) throw new IdentityError(401, 'The sign-in response was not for this sign-in.');
      const externalId = payload[federation.userClaim];
      const user = typeof externalId === 'string' ? await svc.staff.findByExternalId(externalId) : undefined;
      if (!user || user.disabled) {
        const who = user ? user.id : svc.audit && typeof externalId === 'string' ? unknownUserSubject(svc.audit, `external:${externalId}`) : 'unknown-user';
        await auditSignIn(svc, req, { subtype: 'login-failed', kind: user ? 'staff' : 'anonymous', subjectId: who, desc: `sign-in through ${federation.label} failed: ${user ? 'sign-in disabled' : 'no user with that external id'}` });
      }
      if (!user || user.disabled) throw new IdentityError(403, `Your ${federation.label} account is not set up for OpenPractice: ask your practice administrator.`);
      await pending.put(state, step.interactionId, 'federated', user.id, {}, 120);
      return reply.status(303).header('Location', `${svc.issuer}/interaction/${step.interactionId}/federated?state=${encodeURIComponent(state)}`).send();
    } catch (err) {
      if (err instanceof IdentityError) return page(reply, err.status, err.message);
      req.log.warn({ kind: (err as Error).name }, 'federated sign-in failed');
      return page(reply, 401, `${federation.label} sign-in could not be checked.`);
    }
  });

  app.get('/oauth/interaction/:uid/federated', async (req: FastifyRequest, reply: FastifyReply) => {
    const state = (req.query as { state?: string }).state ?? '';
    const it = await provider.interactionDetails(req.raw, reply.raw).catch(() => undefined);
    const step = state ? await pending.get(state, 'federated') : undefined;
    if (!it || !step?.subjectId || step.interactionId !== it.uid) return page(reply, 400, 'This sign-in has expired.');
    await pending.delete(state);
    return finishLogin(req, reply, 'staff', step.subjectId, ['fed'], String(it.params.client_id));
  });
}

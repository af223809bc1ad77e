/**
 * Test helpers for sign-in and SMART: a fresh app really listening on a loopback port (the
 * OpenID provider builds its URLs from the base URL, so the base URL must be where it listens), an
 * injectable clock, a browser with a cookie jar that follows the sign-in journey's forms, PKCE,
 * and client assertions signed with jose.
 */
import { createHash, randomBytes, type webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type JWK, type JWTPayload } from 'jose';
import type { FastifyInstance } from 'fastify';
import { buildApp, ensurePractice, issueToken, loadSigningKey, r4Rules, type Config, type Practice, type Role } from '@openpractice/server';
import { totpCode } from '../packages/server/src/identity/credentials';
import type { IdentityConfig } from '../packages/server/src/config';
import type { SigningKey } from '../packages/server/src/auth/keys';
import { testDatabase, type TestDatabase } from './harness';

export interface Clock {
  now: number;
  advance(ms: number): void;
}

export interface IdentityTestApp extends TestDatabase {
  app: FastifyInstance;
  url: string;
  key: SigningKey;
  clock: Clock;
  practiceA: Practice;
  practiceB: Practice;
  token(o?: { practice?: string; role?: Role; sub?: string }): Promise<string>;
  /** JSON call to the admin API (operator token unless given). */
  admin<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  /** GET /fhir/<path> with a bearer token. */
  fhir(path: string, token: string): Promise<Response>;
}

export async function identityTestApp(identity: Partial<IdentityConfig> = {}): Promise<IdentityTestApp> {
  const tdb = await testDatabase();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config: Config = { ...tdb.config, baseUrl: url, identity: { ...tdb.config.identity, allowPrivateNetwork: true, ...identity } };
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const key = await loadSigningKey({ signingKey: JSON.stringify(await exportJWK(privateKey)), dataDir: '/nonexistent' });
  const clock: Clock = {
    now: Date.now(),
    advance(ms) {
      this.now += ms;
    },
  };
  const app = await buildApp(config, { db: tdb.db, key, rules: r4Rules, now: () => clock.now });
  await app.ready();
  server.on('request', (req, res) => app.routing(req, res));
  const practiceA = await ensurePractice(tdb.db, 'T00001', 'Test Practice A');
  const practiceB = await ensurePractice(tdb.db, 'T00002', 'Test Practice B');
  const token: IdentityTestApp['token'] = (o = {}) =>
    issueToken(key, { sub: o.sub ?? 'test-user', role: o.role ?? 'admin', ...(o.role === 'operator' ? {} : { practice: o.practice ?? 'T00001' }) });
  const operator = await token({ role: 'operator' });
  return {
    ...tdb,
    app,
    url,
    key,
    clock,
    practiceA,
    practiceB,
    token,
    async admin(method, path, body, auth) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${auth ?? operator}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    fhir: (path, bearer) => fetch(`${url}/fhir/${path}`, { headers: { authorization: `Bearer ${bearer}` } }),
    async close() {
      await new Promise((r) => server.close(r));
      await app.close();
      await tdb.close();
    },
  };
}

/** A browser: keeps cookies, posts forms, and never follows redirects on its own. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, redirect: 'manual', ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects until a page (200/4xx) or a redirect to `stopAt`; returns the last response and URL. */
  async follow(url: string, stopAt: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ res: Response; url: string }> {
    let res = await this.request(url, init);
    let at = url;
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      at = new URL(res.headers.get('location')!, at).href;
      if (at.startsWith(stopAt)) return { res, url: at };
      res = await this.request(at);
    }
    return { res, url: at };
  }

  forget(name: string): void {
    this.cookies.delete(name);
  }
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The action of the (first) form on a page. */
export function formAction(html: string): string {
  const m = /<form method="post" action="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no form on the page: ${html.slice(0, 300)}`);
  return m[1]!.replace(/&amp;/g, '&');
}

export interface AuthorizeOptions {
  clientId: string;
  redirectUri: string;
  scope: string;
  aud?: string;
  challenge?: string | null;
  method?: string;
  state?: string;
}

export function authorizeUrl(base: string, o: AuthorizeOptions): string {
  const q = new URLSearchParams({ response_type: 'code', client_id: o.clientId, redirect_uri: o.redirectUri, scope: o.scope, state: o.state ?? 'st', aud: o.aud ?? `${base}/fhir` });
  if (o.challenge !== null && o.challenge !== undefined) {
    q.set('code_challenge', o.challenge);
    q.set('code_challenge_method', o.method ?? 'S256');
  }
  return `${base}/oauth/auth?${q}`;
}

export interface SignInResult {
  /** Where the journey ended: the redirect to the app (with code or error), or a page. */
  url: string;
  res: Response;
  code?: string;
  error?: string;
}

/**
 * Drives the sign-in pages: username/password, TOTP (when asked, from `totpSecret` at the
 * clock's time), then answers choice pages with `choose` and consent with `consent`.
 */
export async function signIn(
  t: IdentityTestApp,
  browser: Browser,
  o: AuthorizeOptions & { username?: string; password?: string; totpSecret?: string; choose?: Record<string, string>; consent?: 'allow' | 'deny' },
): Promise<SignInResult> {
  let { res, url } = await browser.follow(authorizeUrl(t.url, o), o.redirectUri);
  for (let step = 0; step < 8; step++) {
    if (url.startsWith(o.redirectUri)) {
      const q = new URL(url).searchParams;
      return { url, res, ...(q.get('code') ? { code: q.get('code')! } : {}), ...(q.get('error') ? { error: q.get('error')! } : {}) };
    }
    if (res.status !== 200) return { url, res };
    const html = await res.clone().text();
    const action = formAction(html);
    let form: Record<string, string>;
    if (action.endsWith('/login')) {
      if (!o.username) return { url, res };
      form = { username: o.username, password: o.password ?? '' };
    } else if (action.endsWith('/totp')) {
      if (!o.totpSecret) return { url, res };
      // Each 30 s code is accepted once: move to a fresh one.
      t.clock.advance(30_000);
      form = { code: totpCode(o.totpSecret, t.clock.now) };
    } else if (action.endsWith('/consent')) {
      form = { decision: o.consent ?? 'allow' };
    } else {
      const field = /name="(choice|patient|link)"/.exec(html)?.[1];
      if (!field || o.choose?.[field] === undefined) return { url, res };
      form = { [field]: o.choose[field]! };
    }
    ({ res, url } = await browser.follow(action, o.redirectUri, { form }));
  }
  throw new Error('the sign-in journey did not end');
}

/** Exchanges a code at the token endpoint (public client). */
export async function exchangeCode(t: IdentityTestApp, o: { code: string; verifier: string; clientId: string; redirectUri: string }): Promise<{ status: number; body: Record<string, any> }> {
  return tokenRequest(t, { grant_type: 'authorization_code', code: o.code, code_verifier: o.verifier, client_id: o.clientId, redirect_uri: o.redirectUri });
}

export async function tokenRequest(t: IdentityTestApp, form: Record<string, string>, path = '/oauth/token'): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

export function claims(token: string): JWTPayload & Record<string, any> {
  return decodeJwt(token);
}

/** A client key pair (ES384 or RS384) and its public JWKS. */
export async function clientKey(alg: 'ES384' | 'RS384' = 'ES384'): Promise<{ alg: typeof alg; privateKey: webcrypto.CryptoKey; jwks: { keys: JWK[] }; kid: string }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, privateKey: privateKey as webcrypto.CryptoKey, jwks: { keys: [jwk] }, kid };
}

/** A SMART Backend Services client assertion (backend-services.html#authenticating-to-the-token-endpoint). */
export async function clientAssertion(
  key: { alg: string; privateKey: webcrypto.CryptoKey; kid: string },
  o: { clientId: string; aud: string; jti?: string; expiresIn?: number; exp?: number },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(o.clientId)
    .setSubject(o.clientId)
    .setAudience(o.aud)
    .setJti(o.jti ?? randomBytes(12).toString('hex'))
    .setIssuedAt(now)
    .setExpirationTime(o.exp ?? now + (o.expiresIn ?? 240))
    .sign(key.privateKey);
}

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

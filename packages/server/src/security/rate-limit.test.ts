// Rate limits and security headers on the real app over HTTP: 429s in the shape each surface
// speaks (OperationOutcome, OAuth JSON, a sign-in page) with Retry-After, every key counted on
// its own, throttling reported to detection, and counters shared through Redis.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { problemPage, securityCodePage, signInPage } from '../identity/pages';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { captureLog } from '../../../../test/security';
import { registerSecurityHeaders } from './headers';
import type { ThrottleEvent } from './monitor';
import { SecurityMonitor } from './monitor';
import { registerRateLimits } from './rate-limit';

let t: TestApp;
const events: ThrottleEvent[] = [];
let monitor: SecurityMonitor;

before(async () => {
  t = await testApp();
  monitor = new SecurityMonitor({ db: t.db, log: captureLog().log, thresholds: { throttleCount: 3 } });
  await registerSecurityHeaders(t.app);
  await registerRateLimits(
    t.app,
    { security: { ...t.config.security, rateLimitPerMinute: 5, signInRateLimitPerMinute: 3, signInUserRateLimitPerMinute: 2 } },
    {
      onThrottled: (e) => {
        events.push(e);
        void monitor.throttled(e);
      },
      // The app passes its authenticate; decoding is enough to name the caller here.
      identify: async (req) => decodeJwt((req.headers.authorization ?? '').slice(7)) as never,
    },
  );
});
after(() => t.close());

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('rate limits: the FHIR API', () => {
  it('answers 429 with an OperationOutcome and Retry-After once a token has used its minute, and only for that token', async () => {
    const a = await t.token({ sub: 'dr.fast' });
    for (let i = 0; i < 5; i++) assert.equal((await t.request({ method: 'GET', url: '/fhir/Patient?_count=1', auth: a })).statusCode, 200);
    const over = await t.request({ method: 'GET', url: '/fhir/Patient?_count=1', auth: a });
    assert.equal(over.statusCode, 429);
    assert.match(String(over.headers['content-type']), /application\/fhir\+json/);
    const retry = Number(over.headers['retry-after']);
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    assert.equal(json(over).resourceType, 'OperationOutcome');
    assert.equal(json(over).issue[0].code, 'throttled');
    assert.ok(over.headers['x-request-id']);
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Patient?_count=1', auth: await t.token({ sub: 'dr.slow' }) })).statusCode, 200, 'another token has its own allowance');
    const reported = events.find((e) => e.limit === 'token');
    assert.equal(reported?.claims?.sub, 'dr.fast');
  });

  it('limits requests without a token per address, never the health check', async () => {
    const from = (remoteAddress: string, url = '/fhir/metadata') => t.app.inject({ method: 'GET', url, remoteAddress });
    for (let i = 0; i < 5; i++) assert.equal((await from('10.0.0.1')).statusCode, 200);
    assert.equal((await from('10.0.0.1')).statusCode, 429);
    assert.equal((await from('10.0.0.2')).statusCode, 200);
    assert.equal((await from('10.0.0.1', '/healthz')).statusCode, 200);
  });

  it('caps made-up tokens per address', async () => {
    const garbage = (i: number) => t.app.inject({ method: 'GET', url: '/fhir/Patient', remoteAddress: '10.0.0.3', headers: { authorization: `Bearer made-up-${i}` } });
    for (let i = 0; i < 5; i++) assert.equal((await garbage(i)).statusCode, 401);
    const over = await garbage(99);
    assert.equal(over.statusCode, 429);
    assert.equal(json(over).issue[0].code, 'throttled');
    assert.ok(events.some((e) => e.limit === 'bad-token' && e.ip === '10.0.0.3'));
  });
});

describe('rate limits: signing in', () => {
  const login = (remoteAddress: string, username: string) =>
    t.app.inject({ method: 'POST', url: '/oauth/interaction/abcdefghijk123/login', remoteAddress, headers: form, payload: `username=${username}&password=guess` });

  it('after 3 failed sign-ins from an address, refuses it for the minute with a page; other addresses go on', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await login('10.0.0.4', `user${i}`)).statusCode, 400);
    const over = await login('10.0.0.4', 'user9');
    assert.equal(over.statusCode, 429);
    assert.match(String(over.headers['content-type']), /text\/html/);
    assert.match(over.body, /Too many sign-in attempts/);
    assert.ok(Number(over.headers['retry-after']) >= 1);
    assert.equal((await login('10.0.0.5', 'user9')).statusCode, 400);
  });

  it('limits attempts at one username across addresses', async () => {
    assert.equal((await login('10.0.1.1', 'Target')).statusCode, 400);
    assert.equal((await login('10.0.1.2', 'target')).statusCode, 400);
    const over = await login('10.0.1.3', 'TARGET ');
    assert.equal(over.statusCode, 429);
    assert.ok(events.some((e) => e.limit === 'sign-in-user' && e.ip === '10.0.1.3'));
    assert.equal((await login('10.0.1.3', 'someone.else')).statusCode, 400);
  });

  it('counts failures at the token endpoint and answers in OAuth JSON', async () => {
    const token = () => t.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: '10.0.0.6', headers: form, payload: 'grant_type=nonsense' });
    for (let i = 0; i < 3; i++) assert.equal((await token()).statusCode, 400);
    const over = await token();
    assert.equal(over.statusCode, 429);
    assert.equal(json(over).error, 'temporarily_unavailable');
    assert.ok(Number(over.headers['retry-after']) >= 1);
  });

  it('raises a security alert when an address keeps being throttled', async () => {
    await monitor.idle();
    const raised = await t.db.withOwner((s) => s.query<{ subject: string; severity: string }>(`SELECT subject, severity FROM security_alert WHERE rule = 'throttled' AND subject = 'address 10.0.0.4'`));
    // 10.0.0.4 was throttled once; three more make the count.
    assert.equal(raised.rows.length, 0);
    for (let i = 0; i < 2; i++) assert.equal((await login('10.0.0.4', `again${i}`)).statusCode, 429);
    await monitor.idle();
    const after3 = await t.db.withOwner((s) => s.query<{ subject: string; severity: string }>(`SELECT subject, severity FROM security_alert WHERE rule = 'throttled' AND subject = 'address 10.0.0.4'`));
    assert.equal(after3.rows.length, 1);
    assert.equal(after3.rows[0]!.severity, 'medium');
  });
});

describe('security headers', () => {
  it('sends a strict CSP, HSTS and framing protection, beside the app’s own headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fhir/metadata', remoteAddress: '10.0.2.1' });
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['cross-origin-opener-policy'], undefined, 'sign-in pop-ups keep their opener');
  });

  it('reaches the OpenID provider’s own responses, and the sign-in pages keep their stricter policy', async () => {
    const provider = await t.app.inject({ method: 'GET', url: '/oauth/.well-known/openid-configuration', remoteAddress: '10.0.2.2' });
    assert.equal(provider.statusCode, 200);
    assert.match(String(provider.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.match(String(provider.headers['content-security-policy']), /form-action 'self' https: http:/, 'forms may post on to the app');
    assert.ok(provider.headers['strict-transport-security']);
    const page = await t.app.inject({ method: 'GET', url: '/oauth/interaction/abcdefghijk123', remoteAddress: '10.0.2.2' });
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-inline/);
  });

  it('the sign-in pages carry no inline script, style or event handler, so the policy leaves them working', () => {
    const pages = [
      signInPage({ action: '/oauth/interaction/x/login', clientName: 'App', staff: true, errors: [{ field: 'password', message: 'Wrong' }], username: 'a', federation: { label: 'CIS2', href: '/oauth/x' } }),
      securityCodePage('/oauth/interaction/x/totp', []),
      problemPage('Problem', 'Something'),
    ];
    for (const html of pages) {
      assert.doesNotMatch(html, /<script|<style|\sstyle=|\son[a-z]+=|javascript:/i);
      assert.match(html, /<link rel="stylesheet" href="\/oauth\/assets\/nhsuk\.css">/, 'styles from this origin only');
    }
  });
});

/** Whether Redis answers at 127.0.0.1:6379 (it does on this project's machines). */
async function redisUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(6379, '127.0.0.1');
    s.once('connect', () => (s.end(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

async function smallApp(redisUrl: string, namespace: string): Promise<FastifyInstance> {
  const app = Fastify();
  await registerRateLimits(app, { security: { ...t.config.security, rateLimitPerMinute: 3, redisUrl } }, { redisNamespace: namespace });
  app.get('/fhir/Patient', async () => ({ resourceType: 'Bundle' }));
  return app;
}

describe('rate limits: Redis', () => {
  it('shares one allowance between API processes', async (ctx) => {
    if (!(await redisUp())) return ctx.skip('Redis is not running at 127.0.0.1:6379');
    const ns = `openpractice-test:${randomBytes(6).toString('hex')}:`;
    const one = await smallApp('redis://127.0.0.1:6379', ns);
    const two = await smallApp('redis://127.0.0.1:6379', ns);
    try {
      const get = (app: FastifyInstance, token = 'shared') => app.inject({ method: 'GET', url: '/fhir/Patient', headers: { authorization: `Bearer ${token}` } });
      // Connections come up asynchronously; until then requests are let through uncounted.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await get(one)).statusCode, 200);
      assert.equal((await get(two)).statusCode, 200);
      assert.equal((await get(one)).statusCode, 200);
      const over = await get(two);
      assert.equal(over.statusCode, 429, 'the fourth request, across both processes');
      assert.equal((await get(two, 'other')).statusCode, 200);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('lets requests through when Redis cannot be reached', async () => {
    const app = await smallApp('redis://127.0.0.1:1', 'unused:');
    try {
      for (let i = 0; i < 5; i++) assert.equal((await app.inject({ method: 'GET', url: '/fhir/Patient', headers: { authorization: 'Bearer x' } })).statusCode, 200);
    } finally {
      await app.close();
    }
  });
});

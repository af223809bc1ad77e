/**
 * Rate limits (@fastify/rate-limit), all per minute:
 *
 *   token          every request with a bearer token, keyed by a hash of its Authorization
 *                  header (no second signature check: the token is verified once, later, by the
 *                  route) — so each app, user or system has its own allowance;
 *   address        requests without a token, per client address (IPv6 by /64);
 *   bad-token      responses of 401 to a request with a token, per address: a stream of made-up
 *                  tokens (each its own `token` key) is capped here instead;
 *   sign-in-address  FAILED sign-in attempts per address — password and TOTP steps and the token
 *                  endpoint answering 400/401/403/429 — after which every attempt from there gets
 *                  429 for the rest of the minute; successful sign-ins from a practice's one
 *                  address never use it up;
 *   sign-in-user   every password attempt per username (hashed), whatever the address, against
 *                  guessing spread over many addresses.
 *
 * A throttled request gets 429 with Retry-After: as a FHIR OperationOutcome (code `throttled`)
 * outside /oauth, as the OAuth JSON error shape at /oauth endpoints, and as a page for the
 * sign-in pages. Each is reported to `onThrottled` (misuse detection, security/monitor.ts).
 * Counters live in memory, or in Redis (OPENPRACTICE_REDIS_URL) so every API process shares them;
 * if Redis is unreachable requests are let through (availability of the record comes first).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { issue } from '@openpractice/fhir';
import type { Config } from '../config';
import type { TokenClaims } from '../auth/tokens';
import { loggableError } from '../http/errors';
import { problemPage } from '../identity/pages';
import type { ThrottleEvent, ThrottleLimit } from './monitor';

const WINDOW_MS = 60_000;
/** Keys each limiter remembers in memory (oldest forgotten first). */
const MEMORY_KEYS = 50_000;
const LOGIN = /^\/oauth\/interaction\/[^/]+\/login$/;
const SIGN_IN = /^\/oauth\/(interaction\/[^/]+\/(login|totp)|token)$/;
/** Answers from a sign-in step that count as a failed attempt. */
const SIGN_IN_FAILURES = new Set([400, 401, 403, 429]);
/** Not limited: load balancers' health checks. */
const UNLIMITED = new Set(['/healthz']);
const throttledRequests = new WeakSet<FastifyRequest>();
/** Sign-in requests, marked on arrival: identity rewrites the URL of those it hands to the provider. */
const signInRequests = new WeakSet<FastifyRequest>();

export interface RateLimitOptions {
  /** Told of every throttled request; must not throw. */
  onThrottled?: (event: ThrottleEvent) => void;
  /** Names the caller of a throttled request that carried a token (the app's authenticate). */
  identify?: (req: FastifyRequest) => Promise<Pick<TokenClaims, 'sub' | 'practice' | 'client_id' | 'role'>>;
  /** Prefix of the Redis keys (tests isolate runs with it). */
  redisNamespace?: string;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimitResult = Awaited<ReturnType<Limiter>>;

const pathOf = (req: FastifyRequest) => req.url.split('?')[0] ?? '';
const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);
const addressOf = (req: FastifyRequest) => normalizeIP(req.ip);

/**
 * Registers the limits on the whole app. Call it before the routes and before identity's
 * /oauth scope, so its hooks run first on every request, hijacked ones included.
 */
export async function registerRateLimits(app: FastifyInstance, config: Pick<Config, 'security'>, options: RateLimitOptions = {}): Promise<void> {
  const s = config.security;
  let redis: Redis | undefined;
  if (s.redisUrl) {
    // Fail fast rather than queue: a request must never wait on a missing Redis.
    redis = new Redis(s.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    let lastLogged = 0;
    redis.on('error', (err: NodeJS.ErrnoException) => {
      if (Date.now() - lastLogged < 60_000) return;
      lastLogged = Date.now();
      app.log.warn({ code: err.code ?? err.name }, 'rate-limit store (Redis) unavailable: requests are not being limited');
    });
    app.addHook('onClose', async () => {
      redis!.disconnect();
    });
  }
  await app.register(rateLimit, {
    global: false,
    timeWindow: WINDOW_MS,
    skipOnError: true,
    ...(redis ? { redis, nameSpace: options.redisNamespace ?? 'openpractice:rate:' } : {}),
  });

  const limiter = (max: number, key: (req: FastifyRequest) => string): Limiter => {
    const o = { max, timeWindow: WINDOW_MS, keyGenerator: key, cache: MEMORY_KEYS };
    return app.createRateLimit(o);
  };
  const tokenKey = (req: FastifyRequest) => `token:${digest(req.headers.authorization ?? '')}`;
  const token = limiter(s.rateLimitPerMinute, tokenKey);
  const address = limiter(s.rateLimitPerMinute, (req) => `address:${addressOf(req)}`);
  const badToken = limiter(s.rateLimitPerMinute, (req) => `bad-token:${addressOf(req)}`);
  const signInAddress = limiter(s.signInRateLimitPerMinute, (req) => `sign-in:${addressOf(req)}`);
  const signInUser = limiter(s.signInUserRateLimitPerMinute, (req) => `sign-in-user:${digest(usernameOf(req) ?? '')}`);

  function report(req: FastifyRequest, limit: ThrottleLimit): void {
    if (!options.onThrottled) return;
    const ip = addressOf(req);
    const onThrottled = options.onThrottled;
    const tell = (event: ThrottleEvent) => {
      try {
        onThrottled(event);
      } catch (err) {
        req.log.error({ err: loggableError(err) }, 'reporting a throttled request failed');
      }
    };
    if (!req.headers.authorization || !options.identify) return tell({ limit, ip });
    options.identify(req).then(
      (c) => tell({ limit, ip, claims: { sub: c.sub, role: c.role, ...(c.practice ? { practice: c.practice } : {}), ...(c.client_id ? { client_id: c.client_id } : {}) } }),
      () => tell({ limit, ip }),
    );
  }

  function throttle(req: FastifyRequest, reply: FastifyReply, limit: ThrottleLimit, result: LimitResult): FastifyReply {
    throttledRequests.add(req);
    report(req, limit);
    const retryAfter = Math.max(1, result.isAllowed ? 1 : result.ttlInSeconds);
    void reply.code(429).header('Retry-After', String(retryAfter)).header('X-Request-Id', req.id);
    const path = pathOf(req);
    if (path.startsWith('/oauth/interaction/') || path === '/oauth/auth' || path.startsWith('/oauth/auth/')) {
      const wait = retryAfter > 90 ? `${Math.ceil(retryAfter / 60)} minutes` : `${retryAfter} seconds`;
      return reply.type('text/html; charset=utf-8').send(problemPage('Too many sign-in attempts', `There have been too many attempts to sign in. Try again in ${wait}.`));
    }
    if (path.startsWith('/oauth/')) {
      // RFC 6749 §5.2 has no throttling code; temporarily_unavailable says "try later" (RFC 6749 §4.1.2.1).
      return reply.type('application/json').send({ error: 'temporarily_unavailable', error_description: `Too many requests: retry after ${retryAfter} seconds` });
    }
    return reply.type('application/fhir+json; charset=utf-8').send(JSON.stringify(issue('error', 'throttled', `Too many requests: retry after ${retryAfter} seconds`)));
  }

  /** Over a limit counted elsewhere (read without counting this request)? */
  const spent = (r: LimitResult) => !r.isAllowed && r.remaining <= 0;
  /** Over a limit that counts this request? */
  const exceeded = (r: LimitResult) => !r.isAllowed && r.isExceeded;

  app.addHook('onRequest', async (req, reply) => {
    const path = pathOf(req);
    if (UNLIMITED.has(path)) return;
    if (req.method === 'POST' && SIGN_IN.test(path)) {
      signInRequests.add(req);
      const r = await signInAddress(req, { increment: false });
      if (spent(r)) return throttle(req, reply, 'sign-in-address', r);
    }
    if (s.rateLimitPerMinute === 0) return;
    if (req.headers.authorization) {
      const bad = await badToken(req, { increment: false });
      if (spent(bad)) return throttle(req, reply, 'bad-token', bad);
      const r = await token(req);
      if (exceeded(r)) return throttle(req, reply, 'token', r);
    } else {
      const r = await address(req);
      if (exceeded(r)) return throttle(req, reply, 'address', r);
    }
  });

  // The username is in the form body, parsed by now (the login route is the app's, not the provider's).
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'POST' || !LOGIN.test(pathOf(req)) || !usernameOf(req)) return;
    const r = await signInUser(req);
    if (exceeded(r)) return throttle(req, reply, 'sign-in-user', r);
  });

  app.addHook('onResponse', async (req, reply) => {
    if (throttledRequests.has(req)) return;
    const status = reply.statusCode;
    if (SIGN_IN_FAILURES.has(status) && signInRequests.has(req)) await signInAddress(req);
    if (status === 401 && req.headers.authorization && s.rateLimitPerMinute > 0) await badToken(req);
  });
}

function usernameOf(req: FastifyRequest): string | undefined {
  const body = req.body;
  const name = body instanceof URLSearchParams ? body.get('username')?.trim().toLowerCase() : undefined;
  return name || undefined;
}

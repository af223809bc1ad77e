/**
 * The HTTP adapter (Fastify): authentication, body parsing, and translation between HTTP and the
 * framework-free FHIR router. `buildApp` never listens; `main` does (STYLE habit 5).
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { fail, OperationOutcomeError, type Resource } from '@openpractice/fhir';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { SigningKey } from '../auth/keys';
import { RevocationList } from '../auth/revocations';
import { TokenVerifier, type TokenClaims } from '../auth/tokens';
import { capabilityStatementJson } from '../fhir-api/capability';
import { externalAccessEnabled } from '../identity/clients';
import { registerAuditAdminRoutes } from '../audit/admin-routes';
import { loadAuditKey } from '../audit/chain';
import { AuditLog } from '../audit/log';
import { registerSecurityHeaders } from '../security/headers';
import { SecurityMonitor } from '../security/monitor';
import { registerRateLimits } from '../security/rate-limit';
import { registerSecurityRoutes } from '../security/routes';
import { thresholdsFromConfig } from '../security/thresholds';
import { registerIdentityRoutes } from '../identity/routes';
import { smartConfiguration } from '../identity/smart-config';
import { route } from '../fhir-api/router';
import { RawJson, type FhirRequest, type FhirResponse } from '../fhir-api/types';
import { PracticeDirectory } from '../practices';
import { BreakGlassRegistry } from '../repo/break-glass';
import type { AccessContext, RecordRules } from '../repo/context';
import { Repository } from '../repo/repository';
import { NDJSON_TYPES, registerAdminRoutes } from './admin';
import { loggableError, toOutcomeError } from './errors';

export const VERSION = '0.1.0';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json-patch+json'];
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface AppDeps {
  db: Database;
  key: SigningKey;
  rules: RecordRules;
  /** Clock for sign-in sessions, lockout and TOTP (ms since the epoch); tests inject one. */
  now?: () => number;
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    logger: {
      level: config.logLevel,
      // Paths only: query strings carry search values (names, NHS numbers) and are never logged.
      serializers: {
        req: (req) => ({ method: req.method, path: (req.url ?? '').split('?')[0], id: req.id }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    // Behind a load balancer, the client's address comes from X-Forwarded-For (rate limits, audit).
    trustProxy: trustProxy(config.security.trustProxy),
  });
  const fhirBase = `${config.baseUrl}/fhir`;
  const practices = new PracticeDirectory(deps.db);
  // Revoked tokens are refused by every process within revocationRefreshMs (auth/revocations.ts).
  const revocations = new RevocationList(deps.db, { refreshMs: config.identity.revocationRefreshMs });
  const tokens = new TokenVerifier(deps.key, undefined, undefined, revocations);
  // Misuse and attack detection (security/): watches the audit stream, throttling and revoked tokens.
  const monitor = new SecurityMonitor({
    db: deps.db,
    log: app.log.child({ channel: 'security' }),
    thresholds: thresholdsFromConfig(config.security),
    ...(deps.now ? { clock: deps.now } : {}),
  });
  tokens.onRevokedUse = (claims, from) => void monitor.revokedTokenUsed(claims, from.ip);
  app.addHook('onClose', () => monitor.idle());
  // The audit trail (audit/): every access, in one hash chain per practice; detection watches it.
  const auditKey = loadAuditKey(config, deps.key);
  const audit = new AuditLog(deps.db, auditKey, {
    commit: config.auditReadCommit,
    onBackgroundError: (message) => app.log.error({ channel: 'audit' }, message),
  });
  audit.subscribe(monitor.listener);
  // Close order: hooks run in reverse, so the audit log drains before the monitor finishes its alerts.
  app.addHook('onClose', () => audit.close());
  const breakGlass = new BreakGlassRegistry();
  const externalAccess = new ExternalAccessCache(deps.db, config.identity.revocationRefreshMs);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(fail.badRequest('The request body is not valid JSON'), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  // Bulk loads stream: the handler reads the body itself (http/admin.ts).
  app.addContentTypeParser(NDJSON_TYPES, (_req, payload, done) => done(null, payload));
  app.addContentTypeParser('*', (_req, _payload, done) => {
    done(fail.unsupportedMediaType('Send FHIR as application/fhir+json (or application/json-patch+json for PATCH)'), undefined);
  });

  app.addHook('onSend', async (_req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
  });

  // Security headers first, so even a 429 carries them; then rate limits, before any route.
  await registerSecurityHeaders(app);
  await registerRateLimits(app, config, { onThrottled: (e) => void monitor.throttled(e), identify: authenticate });

  app.setErrorHandler((err, req, reply) => {
    const { error, unexpected } = toOutcomeError(err, req.id);
    if (unexpected) req.log.error({ err: loggableError(err) }, 'unexpected error');
    void reply.status(error.status).headers(error.headers).type(FHIR_JSON).send(JSON.stringify(error.outcome));
  });
  app.setNotFoundHandler((req, reply) => {
    const error = fail.notFound(`No route for ${req.method} ${req.url.split('?')[0]}`);
    void reply.status(404).type(FHIR_JSON).send(JSON.stringify(error.outcome));
  });

  // Public endpoints (ARCHITECTURE §5).
  app.get('/fhir/metadata', async (req, reply) => {
    checkFormat(req);
    return reply.type(FHIR_JSON).send(capabilityStatementJson({ baseUrl: fhirBase, version: VERSION }));
  });
  app.get('/fhir/.well-known/smart-configuration', async (_req, reply) => reply.type('application/json').send(smartConfiguration(config.baseUrl)));
  app.get('/.well-known/jwks.json', async () => ({ keys: [deps.key.publicJwk] }));
  app.get('/healthz', async () => ({ status: 'ok' }));

  async function authenticate(req: FastifyRequest): Promise<TokenClaims> {
    const m = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) throw fail.unauthorized('A bearer token is required (Authorization: Bearer …)');
    return tokens.verify(m[1]!, { ip: req.ip });
  }

  registerAdminRoutes(app, { db: deps.db, rules: deps.rules, authenticate });
  registerSecurityRoutes(app, { db: deps.db, authenticate, ...(deps.now ? { now: deps.now } : {}) });
  // Staff and patient sign-in, SMART on FHIR (/oauth) and identity administration (identity/).
  registerAuditAdminRoutes(app, { db: deps.db, auditKey, authenticate });
  await registerIdentityRoutes(app, { config, db: deps.db, key: deps.key, rules: deps.rules, revocations, authenticate, audit, ...(deps.now ? { now: deps.now } : {}) });

  async function handleFhir(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    checkFormat(req);
    const claims = await authenticate(req);
    // Operators administer the deployment; they never act inside a practice's record.
    if (!claims.practice || claims.role === 'operator') throw fail.forbidden('This token is not for a practice');
    const practice = await practices.find(claims.practice);
    if (!practice) throw fail.unauthorized('The token names a practice this server does not hold');
    // External access is the practice's choice, checked on every request, not only when the token was issued.
    if (claims.kind === 'system' && !(await externalAccess.enabled(practice.id))) throw fail.forbidden('This practice has not enabled access by external systems');
    const fhirReq = toFhirRequest(req);
    // Audit records of reads and refusals are held for the request and committed once its
    // database session is released, before the answer is sent; writes audit in their own transaction.
    const requestAudit = audit.deferred();
    let res: FhirResponse;
    try {
      res = await deps.db.withPractice(practice.id, (session) =>
        route(
          {
            repo: new Repository(session, accessContext(claims, practice, req), deps.rules, { breakGlass, audit: requestAudit }),
            baseUrl: fhirBase,
            audit: requestAudit,
          },
          fhirReq,
        ),
      );
    } finally {
      await requestAudit.flush();
    }
    return send(reply, res, fhirReq.query.get('_pretty') === 'true');
  }

  const FHIR_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
  // `/fhir` itself takes batch/transaction Bundles (http.html#transaction); `/fhir/*` the rest.
  app.route({ method: [...FHIR_METHODS], url: '/fhir', handler: handleFhir });
  app.route({ method: [...FHIR_METHODS], url: '/fhir/*', handler: handleFhir });

  return app;
}

/** Fastify's trustProxy: a hop count becomes "trust the nearest N proxies". */
function trustProxy(setting: number | boolean | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** Whether each practice has external access on, re-read at most every `refreshMs` (as revocations are). */
class ExternalAccessCache {
  private readonly known = new Map<number, { on: boolean; at: number }>();
  constructor(
    private readonly db: Database,
    private readonly refreshMs: number,
  ) {}

  async enabled(practiceId: number): Promise<boolean> {
    const hit = this.known.get(practiceId);
    if (hit && Date.now() - hit.at < this.refreshMs) return hit.on;
    const on = await externalAccessEnabled(this.db, practiceId);
    this.known.set(practiceId, { on, at: Date.now() });
    return on;
  }
}

/** Who is acting, from a verified token, for the repository to authorise and audit (repo/context.ts). */
function accessContext(claims: TokenClaims, practice: { id: number; odsCode: string }, req: FastifyRequest): AccessContext {
  const c: AccessContext = { practiceId: practice.id, odsCode: practice.odsCode, subject: claims.sub, role: claims.role, ip: req.ip, requestId: req.id };
  if (claims.kind) c.kind = claims.kind;
  if (claims.scope !== undefined) c.scope = claims.scope;
  if (claims.patient) c.patient = claims.patient;
  if (claims.proxy) c.proxy = true;
  if (claims.proofing) c.proofing = claims.proofing;
  if (claims.client_id) c.clientId = claims.client_id;
  if (claims.fhirUser) c.fhirUser = claims.fhirUser;
  return c;
}

/** Only JSON is served (R4 http.html#mime-type); asking for XML only is 406. */
function checkFormat(req: FastifyRequest): void {
  const format = (req.query as Record<string, unknown>)._format;
  if (typeof format === 'string' && !/json/i.test(format)) {
    throw new OperationOutcomeError(406, fail.notSupported('Only JSON is supported (_format=json)').outcome);
  }
  const accept = req.headers.accept;
  if (accept && /xml/i.test(accept) && !/json|\*\/\*/i.test(accept)) {
    throw new OperationOutcomeError(406, fail.notSupported('Only application/fhir+json is supported').outcome);
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function toFhirRequest(req: FastifyRequest): FhirRequest {
  const url = req.url;
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q)).replace(/^\/fhir\/?/, '');
  let query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  let body: unknown = req.body;
  if (body !== null && typeof body === 'object' && typeof (body as { pipe?: unknown }).pipe === 'function') {
    // An NDJSON stream (accepted for bulk loads only).
    throw fail.unsupportedMediaType('Send FHIR as application/fhir+json; NDJSON is accepted only by bulk operations');
  }
  if (body instanceof URLSearchParams) {
    // POST [type]/_search with a form body: its parameters join the URL's (search.html#search).
    query = new URLSearchParams([...query, ...body]);
    body = undefined;
  }
  const headers: FhirRequest['headers'] = {};
  const set = (k: keyof FhirRequest['headers'], v: string | undefined) => {
    if (v !== undefined) headers[k] = v;
  };
  set('ifMatch', header(req, 'if-match'));
  set('ifNoneMatch', header(req, 'if-none-match'));
  set('ifNoneExist', header(req, 'if-none-exist'));
  set('ifModifiedSince', header(req, 'if-modified-since'));
  set('prefer', header(req, 'prefer'));
  set('contentType', header(req, 'content-type'));
  return { method: req.method as FhirRequest['method'], path, query, headers, body };
}

function send(reply: FastifyReply, res: FhirResponse, pretty: boolean): FastifyReply {
  void reply.status(res.status);
  if (res.headers) void reply.headers(res.headers);
  if (res.body === undefined) return reply.send();
  let json = res.body instanceof RawJson ? res.body.json : JSON.stringify(res.body as Resource);
  if (pretty) json = JSON.stringify(JSON.parse(json), null, 2);
  return reply.type(FHIR_JSON).send(json);
}

/**
 * Mounts identity on the app: the OpenID provider under `/oauth` (oidc-provider is Koa-style, so
 * it gets the raw request and response after `reply.hijack()`, with its own raw body parsing),
 * the sign-in pages, federation, and the identity administration API.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { SigningKey } from '../auth/keys';
import type { RevocationList } from '../auth/revocations';
import type { TokenClaims } from '../auth/tokens';
import type { RecordRules } from '../repo/context';
import { registerIdentityAdminRoutes } from './admin-routes';
import { loadCookieKeys } from './cookie-keys';
import { registerFederationRoutes } from './federation';
import { registerInteractionRoutes } from './interactions';
import { STYLESHEET_PATH } from './pages';
import { createProvider } from './provider';
import { identityServices, type IdentityAudit, type IdentityServices } from './services';
import { tokenEndpointExtras } from './token-endpoints';

export interface IdentityDeps {
  config: Config;
  db: Database;
  key: SigningKey;
  rules: RecordRules;
  revocations: RevocationList;
  authenticate(req: FastifyRequest): Promise<TokenClaims>;
  /** Clock for sessions, lockout and TOTP (ms); tests inject one. */
  now?: () => number;
  /** Where sign-ins and identity configuration changes are audited (the app's AuditLog). */
  audit?: IdentityAudit;
}

const PREFIX = '/oauth';
const METHODS = ['GET', 'POST', 'OPTIONS', 'HEAD'] as const;

/** The NHS design system's stylesheet, when the package is installed (pages work without it). */
function stylesheet(): string | undefined {
  try {
    return readFileSync(createRequire(import.meta.url).resolve('nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * OpenID Connect honours `offline_access` only with `prompt=consent` (Core §11); SMART apps ask
 * for it without (app-launch.html, "offline_access"). Every authorisation here passes our consent
 * step anyway, so asking for consent changes nothing the user sees.
 */
const offlineAccessConsent: Parameters<Provider['use']>[0] = async (ctx, next) => {
  if (ctx.path === '/auth' && (ctx.method === 'GET' || ctx.method === 'POST')) {
    const query = ctx.query as Record<string, string | string[] | undefined>;
    const scope = typeof query.scope === 'string' ? query.scope.split(' ') : [];
    const prompt = typeof query.prompt === 'string' ? query.prompt.split(' ') : [];
    if (scope.includes('offline_access') && !prompt.includes('none') && !prompt.includes('consent')) {
      const req = ctx.req as IncomingMessage & { originalUrl?: string };
      const mount = (req.originalUrl ?? ctx.url).slice(0, (req.originalUrl ?? ctx.url).indexOf(ctx.url));
      ctx.query = { ...query, prompt: [...prompt, 'consent'].join(' ') };
      // The provider finds its mount path by comparing the original URL with this one.
      req.originalUrl = `${mount}${ctx.url}`;
    }
  }
  await next();
};

export async function registerIdentityRoutes(app: FastifyInstance, deps: IdentityDeps): Promise<IdentityServices> {
  const cookieKeys = loadCookieKeys({ cookieKeys: deps.config.identity.cookieKeys, dataDir: deps.config.dataDir });
  const svc = identityServices({ ...deps, now: deps.now ?? Date.now, cookieKeys });
  const provider = createProvider(svc, cookieKeys, app.log);
  provider.use(offlineAccessConsent);
  provider.use(tokenEndpointExtras(deps.key, deps.revocations));

  const { finishLogin } = registerInteractionRoutes(app, { svc, provider });
  registerFederationRoutes(app, svc, provider, finishLogin);
  registerIdentityAdminRoutes(app, svc, deps.authenticate);

  const css = stylesheet() ?? '';
  app.get(STYLESHEET_PATH, async (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(css));

  const base = new URL(deps.config.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const callback = provider.callback();
  await app.register(async (scope) => {
    // The provider reads its own bodies (and limits them): nothing is parsed here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    scope.route({
      method: [...METHODS],
      url: `${PREFIX}/*`,
      handler: (req, reply) => {
        void reply.hijack();
        const raw = req.raw as IncomingMessage & { originalUrl?: string };
        const url = raw.url ?? '/';
        raw.originalUrl = `${basePath}${url}`;
        raw.url = url.slice(PREFIX.length) || '/';
        // Public URLs (issuer, endpoints, redirects, Secure cookies) follow the configured base URL.
        raw.headers['x-forwarded-proto'] = base.protocol.slice(0, -1);
        raw.headers['x-forwarded-host'] = base.host;
        reply.raw.setHeader('X-Content-Type-Options', 'nosniff');
        reply.raw.setHeader('Referrer-Policy', 'no-referrer');
        reply.raw.setHeader('X-Request-Id', req.id);
        void callback(raw, reply.raw);
      },
    });
  });
  return svc;
}

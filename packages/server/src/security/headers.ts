/**
 * Security headers on every response (@fastify/helmet), hijacked /oauth ones included (helmet
 * sets them on the raw response before any handler runs):
 *
 *   - a strict Content-Security-Policy: everything from this origin only, no inline script or
 *     style, no plugins, never framed (frame-ancestors 'none'), no <base> rewriting;
 *   - HSTS for a year with subdomains (browsers ignore it over plain http, so local use is fine);
 *   - X-Frame-Options DENY for old browsers, nosniff, no referrer, same-origin resources.
 *
 * No Cross-Origin-Opener-Policy: the only documents served are the sign-in pages, and a SMART
 * app that opens sign-in in a pop-up needs its opener kept (frame-ancestors covers clickjacking).
 *
 * Where a route sets its own policy (the sign-in pages, identity/interactions.ts), its headers
 * replace these. Under /oauth forms may post onward to the app's redirect URI (OAuth form_post
 * response mode, and redirects after a sign-in form), so form-action is wider there. The OpenID
 * provider's one inline script (form_post's auto-submit) adds its own sha256 to script-src.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

const YEAR_SECONDS = 365 * 24 * 3600;

const formAction = (req: IncomingMessage) => ((req.url ?? '').startsWith('/oauth/') ? "'self' https: http:" : "'self'");

/** The policy's directives (exported for tests and documentation). */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': [formAction],
  'frame-ancestors': ["'none'"],
};

/** Registers the headers on the whole app; call it before the routes. */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: { maxAge: YEAR_SECONDS, includeSubDomains: true, preload: false },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

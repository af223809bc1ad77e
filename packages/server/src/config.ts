/**
 * Server configuration: one typed object, read from the environment once at start, validated
 * with messages that say what to fix (STYLE habit 4). Nothing else reads process.env.
 */
import { resolve } from 'node:path';

export interface Config {
  /** TCP port the HTTP server listens on. */
  port: number;
  /** Interface to bind. */
  host: string;
  /** Public base URL of this deployment (no trailing slash); the FHIR base is `${baseUrl}/fhir`. */
  baseUrl: string;
  /** Data directory for the embedded database and the signing key. */
  dataDir: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | undefined;
  /** Seed the demo deployment on first start ('demo') or start empty ('none'). */
  seed: 'demo' | 'none';
  /** Signing key as a private JWK (JSON); when absent a key file under dataDir is used/created. */
  signingKey: string | undefined;
  /**
   * Secret keying the audit trail's hash chains (audit/chain.ts); when absent the key is derived
   * from the signing key. Every process of a deployment, and `openpractice audit verify`, must
   * share it. Never logged or echoed.
   */
  auditKey: string | undefined;
  /**
   * How read audit records commit (writes are always audited in their own transaction):
   * `durable` (default) waits for the disk before the reply; `async` commits without waiting for
   * the WAL flush (PostgreSQL's synchronous_commit off): the reply no longer pays an fsync, and a
   * database crash may lose the last fraction of a second of read audit records (never a write's,
   * never the chain's consistency).
   */
  auditReadCommit: 'durable' | 'async';
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** Pool size for PostgreSQL. */
  poolSize: number;
  /** Log level for pino. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Per-statement timeout so no query can run away (ms). */
  statementTimeoutMs: number;
  /** Staff and patient sign-in, SMART on FHIR (identity/). */
  identity: IdentityConfig;
  /** Rate limits and misuse detection (security/). */
  security: SecurityConfig;
}

/** Rate limits (security/rate-limit.ts) and misuse-detection thresholds (security/thresholds.ts). */
export interface SecurityConfig {
  /** Requests per minute per bearer token, and per address for requests without one; 0 = no limit. */
  rateLimitPerMinute: number;
  /** Failed sign-in attempts (password, TOTP, token endpoint) per address per minute before 429s. */
  signInRateLimitPerMinute: number;
  /** Sign-in attempts per username per minute, whatever the address. */
  signInUserRateLimitPerMinute: number;
  /** Redis holding the rate-limit counters, shared by every API process; else each process counts alone. */
  redisUrl: string | undefined;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Fastify's `trustProxy`):
   * false, true, a hop count, or addresses/CIDRs. Per-address limits need the real address.
   */
  trustProxy: boolean | number | string[];
  /** Fewest distinct patients in an hour that may count as unusual volume, whatever the baseline. */
  alertVolumeFloor: number;
  /** Unusual volume: this many times the user's busiest hour of the last 28 days. */
  alertVolumeMultiplier: number;
  /** Distinct patients one user may open in an hour outside working hours before an alert. */
  alertOutOfHoursPatients: number;
}

/** Sign-in and token settings (identity/, auth/revocations.ts). */
export interface IdentityConfig {
  /** A sign-in session ends after this long without activity (sign-in or token refresh), minutes. */
  sessionIdleMinutes: number;
  /** A sign-in session ends this long after sign-in, whatever the activity, hours. */
  sessionMaxHours: number;
  /** Lifetime of access tokens issued at sign-in and to apps and systems, seconds. */
  accessTokenTtlSeconds: number;
  /** Lifetime of refresh tokens (offline_access), days; staff ones also end with their session. */
  refreshTokenTtlDays: number;
  /** Failed sign-in attempts before a login is locked; each further failure doubles the lock. */
  loginMaxFailures: number;
  /** How stale each process's in-memory set of revoked tokens may be, ms. */
  revocationRefreshMs: number;
  /** Keys that sign the sign-in cookies (shared by every process); else `<dataDir>/keys/cookie-keys.json`. */
  cookieKeys: string[] | undefined;
  /** Let apps' jwks_uri and the federated provider be on private or loopback addresses (HSCN, tests). */
  allowPrivateNetwork: boolean;
  /** Staff sign-in through an external OpenID provider (as NHS CIS2 would be); undefined when off. */
  federation: FederationConfig | undefined;
}

export interface FederationConfig {
  /** The provider's issuer URL; its endpoints come from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim naming the user: matched to a staff user's external id (`users add --external-id`). */
  userClaim: string;
  /** What the sign-in page calls the provider. */
  label: string;
  /** Scopes asked for (default `openid`). */
  scope: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates configuration from an environment (defaults to process.env). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const seedRaw = (env.OPENPRACTICE_SEED || 'demo').toLowerCase();
  if (seedRaw !== 'demo' && seedRaw !== 'none') {
    throw new ConfigError(`OPENPRACTICE_SEED must be "demo" or "none" (got "${env.OPENPRACTICE_SEED}")`);
  }
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const baseUrl = (env.OPENPRACTICE_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigError(`OPENPRACTICE_BASE_URL must be an absolute URL (got "${baseUrl}")`);
  }
  const identity = loadIdentityConfig(env);
  const security = loadSecurityConfig(env);
  const auditKey = env.OPENPRACTICE_AUDIT_KEY || undefined;
  // The value is a secret: say what is wrong with it, never echo it.
  if (auditKey !== undefined && auditKey.length < 32) throw new ConfigError('OPENPRACTICE_AUDIT_KEY must be a random secret of at least 32 characters');
  const auditReadCommit = (env.OPENPRACTICE_AUDIT_READ_COMMIT || 'durable').toLowerCase();
  if (auditReadCommit !== 'durable' && auditReadCommit !== 'async') {
    throw new ConfigError(`OPENPRACTICE_AUDIT_READ_COMMIT must be "durable" or "async" (got "${env.OPENPRACTICE_AUDIT_READ_COMMIT}")`);
  }
  return {
    port,
    host,
    baseUrl,
    dataDir: resolve(env.OPENPRACTICE_DATA_DIR || './data'),
    databaseUrl,
    seed: seedRaw,
    signingKey: env.OPENPRACTICE_SIGNING_KEY || undefined,
    auditKey,
    auditReadCommit,
    bodyLimit: int(env, 'OPENPRACTICE_BODY_LIMIT', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    poolSize: int(env, 'OPENPRACTICE_POOL_SIZE', 20, 1, 500),
    logLevel,
    statementTimeoutMs: int(env, 'OPENPRACTICE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    identity,
    security,
  };
}

function loadSecurityConfig(env: NodeJS.ProcessEnv): SecurityConfig {
  const redisUrl = env.OPENPRACTICE_REDIS_URL || undefined;
  // The URL may carry a password: say what is wrong with it, never echo it.
  if (redisUrl && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) throw new ConfigError('OPENPRACTICE_REDIS_URL must be a redis:// or rediss:// URL');
  return {
    rateLimitPerMinute: int(env, 'OPENPRACTICE_RATE_LIMIT_PER_MINUTE', 1200, 0, 10_000_000),
    signInRateLimitPerMinute: int(env, 'OPENPRACTICE_SIGNIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
    signInUserRateLimitPerMinute: int(env, 'OPENPRACTICE_SIGNIN_USER_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000),
    redisUrl,
    trustProxy: trustProxyOf(env.OPENPRACTICE_TRUST_PROXY),
    alertVolumeFloor: int(env, 'OPENPRACTICE_ALERT_VOLUME_FLOOR', 50, 1, 1_000_000),
    alertVolumeMultiplier: int(env, 'OPENPRACTICE_ALERT_VOLUME_MULTIPLIER', 3, 1, 1000),
    alertOutOfHoursPatients: int(env, 'OPENPRACTICE_ALERT_OUT_OF_HOURS_PATIENTS', 20, 1, 1_000_000),
  };
}

/** OPENPRACTICE_TRUST_PROXY: "true", "false" (default), a hop count, or comma-separated addresses/CIDRs. */
function trustProxyOf(raw: string | undefined): SecurityConfig['trustProxy'] {
  const value = (raw ?? '').trim();
  if (value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const list = value.split(',').map((x) => x.trim());
  if (list.every((x) => /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(x))) return list;
  throw new ConfigError(`OPENPRACTICE_TRUST_PROXY must be true, false, a hop count or comma-separated proxy addresses/CIDRs (got "${value}")`);
}

function loadIdentityConfig(env: NodeJS.ProcessEnv): IdentityConfig {
  let cookieKeys: string[] | undefined;
  if (env.OPENPRACTICE_COOKIE_KEYS) {
    cookieKeys = env.OPENPRACTICE_COOKIE_KEYS.split(',').map((k) => k.trim());
    // The value is a secret: say what is wrong with it, never echo it.
    if (cookieKeys.some((k) => k.length < 32)) throw new ConfigError('OPENPRACTICE_COOKIE_KEYS must be comma-separated random secrets of at least 32 characters each');
  }
  const allow = (env.OPENPRACTICE_ALLOW_PRIVATE_NETWORK || 'false').toLowerCase();
  if (allow !== 'true' && allow !== 'false') throw new ConfigError('OPENPRACTICE_ALLOW_PRIVATE_NETWORK must be "true" or "false"');
  return {
    sessionIdleMinutes: int(env, 'OPENPRACTICE_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: int(env, 'OPENPRACTICE_SESSION_MAX_HOURS', 12, 1, 7 * 24),
    accessTokenTtlSeconds: int(env, 'OPENPRACTICE_ACCESS_TOKEN_TTL', 900, 60, 24 * 3600),
    refreshTokenTtlDays: int(env, 'OPENPRACTICE_REFRESH_TOKEN_DAYS', 14, 1, 365),
    loginMaxFailures: int(env, 'OPENPRACTICE_LOGIN_MAX_FAILURES', 5, 1, 100),
    revocationRefreshMs: int(env, 'OPENPRACTICE_REVOCATION_REFRESH_MS', 5000, 100, 300_000),
    cookieKeys,
    allowPrivateNetwork: allow === 'true',
    federation: loadFederationConfig(env),
  };
}

function loadFederationConfig(env: NodeJS.ProcessEnv): FederationConfig | undefined {
  const issuer = env.OPENPRACTICE_FEDERATION_ISSUER;
  if (!issuer) return undefined;
  try {
    new URL(issuer);
  } catch {
    throw new ConfigError(`OPENPRACTICE_FEDERATION_ISSUER must be the provider's issuer URL (got "${issuer}")`);
  }
  const clientId = env.OPENPRACTICE_FEDERATION_CLIENT_ID;
  const clientSecret = env.OPENPRACTICE_FEDERATION_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new ConfigError('OPENPRACTICE_FEDERATION_CLIENT_ID and OPENPRACTICE_FEDERATION_CLIENT_SECRET are required with OPENPRACTICE_FEDERATION_ISSUER');
  }
  let claims: { user?: unknown } = {};
  if (env.OPENPRACTICE_FEDERATION_CLAIMS) {
    try {
      claims = JSON.parse(env.OPENPRACTICE_FEDERATION_CLAIMS) as { user?: unknown };
    } catch {
      throw new ConfigError('OPENPRACTICE_FEDERATION_CLAIMS must be JSON, e.g. {"user":"uid"}');
    }
    if (typeof claims !== 'object' || claims === null || (claims.user !== undefined && typeof claims.user !== 'string')) {
      throw new ConfigError('OPENPRACTICE_FEDERATION_CLAIMS must be a JSON object whose "user" names a claim, e.g. {"user":"uid"}');
    }
  }
  return {
    issuer: issuer.replace(/\/+$/, ''),
    clientId,
    clientSecret,
    userClaim: (claims.user as string | undefined) ?? 'sub',
    label: env.OPENPRACTICE_FEDERATION_NAME || 'your organisation',
    scope: env.OPENPRACTICE_FEDERATION_SCOPE || 'openid',
  };
}

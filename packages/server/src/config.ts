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
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** Pool size for PostgreSQL. */
  poolSize: number;
  /** Log level for pino. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Per-statement timeout so no query can run away (ms). */
  statementTimeoutMs: number;
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
  return {
    port,
    host,
    baseUrl,
    dataDir: resolve(env.OPENPRACTICE_DATA_DIR || './data'),
    databaseUrl,
    seed: seedRaw,
    signingKey: env.OPENPRACTICE_SIGNING_KEY || undefined,
    bodyLimit: int(env, 'OPENPRACTICE_BODY_LIMIT', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    poolSize: int(env, 'OPENPRACTICE_POOL_SIZE', 20, 1, 500),
    logLevel,
    statementTimeoutMs: int(env, 'OPENPRACTICE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
  };
}

/**
 * Test harness: a fresh app per test file on the database under test (PGlite in memory, or a new
 * PostgreSQL database), with two practices and a token factory. Tests talk to it over HTTP
 * through Fastify's inject().
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  buildApp,
  ensurePractice,
  issueToken,
  loadConfig,
  loadSigningKey,
  migrate,
  openDatabase,
  r4Rules,
  type Config,
  type Database,
  type MigrateOptions,
  type Practice,
  type Role,
} from '@openpractice/server';
import type { SigningKey } from '../packages/server/src/auth/keys';

export const onPostgres = process.env.OPENPRACTICE_TEST_DB === 'postgres';
const PG_ADMIN_URL = process.env.OPENPRACTICE_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  config: Config;
  close(): Promise<void>;
}

/** A fresh, migrated database of the kind under test (`migrate.through`: an older schema). */
export async function testDatabase(options: { migrate?: MigrateOptions } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openpractice-test-'));
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (onPostgres) {
    dbName = `op_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    baseUrl: 'http://openpractice.test',
    dataDir: onPostgres ? dataDir : 'memory://',
    databaseUrl,
    seed: 'none',
    logLevel: 'silent',
    poolSize: 10,
  };
  const db = await openDatabase(config);
  await migrate(db, options.migrate);
  return {
    db,
    config,
    async close() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) {
        const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  /** The key the app's tokens are signed with. */
  key: SigningKey;
  /** Practice A (T00001) and B (T00002). */
  practiceA: Practice;
  practiceB: Practice;
  token(options?: { practice?: string; role?: Role; sub?: string; ttlSeconds?: number }): Promise<string>;
  /** inject() with a bearer token for practice A (admin) unless `auth` says otherwise. */
  request(options: InjectOptions & { auth?: string | null }): Promise<LightMyRequestResponse>;
}

/** Builds a fresh app (never listening) on a fresh database. */
export async function testApp(): Promise<TestApp> {
  const tdb = await testDatabase();
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const key = await loadSigningKey({ signingKey: JSON.stringify(await exportJWK(privateKey)), dataDir: tdb.config.dataDir });
  const app = await buildApp(tdb.config, { db: tdb.db, key, rules: r4Rules });
  const practiceA = await ensurePractice(tdb.db, 'T00001', 'Test Practice A');
  const practiceB = await ensurePractice(tdb.db, 'T00002', 'Test Practice B');
  const token: TestApp['token'] = (o = {}) =>
    issueToken(key, {
      sub: o.sub ?? 'test-user',
      role: o.role ?? 'admin',
      ...(o.role === 'operator' && !o.practice ? {} : { practice: o.practice ?? 'T00001' }),
      ...(o.ttlSeconds ? { ttlSeconds: o.ttlSeconds } : {}),
    });
  const defaultToken = await token();
  return {
    ...tdb,
    app,
    key,
    practiceA,
    practiceB,
    token,
    request(options) {
      const { auth, headers, ...rest } = options;
      const h: Record<string, string> = { ...(headers as Record<string, string> | undefined) };
      if (auth !== null) h.authorization = `Bearer ${auth ?? defaultToken}`;
      if (rest.payload !== undefined && !h['content-type']) h['content-type'] = 'application/fhir+json';
      return app.inject({ ...rest, headers: h });
    },
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}

/** Parses a JSON response body. */
export function json<T = Record<string, any>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

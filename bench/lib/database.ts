/**
 * The benchmark's own PostgreSQL work: a throw-away database per run, and the raw baseline table
 * that has the same shape as the server's `resource` table (migrations/0001), minus what the
 * server adds on top (deleted flag, history table, search-index tables, row-level security).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Only a PostgreSQL on this machine may be benchmarked (the load is ours, the target must be too). */
export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`Refusing to benchmark a non-local database host "${host}"`);
}

/** Runs `fn` on a fresh connection that is always closed afterwards. */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Connection string for `db` on the same cluster as `adminUrl`. */
export function databaseUrl(adminUrl: string, db: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates `bench_<random>` and returns its name. */
export async function createDatabase(adminUrl: string): Promise<string> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return name;
}

/** Drops the database, disconnecting anyone still on it (the server has normally exited). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^bench_[0-9a-f]{12}$/.test(name)) throw new Error(`Not a benchmark database: ${name}`);
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The physical-limit table: same columns, key and unique constraint as `resource`. */
export async function createRawTable(url: string): Promise<void> {
  await withClient(url, (c) =>
    c.query(`CREATE TABLE raw_resource (
      rid           bigserial PRIMARY KEY,
      practice_id   int NOT NULL,
      resource_type text NOT NULL,
      id            text NOT NULL,
      version_id    int NOT NULL,
      last_updated  timestamptz NOT NULL,
      content       text,
      UNIQUE (practice_id, resource_type, id))`),
  );
}

/** Server facts for the report. */
export async function describeServer(url: string): Promise<{ version: string; settings: Record<string, string> }> {
  return withClient(url, async (c) => {
    const v = await c.query<{ server_version: string }>('SHOW server_version');
    const names = ['shared_buffers', 'synchronous_commit', 'fsync', 'max_connections'];
    const s = await c.query<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
      [names],
    );
    return {
      version: v.rows[0]!.server_version,
      settings: Object.fromEntries(s.rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting])),
    };
  });
}

/**
 * Refreshes planner statistics, as autovacuum would within a minute or so. Without it, a table
 * that grew from empty seconds ago still has "empty" statistics, and the planner may answer the
 * server's keyed lookups through the wrong index (see docs/PERFORMANCE.md, "Stale statistics").
 */
export async function analyze(url: string): Promise<void> {
  await withClient(url, (c) => c.query('ANALYZE'));
}

/**
 * Up to `limit` random ids from a table, read as the superuser (so row-level security does not
 * apply): the server's Patients for API reads, raw rows for raw reads.
 */
export async function sampleIds(url: string, table: 'resource' | 'raw_resource', practiceId: number, limit: number): Promise<string[]> {
  return withClient(url, async (c) => {
    const r = await c.query<{ id: string }>(
      `SELECT id FROM ${table} WHERE practice_id = $1 AND resource_type = 'Patient' ORDER BY random() LIMIT $2`,
      [practiceId, limit],
    );
    return r.rows.map((x) => x.id);
  });
}

/** The internal id of a practice (raw rows use the same practice_id as the server's rows). */
export async function practiceId(url: string, odsCode: string): Promise<number> {
  return withClient(url, async (c) => {
    const r = await c.query<{ id: number }>('SELECT id FROM practice WHERE ods_code = $1', [odsCode]);
    if (!r.rows[0]) throw new Error(`practice ${odsCode} not found`);
    return Number(r.rows[0].id);
  });
}

/** Row counts of the tables each side writes, for the notes (how big the tables got). */
export async function tableSizes(url: string): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const r = await c.query<{ t: string; n: string }>(
      `SELECT 'resource' AS t, count(*)::text AS n FROM resource
       UNION ALL SELECT 'resource_history', count(*)::text FROM resource_history
       UNION ALL SELECT 'idx_token', count(*)::text FROM idx_token
       UNION ALL SELECT 'idx_string', count(*)::text FROM idx_string
       UNION ALL SELECT 'idx_reference', count(*)::text FROM idx_reference
       UNION ALL SELECT 'idx_date', count(*)::text FROM idx_date
       UNION ALL SELECT 'idx_uri', count(*)::text FROM idx_uri
       UNION ALL SELECT 'raw_resource', count(*)::text FROM raw_resource`,
    );
    return Object.fromEntries(r.rows.map((x) => [x.t, Number(x.n)]));
  });
}

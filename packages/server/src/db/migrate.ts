/**
 * Versioned, forward-only migrations (`migrations/NNNN-name.sql`), applied in order on start and by
 * `openpractice migrate`. Each runs in its own transaction under an advisory lock, so several
 * processes starting at once apply each migration exactly once. Never edit an applied migration:
 * add a new one (expand → migrate → contract keeps rolling upgrades online).
 *
 * A migration that changes what the search index holds asks for existing resources to be
 * re-indexed (a row in `search_reindex`); that runs here, after the SQL and under the same lock,
 * with the code's extraction rules (repo/reindex.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordRules } from '../repo/context';
import { runPendingReindex } from '../repo/reindex';
import { r4Rules } from '../rules';
import type { Database } from './database';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 7_340_001; // arbitrary, constant advisory-lock key for this schema

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with this build, in version order. */
export function listMigrations(): Migration[] {
  const migrations = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f.slice(5, -4),
      sql: readFileSync(join(MIGRATIONS_DIR, f), 'utf8'),
    }));
  // Two files with one number (branches merged without renumbering) would silently skip one.
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`Migrations ${migrations[i - 1]!.name} and ${migrations[i]!.name} share version ${migrations[i]!.version}; renumber one`);
    }
  }
  return migrations;
}

export interface MigrateOptions {
  /** Extraction rules for re-indexing (default: the official R4 ones). */
  rules?: RecordRules;
  /** Apply migrations up to this version only (tests of upgrades from an older schema). */
  through?: number;
  /** Called as a re-index proceeds, with the number of resources done so far. */
  onReindex?: (resources: number) => void;
}

/** Applies pending migrations, then any re-index they asked for; returns the versions applied now. */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<number[]> {
  return db.withOwner(async (s) => {
    await s.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    await s.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const done = new Set(
        (await s.query<{ version: number }>('SELECT version FROM schema_migration')).rows.map((r) => Number(r.version)),
      );
      const applied: number[] = [];
      for (const m of listMigrations()) {
        if (done.has(m.version) || (options.through !== undefined && m.version > options.through)) continue;
        await s.transaction(async (tx) => {
          await tx.exec(m.sql);
          await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
        });
        applied.push(m.version);
      }
      const reindexable = await s.query<{ t: string | null }>(`SELECT to_regclass('search_reindex')::text AS t`);
      if (reindexable.rows[0]?.t) await runPendingReindex(s, options.rules ?? r4Rules, options.onReindex);
      return applied;
    } finally {
      await s.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

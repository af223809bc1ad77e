/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
import { join } from 'node:path';
import type { Config } from '../config';
import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** Where the embedded database lives inside the data directory. */
export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'poolSize' | 'statementTimeoutMs'>): Promise<Database> {
  if (config.databaseUrl) {
    return openPostgres({
      connectionString: config.databaseUrl,
      poolSize: config.poolSize,
      statementTimeoutMs: config.statementTimeoutMs,
    });
  }
  return openPglite({
    dataDir: config.dataDir.startsWith('memory://') ? config.dataDir : pgliteDir(config.dataDir),
    statementTimeoutMs: config.statementTimeoutMs,
  });
}

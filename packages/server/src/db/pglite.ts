/**
 * Embedded PostgreSQL (PGlite, WASM) behind the Database interface. PGlite has a single
 * connection, so sessions take turns through a queue; a session holds it for its whole callback.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { applyContext, makeSession, type Connection, type Database, type QueryResult, type Session } from './database';

export interface PgliteOptions {
  /** Directory for the database files; `memory://` for a throwaway in-memory database. */
  dataDir: string;
  statementTimeoutMs: number;
}

/** Opens (creating if needed) an embedded database. */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  // The contrib extensions migrations create (0004: trigram and multi-column GIN indexes) must be
  // loaded into the WASM build before CREATE EXTENSION can find them.
  const db = await PGlite.create(options.dataDir, { extensions: { pg_trgm, btree_gin } });
  await db.exec(`SET TimeZone = 'UTC'; SET statement_timeout = ${Math.floor(options.statementTimeoutMs)}`);

  const conn: Connection = {
    async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await db.query<T>(text, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(script: string): Promise<void> {
      await db.exec(script);
    },
  };

  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  function use<T>(practiceId: number | null, fn: (s: Session) => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new Error('database is closed'));
    const run = queue.then(async () => {
      await applyContext(conn, practiceId);
      return fn(makeSession(conn));
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    kind: 'pglite',
    withPractice: (practiceId, fn) => use(practiceId, fn),
    withOwner: (fn) => use(null, fn),
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      await db.close();
    },
  };
}

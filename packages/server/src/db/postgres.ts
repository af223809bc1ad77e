/** PostgreSQL driver (`pg` pool) behind the Database interface. */
import pg from 'pg';
import { applyContext, makeSession, type Connection, type Database, type QueryResult, type Session } from './database';

// int8 (bigint) as JS number: row ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number (search index values).
pg.types.setTypeParser(1700, (v) => Number(v));

interface PooledConnection extends Connection {
  client: pg.PoolClient;
}

export interface PostgresOptions {
  connectionString: string;
  poolSize: number;
  statementTimeoutMs: number;
}

/** Opens a pool; no connection is made until first use. */
export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    options: '-c TimeZone=UTC',
  });
  // An idle client erroring (e.g. server restart) must not crash the process; the pool drops it.
  pool.on('error', () => undefined);
  const connections = new WeakMap<pg.PoolClient, PooledConnection>();

  function wrap(client: pg.PoolClient): PooledConnection {
    let conn = connections.get(client);
    if (!conn) {
      const created: PooledConnection = {
        client,
        async query<T>(text: string, params?: readonly unknown[], name?: string): Promise<QueryResult<T>> {
          const values = params as unknown[] | undefined;
          const r = await (name ? client.query({ name, text, values }) : client.query(text, values));
          return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
        },
        async exec(script: string): Promise<void> {
          await client.query(script);
        },
      };
      connections.set(client, created);
      conn = created;
    }
    return conn;
  }

  async function use<T>(practiceId: number | null, fn: (s: Session) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const conn = wrap(client);
    let broken = false;
    try {
      await applyContext(conn, practiceId);
      return await fn(makeSession(conn));
    } catch (err) {
      // A connection whose context could not be trusted is discarded, never reused.
      broken = conn.context === undefined;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  return {
    kind: 'postgres',
    withPractice: (practiceId, fn) => use(practiceId, fn),
    withOwner: (fn) => use(null, fn),
    close: () => pool.end(),
  };
}

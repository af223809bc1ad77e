/**
 * The database seam: one interface over PostgreSQL (`pg`) and embedded PGlite, so every layer
 * above runs unchanged on both. Tenancy is enforced here twice over: application sessions run as
 * the `openpractice_app` role with the caller's practice in `openpractice.practice`, and
 * PostgreSQL row-level security (migrations/0001) hides every other practice's rows.
 */

export type Row = Record<string, unknown>;

export interface QueryResult<T = Row> {
  rows: T[];
  rowCount: number;
}

export interface Sql {
  /**
   * Runs one statement. `name` marks a hot statement of fixed text: PostgreSQL then prepares it
   * once per connection and reuses the plan (PGlite ignores it).
   */
  query<T = Row>(text: string, params?: readonly unknown[], name?: string): Promise<QueryResult<T>>;
  /** Runs a multi-statement script with no parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Session extends Sql {
  /** Runs `fn` in a transaction; a nested call joins the outer transaction. Rolls back on throw. */
  transaction<T>(fn: (tx: Session) => Promise<T>): Promise<T>;
  readonly inTransaction: boolean;
  /**
   * Runs `fn` just before the current (outermost) transaction commits, in it; a throw rolls the
   * whole transaction back. Audit records of writes use it, so they are written last — after
   * every row lock the transaction takes — and commit or roll back with the write.
   * Outside a transaction it throws.
   */
  beforeCommit(fn: (tx: Session) => Promise<void>): void;
}

/** The role application sessions run as; it has no BYPASSRLS and owns nothing. */
export const APP_ROLE = 'openpractice_app';

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** A session as the application role, row-level-security scoped to one practice. */
  withPractice<T>(practiceId: number, fn: (s: Session) => Promise<T>): Promise<T>;
  /** A session as the schema owner: migrations and deployment administration; RLS does not apply. */
  withOwner<T>(fn: (s: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Raw per-connection operations a driver provides; `makeSession` builds transactions on top. */
export interface Connection extends Sql {
  /** Context last applied to this connection, so it is re-applied only when it changes. */
  context?: string;
}

/** The SQL that puts a connection into a tenant (or owner) context, in one round trip. */
export async function applyContext(conn: Connection, practiceId: number | null): Promise<void> {
  const wanted = practiceId === null ? 'owner' : `practice:${practiceId}`;
  if (conn.context === wanted) return;
  conn.context = undefined;
  if (practiceId === null) {
    await conn.query(`SELECT set_config('role', 'none', false), set_config('openpractice.practice', '', false)`);
  } else {
    await conn.query(`SELECT set_config('role', $1, false), set_config('openpractice.practice', $2, false)`, [
      APP_ROLE,
      String(practiceId),
    ]);
  }
  conn.context = wanted;
}

/** Wraps a connection as a Session with (flat) transactions. */
export function makeSession(conn: Connection): Session {
  let depth = 0;
  let pending: ((tx: Session) => Promise<void>)[] = [];
  const session: Session = {
    query: (text, params, name) => conn.query(text, params, name),
    exec: (script) => conn.exec(script),
    get inTransaction() {
      return depth > 0;
    },
    beforeCommit(fn) {
      if (depth === 0) throw new Error('beforeCommit needs a transaction');
      pending.push(fn);
    },
    async transaction<T>(fn: (tx: Session) => Promise<T>): Promise<T> {
      if (depth > 0) return fn(session);
      await conn.query('BEGIN');
      depth++;
      try {
        const result = await fn(session);
        // Hooks may add hooks; run until none are left.
        while (pending.length > 0) {
          const hooks = pending;
          pending = [];
          for (const hook of hooks) await hook(session);
        }
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        pending = [];
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        depth--;
      }
    },
  };
  return session;
}

/**
 * The audit log: the AuditSink every surface records into, appending to each practice's hash
 * chain (append-sql.ts, chain.ts).
 *
 * Two ways in:
 * - Writes pass their transaction: the records are appended by a beforeCommit hook, after every
 *   other row lock the transaction takes, and commit or roll back with the write.
 * - Reads (and anything else) pass no transaction: group commit. Records are buffered per
 *   practice; one flush per practice per event-loop turn appends everything buffered, and each
 *   caller's promise settles when its records are committed (or the flush failed). At most one
 *   flush per practice is in flight; records arriving meanwhile go in the next. A flush is usually
 *   one autocommit statement: the log remembers each chain's head from its last append and
 *   appends after it only if it is still the head, else locks the head and appends again.
 *
 * Listeners (misuse detection) hear records once they are durable: group-committed ones after
 * their flush commits; in-transaction ones once PostgreSQL reports their transaction committed
 * (the append returns its transaction id; a background check asks pg_xact_status after the
 * transaction ends), and never those of a transaction that rolled back.
 *
 * Never await `record()` without a transaction while holding a session of the same database:
 * the embedded database has one connection (the flush would wait for the session, which waits
 * for the flush) and on PostgreSQL each such request would hold two pool connections. Callers
 * inside a session use `deferred()` and flush it after the session ends.
 *
 * Nothing here logs: records carry patient ids and go only to the database and listeners.
 */
import type { Database, Session } from '../db/database';
import { appendLocked, appendRows, chainAfter, prepareEvents, type ChainHead, type PreparedEvent } from './append-sql';
import { pseudonym, type AuditKey } from './chain';
import type { AuditListener, AuditRecord, AuditSink } from './record';

/** The audit log as the rest of the server sees it. */
export interface AuditTrail extends AuditSink {
  /** Hears records once durable; returns the unsubscribe function. */
  subscribe(listener: AuditListener): () => void;
  /** A keyed pseudonym for a value that must not be stored in clear (chain.ts `pseudonym`). */
  pseudonym(purpose: string, value: string): string;
}

export interface AuditLogOptions {
  /** Most records appended by one flush (default 1000). */
  maxBatch?: number;
  /** How long to wait before asking again whether a transaction committed (ms, default 20). */
  confirmRetryMs?: number;
  /** Told of failures no caller is waiting for (a listener check); never given patient data. */
  onBackgroundError?: (message: string) => void;
  /**
   * `async`: records committed on their own (group commits: reads, denials) do not wait for the
   * WAL flush (synchronous_commit off for that statement). Default `durable`.
   */
  commit?: 'durable' | 'async';
}

interface Waiter {
  events: PreparedEvent[];
  resolve(): void;
  reject(err: unknown): void;
}

interface PracticeQueue {
  waiting: Waiter[];
  flushing: boolean;
  scheduled: boolean;
}

/** Records given to one transaction by one `record()` call. */
interface Token {
  events: PreparedEvent[];
  written: boolean;
}

interface Unconfirmed {
  xid: string;
  records: AuditRecord[];
}

const UNIQUE_VIOLATION = '23505';

export class AuditLog implements AuditTrail {
  private readonly heads = new Map<number, ChainHead>();
  private readonly queues = new Map<number, PracticeQueue>();
  private readonly tokens = new WeakMap<Session, Token[]>();
  private readonly listeners = new Set<AuditListener>();
  private readonly inFlight = new Set<Promise<void>>();
  private unconfirmed: Unconfirmed[] = [];
  private confirmTimer: NodeJS.Timeout | undefined;
  private confirming: Promise<void> | undefined;
  private closed = false;
  private readonly maxBatch: number;
  private readonly confirmRetryMs: number;

  constructor(
    private readonly db: Database,
    private readonly key: AuditKey,
    private readonly options: AuditLogOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 1000;
    this.confirmRetryMs = options.confirmRetryMs ?? 20;
  }

  record(records: readonly AuditRecord[], inTransaction?: Session): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (inTransaction) {
      try {
        this.joinTransaction(records, inTransaction);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      return Promise.resolve();
    }
    if (this.closed) return Promise.reject(new Error('The audit log is closed'));
    let parts: Map<number, PreparedEvent[]>;
    try {
      parts = byPractice(prepareEvents(records));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return Promise.all([...parts].map(([practiceId, events]) => this.enqueue(practiceId, events))).then(() => undefined);
  }

  subscribe(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pseudonym(purpose: string, value: string): string {
    return pseudonym(this.key, purpose, value);
  }

  /**
   * A sink for one request or job that holds records given without a transaction until
   * `flush()`, called once the caller's session is released (and before it answers).
   */
  deferred(): DeferredAudit {
    return new DeferredAudit(this);
  }

  /** Waits for every flush in flight and tells listeners what is known to have committed. */
  async close(): Promise<void> {
    this.closed = true;
    // Flushes in flight, and those scheduled for this turn of the event loop.
    while (this.inFlight.size > 0 || [...this.queues.values()].some((q) => q.scheduled || q.waiting.length > 0)) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = undefined;
    await this.confirming;
    if (this.unconfirmed.length > 0) await this.confirm();
  }

  // ——— in a transaction ———

  /**
   * Every call hooks the commit, but only the first hook to run appends — everything given to
   * this transaction — and the rest find their records written. A transaction that rolled back
   * never runs its hooks, so records given in it stay unwritten; as hooks run in the order they
   * were added, whatever was given before the first hook that runs belongs to such a
   * transaction on this session, and is dropped.
   */
  private joinTransaction(records: readonly AuditRecord[], tx: Session): void {
    if (!tx.inTransaction) throw new Error('AuditLog.record: the session passed is not in a transaction');
    let tokens = this.tokens.get(tx);
    if (!tokens) this.tokens.set(tx, (tokens = []));
    const token: Token = { events: prepareEvents(records), written: false };
    tokens.push(token);
    tx.beforeCommit((s) => this.writeTransaction(s, token));
  }

  private async writeTransaction(tx: Session, token: Token): Promise<void> {
    if (token.written) return;
    const tokens = this.tokens.get(tx) ?? [token];
    const live = tokens.slice(Math.max(0, tokens.indexOf(token)));
    this.tokens.set(tx, []);
    for (const t of live) t.written = true;
    for (const [practiceId, events] of byPractice(live.flatMap((t) => t.events))) {
      const { head, xid } = await this.appendInTransaction(tx, practiceId, events);
      // Optimistic: if the transaction rolls back, the next append finds the head elsewhere and locks.
      this.heads.set(practiceId, head);
      if (xid !== null && this.listeners.size > 0) {
        this.unconfirmed.push({ xid, records: events.map((e) => e.record) });
        this.scheduleConfirm(0);
      }
    }
  }

  private async appendInTransaction(tx: Session, practiceId: number, events: PreparedEvent[]): Promise<{ head: ChainHead; xid: string | null }> {
    const cached = this.heads.get(practiceId);
    if (cached) {
      const { rows, head } = chainAfter(this.key, cached, events);
      // Inside a transaction a stale head inserts nothing (no error), so trying costs one statement.
      const r = await appendRows(tx, practiceId, cached, rows, head);
      if (r.inserted === rows.length) return { head, xid: r.xid };
    }
    return appendLocked(tx, this.key, practiceId, events);
  }

  // ——— group commit ———

  private enqueue(practiceId: number, events: PreparedEvent[]): Promise<void> {
    let q = this.queues.get(practiceId);
    if (!q) this.queues.set(practiceId, (q = { waiting: [], flushing: false, scheduled: false }));
    const queue = q;
    const done = new Promise<void>((resolve, reject) => queue.waiting.push({ events, resolve, reject }));
    if (!queue.flushing && !queue.scheduled) {
      queue.scheduled = true;
      // Everything recorded in this turn of the event loop joins one flush.
      setImmediate(() => this.startFlush(practiceId, queue));
    }
    return done;
  }

  private startFlush(practiceId: number, q: PracticeQueue): void {
    q.scheduled = false;
    q.flushing = true;
    const batch: Waiter[] = [];
    let size = 0;
    while (q.waiting.length > 0 && (batch.length === 0 || size + q.waiting[0]!.events.length <= this.maxBatch)) {
      const w = q.waiting.shift()!;
      batch.push(w);
      size += w.events.length;
    }
    const flight = this.flush(practiceId, batch).finally(() => {
      this.inFlight.delete(flight);
      q.flushing = false;
      // Records that arrived during the flush have waited long enough: flush them now.
      if (q.waiting.length > 0) this.startFlush(practiceId, q);
      else this.queues.delete(practiceId);
    });
    this.inFlight.add(flight);
  }

  private async flush(practiceId: number, batch: Waiter[]): Promise<void> {
    const events = batch.flatMap((w) => w.events);
    try {
      await this.appendAlone(practiceId, events);
    } catch (err) {
      this.heads.delete(practiceId);
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch) w.resolve();
    this.tell(events.map((e) => e.record));
  }

  /** Appends in a transaction of its own: one autocommit statement when the cached head holds. */
  private appendAlone(practiceId: number, events: PreparedEvent[]): Promise<void> {
    const run = async (s: Session): Promise<void> => {
      const cached = this.heads.get(practiceId);
      if (cached) {
        const { rows, head } = chainAfter(this.key, cached, events);
        const inserted = await appendRows(s, practiceId, cached, rows, head).then(
          (r) => r.inserted,
          (err: unknown) => {
            // Rows past the head (another writer's, mid-commit): treat like a stale head.
            if ((err as { code?: string }).code === UNIQUE_VIOLATION) return 0;
            throw err;
          },
        );
        if (inserted === rows.length) {
          this.heads.set(practiceId, head);
          return;
        }
      }
      const { head } = await s.transaction((tx) => appendLocked(tx, this.key, practiceId, events));
      this.heads.set(practiceId, head);
    };
    const commit = async (s: Session): Promise<void> => {
      if (this.options.commit !== 'async') return run(s);
      // For these statements only: the connection returns to the pool as it was.
      await s.query(`SELECT set_config('synchronous_commit', 'off', false)`);
      try {
        await run(s);
      } finally {
        await s.query('RESET synchronous_commit');
      }
    };
    // Practice 0 is the deployment's chain: no practice's session may write it.
    return practiceId === 0 ? this.db.withOwner(commit) : this.db.withPractice(practiceId, commit);
  }

  // ——— listeners ———

  private tell(records: AuditRecord[]): void {
    for (const listener of this.listeners) {
      try {
        listener(records);
      } catch {
        this.options.onBackgroundError?.('An audit listener threw');
      }
    }
  }

  private scheduleConfirm(delayMs: number): void {
    if (this.confirmTimer || this.confirming || this.closed) return;
    this.confirmTimer = setTimeout(() => {
      this.confirmTimer = undefined;
      this.confirming = this.confirm().finally(() => {
        this.confirming = undefined;
        if (this.unconfirmed.length > 0) this.scheduleConfirm(this.confirmRetryMs);
      });
    }, delayMs);
  }

  /** Tells listeners the in-transaction records whose transaction committed; keeps those still open. */
  private async confirm(): Promise<void> {
    const pending = this.unconfirmed;
    this.unconfirmed = [];
    let status: Map<string, string | null>;
    try {
      const xids = [...new Set(pending.map((p) => p.xid))];
      const r = await this.db.withOwner((s) =>
        s.query<{ xid: string; status: string | null }>('SELECT x AS xid, pg_xact_status(x::xid8) AS status FROM unnest($1::text[]) AS x', [xids]),
      );
      status = new Map(r.rows.map((row) => [row.xid, row.status]));
    } catch {
      this.options.onBackgroundError?.('Could not confirm audited transactions for audit listeners');
      return;
    }
    for (const p of pending) {
      const s = status.get(p.xid);
      if (s === 'committed') this.tell(p.records);
      else if (s === 'in progress') this.unconfirmed.push(p);
    }
  }
}

/** Holds records given without a transaction until `flush()`; see AuditLog.deferred. */
export class DeferredAudit implements AuditSink {
  private held: AuditRecord[] = [];

  constructor(private readonly log: AuditSink) {}

  record(records: readonly AuditRecord[], inTransaction?: Session): Promise<void> {
    if (inTransaction) return this.log.record(records, inTransaction);
    this.held.push(...records);
    return Promise.resolve();
  }

  /** Commits what is held; resolves once it is durable. */
  async flush(): Promise<void> {
    const records = this.held;
    this.held = [];
    if (records.length > 0) await this.log.record(records);
  }
}

function byPractice(events: PreparedEvent[]): Map<number, PreparedEvent[]> {
  const out = new Map<number, PreparedEvent[]>();
  for (const e of events) {
    const list = out.get(e.record.practiceId);
    if (list) list.push(e);
    else out.set(e.record.practiceId, [e]);
  }
  return out;
}

/**
 * Loading a stream of resources that keep their own ids into a practice: the demo seed,
 * `openpractice seed` and synthetic practices of any size. Resources are validated and indexed
 * exactly like API writes (repo/bulk-load.ts) and written in batches of one statement each, so
 * memory stays constant however long the stream: one batch being assembled while at most
 * `writers` earlier ones are written. On PostgreSQL these overlap (validation here, inserts there,
 * on as many connections); on the embedded database they take turns.
 *
 * Re-running a load skips what is already stored (see bulk-load.ts); it never duplicates and
 * never overwrites. Each batch commits on its own, so an interrupted load keeps the batches it
 * finished and a re-run completes it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Resource } from '@openpractice/fhir';
import type { Database } from './db/database';
import type { Practice } from './practices';
import { BulkBatch, writeBatch } from './repo/bulk-load';
import type { RecordRules } from './repo/context';
import { INDEX_TABLES } from './repo/index-sql';

/** Resources per statement: big enough to amortise the round trip, small enough to stay well under the statement timeout. */
export const DEFAULT_LOAD_BATCH = 1000;

export interface LoadProgress {
  /** Resources written so far (inserted + skipped). */
  resources: number;
  inserted: number;
  /** Already stored (or repeated in the stream): left as they were. */
  skipped: number;
}

export interface LoadSummary extends LoadProgress {
  seconds: number;
}

export interface LoadOptions {
  /** Resources per batch (default 1,000). */
  batchSize?: number;
  /** Called after each batch is committed. */
  onProgress?: (p: LoadProgress) => void;
  /** The clock stamping `meta.lastUpdated` (one instant per batch). */
  clock?: () => Date;
  /** Vacuum and refresh planner statistics after loading (default true; see `loadResources`). */
  analyze?: boolean;
  /**
   * Batches written at once, each on its own connection (default 2 on PostgreSQL: one being
   * written while the next is sent; 1 on the embedded database, which has one connection).
   */
  writers?: number;
  /** Stops the load between batches (what was committed stays; a load is idempotent, so it can resume). */
  signal?: AbortSignal;
}

/**
 * Loads `resources` into `practice`, each as version 1 with its own id, in batches.
 * @throws BulkLoadError naming the first resource the API would refuse; batches before it stay loaded.
 */
export async function loadResources(
  db: Database,
  practice: Practice,
  rules: RecordRules,
  resources: Iterable<Resource> | AsyncIterable<Resource>,
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_LOAD_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const clock = options.clock ?? (() => new Date());
  const progress: LoadProgress = { resources: 0, inserted: 0, skipped: 0 };

  // Up to `writers` batches in flight, each on its own connection. A failure is kept, not left as
  // an unhandled rejection while the next batch is assembled, and rethrown at the next flush or
  // at the end.
  const writers = options.writers ?? (db.kind === 'postgres' ? 2 : 1);
  if (!Number.isInteger(writers) || writers < 1) throw new RangeError('writers must be a positive integer');
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const check = () => {
    if (failure) throw failure.error;
  };
  const flush = async (batch: BulkBatch) => {
    while (inFlight.size >= writers) await Promise.race(inFlight);
    check();
    const write: Promise<void> = db
      .withPractice(practice.id, (s) => writeBatch(s, practice.id, batch))
      .then(
        (r) => {
          progress.resources += r.inserted + r.skipped;
          progress.inserted += r.inserted;
          progress.skipped += r.skipped;
          options.onProgress?.({ ...progress });
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  };

  let batch = new BulkBatch(rules, clock().toISOString());
  let sinceTurn = 0;
  try {
    for await (const r of resources) {
      batch.add(r);
      if (batch.size + batch.repeats >= batchSize) {
        options.signal?.throwIfAborted();
        await flush(batch);
        batch = new BulkBatch(rules, clock().toISOString());
      } else if (inFlight.size > 0 && ++sinceTurn >= 50) {
        // Let the driver send the batch in flight and read its answer while this one is assembled.
        sinceTurn = 0;
        await nextTurn();
      }
    }
    if (batch.size + batch.repeats > 0) await flush(batch);
  } finally {
    // Never leave a write running on a connection the caller may be about to close.
    await Promise.all(inFlight);
  }
  check();
  // Tables that grew from (nearly) empty keep "empty" planner statistics until autovacuum gets to
  // them, and the embedded database has no autovacuum at all: searches then pick nested loops
  // over whole indexes. GIN indexes (full text, trigrams) also hold new entries in a pending list
  // the planner costs as a scan until a vacuum merges it, and index-only scans need the visibility
  // map a vacuum sets. So a load ends with VACUUM (ANALYZE) (as the schema owner, who alone may).
  // It is maintenance, not a request: the statement timeout that guards requests does not apply
  // (a 10,000-patient practice takes minutes on a busy machine).
  if (options.analyze !== false && progress.inserted > 0) {
    await db.withOwner(async (s) => {
      const was = (await s.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0]!.statement_timeout;
      await s.query('SET statement_timeout = 0');
      try {
        await s.exec(`VACUUM (ANALYZE) ${['resource', 'resource_history', ...INDEX_TABLES, 'contained_resource'].join(', ')}`);
      } finally {
        await s.query(`SELECT set_config('statement_timeout', $1, false)`, [was]);
      }
    });
  }
  return { ...progress, seconds: (performance.now() - started) / 1000 };
}

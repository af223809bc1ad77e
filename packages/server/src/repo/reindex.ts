/**
 * Re-indexing: every current resource's search values are extracted again with the code's
 * definitions and replace its index rows and contained resources, a batch per statement. A
 * migration that changes what is indexed asks for it with a row in `search_reindex`
 * (migrations/0004), naming the resource types it affects if not all of them (0005);
 * `migrate()` runs pending requests after the SQL migrations.
 *
 * Resumable and safe beside live writers: each batch runs in its own transaction that locks its
 * resource rows (FOR SHARE, so a concurrent update waits rather than being overwritten with values
 * extracted from the version before it) and records its progress (`after_rid`), so an interrupted
 * re-index continues where it stopped. Runs as the schema owner: every practice is re-indexed,
 * each row under its own practice.
 */
import type { Resource } from '@openpractice/fhir';
import type { Session } from '../db/database';
import type { RecordRules } from './context';
import { INDEX_TABLES, IndexBatch } from './index-sql';

/** Resources read and re-indexed per transaction. */
export const REINDEX_BATCH = 500;

/**
 * $1 practice, $2/$3 the batch's row ids and types (JSON arrays), then the IndexBatch arrays. The
 * old contained resources and index rows go, the new ones come, in one statement.
 */
const REINDEX_SQL = `WITH ${[
  `k AS (SELECT x.rid::bigint AS rid, x.resource_type, x.ord
         FROM ROWS FROM (json_array_elements_text($2::json), json_array_elements_text($3::json)) WITH ORDINALITY AS x(rid, resource_type, ord))`,
  `contained_del AS (DELETE FROM contained_resource WHERE practice_id = $1 AND container_rid IN (SELECT rid FROM k) RETURNING rid)`,
  ...INDEX_TABLES.map((t) => `${t}_del AS (DELETE FROM ${t} WHERE practice_id = $1 AND rid IN (SELECT rid FROM k UNION ALL SELECT rid FROM contained_del))`),
  ...IndexBatch.ctes('k', 4),
].join(',\n')} SELECT count(*)::int AS n FROM k`;

interface Row {
  rid: number;
  practice_id: number;
  resource_type: string;
  content: string;
}

export interface ReindexResult {
  /** Resources re-indexed. */
  resources: number;
  /** The requests completed (their reasons). */
  completed: string[];
}

/**
 * Runs every pending re-index request (owner session; the caller holds the migration lock).
 * Requests made together are served by one pass from the earliest progress among them.
 */
export async function runPendingReindex(
  s: Session,
  rules: RecordRules,
  onProgress: (resources: number) => void = () => undefined,
): Promise<ReindexResult> {
  const pending = (
    await s.query<{ reason: string; after_rid: number; resource_types: string[] | null }>(
      'SELECT reason, after_rid, resource_types FROM search_reindex WHERE done_at IS NULL ORDER BY id',
    )
  ).rows;
  if (pending.length === 0) return { resources: 0, completed: [] };
  let after = Math.min(...pending.map((p) => Number(p.after_rid)));
  // Only the types the requests name (a request naming none means every type).
  const types = pending.some((p) => p.resource_types === null) ? null : [...new Set(pending.flatMap((p) => p.resource_types!))];
  let resources = 0;
  for (;;) {
    const n = await s.transaction(async (tx) => {
      const rows = (
        await tx.query<Row>(
          `SELECT rid, practice_id, resource_type, content FROM resource
           WHERE rid > $1 AND NOT deleted AND ($3::text[] IS NULL OR resource_type = ANY($3::text[])) ORDER BY rid LIMIT $2 FOR SHARE`,
          [after, REINDEX_BATCH, types],
        )
      ).rows;
      if (rows.length === 0) return 0;
      const byPractice = new Map<number, Row[]>();
      for (const r of rows) {
        const practice = Number(r.practice_id);
        byPractice.set(practice, [...(byPractice.get(practice) ?? []), r]);
      }
      for (const [practice, batch] of byPractice) {
        const index = new IndexBatch();
        batch.forEach((r, i) => index.add(i + 1, rules.extract(JSON.parse(r.content) as Resource)));
        await tx.query(REINDEX_SQL, [
          practice,
          JSON.stringify(batch.map((r) => Number(r.rid))),
          JSON.stringify(batch.map((r) => r.resource_type)),
          ...index.params(),
        ]);
      }
      after = Number(rows[rows.length - 1]!.rid);
      await tx.query('UPDATE search_reindex SET after_rid = $1 WHERE done_at IS NULL AND after_rid < $1', [after]);
      return rows.length;
    });
    if (n === 0) break;
    resources += n;
    onProgress(resources);
  }
  await s.query('UPDATE search_reindex SET done_at = now() WHERE done_at IS NULL');
  // Every index row was replaced: reclaim the old ones, merge the GIN pending lists, and give the
  // planner statistics for the new values before the first search (autovacuum would, later).
  if (resources > 0) await s.query(`VACUUM (ANALYZE) contained_resource, ${INDEX_TABLES.join(', ')}`);
  return { resources, completed: pending.map((p) => p.reason) };
}

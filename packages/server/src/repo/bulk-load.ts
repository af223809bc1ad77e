/**
 * Bulk loading: many resources that keep their own ids, each stored as version 1, with the
 * resource rows, their history rows, their contained resources and the rows of every search-index table written by ONE
 * statement per batch: column arrays passed as parameters and unnested, like the single-resource
 * write in store-sql.ts, but for a whole batch.
 *
 * Each resource is checked and indexed by the same `RecordRules` as an API write and stamped the
 * way the repository stamps an update-as-create (FHIR http.html#upsert: `PUT` with the client's
 * id, `meta.versionId` "1"), so a loaded resource reads, searches and versions exactly like one
 * PUT through the API.
 *
 * Re-runs are idempotent by SKIPPING, never updating: a resource whose (practice, type, id) row
 * already exists — live or deleted — is left exactly as it was (`ON CONFLICT DO NOTHING`), and
 * history and index rows are written only for the rows the statement actually inserted. A load
 * therefore never creates a version 2 and never resurrects a deletion; to change existing
 * resources, use the API.
 *
 * The session must be an application session (`db.withPractice`): row-level security checks
 * every row against the session's practice.
 */
import { fail, FHIR_ID, isResourceType, type Resource } from '@openpractice/fhir';
import type { Sql } from '../db/database';
import type { RecordRules } from './context';
import { IndexBatch } from './index-sql';

/** What one batch write did. */
export interface BulkWriteResult {
  /** Resources stored (new rows). */
  inserted: number;
  /** Resources left alone: already stored, or repeated within the batch. */
  skipped: number;
}

/** A resource the loader refused (invalid, or without a usable type or id); names the resource. */
export class BulkLoadError extends Error {
  override name = 'BulkLoadError';
  constructor(
    readonly reference: string,
    cause: unknown,
  ) {
    super(`${reference}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * $1 practice, $2 lastUpdated, $3-$5 the batch (type, id, JSON), then the contained resources and
 * index rows of the batch (index-sql.ts `IndexBatch`). Every array travels as JSON text (see
 * IndexBatch for why); `k` maps each inserted resource row to its position in the batch.
 */
function bulkInsertSql(): string {
  return `WITH ${[
    `input AS (SELECT * FROM ROWS FROM (json_array_elements_text($3::json), json_array_elements_text($4::json), json_array_elements_text($5::json))
               WITH ORDINALITY AS x(resource_type, id, content, ord))`,
    `r AS (INSERT INTO resource (practice_id, resource_type, id, version_id, last_updated, deleted, content)
           SELECT $1, resource_type, id, 1, $2::timestamptz, false, content FROM input ORDER BY ord
           ON CONFLICT ON CONSTRAINT resource_identity DO NOTHING
           RETURNING rid, resource_type, id, content)`,
    `k AS (SELECT r.rid, r.resource_type, i.ord FROM r JOIN input i ON i.resource_type = r.resource_type AND i.id = r.id)`,
    `h AS (INSERT INTO resource_history (practice_id, resource_type, id, version_id, last_updated, method, content)
           SELECT $1, resource_type, id, 1, $2::timestamptz, 'PUT', content FROM r)`,
    ...IndexBatch.ctes('k', 6),
  ].join(',\n')} SELECT count(*)::int AS inserted FROM r`;
}

const BULK_INSERT_SQL = bulkInsertSql();

/**
 * A batch being assembled: every resource added is validated, stamped, serialised and indexed at
 * once (so a refusal names the resource and nothing of the batch has been written), into column
 * arrays ready to be passed to the one statement.
 */
export class BulkBatch {
  private readonly types: string[] = [];
  private readonly ids: string[] = [];
  private readonly contents: string[] = [];
  private readonly keys = new Set<string>();
  private readonly index = new IndexBatch();
  private repeated = 0;

  /** @param lastUpdated the instant stamped on every resource of the batch (ISO 8601, UTC). */
  constructor(
    private readonly rules: RecordRules,
    readonly lastUpdated: string,
  ) {}

  /** Resources in the batch (repeats excluded). */
  get size(): number {
    return this.ids.length;
  }

  /** Resources dropped because the same type and id already appeared in this batch. */
  get repeats(): number {
    return this.repeated;
  }

  /**
   * Adds a resource; a second one with the same type and id is skipped (the first wins, as it
   * would across batches). @throws BulkLoadError when the resource would be refused by the API.
   */
  add(resource: Resource): void {
    const type = resource.resourceType;
    const id = resource.id;
    const reference = `${String(type)}/${String(id)}`;
    try {
      if (typeof type !== 'string' || !isResourceType(type)) throw fail.badRequest(`Unknown resource type ${String(type)}`, ['resourceType']);
      if (typeof id !== 'string' || !FHIR_ID.test(id)) throw fail.badRequest('A loaded resource must carry a valid id', ['id']);
      // The audit trail is written by the server alone, in its own hash chain (audit/).
      if (type === 'AuditEvent') throw fail.badRequest('AuditEvent resources cannot be loaded: the audit trail is written by the server alone', ['resourceType']);
      const key = `${type}/${id}`;
      if (this.keys.has(key)) {
        this.repeated++;
        return;
      }
      this.rules.validate(resource);
      const stamped = stamp(resource, this.lastUpdated);
      const rows = this.rules.extract(stamped);
      this.keys.add(key);
      this.types.push(type);
      this.ids.push(id);
      this.contents.push(JSON.stringify(stamped));
      this.index.add(this.ids.length, rows);
    } catch (err) {
      throw new BulkLoadError(reference, err);
    }
  }

  /** The statement's parameters for `practiceId` (arrays as JSON text, see `bulkInsertSql`). */
  params(practiceId: number): unknown[] {
    return [practiceId, this.lastUpdated, ...[this.types, this.ids, this.contents].map((a) => JSON.stringify(a)), ...this.index.params()];
  }
}

/** Server-managed identity and meta, as Repository stamps an update-as-create (version 1). */
function stamp(resource: Resource, lastUpdated: string): Resource {
  const { resourceType, id, meta, ...rest } = resource;
  return { resourceType, id, meta: { ...(meta ?? {}), versionId: '1', lastUpdated }, ...rest };
}

/**
 * Writes a batch in one statement: new resources are stored as version 1 (resource, history and
 * index rows); ones already stored in this practice are skipped. Atomic on its own.
 */
export async function writeBatch(sql: Sql, practiceId: number, batch: BulkBatch): Promise<BulkWriteResult> {
  if (batch.size === 0) return { inserted: 0, skipped: batch.repeats };
  const res = await sql.query<{ inserted: number }>(BULK_INSERT_SQL, batch.params(practiceId), 'op_bulk_insert');
  const inserted = Number(res.rows[0]?.inserted ?? 0);
  return { inserted, skipped: batch.size - inserted + batch.repeats };
}

/**
 * Validates, indexes and writes `resources` (each with its own id) as one batch, in one statement.
 * @throws BulkLoadError naming the first resource the API would refuse; nothing is written then.
 */
export async function bulkInsert(
  sql: Sql,
  practiceId: number,
  rules: RecordRules,
  resources: Iterable<Resource>,
  clock: () => Date = () => new Date(),
): Promise<BulkWriteResult> {
  const batch = new BulkBatch(rules, clock().toISOString());
  for (const r of resources) batch.add(r);
  return writeBatch(sql, practiceId, batch);
}

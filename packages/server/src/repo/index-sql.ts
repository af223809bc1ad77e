/**
 * Writing extracted search values. Every write statement has one fixed shape — one
 * INSERT … SELECT FROM unnest(arrays) per index table, empty arrays when a kind has no rows — so
 * PostgreSQL plans it once per connection (a named statement) instead of on every write.
 *
 * Contained resources (search.html#contained) are written in the same statement: each gets a
 * `contained_resource` row (and a row id from the resource sequence), and every index row names
 * its owner — 0 for the resource itself, `position + 1` for the contained resource at `position`
 * of its `contained` array — so it is stored under the right row id and type.
 */
import type { IndexRows } from '@openpractice/fhir';

interface IndexTable {
  table: string;
  /**
   * Columns after (practice_id, rid, resource_type): name, SQL type of the parameter array, and
   * optionally the expression storing a value (full text is stemmed by PostgreSQL on write).
   */
  columns: readonly (readonly [name: string, sqlType: string, store?: (value: string) => string])[];
  rows: (r: IndexRows) => readonly unknown[][];
}

/** English stemming for `_text` / `_content` (the search side uses the same configuration). */
export const TEXT_SEARCH_CONFIG = 'english';

const TABLES: readonly IndexTable[] = [
  {
    table: 'idx_token',
    columns: [['code', 'text'], ['system', 'text'], ['value', 'text'], ['text', 'text'], ['comp', 'smallint']],
    rows: (r) => r.token.map((v) => [v.code, v.system, v.value, v.text, v.comp]),
  },
  {
    table: 'idx_string',
    columns: [['code', 'text'], ['value', 'text'], ['exact', 'text'], ['comp', 'smallint']],
    rows: (r) => r.string.map((v) => [v.code, v.value, v.exact, v.comp]),
  },
  {
    table: 'idx_reference',
    columns: [['code', 'text'], ['target_type', 'text'], ['target_id', 'text'], ['url', 'text'], ['comp', 'smallint']],
    rows: (r) => r.reference.map((v) => [v.code, v.targetType, v.targetId, v.url, v.comp]),
  },
  {
    table: 'idx_date',
    columns: [['code', 'text'], ['low', 'timestamptz'], ['high', 'timestamptz'], ['comp', 'smallint']],
    // Open ends as ±infinity so range comparisons stay plain (and indexable) without COALESCE.
    rows: (r) => r.date.map((v) => [v.code, v.low ?? '-infinity', v.high ?? 'infinity', v.comp]),
  },
  {
    table: 'idx_number',
    // value_f (float8, for index bounds under RLS) is a generated column: migrations/0004.
    columns: [['code', 'text'], ['value', 'numeric'], ['low', 'numeric'], ['high', 'numeric'], ['comp', 'smallint']],
    rows: (r) => r.number.map((v) => [v.code, v.value, v.low, v.high, v.comp]),
  },
  {
    table: 'idx_quantity',
    columns: [
      ['code', 'text'], ['value', 'numeric'], ['low', 'numeric'], ['high', 'numeric'], ['system', 'text'], ['unit', 'text'], ['comp', 'smallint'],
    ],
    rows: (r) => r.quantity.map((v) => [v.code, v.value, v.low, v.high, v.system, v.unit, v.comp]),
  },
  {
    table: 'idx_uri',
    columns: [['code', 'text'], ['value', 'text'], ['comp', 'smallint']],
    rows: (r) => r.uri.map((v) => [v.code, v.value, v.comp]),
  },
  {
    table: 'idx_text',
    columns: [['code', 'text'], ['doc', 'text', (value) => `to_tsvector('${TEXT_SEARCH_CONFIG}', ${value})`]],
    rows: (r) => r.text.map((v) => [v.code, v.value]),
  },
];

/** Names of every index table. */
export const INDEX_TABLES: readonly string[] = TABLES.map((t) => t.table);

/** The owner number of a contained resource's index rows (0 is the resource itself). */
const ownerOf = (position: number) => position + 1;

/** Each index row with the owner it belongs to, table by table. */
function ownedRows(rows: IndexRows, t: IndexTable): { owner: number; row: readonly unknown[] }[] {
  const out = t.rows(rows).map((row) => ({ owner: 0, row }));
  for (const c of rows.contained) for (const row of t.rows(c.rows)) out.push({ owner: ownerOf(c.index), row });
  return out;
}

/**
 * CTE clauses for one resource row: its contained resources (`contained_ins`), the owners
 * relation, and one index insert per table. `ridRelation` holds the resource's row id; practice
 * is `$1`, resource type `$2`; the arrays are read from `$first…` (see `indexParams`).
 */
export function indexInsertCtes(ridRelation: string, first: number): string[] {
  let n = first;
  const contained =
    `contained_ins AS (INSERT INTO contained_resource (practice_id, container_rid, resource_type, id, position) ` +
    `SELECT $1, ${ridRelation}.rid, x.resource_type, x.id, x.position ` +
    `FROM ${ridRelation}, unnest($${n++}::text[], $${n++}::text[], $${n++}::int[]) AS x(resource_type, id, position) ` +
    `RETURNING rid, resource_type, position)`;
  const owners =
    `owners AS (SELECT rid, $2::text AS resource_type, 0 AS owner FROM ${ridRelation} ` +
    `UNION ALL SELECT rid, resource_type, position + 1 FROM contained_ins)`;
  const inserts = TABLES.map((t) => {
    const names = t.columns.map(([c]) => c);
    const arrays = [`$${n++}::smallint[]`, ...t.columns.map(([, type]) => `$${n++}::${type}[]`)];
    const values = t.columns.map(([c, , store]) => (store ? store(`x.${c}`) : `x.${c}`));
    return (
      `${t.table}_ins AS (INSERT INTO ${t.table} (practice_id, rid, resource_type, ${names.join(', ')}) ` +
      `SELECT $1, o.rid, o.resource_type, ${values.join(', ')} ` +
      `FROM unnest(${arrays.join(', ')}) AS x(owner, ${names.join(', ')}) JOIN owners o ON o.owner = x.owner)`
    );
  });
  return [contained, owners, ...inserts];
}

/** The arrays for `indexInsertCtes`, in order (all empty for no index, e.g. a delete). */
export function indexParams(rows: IndexRows | null): unknown[][] {
  const contained = rows?.contained ?? [];
  const out: unknown[][] = [contained.map((c) => c.resourceType), contained.map((c) => c.id), contained.map((c) => c.index)];
  for (const t of TABLES) {
    const owned = rows ? ownedRows(rows, t) : [];
    out.push(owned.map((o) => o.owner));
    t.columns.forEach((_, i) => out.push(owned.map((o) => o.row[i] ?? null)));
  }
  return out;
}

/**
 * CTE clauses removing a resource row's contained resources and every index row of it and of
 * them (`ridParam` is a placeholder like $8; practice is $1). They see the statement's snapshot,
 * so inserts in the same statement are untouched.
 */
export function indexDeleteCtes(ridParam: string): string[] {
  return [
    `contained_del AS (DELETE FROM contained_resource WHERE container_rid = ${ridParam} AND practice_id = $1 RETURNING rid)`,
    ...INDEX_TABLES.map(
      (t) =>
        `${t}_del AS (DELETE FROM ${t} WHERE practice_id = $1 AND rid = ANY(array_append(ARRAY(SELECT rid FROM contained_del), ${ridParam}::bigint)))`,
    ),
  ];
}

/**
 * Index rows of many resources in one statement (bulk load, re-indexing): every array travels as
 * JSON text, unnested by `json_array_elements_text` and zipped with ROWS FROM (the driver's
 * encoding of JS arrays as PostgreSQL array literals costs 10-20x more), then cast to its type.
 * Rows name their resource by `ord`, its position in the batch (1-based).
 */
export class IndexBatch {
  /** Contained resources: [ord, type, id, position]. */
  readonly #contained: unknown[][] = [[], [], [], []];
  /** Per index table: [ord, owner, columns…]. */
  readonly #tables: unknown[][][] = TABLES.map((t) => [[], [], ...t.columns.map(() => [])]);

  /** Adds the rows of the resource at `ord`. */
  add(ord: number, rows: IndexRows): void {
    for (const c of rows.contained) {
      const cols = this.#contained;
      cols[0]!.push(ord);
      cols[1]!.push(c.resourceType);
      cols[2]!.push(c.id);
      cols[3]!.push(c.index);
    }
    TABLES.forEach((t, ti) => {
      const cols = this.#tables[ti]!;
      for (const { owner, row } of ownedRows(rows, t)) {
        cols[0]!.push(ord);
        cols[1]!.push(owner);
        // JSON has no ±Infinity or NaN (it would write null); as text, numeric accepts them.
        for (let c = 0; c < t.columns.length; c++) {
          const v = row[c] ?? null;
          cols[c + 2]!.push(typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
        }
      }
    });
  }

  /** The arrays as JSON text, in the order `IndexBatch.ctes` reads them. */
  params(): string[] {
    return [...this.#contained, ...this.#tables.flat()].map((a) => JSON.stringify(a));
  }

  /**
   * CTE clauses writing the batch's contained resources and index rows. `keys` is a relation of
   * the batch's resource rows (rid, resource_type, ord); practice is `$1`; arrays from `$first`.
   */
  static ctes(keys: string, first: number): string[] {
    let n = first;
    const elements = (count: number) => Array.from({ length: count }, () => `json_array_elements_text($${n++}::json)`).join(', ');
    const contained =
      `contained_ins AS (INSERT INTO contained_resource (practice_id, container_rid, resource_type, id, position) ` +
      `SELECT $1, k.rid, x.resource_type, x.id, x.position::int FROM ROWS FROM (${elements(4)}) AS x(ord, resource_type, id, position) ` +
      `JOIN ${keys} k ON k.ord = x.ord::bigint RETURNING rid, container_rid, resource_type, position)`;
    const owners =
      `owners AS (SELECT k.rid, k.resource_type, k.ord, 0 AS owner FROM ${keys} k ` +
      `UNION ALL SELECT c.rid, c.resource_type, k.ord, c.position + 1 FROM contained_ins c JOIN ${keys} k ON k.rid = c.container_rid)`;
    const inserts = TABLES.map((t) => {
      const names = t.columns.map(([c]) => c);
      const values = t.columns.map(([c, type, store]) => (store ? store(`x.${c}::${type}`) : `x.${c}::${type}`));
      return (
        `${t.table}_ins AS (INSERT INTO ${t.table} (practice_id, rid, resource_type, ${names.join(', ')}) ` +
        `SELECT $1, o.rid, o.resource_type, ${values.join(', ')} ` +
        `FROM ROWS FROM (${elements(names.length + 2)}) AS x(ord, owner, ${names.join(', ')}) ` +
        `JOIN owners o ON o.ord = x.ord::bigint AND o.owner = x.owner::int)`
      );
    });
    return [contained, owners, ...inserts];
  }
}

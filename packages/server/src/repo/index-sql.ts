/**
 * Writing extracted search values. Every write statement has one fixed shape — one
 * INSERT … SELECT FROM unnest(arrays) per index table, empty arrays when a kind has no rows — so
 * PostgreSQL plans it once per connection (a named statement) instead of on every write.
 */
import type { IndexRows } from '@openpractice/fhir';

interface IndexTable {
  table: string;
  /** Columns after (practice_id, rid, resource_type), with their SQL array types. */
  columns: readonly (readonly [name: string, sqlType: string])[];
  rows: (r: IndexRows) => readonly unknown[][];
}

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
];

/** Each index table's columns after (practice_id, rid, resource_type), for writers that build their own SQL. */
export const INDEX_COLUMNS: readonly { table: string; names: readonly string[]; types: readonly string[] }[] = TABLES.map((t) => ({
  table: t.table,
  names: t.columns.map(([n]) => n),
  types: t.columns.map(([, type]) => type),
}));

/** Names of every index table. */
export const INDEX_TABLES: readonly string[] = TABLES.map((t) => t.table);


/**
 * CTE clauses inserting index rows for the resource row in relation `ridRelation`, reading their
 * arrays from parameters `$first…`. Practice is `$1`, resource type `$2`.
 */
export function indexInsertCtes(ridRelation: string, first: number): string[] {
  let n = first;
  return TABLES.map((t) => {
    const names = t.columns.map(([c]) => c);
    const arrays = t.columns.map(([, type]) => `$${n++}::${type}[]`);
    return (
      `${t.table}_ins AS (INSERT INTO ${t.table} (practice_id, rid, resource_type, ${names.join(', ')}) ` +
      `SELECT $1, ${ridRelation}.rid, $2, ${names.map((c) => `x.${c}`).join(', ')} ` +
      `FROM ${ridRelation}, unnest(${arrays.join(', ')}) AS x(${names.join(', ')}))`
    );
  });
}

/** The column arrays for `indexInsertCtes`, in order (all empty for no index, e.g. a delete). */
export function indexParams(rows: IndexRows | null): unknown[][] {
  const out: unknown[][] = [];
  for (const t of TABLES) {
    const data = rows ? t.rows(rows) : [];
    t.columns.forEach((_, i) => out.push(data.map((row) => row[i] ?? null)));
  }
  return out;
}

/** CTE clauses removing every index row of a resource row (`ridParam` is a placeholder like $3). */
export function indexDeleteCtes(ridParam: string): string[] {
  return INDEX_TABLES.map((t) => `${t}_del AS (DELETE FROM ${t} WHERE rid = ${ridParam} AND practice_id = $1)`);
}

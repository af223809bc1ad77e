/**
 * Writing extracted search values: each kind becomes one INSERT … SELECT FROM unnest(arrays), so a
 * whole resource's index is written in the same statement as the resource itself.
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
    columns: [['code', 'text'], ['system', 'text'], ['value', 'text'], ['text', 'text']],
    rows: (r) => r.token.map((v) => [v.code, v.system, v.value, v.text]),
  },
  {
    table: 'idx_string',
    columns: [['code', 'text'], ['value', 'text']],
    rows: (r) => r.string.map((v) => [v.code, v.value]),
  },
  {
    table: 'idx_reference',
    columns: [['code', 'text'], ['target_type', 'text'], ['target_id', 'text'], ['url', 'text']],
    rows: (r) => r.reference.map((v) => [v.code, v.targetType, v.targetId, v.url]),
  },
  {
    table: 'idx_date',
    columns: [['code', 'text'], ['low', 'timestamptz'], ['high', 'timestamptz']],
    // Open ends as ±infinity so range comparisons stay plain (and indexable) without COALESCE.
    rows: (r) => r.date.map((v) => [v.code, v.low ?? '-infinity', v.high ?? 'infinity']),
  },
  {
    table: 'idx_number',
    columns: [['code', 'text'], ['value', 'numeric'], ['low', 'numeric'], ['high', 'numeric']],
    rows: (r) => r.number.map((v) => [v.code, v.value, v.low, v.high]),
  },
  {
    table: 'idx_quantity',
    columns: [['code', 'text'], ['value', 'numeric'], ['low', 'numeric'], ['high', 'numeric'], ['system', 'text'], ['unit', 'text']],
    rows: (r) => r.quantity.map((v) => [v.code, v.value, v.low, v.high, v.system, v.unit]),
  },
  {
    table: 'idx_uri',
    columns: [['code', 'text'], ['value', 'text']],
    rows: (r) => r.uri.map((v) => [v.code, v.value]),
  },
];

/** Names of every index table. */
export const INDEX_TABLES: readonly string[] = TABLES.map((t) => t.table);

/**
 * CTE clauses inserting the index rows. `ridExpr` is a FROM-able relation exposing `rid`
 * (e.g. a preceding CTE); parameters are appended to `params`. Practice is `$1`, type `$2`.
 */
export function indexInsertCtes(rows: IndexRows, ridRelation: string, params: unknown[]): string[] {
  const ctes: string[] = [];
  for (const t of TABLES) {
    const data = t.rows(rows);
    if (data.length === 0) continue;
    const arrays = t.columns.map((_, i) => data.map((row) => row[i] ?? null));
    const placeholders = t.columns.map(([, type], i) => {
      params.push(arrays[i]);
      return `$${params.length}::${type}[]`;
    });
    const names = t.columns.map(([n]) => n);
    ctes.push(
      `${t.table}_ins AS (INSERT INTO ${t.table} (practice_id, rid, resource_type, ${names.join(', ')}) ` +
        `SELECT $1, ${ridRelation}.rid, $2, ${names.map((n) => `x.${n}`).join(', ')} ` +
        `FROM ${ridRelation}, unnest(${placeholders.join(', ')}) AS x(${names.join(', ')}))`,
    );
  }
  return ctes;
}

/** CTE clauses removing every index row of a resource row (`ridParam` is a placeholder like $3). */
export function indexDeleteCtes(ridParam: string): string[] {
  return INDEX_TABLES.map((t) => `${t}_del AS (DELETE FROM ${t} WHERE rid = ${ridParam} AND practice_id = $1)`);
}

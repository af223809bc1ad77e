/**
 * `_sort` (search.html#sort) with keyset paging. Each key is a per-resource value: the resource's
 * own `id` / `last_updated`, or — for any other parameter — its lowest indexed value when sorting
 * ascending and its highest when descending (the rule for multi-valued parameters), with resources
 * lacking a value last either way. The row id breaks ties, so the order is total and a cursor of
 * (sort values, rid) resumes exactly where the previous page stopped, whatever was written since.
 */
import { fail, getSearchParameters, type SortKey } from '@openpractice/fhir';
import type { SqlParams } from './sql-params';

type KeyKind = 'text' | 'timestamptz' | 'numeric';

interface SortColumn {
  /** The value expression in the page query. */
  expr: string;
  kind: KeyKind;
  descending: boolean;
  /** False for the resource's own columns (never NULL), so their index can give the order. */
  nullable: boolean;
}

export interface SortPlan {
  /** LEFT JOIN LATERAL clauses computing each parameter's sort value. */
  joins: string[];
  columns: SortColumn[];
  /** Select-list expressions giving each key as cursor text (`s0`, `s1`, …). */
  select: string[];
  orderBy: string;
}

/** Per parameter type: the table and the value column (the date's bound depends on direction). */
const SORT_SOURCE: Readonly<Record<string, { table: string; kind: KeyKind; col: (descending: boolean) => string }>> = {
  string: { table: 'idx_string', kind: 'text', col: () => 'x.value' },
  token: { table: 'idx_token', kind: 'text', col: () => 'x.value' },
  uri: { table: 'idx_uri', kind: 'text', col: () => 'x.value' },
  reference: { table: 'idx_reference', kind: 'text', col: () => `coalesce(x.target_type || '/' || x.target_id, x.url)` },
  date: { table: 'idx_date', kind: 'timestamptz', col: (d) => (d ? 'x.high' : 'x.low') },
  number: { table: 'idx_number', kind: 'numeric', col: () => 'x.value' },
  quantity: { table: 'idx_quantity', kind: 'numeric', col: () => 'x.value' },
};

/** The sort of a search on `type` (no keys: row order). Keys must be sortable (not composite or special). */
export function planSort(keys: readonly SortKey[], type: string, params: SqlParams): SortPlan {
  const plan: SortPlan = { joins: [], columns: [], select: [], orderBy: '' };
  for (const key of keys) {
    const n = plan.columns.length;
    let column: SortColumn;
    if (key.code === '_id') column = { expr: 'r.id', kind: 'text', descending: key.descending, nullable: false };
    else if (key.code === '_lastUpdated') column = { expr: 'r.last_updated', kind: 'timestamptz', descending: key.descending, nullable: false };
    else {
      const def = getSearchParameters(type).get(key.code);
      const source = def && SORT_SOURCE[def.type];
      if (!source) throw new Error(`cannot sort on ${def?.type ?? 'unknown'} parameter ${key.code}`); // callers check first
      const agg = key.descending ? 'max' : 'min';
      plan.joins.push(
        `LEFT JOIN LATERAL (SELECT ${agg}(${source.col(key.descending)}) AS v FROM ${source.table} x` +
          ` WHERE x.rid = r.rid AND x.practice_id = $1 AND x.code = ${params.text(key.code)}) s${n} ON true`,
      );
      column = { expr: `s${n}.v`, kind: source.kind, descending: key.descending, nullable: true };
    }
    plan.columns.push(column);
    plan.select.push(`${cursorText(column)} AS s${n}`);
  }
  // NULLS LAST only where there can be NULLs: on the resource's own columns a plain ASC/DESC
  // matches their index (an index scanned backwards gives DESC NULLS FIRST).
  plan.orderBy = [...plan.columns.map((c) => `${c.expr} ${c.descending ? 'DESC' : 'ASC'}${c.nullable ? ' NULLS LAST' : ''}`), 'r.rid'].join(', ');
  return plan;
}

/** A key as text that casts back to the same value (microseconds, ±infinity, exact decimals). */
function cursorText(c: SortColumn): string {
  switch (c.kind) {
    case 'text':
      return c.expr;
    case 'numeric':
      return `${c.expr}::text`;
    case 'timestamptz':
      return `CASE WHEN isfinite(${c.expr}) THEN to_char(${c.expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE ${c.expr}::text END`;
  }
}

/** A page position: the last row's sort values and row id. */
export interface Cursor {
  keys: (string | null)[];
  rid: number;
}

const INSTANT = /^(?:-?infinity|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)$/;
const DECIMAL = /^(?:-?Infinity|NaN|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;

function badCursor(): never {
  throw fail.badRequest('Invalid _cursor paging token', ['_cursor']);
}

/** `_cursor` text: the row id alone without `_sort`, else base64url JSON of [keys…, rid]. */
export function encodeCursor(plan: SortPlan, c: Cursor): string {
  if (plan.columns.length === 0) return String(c.rid);
  return Buffer.from(JSON.stringify([...c.keys, c.rid])).toString('base64url');
}

/** Reads a `_cursor` made by encodeCursor for the same sort; anything else is 400. */
export function decodeCursor(plan: SortPlan, raw: string): Cursor {
  if (plan.columns.length === 0) {
    if (!/^\d{1,15}$/.test(raw)) badCursor();
    return { keys: [], rid: Number(raw) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== plan.columns.length + 1) badCursor();
  const rid = parsed[parsed.length - 1] as unknown;
  if (typeof rid !== 'number' || !Number.isSafeInteger(rid) || rid < 0) badCursor();
  const keys = parsed.slice(0, -1).map((k: unknown, i) => {
    if (k === null) return null;
    const kind = plan.columns[i]?.kind;
    if (typeof k !== 'string') badCursor();
    if (kind === 'timestamptz' && !INSTANT.test(k)) badCursor();
    if (kind === 'numeric' && !DECIMAL.test(k)) badCursor();
    return k;
  });
  return { keys, rid };
}

/**
 * Rows after the cursor in the plan's order: lexicographic over the keys, each ascending or
 * descending with NULLs last, then the row id.
 */
export function afterCursorSql(plan: SortPlan, c: Cursor, params: SqlParams): string {
  let cond = `r.rid > ${params.add(c.rid)}`;
  let bound = '';
  for (let k = plan.columns.length - 1; k >= 0; k--) {
    const col = plan.columns[k];
    if (!col) continue;
    const v = c.keys[k] ?? null;
    if (v === null) {
      // Nothing sorts after NULL but other NULLs.
      cond = `(${col.expr} IS NULL AND ${cond})`;
    } else {
      const p = `${params.add(v)}::${col.kind}`;
      const [after, from] = col.descending ? ['<', '<='] : ['>', '>='];
      cond = `(${col.expr} ${after} ${p}${col.nullable ? ` OR ${col.expr} IS NULL` : ''} OR (${col.expr} = ${p} AND ${cond}))`;
      // The first key, when it is an indexed column, also bounds the scan (implied by cond).
      if (k === 0 && !col.nullable) bound = `${col.expr} ${from} ${p} AND `;
    }
  }
  return `${bound}${cond}`;
}

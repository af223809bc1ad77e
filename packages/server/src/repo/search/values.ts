/**
 * One search value as a condition on one index row (FHIR search.html, "Search Parameter Types"
 * and "Prefixes"), for the planner in criteria.ts. `a` is the alias of the index table row.
 */
import type { SearchParamType, SearchValue } from '@openpractice/fhir';
import { codesBelow, getTerminology, valueSetCodes } from '../../terminology/index';
import { TEXT_SEARCH_CONFIG } from '../index-sql';
import { likeEscape, type SqlParams } from './sql-params';

/** What a value condition needs to know about its parameter (the last link of a chain). */
export interface Leaf {
  /** As written, for messages. */
  name: string;
  code: string;
  type: SearchParamType;
  modifier: string | null;
  /** `:Type` on a reference. */
  targetType: string | null;
  /** Alternatives, OR-ed. */
  values: SearchValue[];
}

/** The index table of each parameter type. */
export const INDEX_TABLE: Readonly<Record<string, string>> = {
  token: 'idx_token',
  string: 'idx_string',
  reference: 'idx_reference',
  date: 'idx_date',
  number: 'idx_number',
  quantity: 'idx_quantity',
  uri: 'idx_uri',
};

/** A value of `leaf` as a boolean condition on the index row aliased `a`. */
export function valueSql(leaf: Leaf, v: SearchValue, params: SqlParams, a: string): string {
  switch (v.kind) {
    case 'token': {
      // :below — the code and every code it subsumes; :above — the code and every code subsuming
      // it (search.html#token), from the terminology module; a code it does not hold is itself.
      if ((leaf.modifier === 'below' || leaf.modifier === 'above') && v.system !== null && v.code !== null) {
        const related = (leaf.modifier === 'below' ? codesBelow(v.system, v.code) : codesAbove(v.system, v.code)) ?? [];
        const codes = [...new Set([v.code, ...related])];
        return `${a}.value = ANY(${params.add(codes)}::text[]) AND ${a}.system = ${params.add(v.system)}`;
      }
      const parts: string[] = [];
      if (v.code !== null) parts.push(`${a}.value = ${params.add(v.code)}`);
      if (!v.anySystem) parts.push(v.system === null ? `${a}.system IS NULL` : `${a}.system = ${params.add(v.system)}`);
      return parts.length ? parts.join(' AND ') : 'true';
    }
    case 'of-type': {
      // Stored as system = type system, value = `typeCode|value` (index-values.ts ofTypeIndexCode).
      const system = v.system === null ? `${a}.system IS NULL` : `${a}.system = ${params.add(v.system)}`;
      return `${a}.value = ${params.add(`${v.code}|${v.value}`)} AND ${system}`;
    }
    case 'text':
      // Through idx_token_scoped: LIKE is not leakproof, so only there can the trigram index serve it.
      return `${a}.text LIKE ${params.add(`${likeEscape(v.normalised)}%`)}`;
    case 'fulltext':
      // search.html#text: words (stemmed), "phrases", or, -not — PostgreSQL's web search syntax.
      return `${a}.doc @@ websearch_to_tsquery('${TEXT_SEARCH_CONFIG}', ${params.add(v.normalised)})`;
    case 'string':
      if (leaf.modifier === 'contains') return `${a}.value LIKE ${params.add(`%${likeEscape(v.normalised)}%`)}`;
      // :exact compares the string as written; the normalised value keeps it on the value index.
      if (leaf.modifier === 'exact') return `${a}.value = ${params.add(v.normalised)} AND ${a}.exact = ${params.add(v.value)}`;
      return startsWithSql(`${a}.value`, v.normalised, params);
    case 'reference': {
      if (v.url !== null) return `${a}.url = ${params.add(v.url)}`;
      const parts = [`${a}.target_id = ${params.add(v.targetId)}`];
      const type = leaf.targetType ?? v.targetType;
      if (type) parts.push(`${a}.target_type = ${params.text(type)}`);
      return parts.join(' AND ');
    }
    case 'uri':
      if (leaf.type === 'token') {
        // token :in / :not-in — the value is a value set (the negation is applied by the caller).
        const members = valueSetCodes(v.value) ?? [];
        return (
          `${a}.value = ANY(${params.add(members.map((m) => m.code))}::text[]) AND (${a}.system, ${a}.value) IN ` +
          `(SELECT * FROM unnest(${params.add(members.map((m) => m.system))}::text[], ${params.add(members.map((m) => m.code))}::text[]))`
        );
      }
      if (leaf.modifier === 'below') return startsWithSql(`${a}.value`, v.value, params);
      if (leaf.modifier === 'above') {
        return `${params.add(v.value)} LIKE (replace(replace(replace(${a}.value, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`;
      }
      return `${a}.value = ${params.add(v.value)}`;
    case 'date':
      return rangePrefixSql(v.prefix, `${a}.low`, `${a}.high`, params, v);
    case 'number':
      return numberPrefixSql(v.prefix, a, v, params);
    case 'quantity': {
      const parts = [numberPrefixSql(v.prefix, a, v, params)];
      if (v.system !== null) parts.push(`${a}.system = ${params.add(v.system)}`);
      if (v.code !== null) parts.push(`${a}.unit = ${params.add(v.code)}`);
      return parts.join(' AND ');
    }
    case 'missing':
    case 'composite':
    case 'special':
      throw new Error(`${v.kind} values are planned by the caller`);
  }
}

/**
 * `col` starts with `prefix`, for a COLLATE "C" column (byte order = code point order in UTF-8),
 * as the range [prefix, successor) plus the LIKE. The range is what lets the index be used: under
 * row-level security PostgreSQL may not derive index bounds from LIKE (textlike is not
 * leakproof), while text comparisons are.
 */
export function startsWithSql(col: string, prefix: string, params: SqlParams): string {
  const like = `${col} LIKE ${params.add(`${likeEscape(prefix)}%`)}`;
  const points = Array.from(prefix);
  const last = points.pop()?.codePointAt(0);
  if (last === undefined) return like;
  const from = `${col} >= ${params.add(prefix)}`;
  if (last >= 0x10ffff) return `${from} AND ${like}`;
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1; // skip the surrogates: not characters
  return `${from} AND ${col} < ${params.add(points.join('') + String.fromCodePoint(next))} AND ${like}`;
}

/**
 * Date prefixes against an indexed range [lo, hi] (search.html#prefix), where the search value is
 * the range [low, high] its precision implies. Open ends are stored as ±infinity. Bounds are added
 * as parameters only when the prefix uses them: PostgreSQL cannot type an unreferenced parameter.
 */
export function rangePrefixSql(prefix: string, lo: string, hi: string, params: SqlParams, v: { low: string; high: string }): string {
  const P = (x: string) => `${x}::timestamptz`;
  let plo: string | undefined;
  let phi: string | undefined;
  const low = () => (plo ??= params.add(v.low));
  const high = () => (phi ??= params.add(v.high));
  const contained = () => `${lo} >= ${P(low())} AND ${hi} <= ${P(high())}`;
  switch (prefix) {
    case 'eq':
      return contained();
    case 'ne':
      return `NOT (${contained()})`;
    case 'gt':
      return `${hi} > ${P(high())}`;
    case 'lt':
      return `${lo} < ${P(low())}`;
    case 'ge':
      return `(${hi} > ${P(high())} OR (${contained()}))`;
    case 'le':
      return `(${lo} < ${P(low())} OR (${contained()}))`;
    case 'sa':
      return `${lo} > ${P(high())}`;
    case 'eb':
      return `${hi} < ${P(low())}`;
    case 'ap': {
      // Approximately: within 10% of the distance from now (search.html#prefix), at least a day.
      const now = Date.now();
      const mid = (Date.parse(v.low) + Date.parse(v.high)) / 2;
      const slack = Math.max(Math.abs(now - mid) * 0.1, 86_400_000);
      const alo = params.add(new Date(Date.parse(v.low) - slack).toISOString());
      const ahi = params.add(new Date(Date.parse(v.high) + slack).toISOString());
      return `${lo} <= ${P(ahi)} AND ${hi} >= ${P(alo)}`;
    }
    default:
      throw new Error(`unknown prefix ${prefix}`);
  }
}

/**
 * Number/quantity prefixes (search.html#prefix): `eq` means the stored value lies in the search
 * value's precision range. Each comparison is made twice: on `value_f` (float8, whose comparisons
 * are leakproof, so under row-level security it bounds the index scan) and on the exact numeric
 * `value` (not leakproof: applied to the rows the bound found). Values come from JSON doubles, so
 * the float8 bound never excludes a match; the numeric one decides. `ne` cannot be one range and
 * is not bounded.
 */
function numberPrefixSql(prefix: string, a: string, v: { value: number; low: number; high: number }, params: SqlParams): string {
  const range = (lo: number | null, loOp: '>' | '>=', hi: number | null, hiOp: '<' | '<='): string => {
    const bound: string[] = [];
    const exact: string[] = [];
    if (lo !== null) {
      bound.push(`${a}.value_f >= ${params.add(lo)}::float8`);
      exact.push(`${a}.value ${loOp} ${params.add(lo)}::numeric`);
    }
    if (hi !== null) {
      bound.push(`${a}.value_f <= ${params.add(hi)}::float8`);
      exact.push(`${a}.value ${hiOp} ${params.add(hi)}::numeric`);
    }
    return [...bound, ...exact].join(' AND ');
  };
  switch (prefix) {
    case 'eq':
      return range(v.low, '>=', v.high, '<');
    case 'ne':
      return `NOT (${a}.value >= ${params.add(v.low)}::numeric AND ${a}.value < ${params.add(v.high)}::numeric)`;
    case 'gt':
    case 'sa':
      return range(v.value, '>', null, '<');
    case 'lt':
    case 'eb':
      return range(null, '>', v.value, '<');
    case 'ge':
      return range(v.value, '>=', null, '<');
    case 'le':
      return range(null, '>', v.value, '<=');
    case 'ap':
      return range(v.value - Math.abs(v.value) * 0.1, '>=', v.value + Math.abs(v.value) * 0.1, '<=');
    default:
      throw new Error(`unknown prefix ${prefix}`);
  }
}

/** `code` and every code subsuming it in `system` (its ancestors), or undefined when not held. */
function codesAbove(system: string, code: string): string[] | undefined {
  const terminology = getTerminology();
  const start = terminology.resolve(system, code)?.concept;
  if (!start) return undefined;
  const seen = new Set<number>([start.id]);
  const queue = [start.id];
  while (queue.length > 0) {
    for (const parent of terminology.conceptById(queue.pop()!).parents) {
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }
  return [...seen].map((id) => terminology.conceptById(id).code);
}

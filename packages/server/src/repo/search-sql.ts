/**
 * SQL for search criteria (FHIR search.html) over the extracted index tables. Every criterion is
 * an index lookup — `r.rid IN (SELECT rid FROM idx_… WHERE practice, type, code, value …)` — never
 * a scan of resource JSON. What this planner does not support yet is reported by `unsupported()`
 * so the caller can refuse (strict) or ignore and say so (lenient); it never answers wrongly.
 */
import type { ParsedParameter, SearchValue } from '@openpractice/fhir';

/** Collects positional parameters; `$1` is the practice, `$2` the resource type. */
export class Params {
  readonly values: unknown[];
  constructor(practiceId: number, resourceType: string) {
    this.values = [practiceId, resourceType];
  }
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const TABLE: Record<string, string> = {
  token: 'idx_token',
  string: 'idx_string',
  reference: 'idx_reference',
  date: 'idx_date',
  number: 'idx_number',
  quantity: 'idx_quantity',
  uri: 'idx_uri',
};

/** Why a parsed parameter cannot be answered yet, or undefined when it can. */
export function unsupported(p: ParsedParameter): string | undefined {
  if (p.chain.length > 0) return 'chained parameters are not supported yet';
  if (p.type === 'composite' || p.type === 'special') return `${p.type} parameters are not supported yet`;
  if (p.code === '_text' || p.code === '_content') return 'full-text search is not supported yet';
  const m = p.modifier;
  if (m && !['missing', 'not', 'text', 'contains', 'below', 'above', 'Type'].includes(m)) return `the :${m} modifier is not supported yet`;
  if (m === 'exact') return 'the :exact modifier is not supported yet';
  if ((m === 'below' || m === 'above') && p.type !== 'uri') return `:${m} on ${p.type} parameters is not supported yet`;
  for (const v of p.values) {
    if (v.kind === 'of-type' || v.kind === 'composite' || v.kind === 'special') return `${v.kind} values are not supported yet`;
    if (v.kind === 'reference' && v.version) return 'versioned references are not supported in search yet';
  }
  return undefined;
}

/** LIKE pattern escaping. */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One criterion (all its OR-ed values) as a boolean SQL expression over `r`. */
export function criterionSql(p: ParsedParameter, params: Params): string {
  // _id and _lastUpdated live on the resource row itself.
  if (p.code === '_id') return idSql(p, params);
  if (p.code === '_lastUpdated') return lastUpdatedSql(p, params);
  const table = TABLE[p.type];
  if (!table) throw new Error(`no index table for ${p.type}`);
  const code = params.add(p.code);
  const sub = (cond: string) =>
    `r.rid IN (SELECT i.rid FROM ${table} i WHERE i.practice_id = $1 AND i.resource_type = $2 AND i.code = ${code}${cond ? ` AND (${cond})` : ''})`;

  const missing = p.values.find((v) => v.kind === 'missing');
  if (missing && missing.kind === 'missing') return missing.missing ? `NOT ${sub('')}` : sub('');

  const alternatives = p.values.map((v) => valueSql(p, v, params));
  const any = alternatives.length === 1 ? alternatives[0]! : alternatives.map((a) => `(${a})`).join(' OR ');
  // token :not — resources with no matching value, including those with no value (search.html#token).
  if (p.modifier === 'not') return `NOT ${sub(any)}`;
  return sub(any);
}

function valueSql(p: ParsedParameter, v: SearchValue, params: Params): string {
  switch (v.kind) {
    case 'token': {
      const parts: string[] = [];
      if (v.code !== null) parts.push(`i.value = ${params.add(v.code)}`);
      if (!v.anySystem) parts.push(v.system === null ? 'i.system IS NULL' : `i.system = ${params.add(v.system)}`);
      return parts.length ? parts.join(' AND ') : 'true';
    }
    case 'text':
      return `i.text LIKE ${params.add(`${likeEscape(v.normalised)}%`)}`;
    case 'string':
      return p.modifier === 'contains'
        ? `i.value LIKE ${params.add(`%${likeEscape(v.normalised)}%`)}`
        : `i.value LIKE ${params.add(`${likeEscape(v.normalised)}%`)}`;
    case 'reference': {
      if (v.url !== null) return `i.url = ${params.add(v.url)}`;
      const parts = [`i.target_id = ${params.add(v.targetId)}`];
      const type = p.targetType ?? v.targetType;
      if (type) parts.push(`i.target_type = ${params.add(type)}`);
      return parts.join(' AND ');
    }
    case 'uri':
      if (p.modifier === 'below') return `i.value LIKE ${params.add(`${likeEscape(v.value)}%`)}`;
      if (p.modifier === 'above') return `${params.add(v.value)} LIKE (replace(replace(replace(i.value, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`;
      return `i.value = ${params.add(v.value)}`;
    case 'date':
      return rangePrefixSql(v.prefix, 'i.low', 'i.high', 'timestamptz', params, v);
    case 'number':
      return numberPrefixSql(v.prefix, 'i.value', v.value, v.low, v.high, params);
    case 'quantity': {
      const parts = [numberPrefixSql(v.prefix, 'i.value', v.value, v.low, v.high, params)];
      if (v.system !== null) parts.push(`i.system = ${params.add(v.system)}`);
      if (v.code !== null) parts.push(`i.unit = ${params.add(v.code)}`);
      return parts.join(' AND ');
    }
    case 'missing':
    case 'of-type':
    case 'composite':
    case 'special':
      throw new Error(`unsupported value kind ${v.kind}`);
  }
}

/**
 * Date prefixes against an indexed range [lo, hi] (search.html#prefix), where the search value is
 * the range [low, high] its precision implies. Open ends are stored as ±infinity. Bounds are added
 * as parameters only when the prefix uses them: PostgreSQL cannot type an unreferenced parameter,
 * so an unused one fails the whole query (`gt`/`lt` use only one bound).
 */
function rangePrefixSql(prefix: string, lo: string, hi: string, type: string, params: Params, v: { low: string; high: string }): string {
  const P = (x: string) => `${x}::${type}`;
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

/** Number/quantity prefixes: `eq` means the stored value lies in the search value's precision range. */
function numberPrefixSql(prefix: string, col: string, value: number, low: number, high: number, params: Params): string {
  const n = (x: number) => `${params.add(x)}::numeric`;
  switch (prefix) {
    case 'eq':
      return `${col} >= ${n(low)} AND ${col} < ${n(high)}`;
    case 'ne':
      return `NOT (${col} >= ${n(low)} AND ${col} < ${n(high)})`;
    case 'gt':
    case 'sa':
      return `${col} > ${n(value)}`;
    case 'lt':
    case 'eb':
      return `${col} < ${n(value)}`;
    case 'ge':
      return `${col} >= ${n(value)}`;
    case 'le':
      return `${col} <= ${n(value)}`;
    case 'ap':
      return `${col} >= ${n(value - Math.abs(value) * 0.1)} AND ${col} <= ${n(value + Math.abs(value) * 0.1)}`;
    default:
      throw new Error(`unknown prefix ${prefix}`);
  }
}

function idSql(p: ParsedParameter, params: Params): string {
  const ids = p.values.flatMap((v) => (v.kind === 'token' && v.code !== null ? [v.code] : []));
  const cond = `r.id = ANY(${params.add(ids)}::text[])`;
  return p.modifier === 'not' ? `NOT (${cond})` : cond;
}

function lastUpdatedSql(p: ParsedParameter, params: Params): string {
  const alts = p.values.map((v) => {
    if (v.kind !== 'date') throw new Error('_lastUpdated takes dates');
    // An instant is a point: treat it as the range [t, t].
    return rangePrefixSql(v.prefix, 'r.last_updated', 'r.last_updated', 'timestamptz', params, v);
  });
  return alts.length === 1 ? alts[0]! : alts.map((a) => `(${a})`).join(' OR ');
}

/**
 * Search execution (FHIR search.html): parse → plan criteria as index lookups (search/criteria.ts)
 * → one keyset-paged query in the caller's practice, sorted by `_sort` (search/sort.ts) → the
 * page's `_include`/`_revinclude` (search/include.ts). Anything not supported is reported, never
 * half-applied: strict handling (and every conditional interaction) refuses it with 400, lenient
 * ignores it and says so in the Bundle.
 */
import {
  fail,
  FULL_TEXT_CODES,
  getSearchParameters,
  parseSearchRequest,
  type ParsedSearch,
  type SortKey,
  type SubsetRequest,
} from '@openpractice/fhir';
import type { Session } from '../db/database';
import { CONTAINED_ROWS, containedUnsupported, TOP_AND_CONTAINED_ROWS, type ContainedMode } from './search/contained';
import { CriteriaPlanner, unsupported, unsupportedHas, type Scope } from './search/criteria';
import { selectIncludes, toFound, MAX_INCLUDED } from './search/include';
import { afterCursorSql, decodeCursor, encodeCursor, planSort } from './search/sort';
import { SqlParams } from './search/sql-params';
import { ISO, type StoredVersion } from './store-sql';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

export interface SearchOptions {
  /** Page size overriding `_count` (conditional interactions ask for 2). */
  count?: number;
  /** Refuse what is not understood (Prefer: handling=strict; always for conditional criteria). */
  strict?: boolean;
  total?: 'none' | 'estimate' | 'accurate';
  /**
   * Conditional criteria (http.html#ccreate, #cond-update, #cdelete): besides strict handling, at
   * least one search criterion must apply and result parameters are refused, so criteria that
   * select nothing in particular (`identifier=`, `_count=1`, `_summary=count`) can never be read
   * as "every resource" (or as "none", which would create a duplicate).
   */
  conditional?: boolean;
  /** Compartment search (http.html#search, `Patient/{id}/Observation`): only the patient's compartment. */
  compartment?: { type: 'Patient'; id: string };
}

export interface SearchResult {
  matches: StoredVersion[];
  /** `_include` / `_revinclude` results (search mode `include`), none of them a match. */
  included: StoredVersion[];
  /** Number of matches, when known or asked for. */
  total?: number;
  /** Cursor for the next page, when there is one. */
  nextCursor?: string;
  /** Parameters ignored under lenient handling, reported in the Bundle's OperationOutcome. */
  ignored: { name: string; reason: string }[];
  /** Other things the Bundle's OperationOutcome should say (e.g. includes cut short). */
  warnings: { name: string; reason: string }[];
  /** The parameters applied, for the self link. */
  applied: [string, string][];
  /** `_summary=count`: only the total was asked for. */
  countOnly: boolean;
  /** `_summary` / `_elements`, for whoever renders the matches. */
  subset: SubsetRequest;
}

/** Why a sort key cannot be used on `types`, or undefined. */
function sortProblem(types: readonly string[], key: SortKey): string | undefined {
  if (key.code === '_id' || key.code === '_lastUpdated') return undefined;
  if (FULL_TEXT_CODES.has(key.code)) return `cannot sort on full-text parameter ${key.code}`;
  const kinds = new Set(types.map((type) => getSearchParameters(type).get(key.code)?.type));
  if (kinds.size > 1) return `${key.code} is not one parameter type on every searched type`;
  const [t] = kinds;
  return t === 'composite' || t === 'special' ? `cannot sort on ${t} parameter ${key.code}` : undefined;
}

/**
 * The request parsed for every searched type (one, or a compartment's many for `Patient/x/*`):
 * parsed against the first, keeping only criteria every type defines with the same parameter
 * type (search.html: parameters of a multi-type search must apply to all of its types).
 */
function parseFor(types: readonly string[], query: URLSearchParams): ParsedSearch {
  const [first = 'Resource', ...others] = types;
  const parsed = parseSearchRequest(first, query);
  if (others.length === 0) return parsed;
  const notCommon = (code: string, type: string) => others.some((t) => getSearchParameters(t).get(code)?.type !== type);
  parsed.parameters = parsed.parameters.filter((p) => {
    const why =
      p.chain.length > 0
        ? 'chained parameters are not supported across resource types'
        : notCommon(p.code, p.type)
          ? `${p.code} is not defined alike on every searched type (restrict them with _type)`
          : undefined;
    if (why) parsed.unknown.push({ name: p.name, reason: why });
    return !why;
  });
  for (const h of parsed.has) parsed.unknown.push({ name: h.name, reason: '_has is not supported across resource types' });
  parsed.has = [];
  return parsed;
}

interface PageRow {
  rid: number;
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: string;
  content: string;
  [sortKey: string]: unknown;
}

/**
 * Searches `types` (one type, or several in a compartment search) in the caller's practice.
 * `_contained` (search.html#contained) chooses the rows searched: top-level resources (`false`,
 * the default), contained ones (`true`), or both; `_containedType` whether a matching contained
 * resource is returned as its container (the default) or alone.
 */
export async function searchResources(
  s: Session,
  practiceId: number,
  types: readonly string[],
  input: URLSearchParams,
  options: SearchOptions,
): Promise<SearchResult> {
  const query = new URLSearchParams(input);
  const cursorRaw = query.get('_cursor');
  query.delete('_cursor');
  const parsed = parseFor(types, query);
  const ignored = [...parsed.unknown];
  const usable = parsed.parameters.filter((p) => {
    const why = unsupported(p);
    if (why) ignored.push({ name: p.name, reason: why });
    return !why;
  });
  const c = parsed.control;
  const contained: ContainedMode = { search: c.contained ?? 'false', returns: c.containedType ?? 'container' };
  const has = parsed.has.filter((h) => {
    const why = unsupportedHas(h) ?? containedUnsupported(contained, 'has');
    if (why) ignored.push({ name: h.name, reason: why });
    return !why;
  });
  const sortKeys = c.sort.filter((k) => {
    const why = sortProblem(types, k);
    if (why) ignored.push({ name: '_sort', reason: why });
    return !why;
  });
  if (options.strict && ignored.length) {
    throw fail.badRequest(
      `Unsupported search: ${ignored.map((i) => `${i.name}: ${i.reason}`).join('; ')}`,
      ignored.map((i) => i.name),
    );
  }
  if (options.conditional) checkConditional(query, [...usable.map((p) => p.name), ...has.map((h) => h.name)]);

  const params = new SqlParams(practiceId);
  const planner = new CriteriaPlanner(params);
  /** The criteria on rows aliased `alias`: their type, compartment, parameters and `_has`. */
  const criteria = (alias: string): string[] => {
    const scope: Scope = { alias, types };
    const out = [planner.typeIn(`${alias}.resource_type`, types)];
    if (options.compartment) out.push(planner.patientCompartment(types, options.compartment.id, scope));
    for (const p of usable) out.push(planner.parameter(p, scope));
    for (const h of has) out.push(planner.has(h, scope));
    return out;
  };
  let from = 'resource r';
  const where = ['r.practice_id = $1', 'NOT r.deleted'];
  const { search: searched, returns } = contained;
  if (searched === 'false') {
    where.push(...criteria('r'));
  } else if (returns === 'contained') {
    // The contained resources themselves (with the top-level ones too for `both`), one row space.
    from = `(${searched === 'true' ? CONTAINED_ROWS : TOP_AND_CONTAINED_ROWS}) r`;
    where.push(...criteria('r'));
  } else {
    // Their containers: rows of any type holding a matching contained resource.
    // (Each side's criteria are built only when used: PostgreSQL cannot type an unused parameter.)
    const containers = `SELECT c.container_rid FROM (${CONTAINED_ROWS}) c WHERE c.practice_id = $1 AND ${criteria('c').join(' AND ')}`;
    const top = () => `SELECT n.rid FROM resource n WHERE n.practice_id = $1 AND NOT n.deleted AND ${criteria('n').join(' AND ')}`;
    where.push(`r.rid IN (${searched === 'true' ? containers : `${top()} UNION ${containers}`})`);
  }

  const countOnly = c.summary === 'count';
  const total = options.total ?? c.total ?? 'none';
  const applied: [string, string][] = [...query].filter(
    ([name]) => !ignored.some((i) => i.name === name) && name !== '_format' && name !== '_pretty',
  );
  const subset: SubsetRequest = { ...(c.summary ? { summary: c.summary } : {}), ...(c.elements ? { elements: c.elements } : {}) };
  const result: SearchResult = { matches: [], included: [], ignored, warnings: [], applied, countOnly, subset };
  const countSql = `SELECT count(*)::int AS n FROM ${from} WHERE ${where.join(' AND ')}`;

  if (countOnly) {
    const r = await s.query<{ n: number }>(countSql, params.values);
    result.total = Number(r.rows[0]?.n ?? 0);
    return result;
  }

  const count = Math.min(options.count ?? c.count ?? DEFAULT_COUNT, MAX_COUNT);
  const page = params.clone();
  const sort = planSort(sortKeys, types[0] ?? 'Resource', page);
  const pageWhere = cursorRaw ? [...where, afterCursorSql(sort, decodeCursor(sort, cursorRaw), page)] : where;
  const rows = await s.query<PageRow>(
    `SELECT r.rid, r.resource_type, r.id, r.version_id, ${ISO('r.last_updated')} AS last_updated, r.content${
      from === 'resource r' ? '' : ', r.container_type, r.container_id'
    }${sort.select.map((x) => `, ${x}`).join('')}
     FROM ${from} ${sort.joins.join(' ')} WHERE ${pageWhere.join(' AND ')} ORDER BY ${sort.orderBy} LIMIT ${page.add(count + 1)}`,
    page.values,
  );
  const found = rows.rows.slice(0, count).map(toFound);
  result.matches = found.map((f) => f.stored);
  const last = rows.rows[count - 1];
  if (rows.rows.length > count && last) {
    result.nextCursor = encodeCursor(sort, { keys: sort.columns.map((_, k) => (last[`s${k}`] as string | null) ?? null), rid: Number(last.rid) });
  }
  if (!cursorRaw && rows.rows.length <= count) {
    result.total = found.length; // the whole result is on this page: the total is free
  } else if (total === 'accurate' || total === 'estimate') {
    const r = await s.query<{ n: number }>(countSql, params.values);
    result.total = Number(r.rows[0]?.n ?? 0);
  }
  if (found.length && (c.include.length || c.revinclude.length)) {
    const inc = await selectIncludes(s, practiceId, found, c.include, c.revinclude);
    result.included = inc.included.map((f) => f.stored);
    if (inc.truncated) {
      result.warnings.push({ name: c.include.length ? '_include' : '_revinclude', reason: `only the first ${MAX_INCLUDED} included resources are returned` });
    }
  }
  return result;
}

/** Refuses conditional criteria with no applicable criterion, or with anything but criteria. */
function checkConditional(query: URLSearchParams, criteria: string[]): void {
  const applied = new Set(criteria);
  // Empty values are dropped by the parser (search.html#search), so they show up here too.
  const other = [...new Set(query.keys())].filter((k) => !applied.has(k) && k !== '_format' && k !== '_pretty');
  if (other.length) {
    throw fail.badRequest(`Conditional criteria may only hold search parameters with values; not allowed: ${other.join(', ')}`, other);
  }
  if (applied.size === 0) throw fail.badRequest('Conditional criteria must hold at least one search parameter with a value');
}

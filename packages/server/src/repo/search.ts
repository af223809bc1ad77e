/**
 * Search execution (FHIR search.html): parse → plan criteria as index lookups → one keyset-paged
 * query in the caller's practice. Anything not supported yet is reported, never half-applied:
 * strict handling (and every conditional interaction) refuses it with 400, lenient ignores it and
 * says so in the Bundle.
 */
import { fail, parseSearchRequest } from '@openpractice/fhir';
import type { Session } from '../db/database';
import { criterionSql, Params, unsupported } from './search-sql';
import { ISO, toStored, type StoredVersion } from './store-sql';

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
}

export interface SearchResult {
  matches: StoredVersion[];
  /** Number of matches, when known or asked for. */
  total?: number;
  /** Cursor for the next page, when there is one. */
  nextCursor?: string;
  /** Parameters ignored under lenient handling, reported in the Bundle's OperationOutcome. */
  ignored: { name: string; reason: string }[];
  /** The parameters applied, for the self link. */
  applied: [string, string][];
  /** `_summary=count`: only the total was asked for. */
  countOnly: boolean;
}

/** Keyset cursor: the last row id of the previous page (rows are returned in row-id order). */
function parseCursor(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw fail.badRequest('Invalid _cursor paging token', ['_cursor']);
  return Number(raw);
}

export async function searchResources(
  s: Session,
  practiceId: number,
  type: string,
  input: URLSearchParams,
  options: SearchOptions,
): Promise<SearchResult> {
  const query = new URLSearchParams(input);
  const cursorRaw = query.get('_cursor');
  query.delete('_cursor');
  const parsed = parseSearchRequest(type, query);
  const ignored = [...parsed.unknown];
  const usable = parsed.parameters.filter((p) => {
    const why = unsupported(p);
    if (why) ignored.push({ name: p.name, reason: why });
    return !why;
  });
  for (const h of parsed.has) ignored.push({ name: h.name, reason: 'reverse chaining (_has) is not supported yet' });
  const c = parsed.control;
  if (c.sort.length) ignored.push({ name: '_sort', reason: '_sort is not supported yet; results are in creation order' });
  for (const i of c.include) ignored.push({ name: '_include', reason: `_include (${i.value}) is not supported yet` });
  for (const i of c.revinclude) ignored.push({ name: '_revinclude', reason: `_revinclude (${i.value}) is not supported yet` });
  if (c.contained && c.contained !== 'false') ignored.push({ name: '_contained', reason: 'searching contained resources is not supported' });
  if (options.strict && ignored.length) {
    throw fail.badRequest(
      `Unsupported search: ${ignored.map((i) => `${i.name}: ${i.reason}`).join('; ')}`,
      ignored.map((i) => i.name),
    );
  }
  if (options.conditional) checkConditional(query, usable.map((p) => p.name));

  const params = new Params(practiceId, type);
  const where = ['r.practice_id = $1', 'r.resource_type = $2', 'NOT r.deleted', ...usable.map((p) => criterionSql(p, params))];
  const countOnly = c.summary === 'count';
  const total = options.total ?? c.total ?? 'none';
  const applied: [string, string][] = [...query].filter(
    ([name]) => !ignored.some((i) => i.name === name) && name !== '_format' && name !== '_pretty',
  );

  if (countOnly) {
    const r = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM resource r WHERE ${where.join(' AND ')}`, params.values);
    return { matches: [], total: Number(r.rows[0]!.n), ignored, applied, countOnly };
  }

  const count = Math.min(options.count ?? c.count ?? DEFAULT_COUNT, MAX_COUNT);
  const pageWhere = cursorRaw ? [...where, `r.rid > ${params.add(parseCursor(cursorRaw))}`] : where;
  const rows = await s.query<{ rid: number; resource_type: string; id: string; version_id: number; last_updated: string; content: string }>(
    `SELECT r.rid, r.resource_type, r.id, r.version_id, ${ISO('r.last_updated')} AS last_updated, r.content
     FROM resource r WHERE ${pageWhere.join(' AND ')} ORDER BY r.rid LIMIT ${params.add(count + 1)}`,
    params.values,
  );
  const page = rows.rows.slice(0, count);
  const result: SearchResult = { matches: page.map(toStored), ignored, applied, countOnly };
  if (rows.rows.length > count && count > 0) result.nextCursor = String(page[page.length - 1]!.rid);
  if (!cursorRaw && rows.rows.length <= count) {
    result.total = page.length; // the whole result is on this page: the total is free
  } else if (total === 'accurate' || total === 'estimate') {
    const r = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM resource r WHERE ${where.join(' AND ')}`, params.values.slice(0, countParams(where)));
    result.total = Number(r.rows[0]!.n);
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

/** The number of positional parameters the criteria (without paging) use. */
function countParams(where: string[]): number {
  let max = 2;
  for (const w of where) for (const m of w.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

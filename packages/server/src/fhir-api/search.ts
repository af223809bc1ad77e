/**
 * Search over GET and POST _search (search.html), at type level and in a patient's compartment
 * (`Patient/{id}/Observation`, or every type of it: `Patient/{id}/*`), answered as a searchset
 * Bundle: matches, then `_include`d resources (search mode `include`), then any lenient-handling
 * notes as an OperationOutcome.
 */
import { fail, getPatientCompartment, isResourceType, outcome, subsetResource, type Resource, type SubsetRequest } from '@openpractice/fhir';
import type { SearchOptions, SearchResult } from '../repo/search';
import type { StoredVersion } from '../repo/store-sql';
import { bundleJson, type RawEntry } from './bundle-json';
import { strictHandling } from './http-headers';
import type { FhirRequest, FhirResponse, HandlerContext } from './types';

export async function search(
  ctx: HandlerContext,
  req: FhirRequest,
  type: string,
  compartment?: SearchOptions['compartment'],
): Promise<FhirResponse> {
  if (compartment && !getPatientCompartment().has(type)) throw fail.notFound(`${type} is not in the ${compartment.type} compartment`);
  const result = await ctx.repo.search(type, req.query, { strict: strictHandling(req.headers.prefer), ...(compartment ? { compartment } : {}) });
  const path = compartment ? `${compartment.type}/${encodeURIComponent(compartment.id)}/${type}` : type;
  return { status: 200, body: searchsetJson(ctx, path, req.query.get('_cursor'), result) };
}

/**
 * `Patient/{id}/*` (R4 compartmentdefinition.html, "Patient/[id]/*"): every resource in the
 * patient's compartment, of every compartment type or of those `_type` names; criteria must be
 * defined on all of the searched types. A type outside the compartment has no resources in it.
 */
export async function searchCompartment(ctx: HandlerContext, req: FhirRequest, compartment: NonNullable<SearchOptions['compartment']>): Promise<FhirResponse> {
  const query = new URLSearchParams(req.query);
  const requested = query
    .getAll('_type')
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
  query.delete('_type');
  const unknown = requested.filter((t) => !isResourceType(t));
  if (unknown.length) throw fail.badRequest(`Unknown resource type in _type: ${unknown.join(', ')}`, ['_type']);
  const all = [...getPatientCompartment().keys()];
  const types = requested.length ? all.filter((t) => requested.includes(t)) : all;
  const path = `${compartment.type}/${encodeURIComponent(compartment.id)}/*`;
  const options: SearchOptions = { strict: strictHandling(req.headers.prefer), compartment };
  const result = types.length
    ? await ctx.repo.searchTypes(types, query, options)
    : { matches: [], included: [], ignored: [], warnings: [], applied: [...query], countOnly: false, subset: {}, total: 0 };
  if (requested.length) result.applied.unshift(['_type', requested.join(',')]);
  return { status: 200, body: searchsetJson(ctx, path, req.query.get('_cursor'), result) };
}

/** The searchset Bundle of a search result; `path` is where its links point (below the base). */
export function searchsetJson(ctx: HandlerContext, path: string, cursor: string | null, result: SearchResult): ReturnType<typeof bundleJson> {
  const url = (q: URLSearchParams) => `${ctx.baseUrl}/${path}${q.size ? `?${q}` : ''}`;
  const selfQuery = new URLSearchParams(result.applied);
  if (cursor) selfQuery.set('_cursor', cursor);
  const links = [{ relation: 'self', url: url(selfQuery) }];
  if (result.nextCursor) {
    const next = new URLSearchParams(result.applied);
    next.set('_cursor', result.nextCursor);
    links.push({ relation: 'next', url: url(next) });
  }
  // Keyset paging has no cheap "previous", so a later page links back to the first.
  if (cursor) links.push({ relation: 'first', url: url(new URLSearchParams(result.applied)) });
  const entries: RawEntry[] = [
    ...result.matches.map((m) => entry(ctx, m, 'match', result.subset)),
    // search.html#elements: _elements and _summary shape the matches; included resources are whole.
    ...result.included.map((m) => entry(ctx, m, 'include')),
  ];
  const notes = [
    ...result.ignored.map((i) => ({ ...i, diagnostics: `Ignored ${i.name}: ${i.reason}`, code: 'not-supported' as const })),
    ...result.warnings.map((i) => ({ ...i, diagnostics: `${i.name}: ${i.reason}`, code: 'too-costly' as const })),
  ];
  return bundleJson({
    type: 'searchset',
    ...(result.total !== undefined ? { total: result.total } : {}),
    links,
    entries,
    ...(notes.length
      ? { outcome: outcome(...notes.map((n) => ({ severity: 'warning' as const, code: n.code, diagnostics: n.diagnostics, expression: [n.name] }))) }
      : {}),
  });
}

function entry(ctx: HandlerContext, v: StoredVersion, mode: 'match' | 'include', subset?: SubsetRequest): RawEntry {
  let json = v.json;
  if (subset && json !== null) {
    const part = subsetResource(JSON.parse(json) as Resource, subset);
    if (part) json = JSON.stringify(part);
  }
  // A contained resource returned alone (_containedType=contained) is identified within its
  // container: the container's URL with the local id as the fragment.
  const fullUrl = v.containedIn ? `${ctx.baseUrl}/${v.containedIn.resourceType}/${v.containedIn.id}#${v.id}` : `${ctx.baseUrl}/${v.resourceType}/${v.id}`;
  return { fullUrl, json, search: { mode } };
}

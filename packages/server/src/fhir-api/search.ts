/** Type-level search over GET and POST _search (search.html), answered as a searchset Bundle. */
import { outcome } from '@openpractice/fhir';
import { bundleJson, type RawEntry } from './bundle-json';
import { strictHandling } from './http-headers';
import type { FhirRequest, FhirResponse, HandlerContext } from './types';

export async function search(ctx: HandlerContext, req: FhirRequest, type: string): Promise<FhirResponse> {
  const result = await ctx.repo.search(type, req.query, { strict: strictHandling(req.headers.prefer) });
  const selfQuery = new URLSearchParams(result.applied);
  const cursor = req.query.get('_cursor');
  if (cursor) selfQuery.set('_cursor', cursor);
  const links = [{ relation: 'self', url: `${ctx.baseUrl}/${type}${selfQuery.size ? `?${selfQuery}` : ''}` }];
  if (result.nextCursor) {
    const next = new URLSearchParams(result.applied);
    next.set('_cursor', result.nextCursor);
    links.push({ relation: 'next', url: `${ctx.baseUrl}/${type}?${next}` });
  }
  if (cursor) {
    // Back to the start; keyset paging has no cheap "previous", so we link to the first page.
    links.push({ relation: 'first', url: `${ctx.baseUrl}/${type}${result.applied.length ? `?${new URLSearchParams(result.applied)}` : ''}` });
  }
  const entries: RawEntry[] = result.matches.map((m) => ({
    fullUrl: `${ctx.baseUrl}/${m.resourceType}/${m.id}`,
    json: m.json,
    search: { mode: 'match' },
  }));
  return {
    status: 200,
    body: bundleJson({
      type: 'searchset',
      ...(result.total !== undefined ? { total: result.total } : {}),
      links,
      entries,
      ...(result.ignored.length
        ? {
            outcome: outcome(
              ...result.ignored.map((i) => ({
                severity: 'warning' as const,
                code: 'not-supported' as const,
                diagnostics: `Ignored ${i.name}: ${i.reason}`,
                expression: [i.name],
              })),
            ),
          }
        : {}),
    }),
  };
}

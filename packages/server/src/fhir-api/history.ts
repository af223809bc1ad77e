/** History interactions (http.html#history): instance, type and system level. */
import { fail } from '@openpractice/fhir';
import { encodeCursor } from '../repo/history';
import { bundleJson, type RawEntry } from './bundle-json';
import { etag } from './http-headers';
import { parseCount, parseInstantParam } from './params';
import type { FhirRequest, FhirResponse, HandlerContext } from './types';

const STATUS: Record<string, string> = { POST: '201 Created', PUT: '200 OK', PATCH: '200 OK', DELETE: '204 No Content' };
const KNOWN = new Set(['_since', '_at', '_count', '_cursor', '_format', '_pretty', '_list', '_sort']);

export async function history(ctx: HandlerContext, req: FhirRequest, type?: string, id?: string): Promise<FhirResponse> {
  for (const name of req.query.keys()) {
    if (!KNOWN.has(name)) throw fail.badRequest(`Unknown history parameter ${name}`, [name]);
  }
  if (req.query.has('_list') || req.query.has('_sort')) throw fail.notSupported('_list and _sort are not supported on history');
  const count = parseCount(req.query.get('_count'), 50);
  const since = req.query.get('_since');
  const at = req.query.get('_at');
  const cursor = req.query.get('_cursor');
  const versions = await ctx.repo.history({
    ...(type ? { resourceType: type } : {}),
    ...(id ? { id } : {}),
    ...(since !== null ? { since: parseInstantParam('_since', since).low } : {}),
    ...(at !== null ? { at: parseInstantParam('_at', at) } : {}),
    ...(cursor !== null ? { cursor } : {}),
    count,
  });
  if (type && id && versions.length === 0 && !cursor) {
    await ctx.repo.read(type, id).catch((err: unknown) => {
      // A deleted resource still has history; only a never-existing one is 404.
      if ((err as { status?: number }).status !== 410) throw err;
    });
  }
  const page = versions.slice(0, count);
  const path = [type, id, '_history'].filter(Boolean).join('/');
  const self = new URLSearchParams(req.query);
  const links = [{ relation: 'self', url: `${ctx.baseUrl}/${path}${self.size ? `?${self}` : ''}` }];
  // `_count=0` asks for no entries (search.html#count); there is no last entry to page on from.
  if (versions.length > count && page.length > 0) {
    const next = new URLSearchParams(req.query);
    next.set('_cursor', encodeCursor(page[page.length - 1]!));
    links.push({ relation: 'next', url: `${ctx.baseUrl}/${path}?${next}` });
  }
  const entries: RawEntry[] = page.map((v) => ({
    fullUrl: `${ctx.baseUrl}/${v.resourceType}/${v.id}`,
    json: v.json,
    request: { method: v.method === 'PATCH' ? 'PATCH' : v.method, url: v.method === 'POST' ? v.resourceType : `${v.resourceType}/${v.id}` },
    response: { status: STATUS[v.method] ?? '200 OK', etag: etag(v.versionId), lastModified: v.lastUpdated },
  }));
  return { status: 200, body: bundleJson({ type: 'history', links, entries }) };
}

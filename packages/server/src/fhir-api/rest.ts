/** Instance and type interactions: read, vread, create, update, patch, delete (FHIR R4 http.html). */
import { applyPatch, fail, issue, type Resource } from '@openpractice/fhir';
import type { StoredVersion } from '../repo/store-sql';
import type { WriteResult } from '../repo/repository';
import { etag, httpDate, parseIfMatch, writeResponse } from './http-headers';
import { RawJson, type FhirRequest, type FhirResponse, type HandlerContext } from './types';

function versionHeaders(base: string, type: string, id: string, versionId: number, lastUpdated: string): Record<string, string> {
  return {
    ETag: etag(versionId),
    'Last-Modified': httpDate(lastUpdated),
    'Content-Location': `${base}/${type}/${id}/_history/${versionId}`,
  };
}

/** The body of a create/update must be a single resource object. */
export function requireResource(body: unknown): Resource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw fail.badRequest('The request body must be a FHIR resource (a JSON object)');
  }
  const r = body as Resource;
  if (typeof r.resourceType !== 'string') throw fail.badRequest('The resource has no resourceType', ['resourceType']);
  return r;
}

/** http.html#read, with If-None-Match / If-Modified-Since (304). */
export async function read(ctx: HandlerContext, req: FhirRequest, type: string, id: string): Promise<FhirResponse> {
  return sendVersion(ctx, req, await ctx.repo.read(type, id));
}

/** http.html#vread */
export async function vread(ctx: HandlerContext, req: FhirRequest, type: string, id: string, vid: string): Promise<FhirResponse> {
  return sendVersion(ctx, req, await ctx.repo.vread(type, id, vid));
}

function sendVersion(ctx: HandlerContext, req: FhirRequest, v: StoredVersion): FhirResponse {
  const headers = versionHeaders(ctx.baseUrl, v.resourceType, v.id, v.versionId, v.lastUpdated);
  delete headers['Content-Location'];
  const inm = req.headers.ifNoneMatch;
  if (inm && inm.split(',').some((t) => t.trim() === etag(v.versionId) || t.trim() === `"${v.versionId}"`)) {
    return { status: 304, headers };
  }
  const ims = req.headers.ifModifiedSince ? Date.parse(req.headers.ifModifiedSince) : NaN;
  if (!Number.isNaN(ims) && Math.floor(Date.parse(v.lastUpdated) / 1000) <= Math.floor(ims / 1000)) {
    return { status: 304, headers };
  }
  return { status: 200, headers, body: new RawJson(v.json!) };
}

function written(ctx: HandlerContext, req: FhirRequest, w: WriteResult, createdStatus = 201): FhirResponse {
  const type = w.resource.resourceType;
  const id = w.resource.id!;
  const headers = versionHeaders(ctx.baseUrl, type, id, w.versionId, w.lastUpdated);
  if (w.created) headers.Location = headers['Content-Location']!;
  const status = w.created ? createdStatus : 200;
  return writeResponse(status, headers, new RawJson(w.json), req.headers.prefer, w.created ? `Created ${type}/${id}` : `Updated ${type}/${id}`);
}

/** http.html#create and #ccreate (If-None-Exist). */
export async function create(ctx: HandlerContext, req: FhirRequest, type: string): Promise<FhirResponse> {
  const resource = requireResource(req.body);
  if (resource.resourceType !== type) {
    throw fail.badRequest(`Body resourceType ${resource.resourceType} does not match the URL type ${type}`, ['resourceType']);
  }
  const ifNoneExist = req.headers.ifNoneExist?.replace(/^[^?]*\?/, '');
  const w = await ctx.repo.create(resource, {
    ...(ifNoneExist !== undefined ? { ifNoneExist } : {}),
    ...(req.assignedId ? { id: req.assignedId } : {}),
  });
  if (!w.created) {
    if (req.assignedId && w.resource.id !== req.assignedId) {
      // A transaction resolved references to the id it assigned; a match created earlier in the
      // same transaction under other criteria would leave them dangling, so the transaction fails.
      throw fail.conflict(`If-None-Exist matched ${type}/${w.resource.id}, written earlier in this transaction; references to this entry cannot be resolved`);
    }
    // An existing match: 200 with the match, no new version (http.html#ccreate).
    return writeResponse(200, versionHeaders(ctx.baseUrl, type, w.resource.id!, w.versionId, w.lastUpdated), new RawJson(w.json), req.headers.prefer, 'Matched an existing resource');
  }
  return written(ctx, req, w);
}

/** http.html#update (and update-as-create with the client's id). */
export async function update(ctx: HandlerContext, req: FhirRequest, type: string, id: string): Promise<FhirResponse> {
  const resource = requireResource(req.body);
  const ifMatch = parseIfMatch(req.headers.ifMatch);
  const w = await ctx.repo.update(type, id, resource, ifMatch !== undefined ? { ifMatch } : {});
  return written(ctx, req, w);
}

/** http.html#cond-update: PUT [type]?criteria */
export async function conditionalUpdate(ctx: HandlerContext, req: FhirRequest, type: string): Promise<FhirResponse> {
  const resource = requireResource(req.body);
  const ifMatch = parseIfMatch(req.headers.ifMatch);
  return ctx.repo.withMatches(type, req.query.toString(), async (matches) => {
  if (matches.length > 1) throw fail.multipleMatches(`Conditional update matched ${matches.length} ${type} resources`);
  if (matches.length === 1) {
    const id = matches[0]!.id;
    if (resource.id !== undefined && resource.id !== id) {
      throw fail.badRequest(`Body id ${resource.id} does not match the resource the criteria found`, ['id']);
    }
    const w = await ctx.repo.update(type, id, { ...resource, id }, ifMatch !== undefined ? { ifMatch } : {});
    return written(ctx, req, w);
  }
  // No match: create, with the body's id if it has one (update-as-create) or a new one.
  if (resource.id !== undefined) return written(ctx, req, await ctx.repo.update(type, resource.id, resource));
  if (resource.resourceType !== type) throw fail.badRequest(`Body resourceType does not match ${type}`, ['resourceType']);
  return written(ctx, req, await ctx.repo.create(resource));
  });
}

/** http.html#patch: JSON Patch or FHIRPath Patch. */
export async function patch(ctx: HandlerContext, req: FhirRequest, type: string, id: string): Promise<FhirResponse> {
  const ifMatch = parseIfMatch(req.headers.ifMatch);
  const w = await ctx.repo.patch(
    type,
    id,
    (current) => applyPatch(current, req.body, req.headers.contentType ?? ''),
    ifMatch !== undefined ? { ifMatch } : {},
  );
  return written(ctx, req, w);
}

/** http.html#cond-patch: PATCH [type]?criteria */
export async function conditionalPatch(ctx: HandlerContext, req: FhirRequest, type: string): Promise<FhirResponse> {
  return ctx.repo.withMatches(type, req.query.toString(), async (matches) => {
    if (matches.length === 0) throw fail.notFound(`No ${type} matches the patch criteria`);
    if (matches.length > 1) throw fail.multipleMatches(`Conditional patch matched ${matches.length} ${type} resources`);
    return patch(ctx, req, type, matches[0]!.id);
  });
}

/** http.html#delete: 200 with an outcome when deleted, 204 when it already was. */
export async function remove(ctx: HandlerContext, req: FhirRequest, type: string, id: string): Promise<FhirResponse> {
  const ifMatch = parseIfMatch(req.headers.ifMatch);
  const result = await ctx.repo.delete(type, id, ifMatch !== undefined ? { ifMatch } : {});
  if (result === 'already-deleted') return { status: 204 };
  return { status: 200, body: issue('information', 'informational', `Deleted ${type}/${id}`) };
}

/** http.html#cdelete: single-match conditional delete; none matching is 204, several 412. */
export async function conditionalDelete(ctx: HandlerContext, req: FhirRequest, type: string): Promise<FhirResponse> {
  return ctx.repo.withMatches(type, req.query.toString(), async (matches) => {
    if (matches.length === 0) return { status: 204 };
    if (matches.length > 1) throw fail.multipleMatches(`Conditional delete matched ${matches.length} ${type} resources`);
    return remove(ctx, req, type, matches[0]!.id);
  });
}

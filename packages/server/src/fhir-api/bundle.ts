/**
 * batch and transaction Bundles (R4 http.html#transaction). A transaction is all-or-nothing in one
 * database transaction, processed in the spec's order (DELETE, POST, PUT/PATCH, GET/HEAD), with
 * `urn:uuid:` fullUrls and conditional references (`Patient?identifier=…`) resolved to real ids
 * first. A batch runs each entry on its own. Every entry goes through the same router.
 */
import { randomUUID } from 'node:crypto';
import { fail, isOperationOutcome, isResourceType, OperationOutcomeError, outcome, type Bundle, type BundleEntry, type Resource } from '@openpractice/fhir';
import { requireResource } from './rest';
import { RawJson, type FhirRequest, type FhirResponse, type HandlerContext } from './types';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };
const MAX_ENTRIES = 10_000;

interface Planned {
  index: number;
  entry: BundleEntry;
  req: FhirRequest;
}

/** How a bundle dispatches each entry: the router itself, passed in to keep modules acyclic. */
export type Dispatch = (ctx: HandlerContext, req: FhirRequest) => Promise<FhirResponse>;

export async function processBundle(ctx: HandlerContext, req: FhirRequest, route: Dispatch): Promise<FhirResponse> {
  const bundle = requireResource(req.body) as Bundle;
  if (bundle.resourceType !== 'Bundle') throw fail.badRequest('POST to the base takes a batch or transaction Bundle', ['resourceType']);
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw fail.badRequest(`Bundle.type must be batch or transaction (got ${String(bundle.type)})`, ['Bundle.type']);
  }
  const entries = bundle.entry ?? [];
  if (!Array.isArray(entries)) throw fail.badRequest('Bundle.entry must be an array', ['Bundle.entry']);
  if (entries.length > MAX_ENTRIES) throw fail.tooLarge(`A Bundle may carry at most ${MAX_ENTRIES} entries`);
  const planned = entries.map((entry, index) => plan(ctx, entry, index));
  return bundle.type === 'transaction' ? transaction(ctx, planned, req, route) : batch(ctx, planned, req, route);
}

function plan(ctx: HandlerContext, entry: BundleEntry, index: number): Planned {
  const where = `Bundle.entry[${index}]`;
  const request = entry?.request;
  if (!request || typeof request.method !== 'string' || typeof request.url !== 'string') {
    throw fail.badRequest(`${where}.request with method and url is required`, [`${where}.request`]);
  }
  const method = request.method.toUpperCase();
  if (!METHODS.has(method)) throw fail.badRequest(`${where}.request.method ${request.method} is not supported`, [`${where}.request.method`]);
  let url = request.url;
  if (url.startsWith(ctx.baseUrl + '/')) url = url.slice(ctx.baseUrl.length + 1);
  if (/^[a-z]+:/i.test(url)) throw fail.badRequest(`${where}.request.url must be relative to this server`, [`${where}.request.url`]);
  const q = url.indexOf('?');
  const headers: FhirRequest['headers'] = { contentType: 'application/fhir+json' };
  if (request.ifMatch) headers.ifMatch = request.ifMatch;
  if (request.ifNoneMatch) headers.ifNoneMatch = request.ifNoneMatch;
  if (request.ifNoneExist) headers.ifNoneExist = request.ifNoneExist;
  if (request.ifModifiedSince) headers.ifModifiedSince = request.ifModifiedSince;
  let body: unknown = entry.resource;
  if (method === 'PATCH' && entry.resource?.resourceType === 'Binary') {
    // JSON Patch travels in a transaction as a Binary (http.html#patch).
    const bin = entry.resource as Resource & { contentType?: string; data?: string };
    headers.contentType = bin.contentType ?? '';
    try {
      body = JSON.parse(Buffer.from(bin.data ?? '', 'base64').toString('utf8'));
    } catch {
      throw fail.badRequest(`${where}: the Binary patch does not hold JSON`, [`${where}.resource.data`]);
    }
  }
  return {
    index,
    entry,
    req: {
      method: method as FhirRequest['method'],
      path: q === -1 ? url : url.slice(0, q),
      query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
      headers,
      body,
    },
  };
}

async function batch(ctx: HandlerContext, planned: Planned[], outer: FhirRequest, route: Dispatch): Promise<FhirResponse> {
  const results: BundleEntry[] = [];
  for (const p of planned) {
    try {
      results.push(entryResult(await route(ctx, withPrefer(p.req, outer)), p));
    } catch (err) {
      if (!(err instanceof OperationOutcomeError)) throw err;
      results.push({ response: { status: String(err.status), outcome: err.outcome } });
    }
  }
  return responseBundle('batch-response', results);
}

async function transaction(ctx: HandlerContext, planned: Planned[], outer: FhirRequest, route: Dispatch): Promise<FhirResponse> {
  for (const p of planned) {
    if (p.req.path === '' || p.req.method === 'POST' && p.req.path.includes('/')) {
      throw fail.badRequest(`Bundle.entry[${p.index}]: nested bundles and instance POSTs are not allowed in a transaction`, [`Bundle.entry[${p.index}].request`]);
    }
  }
  return ctx.repo.session.transaction(async () => {
    const ordered = [...planned].sort((a, b) => ORDER[a.req.method]! - ORDER[b.req.method]! || a.index - b.index);
    const results: BundleEntry[] = new Array(planned.length);
    let identitiesResolved = false;
    for (const p of ordered) {
      if (!identitiesResolved && ORDER[p.req.method]! >= 1) {
        await resolveIdentities(ctx, planned);
        identitiesResolved = true;
      }
      results[p.index] = await forEntry(p.index, async () => entryResult(await route(ctx, withPrefer(p.req, outer)), p));
    }
    return responseBundle('transaction-response', results);
  });
}

/**
 * Runs `fn` for entry `index`. The whole transaction fails on any error (http.html#transaction),
 * so an OperationOutcome it throws is re-thrown saying which entry failed.
 */
async function forEntry<T>(index: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    const where = `Bundle.entry[${index}]`;
    const issues = err.outcome.issue.map((i) => ({
      ...i,
      diagnostics: `${where}: ${i.diagnostics ?? ''}`.trim(),
      expression: i.expression?.length ? i.expression.map((e) => `${where}.${e}`) : [where],
    }));
    throw new OperationOutcomeError(err.status, outcome(...issues), err.headers);
  }
}

/**
 * Gives every POST entry its id (or its conditional match) and every conditional PUT its target,
 * then rewrites references to `fullUrl`s and conditional references throughout the bundle.
 */
async function resolveIdentities(ctx: HandlerContext, planned: Planned[]): Promise<void> {
  const map = new Map<string, string>();
  // Entries of one type with the same ifNoneExist criteria name one resource: the first creates
  // it (or finds it) and the others resolve to the same id, so no reference is left dangling.
  const conditionalIds = new Map<string, string>();
  for (const p of planned) {
    // Errors here (ifNoneExist or conditional PUT criteria) name the entry like any other.
    await forEntry(p.index, async () => {
      const { req, entry } = p;
      const type = req.path.split('/')[0]!;
      if (req.method === 'POST' && req.path === type && isResourceType(type)) {
        let id: string = randomUUID();
        const criteria = req.headers.ifNoneExist?.replace(/^[^?]*\?/, '');
        if (criteria) {
          const key = `${type}?${new URLSearchParams(criteria).toString()}`;
          const found = await ctx.repo.withMatches(type, criteria, async (m) => m);
          if (found.length > 1) throw fail.multipleMatches(`ifNoneExist matched ${found.length} resources`);
          if (found.length === 1) id = found[0]!.id;
          else id = conditionalIds.get(key) ?? id;
          conditionalIds.set(key, id);
        }
        // The repository creates with this id, or returns the match (conditional create).
        req.assignedId = id;
        if (entry.fullUrl) map.set(entry.fullUrl, `${type}/${id}`);
      } else if (req.method === 'PUT' && entry.fullUrl) {
        if (req.query.size > 0) {
          const found = await ctx.repo.withMatches(type, req.query.toString(), async (m) => m);
          if (found.length > 1) throw fail.multipleMatches(`conditional update matched ${found.length} resources`);
          const bodyId = (entry.resource as Resource | undefined)?.id;
          // One match and a different body id is the client's error (http.html#cond-update).
          if (found.length === 1 && bodyId !== undefined && bodyId !== found[0]!.id) {
            throw fail.badRequest(`Body id ${bodyId} does not match the resource the criteria found`, ['resource.id']);
          }
          const id = found[0]?.id ?? bodyId ?? randomUUID();
          map.set(entry.fullUrl, `${type}/${id}`);
          req.path = `${type}/${id}`;
          req.query = new URLSearchParams();
          if (entry.resource) req.body = { ...entry.resource, id };
        } else {
          map.set(entry.fullUrl, req.path);
        }
      }
    });
  }
  for (const p of planned) {
    if (p.req.body && typeof p.req.body === 'object') {
      const body = p.req.body as Resource;
      p.req.body = await forEntry(p.index, () => rewriteReferences(ctx, body, map));
    }
  }
}

/** Copies a resource with fullUrl references and conditional references replaced by `Type/id`. */
async function rewriteReferences(ctx: HandlerContext, resource: Resource, map: Map<string, string>): Promise<Resource> {
  const conditional: { holder: Record<string, unknown>; ref: string }[] = [];
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'reference' && typeof v === 'string') {
        const mapped = map.get(v);
        out[k] = mapped ?? v;
        if (!mapped && /^[A-Z][A-Za-z]+\?/.test(v)) conditional.push({ holder: out, ref: v });
      } else {
        out[k] = walk(v);
      }
    }
    return out;
  };
  const copy = walk(resource) as Resource;
  for (const c of conditional) {
    const q = c.ref.indexOf('?');
    const type = c.ref.slice(0, q);
    const found = await ctx.repo.matchCriteria(type, c.ref.slice(q + 1));
    if (found.length !== 1) {
      throw fail.preconditionFailed(`conditional reference ${c.ref} matched ${found.length} resources (exactly one is required)`);
    }
    c.holder.reference = `${type}/${found[0]!.id}`;
  }
  // urn:uuid values left in narrative or non-reference elements are replaced too (http.html#trules).
  let text = JSON.stringify(copy);
  const before = text;
  for (const [fullUrl, target] of map) {
    if (fullUrl.startsWith('urn:uuid:') && text.includes(fullUrl)) text = text.split(fullUrl).join(target);
  }
  return text === before ? copy : (JSON.parse(text) as Resource);
}

function withPrefer(req: FhirRequest, outer: FhirRequest): FhirRequest {
  return outer.headers.prefer ? { ...req, headers: { ...req.headers, prefer: outer.headers.prefer } } : req;
}

function entryResult(res: FhirResponse, p: Planned): BundleEntry {
  const response: NonNullable<BundleEntry['response']> = { status: statusText(res.status) };
  const h = res.headers ?? {};
  if (h.Location) response.location = h.Location;
  if (h.ETag) response.etag = h.ETag;
  if (h['Last-Modified']) response.lastModified = new Date(h['Last-Modified']).toISOString();
  const out: BundleEntry = {};
  if (p.entry.fullUrl && !p.entry.fullUrl.startsWith('urn:')) out.fullUrl = p.entry.fullUrl;
  if (res.body) {
    const body = res.body instanceof RawJson ? (JSON.parse(res.body.json) as Resource) : res.body;
    if (isOperationOutcome(body)) response.outcome = body;
    else out.resource = body;
  }
  out.response = response;
  return out;
}

const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified' };

function statusText(status: number): string {
  return REASONS[status] ? `${status} ${REASONS[status]}` : String(status);
}

function responseBundle(type: 'batch-response' | 'transaction-response', entry: BundleEntry[]): FhirResponse {
  const bundle: Bundle = { resourceType: 'Bundle', id: randomUUID(), type, entry };
  return { status: 200, body: bundle };
}

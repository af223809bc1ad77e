/**
 * `$everything` on Patient (R4 patient-operation-everything): the patient's whole record — the
 * patient, every resource in their compartment, and the shared resources those reference — as a
 * searchset Bundle paged with `_count` and a keyset `_cursor`. `_since`, `_type` and the care-date
 * window `start`/`end` narrow it. At type level (`Patient/$everything`) it covers every patient of
 * the practice. Never crosses practices: the repository scopes every row.
 */
import { fail, isResourceType } from '@openpractice/fhir';
import { bundleJson, type RawEntry } from '../fhir-api/bundle-json';
import { parseCount, parseInstantParam } from '../fhir-api/params';
import type { FoundRow } from '../repo/search/include';
import { registerOperation, type OperationParams } from './registry';

const DEFAULT_EVERYTHING_COUNT = 100;
const KNOWN = new Set(['_since', '_type', 'start', 'end', '_count', '_cursor', '_format', '_pretty']);

function types(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const bad = list.filter((t) => !isResourceType(t));
  if (bad.length) throw fail.badRequest(`_type names unknown resource types: ${bad.join(', ')}`, ['_type']);
  return list;
}

function instant(params: OperationParams, name: string, bound: 'low' | 'high'): string | undefined {
  const raw = params.get(name);
  return raw === undefined ? undefined : parseInstantParam(name, raw)[bound];
}

registerOperation({
  name: 'everything',
  definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
  types: ['Patient'],
  instances: ['Patient'],
  idempotent: true,
  async handler(ctx, req, target, params) {
    for (const name of req.query.keys()) {
      if (!KNOWN.has(name)) throw fail.badRequest(`Unknown $everything parameter ${name}`, [name]);
    }
    const cursor = req.query.get('_cursor');
    if (cursor !== null && !/^\d{1,15}$/.test(cursor)) throw fail.badRequest('Invalid _cursor paging token', ['_cursor']);
    const count = parseCount(params.get('_count') ?? null, DEFAULT_EVERYTHING_COUNT);
    const since = instant(params, '_since', 'low');
    const start = instant(params, 'start', 'low');
    const end = instant(params, 'end', 'high');
    const only = types(params.get('_type'));
    // 404 for a patient that is not in this practice, 410 for a deleted one.
    if (target.id) await ctx.repo.read('Patient', target.id);
    const page = await ctx.repo.everything({
      ...(target.id ? { patientId: target.id } : {}),
      ...(since ? { since } : {}),
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
      ...(only ? { types: only } : {}),
      ...(cursor !== null ? { after: Number(cursor) } : {}),
      count,
    });
    const path = target.id ? `Patient/${encodeURIComponent(target.id)}/$everything` : 'Patient/$everything';
    const query = new URLSearchParams(req.query);
    query.delete('_cursor');
    const url = (q: URLSearchParams) => `${ctx.baseUrl}/${path}${q.size ? `?${q}` : ''}`;
    const self = new URLSearchParams(query);
    if (cursor !== null) self.set('_cursor', cursor);
    const links = [{ relation: 'self', url: url(self) }];
    if (page.next !== undefined) {
      const next = new URLSearchParams(query);
      next.set('_cursor', String(page.next));
      links.push({ relation: 'next', url: url(next) });
    }
    if (cursor !== null) links.push({ relation: 'first', url: url(query) });
    const entry = (r: FoundRow, mode: 'match' | 'include'): RawEntry => ({
      fullUrl: `${ctx.baseUrl}/${r.resourceType}/${r.id}`,
      json: r.stored.json,
      search: { mode },
    });
    const matchIds = new Set(page.matches.map((m) => m.rid));
    return {
      status: 200,
      body: bundleJson({
        type: 'searchset',
        // The whole record fits on this page: its size is known for free.
        ...(cursor === null && page.complete ? { total: page.matches.length } : {}),
        links,
        entries: [
          ...page.matches.map((m) => entry(m, 'match')),
          ...page.included.filter((r) => !matchIds.has(r.rid)).map((r) => entry(r, 'include')),
        ],
      }),
    };
  },
});

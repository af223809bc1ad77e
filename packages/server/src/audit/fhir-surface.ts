/**
 * AuditEvent on the FHIR API: read and search (auditevent.html#search), served from the audit
 * chain itself, never from the resource store.
 *
 * Who sees what:
 * - a practice's `admin` and `practice-manager` (staff, or bootstrap tokens) see every event of
 *   their practice, as stored;
 * - a patient (or proxy) sees the events about their own record (patient_ids holds them), in
 *   the redacted view of audit-event.ts — "who has looked at my record, and when";
 * - everyone else is refused (403). A token's scopes must also allow AuditEvent.
 *
 * Writes are refused for everyone with 405 Method Not Allowed (and `Allow: GET, HEAD`): audit
 * events are written by the server alone, so create, update, patch and delete are not
 * operations this server offers on AuditEvent at all (http.html#general: 405 when the
 * interaction is not supported) — not a permission some other caller might hold, which 403
 * would suggest.
 *
 * Search parameters: patient, agent (the acting user's `sub`), date (eq, ne, lt, le, gt, ge, sa,
 * eb), subtype (restful-interaction or DICOM codes, or our subtype names), outcome, `_count`
 * (at most 1000), `_sort` (`-date`, the default: newest first; or `date`), paged by keyset
 * (`_cursor` in the next link) so pages stay stable while events are appended.
 */
import { fail, OperationOutcomeError } from '@openpractice/fhir';
import { parseScopes, scopeAllows, type ScopeAction } from '../auth/scopes';
import type { Session } from '../db/database';
import { bundleJson, type RawEntry } from '../fhir-api/bundle-json';
import { parseInstantParam } from '../fhir-api/params';
import { RawJson, type FhirResponse } from '../fhir-api/types';
import type { AccessContext } from '../repo/context';
import { agentOf } from './agent';
import { patientView, RESTFUL_INTERACTION, SUBTYPE_CODES, type AuditEventResource } from './audit-event';
import type { AuditRecord, AuditSink, AuditSubtype } from './record';

/** Roles that see their whole practice's audit trail. */
const FULL_VIEW_ROLES: ReadonlySet<string> = new Set(['admin', 'practice-manager']);
const MAX_COUNT = 1000;
const DEFAULT_COUNT = 50;
const KNOWN = new Set(['patient', 'agent', 'date', 'subtype', 'outcome', '_count', '_sort', '_cursor', '_format', '_pretty']);
const OUTCOMES = new Set(['0', '4', '8', '12']);
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

type View = { kind: 'full' } | { kind: 'patient'; patient: string };

export interface AuditSurfaceOptions {
  /** Where reading the audit trail is itself audited (a request's deferred sink). */
  audit?: AuditSink;
}

/** Refuses create, update, patch and delete of AuditEvent (405; see the header). */
export function refuseAuditEventWrite(method: string): never {
  const refused = fail.methodNotAllowed(`${method} is not allowed on AuditEvent: audit events are written by the server alone`);
  throw new OperationOutcomeError(405, refused.outcome, { Allow: 'GET, HEAD' });
}

/** GET AuditEvent/{id}: 404 when it does not exist or is not about the patient asking. */
export async function readAuditEvent(session: Session, access: AccessContext, id: string, options: AuditSurfaceOptions = {}): Promise<FhirResponse> {
  const view = viewOf(access, 'r');
  if (!ID.test(id)) throw fail.notFound(`AuditEvent/${id} not found`);
  const r = await session.query<{ json: string; patient_ids: string[] }>(
    'SELECT json, patient_ids FROM audit_event WHERE practice_id = $1 AND id = $2',
    [access.practiceId, id],
    'audit-read',
  );
  const row = r.rows[0];
  if (!row || (view.kind === 'patient' && !row.patient_ids.includes(view.patient))) throw fail.notFound(`AuditEvent/${id} not found`);
  await auditUse(options, access, view, 'read', [`AuditEvent/${id}`]);
  return { status: 200, body: new RawJson(render(row.json, view)) };
}

/** GET AuditEvent?…: a searchset Bundle, newest first unless `_sort=date`. */
export async function searchAuditEvents(session: Session, access: AccessContext, params: URLSearchParams, baseUrl: string, options: AuditSurfaceOptions = {}): Promise<FhirResponse> {
  const view = viewOf(access, 's');
  for (const name of params.keys()) {
    if (!KNOWN.has(name)) throw fail.badRequest(`Unknown or unsupported AuditEvent search parameter ${name}`, [name]);
  }
  const sql: string[] = ['practice_id = $1'];
  const args: unknown[] = [access.practiceId];
  const arg = (v: unknown) => `$${args.push(v)}`;

  if (view.kind === 'patient') sql.push(`patient_ids @> ARRAY[${arg(view.patient)}]::text[]`);
  for (const raw of params.getAll('patient')) {
    const ids = raw.split(',').map((v) => v.replace(/^.*\bPatient\//, ''));
    if (ids.some((id) => !ID.test(id))) throw fail.badRequest('patient must be a Patient reference or id', ['patient']);
    sql.push(`patient_ids && ${arg(ids)}::text[]`);
  }
  for (const raw of params.getAll('agent')) sql.push(`agent = ANY(${arg(raw.split(','))}::text[])`);
  for (const raw of params.getAll('date')) sql.push(dateClause(raw, arg));
  for (const raw of params.getAll('subtype')) sql.push(`subtype = ANY(${arg(subtypesFor(raw))}::text[])`);
  for (const raw of params.getAll('outcome')) {
    const codes = raw.split(',').map((c) => c.replace(/^.*\|/, ''));
    if (codes.some((c) => !OUTCOMES.has(c))) throw fail.badRequest('outcome is 0, 4, 8 or 12 (audit-event-outcome)', ['outcome']);
    sql.push(`outcome = ANY(${arg(codes)}::text[])`);
  }
  const sort = params.get('_sort') ?? '-date';
  if (sort !== '-date' && sort !== 'date') throw fail.badRequest('AuditEvent sorts by date or -date only', ['_sort']);
  const newestFirst = sort === '-date';
  const cursor = params.get('_cursor');
  if (cursor !== null) {
    const c = decodeCursor(cursor);
    sql.push(`(recorded, seq) ${newestFirst ? '<' : '>'} (${arg(c.t)}::timestamptz, ${arg(c.s)}::bigint)`);
  }
  const count = parseCount(params.get('_count'));
  const order = newestFirst ? 'DESC' : 'ASC';
  const r = await session.query<{ seq: number | string; id: string; recorded: Date | string; json: string }>(
    `SELECT seq, id, recorded, json FROM audit_event WHERE ${sql.join(' AND ')} ORDER BY recorded ${order}, seq ${order} LIMIT ${count + 1}`,
    args,
  );
  const page = r.rows.slice(0, count);
  const links = [{ relation: 'self', url: `${baseUrl}/AuditEvent${params.size ? `?${params}` : ''}` }];
  if (r.rows.length > count && page.length > 0) {
    const last = page[page.length - 1]!;
    const next = new URLSearchParams(params);
    next.set('_cursor', encodeCursor(new Date(last.recorded).toISOString(), Number(last.seq)));
    links.push({ relation: 'next', url: `${baseUrl}/AuditEvent?${next}` });
  }
  const entries: RawEntry[] = page.map((row) => ({ fullUrl: `${baseUrl}/AuditEvent/${row.id}`, json: render(row.json, view), search: { mode: 'match' } }));
  const patients = params.getAll('patient').flatMap((p) => p.split(',').map((v) => v.replace(/^.*\bPatient\//, '')));
  await auditUse(options, access, view, 'search-type', ['AuditEvent'], patients, params.toString());
  return { status: 200, body: bundleJson({ type: 'searchset', links, entries }) };
}

/** The caller's view of the audit trail, or 403. */
function viewOf(access: AccessContext, action: ScopeAction): View {
  if (access.scope !== undefined && !scopeAllows(parseScopes(access.scope), 'AuditEvent', action)) {
    throw fail.forbidden(`The token's scopes do not permit ${action === 'r' ? 'reading' : 'searching'} AuditEvent`);
  }
  if (access.kind === 'patient') {
    if (!access.patient) throw fail.forbidden('This sign-in is not linked to a patient record');
    return { kind: 'patient', patient: access.patient };
  }
  if ((access.kind === undefined || access.kind === 'staff') && FULL_VIEW_ROLES.has(access.role)) return { kind: 'full' };
  throw fail.forbidden('Only a practice admin or practice manager may see the audit trail; patients see who has looked at their own record');
}

function render(json: string, view: View): string {
  return view.kind === 'full' ? json : JSON.stringify(patientView(JSON.parse(json) as AuditEventResource, view.patient));
}

/** Reading the audit trail is audited too (when the caller gives a sink). */
async function auditUse(options: AuditSurfaceOptions, access: AccessContext, view: View, subtype: AuditSubtype, entities: string[], patients: string[] = [], query?: string): Promise<void> {
  if (!options.audit) return;
  const record: AuditRecord = {
    practiceId: access.practiceId,
    odsCode: access.odsCode,
    recorded: new Date(),
    action: 'R',
    subtype,
    outcome: '0',
    agent: agentOf(access),
    purposeOfUse: view.kind === 'patient' ? 'PATRQT' : 'HOPERAT',
    patientIds: [...new Set(view.kind === 'patient' ? [view.patient] : patients)],
    entities,
    ...(query ? { query } : {}),
    ...(access.requestId ? { requestId: access.requestId } : {}),
  };
  await options.audit.record([record]);
}

/** date=[prefix]value (search.html#prefix) against `recorded`. */
function dateClause(raw: string, arg: (v: unknown) => string): string {
  const m = /^(eq|ne|lt|le|gt|ge|sa|eb)?(.+)$/.exec(raw);
  const prefix = m?.[1] ?? 'eq';
  const { low, high } = parseInstantParam('date', m?.[2] ?? raw);
  switch (prefix) {
    case 'eq':
      return `recorded BETWEEN ${arg(low)}::timestamptz AND ${arg(high)}::timestamptz`;
    case 'ne':
      return `NOT (recorded BETWEEN ${arg(low)}::timestamptz AND ${arg(high)}::timestamptz)`;
    case 'lt':
    case 'eb':
      return `recorded < ${arg(low)}::timestamptz`;
    case 'le':
      return `recorded <= ${arg(high)}::timestamptz`;
    case 'gt':
    case 'sa':
      return `recorded > ${arg(high)}::timestamptz`;
    default:
      return `recorded >= ${arg(low)}::timestamptz`;
  }
}

/** The subtypes a `subtype` token list matches: our names, or any of their codings (system|code). */
function subtypesFor(raw: string): string[] {
  const out = new Set<string>();
  for (const token of raw.split(',')) {
    const bar = token.indexOf('|');
    const system = bar === -1 ? undefined : token.slice(0, bar);
    const code = bar === -1 ? token : token.slice(bar + 1);
    for (const [name, codes] of Object.entries(SUBTYPE_CODES)) {
      const byName = name === code && (system === undefined || system === RESTFUL_INTERACTION || system === '');
      const byCoding = codes.subtype.some((c) => c.code === code && (system === undefined || c.system === system));
      if (byName || byCoding) out.add(name);
    }
  }
  return [...out];
}

function parseCount(raw: string | null): number {
  if (raw === null) return DEFAULT_COUNT;
  if (!/^\d{1,7}$/.test(raw)) throw fail.badRequest('_count must be a non-negative integer', ['_count']);
  return Math.min(Number(raw), MAX_COUNT);
}

function encodeCursor(t: string, s: number): string {
  return Buffer.from(JSON.stringify({ t, s })).toString('base64url');
}

function decodeCursor(raw: string): { t: string; s: number } {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { t?: unknown; s?: unknown };
    if (typeof c.t === 'string' && !Number.isNaN(Date.parse(c.t)) && Number.isInteger(c.s)) return { t: c.t, s: c.s as number };
  } catch {
    // fall through
  }
  throw fail.badRequest('Invalid _cursor paging token', ['_cursor']);
}

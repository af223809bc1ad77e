/**
 * `Patient/$everything` (R4 patient-operation-everything): the patient, every resource in the
 * patient's compartment, and the resources those reference that belong to no patient
 * (Practitioner, Organization, Location, Medication, …). Paged by row id, so the next page is
 * exact under concurrent writes; everything stays within the caller's practice.
 */
import { getPatientCompartment, getSearchParameters } from '@openpractice/fhir';
import type { Sql } from '../../db/database';
import { ISO } from '../store-sql';
import { toFound, type FoundRow } from './include';
import { SqlParams } from './sql-params';

export interface EverythingQuery {
  /** The patient, or undefined for every patient of the practice (type-level invocation). */
  patientId?: string;
  /** `_since`: only resources updated at or after this instant. */
  since?: string;
  /** `_type`: only these resource types. */
  types?: readonly string[];
  /** `start` / `end`: care dates, as instants (the lower bound of start, the upper of end). */
  start?: string;
  end?: string;
  count: number;
  /** The last row id of the previous page. */
  after?: number;
}

export interface EverythingPage {
  matches: FoundRow[];
  /** Referenced resources outside any patient's compartment (search mode `include`). */
  included: FoundRow[];
  /** The last row id of this page when there is a next one. */
  next?: number;
  /** True when nothing matched beyond this page. */
  complete: boolean;
}

/**
 * The search parameter giving a type's care date, for `start`/`end`: an explicit choice where the
 * generic one would be wrong (MedicationRequest's `date` is its dosage timing, not when it was
 * prescribed), else the first of CARE_DATE_PARAMS the type has. Types with none (Patient, Flag, …)
 * are not filtered by date; nor are resources of a dated type that carry no date.
 */
const CARE_DATE_OVERRIDES: Readonly<Record<string, string>> = {
  MedicationRequest: 'authoredon',
  MedicationStatement: 'effective',
  MedicationAdministration: 'effective-time',
  MedicationDispense: 'whenhandedover',
};
const CARE_DATE_PARAMS = ['date', 'authoredon', 'onset-date', 'recorded-date', 'period', 'occurrence', 'effective', 'created'];

function careDates(): { types: string[]; codes: string[] } {
  const types: string[] = [];
  const codes: string[] = [];
  for (const type of getPatientCompartment().keys()) {
    const params = getSearchParameters(type);
    const override = CARE_DATE_OVERRIDES[type];
    const code = override && params.get(override)?.type === 'date' ? override : CARE_DATE_PARAMS.find((c) => params.get(c)?.type === 'date');
    if (code) {
      types.push(type);
      codes.push(code);
    }
  }
  return { types, codes };
}

let cachedCareDates: { types: string[]; codes: string[] } | undefined;

/** The pairs (type, parameter) placing resources in a patient compartment. */
function compartmentPairs(): { types: string[]; codes: string[] } {
  const types: string[] = [];
  const codes: string[] = [];
  for (const [type, params] of getPatientCompartment()) {
    for (const code of params) {
      types.push(type);
      codes.push(code);
    }
  }
  return { types, codes };
}

const columns = (a: string) => `${a}.rid, ${a}.resource_type, ${a}.id, ${a}.version_id, ${ISO(`${a}.last_updated`)} AS last_updated, ${a}.content`;

export async function selectEverything(s: Sql, practiceId: number, q: EverythingQuery): Promise<EverythingPage> {
  const params = new SqlParams(practiceId);
  const pairs = compartmentPairs();
  const patient = q.patientId === undefined ? '' : ` AND p.id = ${params.add(q.patientId)}`;
  const target = q.patientId === undefined ? '' : ` AND i.target_id = ${params.add(q.patientId)}`;
  // A union, so each side is an index lookup (patients by id; compartment members by the
  // reverse-reference index) and the outer query reads only their rows, in row-id order.
  const members =
    `SELECT p.rid FROM resource p WHERE p.practice_id = $1 AND p.resource_type = 'Patient'${patient}` +
    ` UNION SELECT i.rid FROM idx_reference i WHERE i.practice_id = $1 AND i.target_type = 'Patient'${target}` +
    ` AND (i.resource_type, i.code) IN (SELECT * FROM unnest(${params.add(pairs.types)}::text[], ${params.add(pairs.codes)}::text[]))`;
  const where = ['r.practice_id = $1', 'NOT r.deleted', `r.rid IN (${members})`];
  if (q.types) where.push(`r.resource_type = ANY(${params.add(q.types)}::text[])`);
  if (q.since) where.push(`r.last_updated >= ${params.add(q.since)}::timestamptz`);
  if (q.start || q.end) {
    cachedCareDates ??= careDates();
    const dated = `(d.resource_type, d.code) IN (SELECT * FROM unnest(${params.add(cachedCareDates.types)}::text[], ${params.add(cachedCareDates.codes)}::text[]))`;
    const overlap = [q.start ? `d.high >= ${params.add(q.start)}::timestamptz` : '', q.end ? `d.low <= ${params.add(q.end)}::timestamptz` : '']
      .filter(Boolean)
      .join(' AND ');
    where.push(
      `(NOT EXISTS (SELECT 1 FROM idx_date d WHERE d.rid = r.rid AND d.practice_id = $1 AND ${dated})` +
        ` OR EXISTS (SELECT 1 FROM idx_date d WHERE d.rid = r.rid AND d.practice_id = $1 AND ${dated} AND ${overlap}))`,
    );
  }
  if (q.after !== undefined) where.push(`r.rid > ${params.add(q.after)}`);
  const res = await s.query<Parameters<typeof toFound>[0]>(
    `SELECT ${columns('r')} FROM resource r WHERE ${where.join(' AND ')} ORDER BY r.rid LIMIT ${params.add(q.count + 1)}`,
    params.values,
  );
  const rows = res.rows.map(toFound);
  const matches = rows.slice(0, q.count);
  const page: EverythingPage = { matches, included: await referenced(s, practiceId, matches, q.types), complete: rows.length <= q.count };
  if (rows.length > q.count && matches.length > 0) page.next = matches[matches.length - 1]?.rid;
  return page;
}

/**
 * Resources the page references whose type has no place in a patient compartment: shared
 * resources a record needs to be read (who recorded it, where, which medication).
 */
async function referenced(s: Sql, practiceId: number, page: FoundRow[], types: readonly string[] | undefined): Promise<FoundRow[]> {
  if (page.length === 0) return [];
  const compartmentTypes = [...getPatientCompartment().keys()];
  const params: unknown[] = [practiceId, page.map((r) => r.rid), compartmentTypes];
  const typeFilter = types ? ` AND t.resource_type = ANY($${params.push(types)}::text[])` : '';
  const res = await s.query<Parameters<typeof toFound>[0]>(
    `SELECT ${columns('t')} FROM resource t WHERE t.practice_id = $1 AND NOT t.deleted${typeFilter}
       AND (t.resource_type, t.id) IN (
         SELECT i.target_type, i.target_id FROM idx_reference i
         WHERE i.practice_id = $1 AND i.rid = ANY($2::bigint[]) AND i.target_id IS NOT NULL AND i.target_type <> ALL($3::text[]))
     ORDER BY t.rid`,
    params,
  );
  return res.rows.map(toFound);
}

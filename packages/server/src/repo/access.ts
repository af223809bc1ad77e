/**
 * The repository's gatekeeper (issue 5): applies the permission matrix (auth/policy.ts) to one
 * caller's requests, with what needs the database — the patient compartment a resource belongs
 * to, break-glass grants, recorded dissent — and reports every decision to the audit trail.
 *
 * What the caller may not see is withheld in SQL where it would otherwise show in counts (search
 * criteria), and filtered here where it cannot (included resources, history, $everything).
 * A resource withheld from a read is 404, as if it did not exist, and the denial is audited.
 */
import { fail, getPatientCompartment, type Resource } from '@openpractice/fhir';
import { agentOf } from '../audit/agent';
import type { AuditAction, AuditRecord, AuditSink, AuditSubtype } from '../audit/record';
import type { Session } from '../db/database';
import {
  decide,
  isBootstrap,
  mayBreakGlass,
  needsOnePatient,
  redactsThirdParty,
  THIRD_PARTY_LABEL,
  withheldLabels,
  type Action,
  type Grant,
} from '../auth/policy';
import type { BreakGlassRegistry } from './break-glass';
import type { AccessContext } from './context';
import type { StoredVersion } from './store-sql';

/** SNOMED CT codes of a recorded dissent from sharing the GP record (on an active Consent's category). */
export const SHARING_DISSENT_CODES: readonly string[] = [
  '416409005', // Refused consent for upload to local shared electronic record
  '416308001', // Refused consent for upload to national shared electronic record
  '320011000000108', // Declined consent to share patient data with specified third party
];
const SNOMED = 'http://snomed.info/sct';
const REDACTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'REDACTED', display: 'redacted' };
const PATIENT_REF = /"reference":"Patient\/([A-Za-z0-9\-.]{1,64})"/g;

/** An indexed reference (IndexRows.reference). */
type RefRow = { code: string; targetType: string | null; targetId: string | null };

/** What the guard needs besides the caller: where audit goes and who has broken the glass. */
export interface AccessServices {
  audit?: AuditSink;
  breakGlass?: BreakGlassRegistry;
}

/** An audited event, before the guard fills in who and when. */
export interface AuditedAction {
  action: AuditAction;
  subtype: AuditSubtype;
  entities: string[];
  patientIds?: string[];
  query?: string;
  outcome?: AuditRecord['outcome'];
  outcomeDesc?: string;
  purposeOfUse?: string;
}

export class AccessGuard {
  /** Patients already found shareable (external systems) in this request. */
  private readonly shareable = new Map<string, boolean>();

  constructor(
    private readonly session: Session,
    readonly context: AccessContext,
    private readonly services: AccessServices = {},
  ) {}

  /** Whether the caller sees the whole record with nothing withheld (bootstrap tokens). */
  get unrestricted(): boolean {
    return isBootstrap(this.context);
  }

  /**
   * The caller's grant for `action` on `type`; a refusal is audited and thrown as 403.
   * `entity` names what was asked for, for the audit record.
   */
  async require(type: string, action: Action, entity: string = type): Promise<Grant> {
    const d = decide(this.context, type, action);
    if (d.allowed) return d.grant;
    await this.deny(d.reason, entity);
    throw fail.forbidden(d.reason);
  }

  /** Audits a refusal (outcome 4, minor failure) on its own, since the action's transaction will not commit. */
  async deny(reason: string, entity: string, patientIds: string[] = []): Promise<void> {
    await this.audit({ action: 'E', subtype: 'permission-denied', entities: [entity], patientIds, outcome: '4', outcomeDesc: reason });
  }

  /** The security labels withheld from this caller for requests about `patient` (if one). */
  async withheld(patient: string | undefined): Promise<readonly string[]> {
    const glass = patient !== undefined && mayBreakGlass(this.context) && (await this.brokeGlass(patient));
    return withheldLabels(this.context, glass);
  }

  /** Whether a live break-glass grant covers the caller and `patient`. */
  async brokeGlass(patient: string): Promise<boolean> {
    if (!this.services.breakGlass) return false;
    return this.services.breakGlass.active(this.session, this.context, patient);
  }

  /**
   * For external systems: the patient must be registered (active) at this practice with no
   * recorded dissent from sharing — unless a break-glass grant covers them (an emergency).
   * Refusals are audited and thrown as 403.
   */
  async requireShareable(patient: string): Promise<void> {
    if (this.context.kind !== 'system') return;
    let ok = this.shareable.get(patient);
    if (ok === undefined) {
      ok = (await this.brokeGlass(patient)) || (await patientShareable(this.session, this.context.practiceId, patient));
      this.shareable.set(patient, ok);
    }
    if (!ok) {
      const reason = 'This patient is not registered here, or has dissented from sharing their record';
      await this.deny(reason, `Patient/${patient}`, [patient]);
      throw fail.forbidden(reason);
    }
  }

  /**
   * The patient a search is about, for an external system that must read one patient at a time:
   * the compartment, or a `patient`/`subject` parameter naming exactly one patient, or `_id` of a
   * Patient search. Anything else is refused.
   */
  async onePatient(type: string, params: URLSearchParams, compartment: string | undefined): Promise<string | undefined> {
    if (!needsOnePatient(this.context, type)) return undefined;
    const named = compartment ?? namedPatient(type, params);
    if (named === undefined) {
      if (type === 'Patient' && params.has('identifier')) return undefined; // looked up, then each match is checked
      const reason = 'An external system reads one patient at a time: give patient=… (or search Patient by identifier)';
      await this.deny(reason, type);
      throw fail.forbidden(reason);
    }
    await this.requireShareable(named);
    return named;
  }

  /**
   * Whether a stored resource (of a type the caller may read) is one this caller may see: inside
   * the grant's patient compartment, not carrying a withheld label, and (external systems) about
   * a shareable patient.
   */
  async visible(v: StoredVersion, rid: () => Promise<number | undefined>, grant: Grant): Promise<boolean> {
    if (this.unrestricted || !v.json) return true;
    let patients: string[] | undefined;
    const patientsOf = async () => (patients ??= await this.patientsOf(v, await rid()));
    if (grant.patient !== undefined && !(await patientsOf()).includes(grant.patient)) return false;
    // Most entries carry no label at all: only a labelled one needs its patient (for break-glass).
    if (hasLabel(v.json, withheldLabels(this.context, false))) {
      const found = await patientsOf();
      const about = grant.patient ?? (found.length === 1 ? found[0] : undefined);
      if (hasLabel(v.json, await this.withheld(about))) return false;
    }
    if (this.context.kind === 'system' && needsOnePatient(this.context, v.resourceType)) {
      for (const p of await patientsOf()) await this.requireShareable(p);
    }
    return true;
  }

  /**
   * Filters resources fetched together (included resources, history, $everything) to those the
   * caller may see, without database round trips: compartment by the patient references in the
   * JSON, labels as for a read about `patient`.
   */
  async filter<T extends { stored: StoredVersion } | StoredVersion>(items: readonly T[], patient: string | undefined): Promise<T[]> {
    if (this.unrestricted) return [...items];
    const labels = await this.withheld(patient);
    const out: T[] = [];
    for (const item of items) {
      const v: StoredVersion = 'stored' in item ? item.stored : (item as StoredVersion);
      const readGrant = decide(this.context, v.resourceType, 'r');
      if (!readGrant.allowed) continue;
      if (v.json) {
        if (hasLabel(v.json, labels)) continue;
        const own = readGrant.allowed ? readGrant.grant.patient : undefined;
        const inCompartment = getPatientCompartment().has(v.resourceType);
        if (own && inCompartment && !(v.resourceType === 'Patient' ? v.id === own : referencesPatient(v.json, own))) continue;
        if (this.context.kind === 'system' && patient === undefined && needsOnePatient(this.context, v.resourceType)) continue;
      }
      out.push(item);
    }
    return out;
  }

  /** The caller's view of a stored resource: third-party information redacted for patients. */
  present(v: StoredVersion): StoredVersion {
    if (!v.json || !redactsThirdParty(this.context) || !hasLabel(v.json, [THIRD_PARTY_LABEL])) return v;
    return { ...v, json: JSON.stringify(redactThirdParty(JSON.parse(v.json) as Resource)) };
  }

  /**
   * Checks a resource about to be written by a caller limited to one patient: it must sit in
   * that patient's compartment (by its indexed references).
   */
  async requireOwnWrite(resource: Resource, references: readonly RefRow[], grant: Grant): Promise<void> {
    const patients = compartmentPatients(resource, references);
    if (grant.patient !== undefined && !patients.includes(grant.patient)) {
      const reason = `You may only write ${resource.resourceType} resources in your own record`;
      await this.deny(reason, resource.resourceType, [grant.patient]);
      throw fail.forbidden(reason);
    }
    if (this.context.kind === 'system') for (const p of patients) await this.requireShareable(p);
  }

  /** Records an audited action for this caller: in `tx` (writes) or group-committed (reads). */
  async audit(event: AuditedAction, tx?: Session): Promise<void> {
    const sink = this.services.audit;
    if (!sink) return;
    const c = this.context;
    const record: AuditRecord = {
      practiceId: c.practiceId,
      odsCode: c.odsCode,
      recorded: new Date(),
      action: event.action,
      subtype: event.subtype,
      outcome: event.outcome ?? '0',
      ...(event.outcomeDesc ? { outcomeDesc: event.outcomeDesc } : {}),
      agent: agentOf(c),
      purposeOfUse: event.purposeOfUse ?? 'TREAT',
      patientIds: [...new Set(event.patientIds ?? [])],
      entities: event.entities,
      ...(event.query ? { query: event.query } : {}),
      ...(c.requestId ? { requestId: c.requestId } : {}),
    };
    await sink.record([record], tx);
  }

  /** The patients whose compartment holds a stored resource (by its indexed references). */
  private async patientsOf(v: StoredVersion, rid: number | undefined): Promise<string[]> {
    if (v.resourceType === 'Patient') return [v.id];
    const codes = getPatientCompartment().get(v.resourceType);
    if (!codes || rid === undefined) return patientsIn(v.json ?? '');
    const r = await this.session.query<{ target_id: string }>(
      `SELECT DISTINCT target_id FROM idx_reference WHERE practice_id = $1 AND rid = $2 AND target_type = 'Patient' AND code = ANY($3::text[])`,
      [this.context.practiceId, rid, codes],
      'access-patients-of',
    );
    return r.rows.map((row) => row.target_id);
  }
}

/** Every patient a resource's JSON refers to (cheap; for audit and for filtering fetched sets). */
export function patientsIn(json: string): string[] {
  const out = new Set<string>();
  for (const m of json.matchAll(PATIENT_REF)) out.add(m[1]!);
  return [...out];
}

function referencesPatient(json: string, patient: string): boolean {
  return json.includes(`"reference":"Patient/${patient}"`);
}

/** Whether the JSON carries any of the labels (`system|code`) in meta.security. */
export function hasLabel(json: string, labels: readonly string[]): boolean {
  if (labels.length === 0 || !json.includes('"security"')) return false;
  const security = (JSON.parse(json) as Resource).meta?.security ?? [];
  return security.some((s) => labels.includes(`${s.system ?? ''}|${s.code ?? ''}`));
}

/** The patients in whose compartment a resource about to be written sits. */
function compartmentPatients(resource: Resource, references: readonly RefRow[]): string[] {
  if (resource.resourceType === 'Patient') return resource.id ? [resource.id] : [];
  const codes = getPatientCompartment().get(resource.resourceType) ?? [];
  return [...new Set(references.filter((r) => r.targetType === 'Patient' && r.targetId && codes.includes(r.code)).map((r) => r.targetId!))];
}

/** The one patient a search names: compartment-style `patient`/`subject` parameters, or Patient `_id`. */
export function namedPatient(type: string, params: URLSearchParams): string | undefined {
  const names = type === 'Patient' ? ['_id'] : ['patient', 'subject', 'subject:Patient'];
  const found = new Set<string>();
  for (const [key, value] of params) {
    if (!names.includes(key)) continue;
    if (value.includes(',')) return undefined;
    const id = value.replace(/^(?:.*\/)?Patient\//, '');
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return undefined;
    found.add(id);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * Third-party information withheld from the patient's own view: the narrative, notes, conclusions
 * and attached documents of an entry labelled as holding it, which says it was redacted.
 */
export function redactThirdParty(resource: Resource): Resource {
  const r = { ...resource } as Record<string, unknown>;
  for (const element of ['text', 'note', 'conclusion', 'presentedForm']) delete r[element];
  if (Array.isArray(r.content)) {
    r.content = (r.content as { attachment?: Record<string, unknown> }[]).map((c) => ({
      ...c,
      attachment: { contentType: 'text/plain', title: 'Withheld: this document holds information about someone else' },
    }));
  }
  const meta = (r.meta ?? {}) as NonNullable<Resource['meta']>;
  r.meta = { ...meta, security: [...(meta.security ?? []), REDACTED] };
  return r as Resource;
}

/** Registered (active, not deceased) at this practice and no active recorded dissent from sharing. */
async function patientShareable(s: Session, practiceId: number, patient: string): Promise<boolean> {
  const p = await s.query<{ content: string }>(
    `SELECT content FROM resource WHERE practice_id = $1 AND resource_type = 'Patient' AND id = $2 AND NOT deleted`,
    [practiceId, patient],
    'access-patient',
  );
  const row = p.rows[0];
  if (!row) return false;
  const resource = JSON.parse(row.content) as { active?: boolean; deceasedBoolean?: boolean; deceasedDateTime?: string };
  if (resource.active === false || resource.deceasedBoolean === true || resource.deceasedDateTime !== undefined) return false;
  const dissent = await s.query(
    `SELECT 1 FROM resource c
      WHERE c.practice_id = $1 AND c.resource_type = 'Consent' AND NOT c.deleted
        AND c.rid IN (SELECT i.rid FROM idx_reference i WHERE i.practice_id = $1 AND i.resource_type = 'Consent' AND i.code = 'patient'
                        AND i.target_type = 'Patient' AND i.target_id = $2)
        AND c.rid IN (SELECT t.rid FROM idx_token t WHERE t.practice_id = $1 AND t.resource_type = 'Consent' AND t.code = 'status' AND t.value = 'active')
        AND c.rid IN (SELECT t.rid FROM idx_token t WHERE t.practice_id = $1 AND t.resource_type = 'Consent' AND t.code = 'category'
                        AND t.system = $3 AND t.value = ANY($4::text[]))
      LIMIT 1`,
    [practiceId, patient, SNOMED, SHARING_DISSENT_CODES],
    'access-dissent',
  );
  return dissent.rows.length === 0;
}

/**
 * AuditRecord → FHIR R4 AuditEvent (auditevent.html), the shape every audit row is stored and
 * served in, and the redacted view a patient gets of events about their own record.
 *
 * Codes follow R4's value sets and the IHE Basic Audit Log Patterns (BALP) they come from:
 * - type: `rest` (audit-event-type) for RESTful interactions, with the interaction as subtype
 *   (restful-interaction); DICOM 110114 User Authentication with 110122 Login / 110123 Logout for
 *   sign-in, failed sign-in (outcome 4) and sign-out; DICOM 110113 Security Alert for security
 *   events, subtyped 110129 Security Configuration (configuration changes), 110127 Emergency
 *   Override Started (break-glass) and 110132 Use of Restricted Function (a refused action);
 *   DICOM 110106 Export for data leaving the system.
 * - agent: the requestor (type humanuser, or DICOM 110150 Application for a system), its role
 *   (national job role where there is one), who (`fhirUser` reference, `sub` identifier), network
 *   address; the app it came through as a second, non-requesting agent.
 * - source: the practice as observer (its ODS code), type 4 Application Server.
 * - entity: each patient (type 1 Person, role 1 Patient), each other resource (type 2 System
 *   Object, role 4 Domain Resource), the query (base64, role 24 Query) and the HTTP request id
 *   (BALP XrequestId).
 *
 * The JSON is built in a fixed key order and serialised once: that exact string is hashed into
 * the chain and stored, so the same record always yields the same bytes.
 */
import type { Resource } from '@openpractice/fhir';
import { NATIONAL_JOB_ROLE, type StaffRole } from '../identity/staff';
import type { AuditAgent, AuditRecord, AuditSubtype } from './record';

export const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';
export const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
export const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const V3_ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const SECURITY_ROLE_TYPE = 'http://terminology.hl7.org/CodeSystem/extra-security-role-type';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const RESOURCE_TYPES = 'http://hl7.org/fhir/resource-types';
const BALP_ENTITY_TYPE = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType';
const SDS_JOB_ROLE = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-SDSJobRoleName';
export const ODS_ORGANIZATION = 'https://fhir.nhs.uk/Id/ods-organization-code';

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

interface Concept {
  coding?: Coding[];
  text?: string;
}

interface Reference {
  reference?: string;
  type?: string;
  identifier?: { system?: string; value: string };
  display?: string;
}

export interface AuditEventAgent {
  type?: Concept;
  role?: Concept[];
  who?: Reference;
  requestor: boolean;
  network?: { address: string; type: string };
  purposeOfUse?: Concept[];
}

export interface AuditEventEntity {
  what?: Reference;
  type?: Coding;
  role?: Coding;
  query?: string;
}

/** The AuditEvent this module writes (the R4 elements it uses). */
export interface AuditEventResource extends Resource {
  resourceType: 'AuditEvent';
  id: string;
  type: Coding;
  subtype?: Coding[];
  action: string;
  recorded: string;
  outcome: string;
  outcomeDesc?: string;
  purposeOfEvent?: Concept[];
  agent: AuditEventAgent[];
  source: { observer: Reference; type: Coding[] };
  entity?: AuditEventEntity[];
}

const REST: Coding = { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' };
const USER_AUTHENTICATION: Coding = { system: DICOM, code: '110114', display: 'User Authentication' };
const SECURITY_ALERT: Coding = { system: DICOM, code: '110113', display: 'Security Alert' };
const EXPORT: Coding = { system: DICOM, code: '110106', display: 'Export' };

/** Type and subtype codings of each subtype (search by subtype matches any of them). */
export const SUBTYPE_CODES: Readonly<Record<AuditSubtype, { type: Coding; subtype: Coding[] }>> = {
  read: rest('read'),
  vread: rest('vread'),
  'history-instance': rest('history-instance'),
  'history-type': rest('history-type'),
  'history-system': rest('history-system'),
  'search-type': rest('search-type'),
  'search-system': rest('search-system'),
  create: rest('create'),
  update: rest('update'),
  patch: rest('patch'),
  delete: rest('delete'),
  batch: rest('batch'),
  transaction: rest('transaction'),
  operation: rest('operation'),
  login: { type: USER_AUTHENTICATION, subtype: [{ system: DICOM, code: '110122', display: 'Login' }] },
  'login-failed': { type: USER_AUTHENTICATION, subtype: [{ system: DICOM, code: '110122', display: 'Login' }] },
  logout: { type: USER_AUTHENTICATION, subtype: [{ system: DICOM, code: '110123', display: 'Logout' }] },
  'permission-denied': { type: SECURITY_ALERT, subtype: [{ system: DICOM, code: '110132', display: 'Use of Restricted Function' }] },
  'config-change': { type: SECURITY_ALERT, subtype: [{ system: DICOM, code: '110129', display: 'Security Configuration' }] },
  'break-glass': { type: SECURITY_ALERT, subtype: [{ system: DICOM, code: '110127', display: 'Emergency Override Started' }] },
  export: { type: EXPORT, subtype: [] },
};

function rest(code: string): { type: Coding; subtype: Coding[] } {
  return { type: REST, subtype: [{ system: RESTFUL_INTERACTION, code }] };
}

const AGENT_TYPE: Readonly<Record<AuditAgent['kind'], Coding>> = {
  staff: { system: SECURITY_ROLE_TYPE, code: 'humanuser', display: 'human user' },
  patient: { system: SECURITY_ROLE_TYPE, code: 'humanuser', display: 'human user' },
  operator: { system: SECURITY_ROLE_TYPE, code: 'humanuser', display: 'human user' },
  anonymous: { system: SECURITY_ROLE_TYPE, code: 'humanuser', display: 'human user' },
  system: { system: DICOM, code: '110150', display: 'Application' },
};

/** A relative reference (`Type/id`, possibly versioned) rather than a bare type. */
const REFERENCE = /^[A-Z][A-Za-z]{0,63}\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;
const IP_ADDRESS = /^[0-9A-Fa-f.:]+$/;

function roles(agent: AuditAgent): Concept[] | undefined {
  const out: Concept[] = [];
  if (agent.role) {
    const national = NATIONAL_JOB_ROLE[agent.role as StaffRole];
    out.push(national ? { coding: [{ system: SDS_JOB_ROLE, code: national.code, display: national.display }], text: agent.role } : { text: agent.role });
  }
  if (agent.proxy) out.push({ text: 'proxy' });
  return out.length ? out : undefined;
}

function purpose(code: string | undefined): Concept[] | undefined {
  return code ? [{ coding: [{ system: V3_ACT_REASON, code }] }] : undefined;
}

function entities(r: AuditRecord): AuditEventEntity[] {
  const out: AuditEventEntity[] = [];
  const patients = new Set(r.patientIds);
  for (const id of r.patientIds) {
    out.push({ what: { reference: `Patient/${id}` }, type: { system: ENTITY_TYPE, code: '1', display: 'Person' }, role: { system: OBJECT_ROLE, code: '1', display: 'Patient' } });
  }
  let query = r.query === undefined ? undefined : Buffer.from(r.query, 'utf8').toString('base64');
  for (const e of r.entities) {
    if (REFERENCE.test(e)) {
      if (e.startsWith('Patient/') && patients.has(e.slice('Patient/'.length))) continue;
      out.push({ what: { reference: e }, type: { system: ENTITY_TYPE, code: '2', display: 'System Object' }, role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' } });
    } else if (RESOURCE_TYPE.test(e)) {
      // A type-level action (search, history): the type, carrying the query (R4 entity.query).
      out.push({
        type: { system: RESOURCE_TYPES, code: e },
        ...(query !== undefined ? { role: { system: OBJECT_ROLE, code: '24', display: 'Query' }, query } : { role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' } }),
      });
      query = undefined;
    }
  }
  if (query !== undefined) out.push({ type: { system: ENTITY_TYPE, code: '2', display: 'System Object' }, role: { system: OBJECT_ROLE, code: '24', display: 'Query' }, query });
  if (r.requestId) out.push({ what: { identifier: { value: r.requestId } }, type: { system: BALP_ENTITY_TYPE, code: 'XrequestId' } });
  return out;
}

/** The AuditEvent for a record, with its id. */
export function toAuditEvent(r: AuditRecord, id: string): AuditEventResource {
  const codes = SUBTYPE_CODES[r.subtype];
  const a = r.agent;
  const agents: AuditEventAgent[] = [
    {
      type: { coding: [AGENT_TYPE[a.kind]] },
      role: roles(a),
      who: { reference: a.fhirUser, identifier: { value: a.sub } },
      requestor: true,
      network: a.ip && IP_ADDRESS.test(a.ip) ? { address: a.ip, type: '2' } : undefined,
      purposeOfUse: purpose(r.purposeOfUse),
    },
  ];
  if (a.clientId && a.clientId !== a.sub) {
    agents.push({ type: { coding: [AGENT_TYPE.system] }, who: { identifier: { value: a.clientId } }, requestor: false });
  }
  const list = entities(r);
  return {
    resourceType: 'AuditEvent',
    id,
    type: codes.type,
    subtype: codes.subtype.length ? codes.subtype : undefined,
    action: r.action,
    recorded: r.recorded.toISOString(),
    outcome: r.outcome,
    outcomeDesc: r.outcomeDesc,
    purposeOfEvent: purpose(r.purposeOfUse),
    agent: agents,
    source: {
      observer: r.odsCode ? { type: 'Organization', identifier: { system: ODS_ORGANIZATION, value: r.odsCode } } : { display: 'OpenPractice deployment' },
      type: [{ system: SOURCE_TYPE, code: '4', display: 'Application Server' }],
    },
    entity: list.length ? list : undefined,
  };
}

/** The stored JSON of a record: serialised once, in a fixed key order (undefined keys drop out). */
export function auditEventJson(r: AuditRecord, id: string): string {
  return JSON.stringify(toAuditEvent(r, id));
}

/** References a patient may see in their view of who acted: people and places, never another patient. */
const VISIBLE_WHO = /^(Practitioner|PractitionerRole|Organization|RelatedPerson)\//;

/**
 * What a patient sees of an event about their record ("who looked at my record, and when"):
 * who acted (type, role, their Practitioner or RelatedPerson), the practice, when, what kind of
 * action and whether it succeeded. No addresses, queries, internal user or app ids, failure
 * details, or any other patient's id.
 */
export function patientView(e: AuditEventResource, patient: string): AuditEventResource {
  const self = `Patient/${patient}`;
  const agent = e.agent
    .filter((a) => a.requestor)
    .map((a): AuditEventAgent => {
      const ref = a.who?.reference;
      const visible = ref !== undefined && (VISIBLE_WHO.test(ref) || ref === self);
      return { type: a.type, role: a.role, ...(visible ? { who: { reference: ref } } : {}), requestor: true };
    });
  return {
    resourceType: 'AuditEvent',
    id: e.id,
    type: e.type,
    subtype: e.subtype,
    action: e.action,
    recorded: e.recorded,
    outcome: e.outcome,
    purposeOfEvent: e.purposeOfEvent,
    agent,
    source: { observer: e.source.observer, type: e.source.type },
    entity: [{ what: { reference: self }, type: { system: ENTITY_TYPE, code: '1', display: 'Person' }, role: { system: OBJECT_ROLE, code: '1', display: 'Patient' } }],
  };
}

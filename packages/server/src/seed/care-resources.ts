/**
 * Builders for referrals (ServiceRequest), vaccinations (Immunization), laboratory reports
 * (DiagnosticReport), coded entries recorded from correspondence (Observation), and the security
 * marker on sensitive resources.
 */
import type { Resource } from '@openpractice/fhir';
import { concept, ref, type Code } from './fhir';
import { EXTENSION, SYSTEM } from './codes/systems';
import { REFERRAL_CATEGORY, REFERRALS, REFERRED_BY_GP, type ReferralKey } from './codes/referrals';
import { ROUTE, VACCINES } from './codes/vaccines';
import { LAB_CATEGORY, LAB_REPORT_CODE, SENSITIVE_SECURITY } from './codes/record-artifacts';
import type { ImmunisationPlan } from './immunisations';
import type { StaffMember } from './context';
import type { PatientProfile } from './patient';
import { formatDay } from './dates';

/** Marks a resource as sensitive: hidden from the patient's view and from sharing. */
export function sensitive(resource: Resource): Resource {
  return { ...resource, meta: { security: SENSITIVE_SECURITY.map((c) => ({ ...c })) } };
}

/** True when a resource carries the sensitive marker. */
export function isSensitive(resource: Resource): boolean {
  const security = (resource.meta as { security?: { system?: string; code?: string }[] } | undefined)?.security ?? [];
  return SENSITIVE_SECURITY.every((m) => security.some((s) => s.system === m.system && s.code === m.code));
}

export interface ReferralFacts {
  readonly key: ReferralKey;
  readonly authoredOn: string;
  readonly seen: boolean;
  readonly reason?: Resource;
  readonly reasonText?: string;
}

export function serviceRequest(id: string, patient: PatientProfile, encounter: Resource, requester: StaffMember, performer: Resource | undefined, f: ReferralFacts): Resource {
  const def = REFERRALS[f.key];
  return {
    resourceType: 'ServiceRequest',
    id,
    extension: [{ url: EXTENSION.sourceOfServiceRequest, valueCodeableConcept: concept(REFERRED_BY_GP) }],
    // Completed once the patient has been seen; still active while they wait.
    status: f.seen ? 'completed' : 'active',
    intent: 'order',
    category: [concept(REFERRAL_CATEGORY)],
    priority: def.priority,
    code: { ...concept(def.code), text: `Referral to ${def.service}` },
    subject: ref(patient.resource, patient.display),
    encounter: ref(encounter),
    authoredOn: f.authoredOn,
    requester: ref(requester.practitioner, requester.display),
    ...(def.specialty ? { performerType: concept(def.specialty) } : {}),
    ...(performer ? { performer: [ref(performer, performer.name as string | undefined)] } : {}),
    ...(f.reasonText ? { reasonCode: [{ text: f.reasonText }] } : {}),
    ...(f.reason ? { reasonReference: [ref(f.reason)] } : {}),
  };
}

export interface ImmunizationFacts {
  readonly plan: ImmunisationPlan;
  readonly occurrence: string;
  readonly recorded: string;
  /** Given at the practice: the consultation, site, vaccinator. */
  readonly encounter?: Resource;
  readonly location?: Resource;
  readonly performer?: StaffMember;
  readonly lotNumber: string;
  /** For injections in the arm (over 1 year old). */
  readonly upperArm: boolean;
}

const ORIGIN: Readonly<Record<Exclude<ImmunisationPlan['origin'], 'practice'>, Code>> = {
  school: { system: SYSTEM.immunizationOrigin, code: 'school', display: 'School Record' },
  provider: { system: SYSTEM.immunizationOrigin, code: 'provider', display: 'Other Provider' },
  record: { system: SYSTEM.immunizationOrigin, code: 'record', display: 'Written Record' },
};

/** Left upper arm (UK Core Immunization site example). */
const LEFT_UPPER_ARM: Code = { system: SYSTEM.snomed, code: '368208006', display: 'Left upper arm structure' };

export function immunization(id: string, patient: PatientProfile, f: ImmunizationFacts): Resource {
  const v = VACCINES[f.plan.vaccine];
  const given = f.plan.origin === 'practice';
  return {
    resourceType: 'Immunization',
    id,
    ...(f.plan.procedure ? { extension: [{ url: EXTENSION.vaccinationProcedure, valueCodeableConcept: concept(f.plan.procedure) }] } : {}),
    status: 'completed',
    vaccineCode: concept(v.code),
    patient: ref(patient.resource, patient.display),
    ...(f.encounter ? { encounter: ref(f.encounter) } : {}),
    occurrenceDateTime: f.occurrence,
    recorded: f.recorded,
    primarySource: given,
    ...(given ? {} : { reportOrigin: concept(ORIGIN[f.plan.origin as Exclude<ImmunisationPlan['origin'], 'practice'>]) }),
    ...(f.location ? { location: ref(f.location) } : {}),
    manufacturer: { display: v.manufacturer },
    lotNumber: f.lotNumber,
    ...(v.route === 'intramuscular' && f.upperArm ? { site: concept(LEFT_UPPER_ARM) } : {}),
    route: concept(ROUTE[v.route]),
    doseQuantity: { value: v.route === 'oral' ? 1.5 : 0.5, unit: 'ml', system: SYSTEM.ucum, code: 'mL' },
    ...(f.performer ? { performer: [{ actor: ref(f.performer.practitioner, f.performer.display) }] } : {}),
    protocolApplied: [{ series: f.plan.series, doseNumberPositiveInt: f.plan.doseNumber }],
  };
}

export interface LabReportFacts {
  readonly title: string;
  readonly effective: string;
  readonly issued: string;
  readonly results: readonly Resource[];
  readonly conclusion?: string;
  readonly interpreter: StaffMember;
}

/** A laboratory report grouping the results of one panel, issued by the pathology laboratory. */
export function diagnosticReport(id: string, patient: PatientProfile, encounter: Resource | undefined, laboratory: Resource, f: LabReportFacts): Resource {
  return {
    resourceType: 'DiagnosticReport',
    id,
    status: 'final',
    category: [concept(LAB_CATEGORY)],
    code: { ...concept(LAB_REPORT_CODE), text: f.title },
    subject: ref(patient.resource, patient.display),
    ...(encounter ? { encounter: ref(encounter) } : {}),
    effectiveDateTime: f.effective,
    issued: f.issued,
    performer: [ref(laboratory, laboratory.name as string | undefined)],
    resultsInterpreter: [ref(f.interpreter.practitioner, f.interpreter.display)],
    result: f.results.map((r) => ref(r)),
    ...(f.conclusion ? { conclusion: f.conclusion } : {}),
  };
}

/** A coded entry recorded from correspondence or in a consultation (GP Connect "uncategorised data"). */
export function codedObservation(id: string, patient: PatientProfile, code: Code, effectiveDay: number, issued: string, recorder: StaffMember, encounter?: Resource): Resource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: concept(code),
    subject: ref(patient.resource, patient.display),
    ...(encounter ? { encounter: ref(encounter) } : {}),
    effectiveDateTime: formatDay(effectiveDay),
    issued,
    performer: [ref(recorder.practitioner, recorder.display)],
  };
}

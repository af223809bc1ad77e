/**
 * The medication record as GP Connect Access Record: Structured shapes it, in R4 with UK Core
 * extensions: per authorisation a MedicationRequest (intent `plan`) and a MedicationStatement
 * `basedOn` it; per issue a MedicationRequest (intent `order`) `basedOn` the plan. Elements follow
 * the GP Connect MedicationRequest and MedicationStatement pages: repeat information on the plan
 * (UK Core Extension-UKCore-MedicationRepeatInformation: issues made, authorisation expiry), the
 * number of issues allowed in dispenseRequest.numberOfRepeatsAllowed (R4 counts the repeats after
 * the first issue, so it is the issues allowed less one), validity period, the prior authorisation
 * a re-authorisation replaces, and a status reason when stopped; on the statement the last issue
 * date and that it was prescribed at the practice.
 */
import type { Resource } from '@openpractice/fhir';
import { concept, coding, ref, snomed } from './fhir';
import { EXTENSION, SYSTEM } from './codes/systems';
import type { MedicationDef } from './codes/medications';
import type { Authorisation, Supply } from './prescribing';
import type { StaffMember } from './context';
import type { PatientProfile } from './patient';
import { formatDay, ukInstant } from './dates';

const ORAL_ROUTE = snomed('26643006', 'Oral route');

function medicationConcept(med: MedicationDef) {
  const vmp = { code: med.vpid, display: med.name };
  return { coding: [coding({ system: SYSTEM.snomed, ...vmp }), coding({ system: SYSTEM.dmd, ...vmp })], text: med.name };
}

function courseOfTherapy(course: 'continuous' | 'acute') {
  return concept(
    course === 'continuous'
      ? { system: SYSTEM.courseOfTherapy, code: 'continuous', display: 'Continuous long term therapy' }
      : { system: SYSTEM.courseOfTherapy, code: 'acute', display: 'Short course (acute) therapy' },
  );
}

function dosage(med: MedicationDef) {
  return {
    sequence: 1,
    text: med.dosageText,
    timing: { repeat: { frequency: med.frequency, period: 1, periodUnit: 'd' } },
    ...(med.asNeeded ? { asNeededBoolean: true } : {}),
    ...(med.dose.unit === 'tablet' ? { route: concept(ORAL_ROUTE) } : {}),
    doseAndRate: [{ doseQuantity: { ...med.dose } }],
  };
}

function quantity(s: Supply) {
  const { days, ...q } = s;
  return { quantity: { ...q }, expectedSupplyDuration: { value: days, unit: 'days', system: SYSTEM.ucum, code: 'd' } };
}

const STATUS_REASON: Readonly<Record<NonNullable<Authorisation['stopReason']>, { code?: string; display: string }>> = {
  sintol: { code: 'sintol', display: 'Suspected intolerance' },
  altchoice: { code: 'altchoice', display: 'Try another treatment first' },
  died: { display: 'Patient died' },
};

export interface AuthorisationRefs {
  readonly patient: PatientProfile;
  readonly encounter?: Resource;
  readonly prescriber: StaffMember;
  readonly reasons: readonly Resource[];
  readonly prior?: Resource;
  /** Clock time of the authorisation (minutes after midnight). */
  readonly minute: number;
}

/** The authorisation (MedicationRequest, intent `plan`). */
export function authorisationRequest(id: string, a: Authorisation, r: AuthorisationRefs): Resource {
  const med = a.course.medication;
  const repeat = a.course.rx.course === 'continuous';
  const reason = a.stopReason ? STATUS_REASON[a.stopReason] : undefined;
  return {
    resourceType: 'MedicationRequest',
    id,
    ...(repeat
      ? {
          extension: [
            {
              url: EXTENSION.medicationRepeatInformation,
              extension: [
                { url: 'numberOfPrescriptionsIssued', valueUnsignedInt: a.issues.length },
                ...(a.expiryDay !== undefined ? [{ url: 'authorisationExpiryDate', valueDateTime: formatDay(a.expiryDay) }] : []),
              ],
            },
          ],
        }
      : {}),
    status: a.status,
    ...(reason
      ? { statusReason: reason.code ? { coding: [coding({ system: SYSTEM.medicationRequestStatusReason, code: reason.code, display: reason.display })], text: reason.display } : { text: reason.display } }
      : {}),
    intent: 'plan',
    category: [concept({ system: SYSTEM.medicationRequestCategory, code: 'community', display: 'Community' })],
    medicationCodeableConcept: medicationConcept(med),
    subject: ref(r.patient.resource, r.patient.display),
    ...(r.encounter ? { encounter: ref(r.encounter) } : {}),
    authoredOn: ukInstant(a.day, r.minute),
    requester: ref(r.prescriber.practitioner, r.prescriber.display),
    recorder: ref(r.prescriber.practitioner, r.prescriber.display),
    ...(r.reasons.length > 0 ? { reasonReference: r.reasons.map((x) => ref(x)) } : {}),
    courseOfTherapyType: courseOfTherapy(a.course.rx.course),
    dosageInstruction: [dosage(med)],
    dispenseRequest: {
      // GP Connect: a defined end where there is one; none for acutes.
      validityPeriod: { start: formatDay(a.day), ...(repeat && a.endDay !== undefined ? { end: formatDay(a.endDay) } : repeat && a.expiryDay !== undefined ? { end: formatDay(a.expiryDay) } : {}) },
      ...(repeat && a.allowedIssues !== undefined ? { numberOfRepeatsAllowed: a.allowedIssues - 1 } : {}),
      ...quantity(a.supply),
    },
    ...(r.prior ? { priorPrescription: ref(r.prior) } : {}),
  };
}

/** The MedicationStatement GP Connect bases on each authorisation. */
export function medicationStatement(id: string, a: Authorisation, plan: Resource, r: AuthorisationRefs): Resource {
  const med = a.course.medication;
  const lastIssue = a.issues.at(-1);
  const status = a.status === 'active' ? 'active' : a.status === 'stopped' ? 'stopped' : 'completed';
  const acute = a.course.rx.course === 'acute';
  return {
    resourceType: 'MedicationStatement',
    id,
    extension: [
      ...(lastIssue !== undefined ? [{ url: EXTENSION.medicationStatementLastIssueDate, valueDateTime: formatDay(lastIssue) }] : []),
      {
        url: EXTENSION.medicationPrescribingOrganizationType,
        valueCodeableConcept: concept({ system: SYSTEM.medicationPrescribingOrganizationType, code: 'prescribed-at-gp-practice', display: 'Prescribed at GP practice' }),
      },
    ],
    basedOn: [ref(plan)],
    status,
    medicationCodeableConcept: medicationConcept(med),
    subject: ref(r.patient.resource, r.patient.display),
    ...(r.encounter ? { context: ref(r.encounter) } : {}),
    // GP Connect: no end for acutes; otherwise the end of this authorisation, when it has ended.
    effectivePeriod: { start: formatDay(a.day), ...(!acute && a.endDay !== undefined ? { end: formatDay(a.endDay) } : {}) },
    dateAsserted: ukInstant(a.day, r.minute),
    ...(r.reasons.length > 0 ? { reasonReference: r.reasons.map((x) => ref(x)) } : {}),
    dosage: [dosage(med)],
  };
}

/** One issue (MedicationRequest, intent `order`) made under an authorisation. */
export function issueRequest(id: string, a: Authorisation, plan: Resource, day: number, minute: number, patient: PatientProfile, prescriber: StaffMember): Resource {
  const med = a.course.medication;
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'completed',
    intent: 'order',
    category: [concept({ system: SYSTEM.medicationRequestCategory, code: 'community', display: 'Community' })],
    medicationCodeableConcept: medicationConcept(med),
    subject: ref(patient.resource, patient.display),
    basedOn: [ref(plan)],
    groupIdentifier: { system: SYSTEM.uri, value: `urn:uuid:${plan.id}` },
    authoredOn: ukInstant(day, minute),
    requester: ref(prescriber.practitioner, prescriber.display),
    courseOfTherapyType: courseOfTherapy(a.course.rx.course),
    dosageInstruction: [{ text: med.dosageText }],
    dispenseRequest: { validityPeriod: { start: formatDay(day) }, ...quantity(a.supply) },
  };
}

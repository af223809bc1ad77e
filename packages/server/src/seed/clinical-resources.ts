/**
 * Builders for the per-consultation resources: Appointment, Encounter (with the consultation note
 * as its narrative), Condition and AllergyIntolerance. Each takes what it needs and returns plain
 * R4 JSON. Medication resources are in medication-resources.ts.
 */
import type { Resource } from '@openpractice/fhir';
import { concept, ref, type Code } from './fhir';
import { SYSTEM } from './codes/systems';
import type { AllergyPlan } from './clinical-profile';
import { NO_KNOWN_ALLERGY } from './codes/allergies';
import { formatDay } from './dates';
import type { StaffMember } from './context';
import type { PatientProfile } from './patient';

/** Where and when a consultation happened, shared by everything recorded in it. */
export interface VisitRefs {
  readonly patient: PatientProfile;
  readonly clinician: StaffMember;
  readonly location: Resource;
  readonly start: string;
  readonly end: string;
  readonly encounter?: Resource;
}

export type AppointmentStatus = 'booked' | 'fulfilled' | 'noshow' | 'cancelled';

export function appointment(
  id: string,
  v: VisitRefs,
  status: AppointmentStatus,
  createdDay: number,
  description: string,
  slot?: Resource,
): Resource {
  // The patient who cancelled has declined; the practice side had accepted.
  const patientStatus = status === 'cancelled' ? 'declined' : 'accepted';
  return {
    resourceType: 'Appointment',
    id,
    status,
    description,
    start: v.start,
    end: v.end,
    ...(slot ? { slot: [ref(slot)] } : {}),
    created: formatDay(createdDay),
    ...(status === 'cancelled' ? { comment: 'Cancelled by the patient' } : {}),
    participant: [
      { actor: ref(v.patient.resource, v.patient.display), required: 'required', status: patientStatus },
      { actor: ref(v.clinician.practitioner, v.clinician.display), required: 'required', status: 'accepted' },
      { actor: ref(v.location), required: 'information-only', status: 'accepted' },
    ],
  };
}

export function encounter(id: string, v: VisitRefs, type: Code, organization: Resource, appointmentResource: Resource, text?: { status: string; div: string }): Resource {
  return {
    resourceType: 'Encounter',
    id,
    ...(text ? { text } : {}),
    status: 'finished',
    class: { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' },
    type: [concept(type)],
    subject: ref(v.patient.resource, v.patient.display),
    participant: [
      {
        type: [concept({ system: SYSTEM.participationType, code: 'PPRF', display: 'primary performer' })],
        individual: ref(v.clinician.practitioner, v.clinician.display),
      },
    ],
    appointment: [ref(appointmentResource)],
    period: { start: v.start, end: v.end },
    location: [{ location: ref(v.location), status: 'completed' }],
    serviceProvider: ref(organization),
  };
}

function visitRefs(v: VisitRefs): Record<string, unknown> {
  if (!v.encounter) throw new Error('Clinical entries need the Encounter they were recorded in');
  return { encounter: ref(v.encounter) };
}

export interface ConditionFacts {
  readonly code: Code;
  readonly onsetDay: number;
  readonly resolvedDay?: number;
  /** Problem-list entry (long-term) or a diagnosis for this encounter only. */
  readonly category: 'problem-list-item' | 'encounter-diagnosis';
}

export function condition(id: string, v: VisitRefs, facts: ConditionFacts): Resource {
  const resolved = facts.resolvedDay !== undefined;
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: concept({ system: SYSTEM.conditionClinical, code: resolved ? 'resolved' : 'active', display: resolved ? 'Resolved' : 'Active' }),
    verificationStatus: concept({ system: SYSTEM.conditionVerification, code: 'confirmed', display: 'Confirmed' }),
    category: [
      concept({
        system: SYSTEM.conditionCategory,
        code: facts.category,
        display: facts.category === 'problem-list-item' ? 'Problem List Item' : 'Encounter Diagnosis',
      }),
    ],
    code: concept(facts.code),
    subject: ref(v.patient.resource, v.patient.display),
    ...visitRefs(v),
    onsetDateTime: formatDay(facts.onsetDay),
    ...(facts.resolvedDay !== undefined ? { abatementDateTime: formatDay(facts.resolvedDay) } : {}),
    recordedDate: v.start,
    recorder: ref(v.clinician.practitioner, v.clinician.display),
    asserter: ref(v.clinician.practitioner, v.clinician.display),
  };
}

function allergyStatus() {
  return {
    clinicalStatus: concept({ system: SYSTEM.allergyClinical, code: 'active', display: 'Active' }),
    verificationStatus: concept({ system: SYSTEM.allergyVerification, code: 'confirmed', display: 'Confirmed' }),
  };
}

export function allergy(id: string, v: VisitRefs, plan: AllergyPlan): Resource {
  return {
    resourceType: 'AllergyIntolerance',
    id,
    ...allergyStatus(),
    type: 'allergy',
    category: [plan.def.category],
    criticality: plan.def.criticality,
    code: concept(plan.def.code),
    patient: ref(v.patient.resource, v.patient.display),
    ...visitRefs(v),
    recordedDate: v.start,
    recorder: ref(v.clinician.practitioner, v.clinician.display),
    reaction: [{ manifestation: [concept(plan.reaction.manifestation)], severity: plan.reaction.severity }],
  };
}

/** "No known allergy": recorded as an AllergyIntolerance with the SNOMED CT situation code, as UK GP systems do. */
export function noKnownAllergy(id: string, v: VisitRefs): Resource {
  return {
    resourceType: 'AllergyIntolerance',
    id,
    ...allergyStatus(),
    code: concept(NO_KNOWN_ALLERGY),
    patient: ref(v.patient.resource, v.patient.display),
    ...visitRefs(v),
    recordedDate: v.start,
    recorder: ref(v.clinician.practitioner, v.clinician.display),
  };
}

/**
 * Observation builders: blood pressure panel, body measurements, laboratory results and smoking
 * status, each with LOINC codes and UCUM units.
 */
import type { Resource } from '@openpractice/fhir';
import { concept, ref, round, ucum, type Code } from './fhir';
import { OBSERVATION_CATEGORY, OBSERVATION_CODE, SMOKING_VALUE, UNIT, type SmokingStatus } from './codes/observations';
import type { VisitRefs } from './clinical-resources';

function base(id: string, v: VisitRefs, category: Code, code: Code): Resource {
  if (!v.encounter) throw new Error('Observations need the Encounter they were taken in');
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [concept(category)],
    code: concept(code),
    subject: ref(v.patient.resource, v.patient.display),
    encounter: ref(v.encounter),
    effectiveDateTime: v.start,
    issued: v.end,
    performer: [ref(v.clinician.practitioner, v.clinician.display)],
  };
}

export function bloodPressure(id: string, v: VisitRefs, systolic: number, diastolic: number): Resource {
  return {
    ...base(id, v, OBSERVATION_CATEGORY.vitalSigns, OBSERVATION_CODE.bloodPressurePanel),
    component: [
      { code: concept(OBSERVATION_CODE.systolic), valueQuantity: ucum(Math.round(systolic), UNIT.mmHg.code, UNIT.mmHg.unit) },
      { code: concept(OBSERVATION_CODE.diastolic), valueQuantity: ucum(Math.round(diastolic), UNIT.mmHg.code, UNIT.mmHg.unit) },
    ],
  };
}

export type QuantityKind = 'bodyHeight' | 'bodyWeight' | 'bmi' | 'hba1c' | 'egfr' | 'totalCholesterol' | 'tsh';

const QUANTITY: Readonly<Record<QuantityKind, { code: Code; unit: { code: string; unit: string }; places: number; lab: boolean }>> = {
  bodyHeight: { code: OBSERVATION_CODE.bodyHeight, unit: UNIT.cm, places: 0, lab: false },
  bodyWeight: { code: OBSERVATION_CODE.bodyWeight, unit: UNIT.kg, places: 1, lab: false },
  bmi: { code: OBSERVATION_CODE.bmi, unit: UNIT.bmi, places: 1, lab: false },
  hba1c: { code: OBSERVATION_CODE.hba1c, unit: UNIT.mmolPerMol, places: 0, lab: true },
  egfr: { code: OBSERVATION_CODE.egfr, unit: UNIT.egfr, places: 0, lab: true },
  totalCholesterol: { code: OBSERVATION_CODE.totalCholesterol, unit: UNIT.mmolPerL, places: 1, lab: true },
  tsh: { code: OBSERVATION_CODE.tsh, unit: UNIT.milliUnitsPerL, places: 1, lab: true },
};

/** eGFR above 90 is reported as ">90" by UK laboratories (the CKD-EPI estimate is imprecise there). */
const EGFR_REPORTING_CEILING = 90;

/** Where a laboratory result came from: the laboratory that issued it, and when. */
export interface LabSource {
  readonly laboratory: Resource;
  readonly issued: string;
}

/** A measurement; laboratory results name the laboratory as performer and its report's issue time. */
export function quantityObservation(id: string, v: VisitRefs, kind: QuantityKind, value: number, lab?: LabSource): Resource {
  const q = QUANTITY[kind];
  const category = q.lab ? OBSERVATION_CATEGORY.laboratory : OBSERVATION_CATEGORY.vitalSigns;
  const valueQuantity =
    kind === 'egfr' && value > EGFR_REPORTING_CEILING
      ? { ...ucum(EGFR_REPORTING_CEILING, q.unit.code, q.unit.unit), comparator: '>' }
      : ucum(round(value, q.places), q.unit.code, q.unit.unit);
  const observation = { ...base(id, v, category, q.code), valueQuantity };
  return lab ? { ...observation, issued: lab.issued, performer: [ref(lab.laboratory, lab.laboratory.name as string | undefined)] } : observation;
}

/** Whether a measurement kind is a laboratory test. */
export function isLabKind(kind: QuantityKind): boolean {
  return QUANTITY[kind].lab;
}

export function smokingStatus(id: string, v: VisitRefs, status: SmokingStatus): Resource {
  return { ...base(id, v, OBSERVATION_CATEGORY.socialHistory, OBSERVATION_CODE.smokingStatus), valueCodeableConcept: concept(SMOKING_VALUE[status]) };
}

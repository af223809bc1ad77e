/**
 * Measurement values consistent with the patient's conditions on the day they are taken:
 * hypertensive blood pressure (lower once treated), HbA1c of 48-75 mmol/mol in diabetes, eGFR of
 * 30-59 in CKD stage 3, TSH raised at a hypothyroid diagnosis, body weight from height and BMI.
 */
import type { Prng } from './prng';
import type { ChronicConditionKey } from './codes/conditions';
import type { ClinicalProfile } from './clinical-profile';
import type { QuantityKind } from './observations';
import type { PatientProfile } from './patient';
import { yearsBetween } from './dates';

/** Why a measurement was taken: to make a diagnosis, at a review of a known condition, or routinely. */
export type Phase = 'diagnosis' | 'review' | 'routine';

export interface MeasureContext {
  readonly patient: PatientProfile;
  readonly clinical: ClinicalProfile;
  /** Conditions diagnosed and not resolved on the day. */
  readonly conditions: ReadonlySet<ChronicConditionKey>;
  /** On an antihypertensive on the day. */
  readonly treatedHypertension: boolean;
}

/** Conditions active on `day`. */
export function activeConditions(clinical: ClinicalProfile, day: number): Set<ChronicConditionKey> {
  return new Set(clinical.chronic.filter((c) => c.onsetDay <= day && (c.resolvedDay === undefined || c.resolvedDay > day)).map((c) => c.def.key));
}

/** Systolic and diastolic pressure in mmHg. */
export function bloodPressureValues(prng: Prng, m: MeasureContext, phase: Phase): [number, number] {
  const baseSys = m.clinical.systolic ?? 120;
  const baseDia = m.clinical.diastolic ?? 75;
  let sys: number;
  let dia: number;
  if (m.conditions.has('hypertension') && phase === 'diagnosis') {
    // NICE NG136: stage 1 hypertension starts at 140/90 in clinic.
    sys = prng.clampedNormal(Math.max(baseSys + 25, 152), 8, 141, 190);
    dia = prng.clampedNormal(Math.max(baseDia + 12, 92), 6, 85, 115);
  } else if (m.conditions.has('hypertension')) {
    sys = m.treatedHypertension ? prng.clampedNormal(136, 9, 115, 165) : prng.clampedNormal(147, 10, 125, 175);
    dia = m.treatedHypertension ? prng.clampedNormal(82, 6, 65, 98) : prng.clampedNormal(88, 6, 70, 105);
  } else {
    sys = prng.clampedNormal(baseSys, 6, 90, 149);
    dia = prng.clampedNormal(baseDia, 5, 50, 94);
  }
  return [Math.round(sys), Math.round(Math.min(dia, sys - 25))];
}

export interface BodyValues {
  readonly heightCm: number;
  readonly weightKg: number;
  readonly bmi: number;
}

/** Height, weight and the BMI computed from them (so the three always agree). */
export function bodyValues(prng: Prng, m: MeasureContext): BodyValues {
  const heightCm = Math.round(m.clinical.heightCm ?? 170);
  const bmiToday = (m.clinical.bmi ?? 26) + (m.conditions.has('diabetesType2') ? 2 : 0) + prng.normal(0, 0.8);
  const weightKg = Math.round(bmiToday * (heightCm / 100) ** 2 * 10) / 10;
  const bmi = Math.round((weightKg / (heightCm / 100) ** 2) * 10) / 10;
  return { heightCm, weightKg, bmi };
}

/** A laboratory value for the kinds the generator records. */
export function labValue(prng: Prng, kind: Extract<QuantityKind, 'hba1c' | 'egfr' | 'totalCholesterol' | 'tsh'>, m: MeasureContext, phase: Phase): number {
  const age = m.patient.age;
  switch (kind) {
    case 'hba1c':
      if (m.conditions.has('diabetesType2')) {
        // WHO/NICE: 48 mmol/mol or more is diagnostic; most people on treatment run 48-75.
        return phase === 'diagnosis' ? prng.clampedNormal(62, 8, 48, 95) : prng.clampedNormal(57, 7, 48, 75);
      }
      return prng.clampedNormal(37, 3, 28, 47);
    case 'egfr':
      if (m.conditions.has('ckdStage3')) return prng.int(30, 59);
      return prng.clampedNormal(100 - 0.6 * Math.max(0, age - 40), 10, 60, 130);
    case 'totalCholesterol':
      return prng.clampedNormal(5.1, 0.9, 2.8, 8.5);
    case 'tsh':
      if (m.conditions.has('hypothyroidism') && phase === 'diagnosis') return prng.clampedNormal(12, 4, 6, 40);
      return prng.clampedNormal(2.2, 1, 0.4, 5.5);
  }
}

/** Whole years of age on `day`. */
export function ageOn(patient: PatientProfile, day: number): number {
  return yearsBetween(patient.birthDay, day);
}

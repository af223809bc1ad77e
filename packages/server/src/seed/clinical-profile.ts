/**
 * Clinical decisions for one patient, before any FHIR is built: smoking, body size, baseline
 * blood pressure, chronic conditions (with onset dates), self-limiting illnesses and allergies.
 * Risks interact the way they do in primary care data: smokers get COPD, people with obesity and
 * South Asian or Black heritage get type 2 diabetes more often, hypertension and diabetes raise
 * the risk of CKD and cardiovascular disease.
 */
import type { Prng } from './prng';
import { ACUTE_CONDITIONS, CHRONIC_CONDITIONS, ageBand, type AcuteConditionDef, type ChronicConditionDef, type ChronicConditionKey } from './codes/conditions';
import { ALLERGIES, type AllergyDef } from './codes/allergies';
import type { SmokingStatus } from './codes/observations';
import type { PatientProfile } from './patient';
import { yearsBetween } from './dates';

export interface ChronicPlan {
  readonly def: ChronicConditionDef;
  readonly onsetDay: number;
  /** Set when the episode has resolved (depression, anxiety). */
  readonly resolvedDay?: number;
}

export interface AcutePlan {
  readonly def: AcuteConditionDef;
  readonly day: number;
  readonly resolvedDay: number;
}

export interface AllergyPlan {
  readonly def: AllergyDef;
  readonly reaction: AllergyDef['reactions'][number];
}

export interface ClinicalProfile {
  /** Recorded from age 16. */
  readonly smoking?: SmokingStatus;
  /** Adults only: height in cm and baseline BMI. */
  readonly heightCm?: number;
  readonly bmi?: number;
  /** Untreated baseline blood pressure, adults only. */
  readonly systolic?: number;
  readonly diastolic?: number;
  readonly chronic: readonly ChronicPlan[];
  readonly acute: readonly AcutePlan[];
  readonly allergies: readonly AllergyPlan[];
  /** True when asked about allergies and none were reported. */
  readonly noKnownAllergies: boolean;
}

const YEAR = 365;
/** How far back a record goes in detail (routine reviews, self-limiting illness, flu): 20 years. */
export const HISTORY_YEARS = 20;

/** Consultations a year for a self-limiting illness, by age then (England: 3-5 GP consultations a person a year, about a third for such problems). */
function acuteRate(age: number): number {
  if (age < 5) return 1.4;
  if (age < 16) return 0.45;
  if (age < 45) return 0.4;
  if (age < 65) return 0.5;
  if (age < 75) return 0.7;
  return 1.0;
}

function smokingStatus(prng: Prng, age: number): SmokingStatus {
  // ONS Adult smoking habits (~13% current smokers), with more ex-smokers in older age groups.
  const current = age < 25 ? 0.11 : age < 35 ? 0.16 : age < 50 ? 0.14 : age < 65 ? 0.13 : 0.08;
  const ex = age < 35 ? 0.08 : age < 50 ? 0.18 : age < 65 ? 0.3 : 0.4;
  const r = prng.next();
  return r < current ? 'current' : r < current + ex ? 'ex' : 'never';
}

function has(list: readonly ChronicPlan[], ...keys: ChronicConditionKey[]): boolean {
  return list.some((c) => keys.includes(c.def.key));
}

/** Relative risk for a condition given what is already known about the person. */
function riskMultiplier(def: ChronicConditionDef, p: PatientProfile, smoking: SmokingStatus | undefined, bmi: number | undefined, so: readonly ChronicPlan[]): number {
  let m = (p.sex === 'female' ? def.female : def.male) ?? 1;
  switch (def.key) {
    case 'hypertension':
      m *= p.ethnicGroup.hypertensionRisk * (bmi !== undefined && bmi >= 30 ? 1.4 : 1);
      break;
    case 'diabetesType2':
      m *= p.ethnicGroup.diabetesRisk * (bmi === undefined ? 1 : bmi >= 30 ? 2 : bmi < 25 ? 0.5 : 1);
      break;
    case 'copd':
      m *= smoking === 'current' ? 3 : smoking === 'ex' ? 2.5 : 0.15;
      break;
    case 'ckdStage3':
      m *= has(so, 'hypertension', 'diabetesType2') ? 1.8 : 0.7;
      break;
    case 'coronaryHeartDisease':
    case 'stroke':
      m *= (has(so, 'hypertension', 'diabetesType2') ? 1.5 : 0.8) * (smoking === 'current' ? 1.5 : 1);
      break;
    case 'heartFailure':
      m *= has(so, 'coronaryHeartDisease') ? 2.5 : has(so, 'hypertension') ? 1.3 : 0.7;
      break;
    case 'atrialFibrillation':
      m *= has(so, 'hypertension') ? 1.3 : 0.9;
      break;
    case 'asthma':
    case 'depression':
    case 'anxiety':
    case 'hypothyroidism':
    case 'osteoarthritis':
      break;
  }
  return m;
}

/** Onset between the condition's earliest age and yesterday, weighted towards recent years. */
function onsetDay(prng: Prng, def: ChronicConditionDef, p: PatientProfile, today: number): number {
  const earliest = p.birthDay + def.minOnsetAge * YEAR;
  const span = today - 1 - earliest;
  return earliest + Math.floor(span * (1 - prng.next() ** 2));
}

/** Decides the patient's clinical story, up to `today` (for the deceased, the day they died). */
export function planClinical(prng: Prng, p: PatientProfile, today: number): ClinicalProfile {
  const adult = p.age >= 18;
  const smoking = p.age >= 16 ? smokingStatus(prng, p.age) : undefined;
  const heightCm = adult ? prng.clampedNormal(p.sex === 'male' ? 176 : 162, p.sex === 'male' ? 7 : 6.5, 140, 205) : undefined;
  const bmi = adult ? prng.clampedNormal(26.5 + Math.min(p.age, 65) / 40, 5, 16.5, 55) : undefined;
  const systolic = adult ? prng.clampedNormal(112 + 0.45 * (p.age - 18), 11, 92, 165) : undefined;
  const diastolic = adult ? prng.clampedNormal(70 + 0.15 * (p.age - 18), 7, 55, 95) : undefined;

  const chronic: ChronicPlan[] = [];
  for (const def of CHRONIC_CONDITIONS) {
    if (p.age < def.minOnsetAge) continue;
    const base = def.prevalence[ageBand(p.age)];
    const probability = Math.min(0.95, base * riskMultiplier(def, p, smoking, bmi, chronic));
    if (!prng.chance(probability)) continue;
    const onset = onsetDay(prng, def, p, today);
    const resolves = def.resolvedShare !== undefined && today - onset > YEAR && prng.chance(def.resolvedShare);
    chronic.push(resolves ? { def, onsetDay: onset, resolvedDay: onset + prng.int(90, Math.min(3 * YEAR, today - 1 - onset)) } : { def, onsetDay: onset });
  }

  // Self-limiting problems seen at the practice over the history: more for the young and old,
  // and for women. Each year of the history gets its own count at the age the patient was then.
  const acute: AcutePlan[] = [];
  const from = Math.max(p.registeredOn, today - HISTORY_YEARS * YEAR);
  for (let yearStart = from; yearStart < today - 1; yearStart += YEAR) {
    const ageThen = yearsBetween(p.birthDay, yearStart);
    const rate = acuteRate(ageThen) * (p.sex === 'female' && ageThen >= 16 ? 1.3 : 1);
    const episodes = Math.floor(rate) + (prng.chance(rate - Math.floor(rate)) ? 1 : 0);
    for (let i = 0; i < episodes; i++) {
      const day = prng.int(yearStart, Math.min(yearStart + YEAR, today) - 1);
      const candidates = ACUTE_CONDITIONS.filter((d) => yearsBetween(p.birthDay, day) >= d.minAge);
      if (candidates.length === 0) continue;
      const def = prng.weighted(candidates, (d) => d.weight * (p.sex === 'female' ? (d.female ?? 1) : 1));
      const resolvedDay = day + prng.int(def.days[0], def.days[1]);
      if (resolvedDay < today) acute.push({ def, day, resolvedDay });
    }
  }
  acute.sort((a, b) => a.day - b.day);

  const allergies: AllergyPlan[] = [];
  for (const def of ALLERGIES) {
    if (p.age >= def.minAge && prng.chance(def.prevalence)) allergies.push({ def, reaction: prng.weighted(def.reactions, (r) => r.weight) });
  }
  const noKnownAllergies = allergies.length === 0 && prng.chance(0.6);

  return {
    ...(smoking ? { smoking } : {}),
    ...(heightCm !== undefined ? { heightCm } : {}),
    ...(bmi !== undefined ? { bmi } : {}),
    ...(systolic !== undefined ? { systolic } : {}),
    ...(diastolic !== undefined ? { diastolic } : {}),
    chronic,
    acute,
    allergies,
    noKnownAllergies,
  };
}

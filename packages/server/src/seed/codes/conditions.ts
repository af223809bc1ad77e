/**
 * Conditions the generator records, with SNOMED CT concept ids and their preferred terms, and
 * rough prevalence by age band tuned so that registers land near the published England QOF
 * prevalence (whole-list: hypertension ~14%, diabetes ~7.5% of 17+, asthma ~6.5%, unresolved
 * depression ~13% of 18+, CKD 3-5 ~4% of 18+, COPD ~1.9%, AF ~2.2%, CHD ~3%, stroke/TIA ~1.8%, heart failure ~1%).
 * Only concept ids we are sure of are listed; add to the table rather than to the code.
 */
import { snomed, type Code } from '../fhir';

/** Age bands used by the prevalence tables: 0-17, 18-39, 40-59, 60-79, 80+. */
export type BandedRate = readonly [number, number, number, number, number];

/** Index into a `BandedRate` for an age in years. */
export function ageBand(age: number): 0 | 1 | 2 | 3 | 4 {
  if (age < 18) return 0;
  if (age < 40) return 1;
  if (age < 60) return 2;
  if (age < 80) return 3;
  return 4;
}

export type ChronicConditionKey =
  | 'hypertension'
  | 'diabetesType2'
  | 'asthma'
  | 'depression'
  | 'anxiety'
  | 'ckdStage3'
  | 'copd'
  | 'atrialFibrillation'
  | 'coronaryHeartDisease'
  | 'stroke'
  | 'heartFailure'
  | 'hypothyroidism'
  | 'osteoarthritis';

export interface ChronicConditionDef {
  readonly key: ChronicConditionKey;
  readonly code: Code;
  /** Probability of being on the register, by age band. */
  readonly prevalence: BandedRate;
  /** Multipliers by sex (default 1). */
  readonly female?: number;
  readonly male?: number;
  /** Youngest age at which it is diagnosed. */
  readonly minOnsetAge: number;
  /** Who runs the annual review. */
  readonly reviewer: 'gp' | 'nurse' | 'pharmacist';
  /** Some registers include resolved episodes (depression, anxiety): the share now resolved. */
  readonly resolvedShare?: number;
}

export const CHRONIC_CONDITIONS: readonly ChronicConditionDef[] = [
  { key: 'hypertension', code: snomed('38341003', 'Hypertensive disorder, systemic arterial'), prevalence: [0, 0.024, 0.12, 0.32, 0.48], minOnsetAge: 25, reviewer: 'nurse' },
  { key: 'diabetesType2', code: snomed('44054006', 'Diabetes mellitus type 2'), prevalence: [0, 0.011, 0.06, 0.125, 0.14], minOnsetAge: 25, reviewer: 'nurse' },
  { key: 'asthma', code: snomed('195967001', 'Asthma'), prevalence: [0.06, 0.07, 0.065, 0.065, 0.06], minOnsetAge: 4, reviewer: 'nurse' },
  // Rates are for ever being diagnosed: about 40% of episodes resolve, and the QOF register (and
  // the ~13% of 18+) counts only unresolved depression, so ~0.13 / 0.6 of adults are ever diagnosed.
  { key: 'depression', code: snomed('35489007', 'Depressive disorder'), prevalence: [0, 0.205, 0.205, 0.175, 0.145], female: 1.3, male: 0.7, minOnsetAge: 16, reviewer: 'gp', resolvedShare: 0.4 },
  { key: 'anxiety', code: snomed('197480006', 'Anxiety disorder'), prevalence: [0.01, 0.08, 0.06, 0.04, 0.03], female: 1.4, male: 0.6, minOnsetAge: 12, reviewer: 'gp', resolvedShare: 0.5 },
  { key: 'ckdStage3', code: snomed('433144002', 'Chronic kidney disease stage 3'), prevalence: [0, 0.0025, 0.017, 0.068, 0.21], minOnsetAge: 30, reviewer: 'gp' },
  { key: 'copd', code: snomed('13645005', 'Chronic obstructive lung disease'), prevalence: [0, 0.001, 0.015, 0.05, 0.07], minOnsetAge: 40, reviewer: 'nurse' },
  { key: 'atrialFibrillation', code: snomed('49436004', 'Atrial fibrillation'), prevalence: [0, 0.001, 0.008, 0.05, 0.15], male: 1.2, female: 0.85, minOnsetAge: 35, reviewer: 'gp' },
  { key: 'coronaryHeartDisease', code: snomed('414545008', 'Ischemic heart disease'), prevalence: [0, 0.001, 0.02, 0.08, 0.16], male: 1.4, female: 0.65, minOnsetAge: 35, reviewer: 'gp' },
  { key: 'stroke', code: snomed('230690007', 'Cerebrovascular accident'), prevalence: [0, 0.001, 0.008, 0.04, 0.09], minOnsetAge: 35, reviewer: 'gp' },
  { key: 'heartFailure', code: snomed('84114007', 'Heart failure'), prevalence: [0, 0.0005, 0.004, 0.025, 0.08], minOnsetAge: 40, reviewer: 'gp' },
  { key: 'hypothyroidism', code: snomed('40930008', 'Hypothyroidism'), prevalence: [0.001, 0.015, 0.035, 0.07, 0.09], female: 1.7, male: 0.3, minOnsetAge: 16, reviewer: 'pharmacist' },
  { key: 'osteoarthritis', code: snomed('396275006', 'Osteoarthritis'), prevalence: [0, 0.01, 0.08, 0.25, 0.4], female: 1.2, male: 0.8, minOnsetAge: 35, reviewer: 'gp' },
];

export type AcuteConditionKey = 'viralSinusitis' | 'viralPharyngitis' | 'acuteBronchitis' | 'urinaryTractInfection' | 'lowBackPain';

export interface AcuteConditionDef {
  readonly key: AcuteConditionKey;
  readonly code: Code;
  /** Relative frequency among self-limiting problems seen in general practice. */
  readonly weight: number;
  readonly minAge: number;
  /** Days until resolved. */
  readonly days: readonly [number, number];
  readonly female?: number;
}

export const ACUTE_CONDITIONS: readonly AcuteConditionDef[] = [
  { key: 'viralSinusitis', code: snomed('444814009', 'Viral sinusitis'), weight: 3, minAge: 2, days: [7, 21] },
  { key: 'viralPharyngitis', code: snomed('195662009', 'Acute viral pharyngitis'), weight: 4, minAge: 0, days: [3, 10] },
  { key: 'acuteBronchitis', code: snomed('10509002', 'Acute bronchitis'), weight: 2, minAge: 0, days: [10, 28] },
  { key: 'urinaryTractInfection', code: snomed('68566005', 'Urinary tract infectious disease'), weight: 2, minAge: 5, days: [3, 10], female: 4 },
  { key: 'lowBackPain', code: snomed('279039007', 'Low back pain'), weight: 3, minAge: 16, days: [14, 60] },
];

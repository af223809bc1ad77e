/**
 * A patient's consultation history as a plan: which visits happened, with whom, and what was
 * recorded at each (conditions, allergies, prescriptions, measurements). No FHIR here; the plan is
 * turned into resources by record.ts, in date order, so every reference points backwards.
 */
import type { Prng } from './prng';
import type { Code } from './fhir';
import { ENCOUNTER_TYPE } from './codes/staff';
import { ACUTE_TREATMENT, PENICILLIN_ALLERGY, planRepeatMedicines, type MedicationKey, type Prescribee } from './codes/medications';
import type { ChronicConditionKey } from './codes/conditions';
import type { AcutePlan, AllergyPlan, ChronicPlan, ClinicalProfile } from './clinical-profile';
import type { PracticeContext, StaffMember } from './context';
import type { PatientProfile } from './patient';
import { addYears, isWeekday, yearsBetween } from './dates';
import type { Phase } from './measurements';

export type Measurement = 'bp' | 'body' | 'smoking' | 'hba1c' | 'egfr' | 'totalCholesterol' | 'tsh';

export interface PrescriptionPlan {
  readonly medication: MedicationKey;
  readonly course: 'continuous' | 'acute';
  /** The plans of the conditions it treats; all are recorded at or before this visit. */
  readonly reasons: (ChronicPlan | AcutePlan)[];
}

export interface Visit {
  readonly day: number;
  readonly clinician: StaffMember;
  readonly type: Code;
  readonly description: string;
  readonly minutes: number;
  readonly chronic: { plan: ChronicPlan; onsetDay: number }[];
  readonly acute: AcutePlan[];
  readonly allergies: AllergyPlan[];
  noKnownAllergies: boolean;
  readonly prescriptions: PrescriptionPlan[];
  readonly measurements: Map<Measurement, Phase>;
}

export interface MissedAppointment {
  readonly day: number;
  readonly clinician: StaffMember;
  readonly status: 'noshow' | 'cancelled';
}

const YEAR = 365;
/** How far back annual reviews and routine checks are looked for. */
const REVIEW_WINDOW_DAYS = 350;

/** Measurements taken at a review of each condition. */
const REVIEW_MEASUREMENTS: Partial<Record<ChronicConditionKey, readonly Measurement[]>> = {
  hypertension: ['bp'],
  diabetesType2: ['bp', 'body', 'hba1c', 'egfr', 'smoking'],
  asthma: ['smoking'],
  copd: ['smoking', 'body'],
  ckdStage3: ['bp', 'egfr'],
  coronaryHeartDisease: ['bp', 'totalCholesterol', 'smoking'],
  stroke: ['bp', 'totalCholesterol'],
  heartFailure: ['bp', 'body'],
  atrialFibrillation: ['bp'],
  hypothyroidism: ['tsh'],
};

/** Measurements that make the diagnosis. */
const DIAGNOSTIC_MEASUREMENT: Partial<Record<ChronicConditionKey, Measurement>> = {
  hypertension: 'bp',
  diabetesType2: 'hba1c',
  ckdStage3: 'egfr',
  hypothyroidism: 'tsh',
};

function weekdayOnOrBefore(day: number): number {
  let d = day;
  while (!isWeekday(d)) d--;
  return d;
}

/** A random weekday in [from, to], or undefined when there is none. */
function dayBetween(prng: Prng, from: number, to: number): number | undefined {
  if (from > to) return undefined;
  let d = weekdayOnOrBefore(prng.int(from, to));
  if (d < from) d += 3; // a weekend just before `from`: move to the following Monday at the latest
  while (!isWeekday(d)) d++;
  return d <= to ? d : undefined;
}

export function planVisits(prng: Prng, ctx: PracticeContext, p: PatientProfile, clinical: ClinicalProfile): { visits: Visit[]; missed: MissedAppointment[] } {
  const today = ctx.options.today;
  const nurse = ctx.nurses[0] ?? p.usualGp;
  const pharmacist = ctx.pharmacists[0] ?? p.usualGp;
  const gp = (): StaffMember => (prng.chance(0.7) ? p.usualGp : prng.pick(ctx.gps));
  const adult = p.age >= 18;
  const visits: Visit[] = [];
  const newVisit = (day: number, clinician: StaffMember, type: Code, description: string, minutes: number): Visit => {
    const v: Visit = { day, clinician, type, description, minutes, chronic: [], acute: [], allergies: [], noKnownAllergies: false, prescriptions: [], measurements: new Map() };
    visits.push(v);
    return v;
  };
  const measure = (v: Visit, ms: readonly Measurement[], phase: Phase) => {
    for (const m of ms) {
      const ageThen = yearsBetween(p.birthDay, v.day);
      if (m === 'smoking' && (clinical.smoking === undefined || ageThen < 16)) continue;
      if ((m === 'body' || m === 'bp') && ageThen < 18) continue;
      if (!v.measurements.has(m) || phase === 'diagnosis') v.measurements.set(m, phase);
    }
  };

  // Registration: a nurse check that records history brought from the previous practice.
  const registration = newVisit(p.registeredOn, nurse, ENCOUNTER_TYPE.checkUp, 'New patient registration check', 20);
  registration.allergies.push(...clinical.allergies);
  registration.noKnownAllergies = clinical.noKnownAllergies;
  measure(registration, ['bp', 'body', 'smoking'], 'routine');

  // Diagnoses: made here when onset is after registration, otherwise carried over at registration.
  const recordedAt = new Map<ChronicPlan, Visit>();
  for (const plan of clinical.chronic) {
    const day = weekdayOnOrBefore(plan.onsetDay);
    const visit = day > p.registeredOn ? newVisit(day, gp(), ENCOUNTER_TYPE.consultation, `Consultation: ${plan.def.code.display}`, 10) : registration;
    visit.chronic.push({ plan, onsetDay: Math.min(plan.onsetDay, visit.day) });
    const diagnostic = DIAGNOSTIC_MEASUREMENT[plan.def.key];
    if (diagnostic && visit !== registration) measure(visit, [diagnostic], 'diagnosis');
    recordedAt.set(plan, visit);
  }

  // Annual reviews of active long-term conditions, one visit per reviewing clinician.
  const reviewedAt = new Map<ChronicPlan, Visit>();
  for (const reviewer of ['nurse', 'gp', 'pharmacist'] as const) {
    // Only conditions known for a fortnight or more are due a review.
    const plans = clinical.chronic.filter((c) => c.def.reviewer === reviewer && c.resolvedDay === undefined && (recordedAt.get(c)?.day ?? today) + 14 < today);
    if (plans.length === 0) continue;
    const earliest = Math.max(today - REVIEW_WINDOW_DAYS, ...plans.map((c) => (recordedAt.get(c)?.day ?? today) + 14));
    const day = dayBetween(prng, earliest, today - 1);
    if (day === undefined) continue;
    const who = reviewer === 'nurse' ? nurse : reviewer === 'pharmacist' ? pharmacist : p.usualGp;
    const names = plans.map((c) => c.def.code.display).join(', ');
    const review = newVisit(day, who, ENCOUNTER_TYPE.followUp, `Long-term condition review: ${names}`, 20);
    for (const c of plans) {
      measure(review, REVIEW_MEASUREMENTS[c.def.key] ?? [], 'review');
      reviewedAt.set(c, review);
    }
  }

  // Repeat prescriptions: what a GP would have reached for the active long-term conditions taken
  // together (codes/medications.ts), each medicine issued at the latest review (or diagnosis) of
  // the conditions it treats.
  const who: Prescribee = { age: p.age, sex: p.sex, penicillinAllergy: clinical.allergies.some((a) => a.def.code.code === PENICILLIN_ALLERGY) };
  const homeOf = (c: ChronicPlan) => reviewedAt.get(c) ?? recordedAt.get(c);
  const active = clinical.chronic.filter((c) => c.resolvedDay === undefined && homeOf(c));
  for (const { medication, for: keys } of planRepeatMedicines(prng, who, active.map((c) => c.def.key))) {
    const reasons = active.filter((c) => keys.includes(c.def.key));
    const visit = reasons.map((c) => homeOf(c)!).reduce((latest, v) => (v.day > latest.day ? v : latest));
    visit.prescriptions.push({ medication, course: 'continuous', reasons });
  }

  // Self-limiting illnesses seen by a GP, some treated (antibiotics as NICE guidance has them).
  for (const plan of clinical.acute) {
    const day = weekdayOnOrBefore(plan.day);
    if (day <= p.registeredOn) continue;
    const visit = newVisit(day, gp(), ENCOUNTER_TYPE.consultation, `Consultation: ${plan.def.code.display}`, 10);
    visit.acute.push(plan);
    const treat = ACUTE_TREATMENT[plan.def.key];
    const ageThen = { ...who, age: yearsBetween(p.birthDay, day) };
    for (const medication of treat ? treat(prng, ageThen) : []) visit.prescriptions.push({ medication, course: 'acute', reasons: [plan] });
  }

  // NHS Health Check (ages 40-74 without a cardiovascular register), every five years.
  const cardiovascular: readonly ChronicConditionKey[] = ['hypertension', 'diabetesType2', 'ckdStage3', 'coronaryHeartDisease', 'stroke', 'heartFailure', 'atrialFibrillation'];
  if (p.age >= 40 && p.age <= 74 && !clinical.chronic.some((c) => cardiovascular.includes(c.def.key)) && prng.chance(0.45)) {
    const day = dayBetween(prng, Math.max(today - 5 * YEAR, p.registeredOn + 1, addYears(p.birthDay, 40)), today - 1);
    if (day !== undefined) measure(newVisit(day, nurse, ENCOUNTER_TYPE.checkUp, 'NHS Health Check', 20), ['bp', 'body', 'smoking', 'totalCholesterol', 'hba1c'], 'routine');
  }

  // Every adult has had their blood pressure, weight and smoking recorded within five years.
  const recentAdultCheck = visits.some((v) => v.measurements.has('bp') && v.measurements.has('body') && v.day >= today - 5 * YEAR);
  if (adult && !recentAdultCheck) {
    const day = dayBetween(prng, Math.max(today - 5 * YEAR, p.registeredOn + 1, addYears(p.birthDay, 18)), today - 1);
    if (day !== undefined) measure(newVisit(day, nurse, ENCOUNTER_TYPE.checkUp, 'Blood pressure and weight check', 20), ['bp', 'body', 'smoking'], 'routine');
  }

  // Appointments not attended or cancelled in the last year.
  const missed: MissedAppointment[] = [];
  for (const status of ['noshow', 'cancelled'] as const) {
    if (!prng.chance(status === 'noshow' ? 0.1 : 0.12)) continue;
    const day = dayBetween(prng, Math.max(today - YEAR, p.registeredOn + 1), today - 1);
    if (day !== undefined) missed.push({ day, clinician: prng.chance(0.7) ? gp() : nurse, status });
  }
  return { visits, missed };
}

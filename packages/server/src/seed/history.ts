/**
 * The rest of a patient's history around the consultations visits.ts plans: a review every year of
 * each long-term condition (visits.ts plans only the latest), vaccinations, referrals with the
 * clinic letters and discharge summaries that come back, suspected-cancer presentations, and a
 * small share of sensitive episodes (HIV, sexually transmitted infection, termination of
 * pregnancy, adult safeguarding, gender dysphoria). No FHIR here.
 */
import type { Prng } from './prng';
import type { Code } from './fhir';
import { ENCOUNTER_TYPE } from './codes/staff';
import { REFERRALS, type ReferralKey } from './codes/referrals';
import { SENSITIVE_CODE } from './codes/record-artifacts';
import type { ChronicConditionKey } from './codes/conditions';
import { HISTORY_YEARS, type AcutePlan, type ChronicPlan, type ClinicalProfile } from './clinical-profile';
import type { PracticeContext, StaffMember } from './context';
import type { PatientProfile } from './patient';
import type { Measurement, Visit } from './visits';
import { CHILDHOOD_SCHEDULE, planImmunisations, type ImmunisationPlan } from './immunisations';
import { isWeekday, yearsBetween } from './dates';

const YEAR = 365;

export type SensitiveKind = 'hiv' | 'sti' | 'top' | 'safeguarding' | 'genderDysphoria';

/** A sensitive coded entry: a Condition, or an Observation for findings and procedures. */
export interface SensitiveEntry {
  readonly kind: SensitiveKind;
  readonly code: Code;
  readonly resource: 'condition' | 'observation';
  readonly category?: 'problem-list-item' | 'encounter-diagnosis';
  readonly onsetDay: number;
  readonly resolvedDay?: number;
}

export interface ReferralPlan {
  readonly key: ReferralKey;
  /** The condition it is for, when one is coded; otherwise `reasonText` says why. */
  readonly reason?: ChronicPlan | AcutePlan | SensitiveEntry;
  readonly reasonText?: string;
  readonly sensitive: boolean;
  /** Day first seen, when that was before the record ends. */
  readonly seenDay?: number;
}

export interface VisitExtras {
  /** Long-term conditions reviewed (their repeats are re-authorised). */
  readonly reviewed: ChronicPlan[];
  readonly immunisations: ImmunisationPlan[];
  readonly referrals: ReferralPlan[];
  readonly sensitive: SensitiveEntry[];
  /** What brought the patient, when it is not a coded condition. */
  complaint?: string;
  /** Nothing about this consultation may be shown to the patient or shared. */
  sensitiveVisit: boolean;
  /** A label for the kind of visit, for the note (e.g. "flu clinic"). */
  label?: string;
}

export interface LetterPlan {
  readonly day: number;
  readonly type: 'clinicLetter' | 'dischargeSummary';
  readonly referral?: ReferralPlan;
  /** The condition or sensitive entry it is about. */
  readonly about?: ChronicPlan | AcutePlan | SensitiveEntry;
  readonly sensitive: boolean;
  /** For discharge summaries: the admission that made the diagnosis, or a later exacerbation. */
  readonly admission?: 'diagnosis' | 'exacerbation';
  /** An entry coded from the letter (e.g. a termination of pregnancy). */
  readonly codedEntry?: SensitiveEntry;
  readonly pdf: boolean;
}

export interface HistoryPlan {
  /** Every consultation, in date order. */
  readonly visits: Visit[];
  readonly extras: Map<Visit, VisitExtras>;
  readonly letters: LetterPlan[];
  /** Vaccinations given elsewhere (school, vaccination centre, pharmacy, previous practice). */
  readonly reportedImmunisations: ImmunisationPlan[];
  readonly historyStart: number;
}

/** Measurements taken at a yearly review, per condition (as visits.ts takes at the latest one). */
const ANNUAL_MEASUREMENTS: Partial<Record<ChronicConditionKey, readonly Measurement[]>> = {
  hypertension: ['bp', 'egfr'],
  diabetesType2: ['bp', 'body', 'hba1c', 'egfr', 'totalCholesterol', 'smoking'],
  asthma: ['smoking'],
  copd: ['smoking', 'body'],
  ckdStage3: ['bp', 'egfr'],
  coronaryHeartDisease: ['bp', 'totalCholesterol', 'smoking'],
  stroke: ['bp', 'totalCholesterol'],
  heartFailure: ['bp', 'body', 'egfr'],
  atrialFibrillation: ['bp', 'egfr'],
  hypothyroidism: ['tsh'],
};

/** Referrals made when a condition is diagnosed here, with the share referred. */
const REFERRAL_AT_DIAGNOSIS: Partial<Record<ChronicConditionKey, readonly { key: ReferralKey; share: number }[]>> = {
  atrialFibrillation: [{ key: 'cardiology', share: 0.5 }],
  heartFailure: [{ key: 'cardiology', share: 0.7 }],
  coronaryHeartDisease: [{ key: 'cardiology', share: 0.6 }],
  osteoarthritis: [{ key: 'orthopaedics', share: 0.3 }],
  depression: [
    { key: 'primaryCareMentalHealth', share: 0.3 },
    { key: 'communityMentalHealth', share: 0.04 },
  ],
  anxiety: [{ key: 'primaryCareMentalHealth', share: 0.25 }],
};

/** Referrals made at a yearly review when a condition is not controlled, a year. */
const REFERRAL_AT_REVIEW: Partial<Record<ChronicConditionKey, { key: ReferralKey; share: number }>> = {
  osteoarthritis: { key: 'orthopaedics', share: 0.06 },
  heartFailure: { key: 'cardiology', share: 0.08 },
  atrialFibrillation: { key: 'cardiology', share: 0.04 },
  coronaryHeartDisease: { key: 'cardiology', share: 0.05 },
  depression: { key: 'primaryCareMentalHealth', share: 0.05 },
};

/** Conditions usually diagnosed in hospital, after an admission the GP hears of in a discharge summary. */
const ADMITTED_AT_DIAGNOSIS: readonly ChronicConditionKey[] = ['stroke', 'coronaryHeartDisease', 'heartFailure'];

/**
 * Emergency admissions of people with long-term conditions (exacerbations), a year, from 65: about
 * one in ten a year, as England's emergency admission rates for people over 65 with these
 * conditions run. Each comes back to the practice as a discharge summary.
 */
const ADMISSION_RISK: Partial<Record<ChronicConditionKey, number>> = { copd: 0.12, heartFailure: 0.15, atrialFibrillation: 0.05, coronaryHeartDisease: 0.05, diabetesType2: 0.03, stroke: 0.04 };

/**
 * Urgent suspected cancer (two-week wait) referrals a year by age: England makes about 3 million
 * a year, mostly for people over 50 (NHS England cancer waiting times).
 */
function suspectedCancerRate(age: number): number {
  if (age < 30) return 0;
  if (age < 50) return 0.02;
  if (age < 70) return 0.05;
  return 0.07;
}

/** Presentations that need a two-week-wait referral, by who presents with them. */
const SUSPECTED_CANCER: readonly { key: ReferralKey; complaint: string; minAge: number; sex?: 'male' | 'female'; weight: number }[] = [
  { key: 'fastTrackBreast', complaint: 'breast lump', minAge: 30, sex: 'female', weight: 4 },
  { key: 'fastTrackColorectal', complaint: 'rectal bleeding and change in bowel habit', minAge: 50, weight: 3 },
  { key: 'fastTrackSkin', complaint: 'changing pigmented skin lesion', minAge: 30, weight: 3 },
  { key: 'fastTrackUpperGi', complaint: 'dyspepsia with weight loss', minAge: 55, weight: 1 },
  { key: 'fastTrackUrological', complaint: 'visible haematuria', minAge: 45, weight: 2 },
  { key: 'fastTrackLung', complaint: 'persistent cough and haemoptysis', minAge: 40, weight: 2 },
];

function weekdayFrom(day: number): number {
  let d = day;
  while (!isWeekday(d)) d++;
  return d;
}

/** The consultation history, completed. `visits` are those visits.ts planned. */
export function planHistory(prng: Prng, ctx: PracticeContext, p: PatientProfile, clinical: ClinicalProfile, planned: readonly Visit[]): HistoryPlan {
  const historyStart = Math.max(p.registeredOn, p.endDay - HISTORY_YEARS * YEAR);
  const nurse = ctx.nurses[0] ?? p.usualGp;
  const pharmacist = ctx.pharmacists[0] ?? p.usualGp;
  const gp = (): StaffMember => (prng.chance(0.7) ? p.usualGp : prng.pick(ctx.gps));
  const visits: Visit[] = [...planned];
  const extras = new Map<Visit, VisitExtras>();
  const letters: LetterPlan[] = [];
  const extrasOf = (v: Visit): VisitExtras => {
    let e = extras.get(v);
    if (!e) extras.set(v, (e = { reviewed: [], immunisations: [], referrals: [], sensitive: [], sensitiveVisit: false }));
    return e;
  };
  const newVisit = (day: number, clinician: StaffMember, type: Code, description: string, minutes: number): Visit => {
    const v: Visit = { day, clinician, type, description, minutes, chronic: [], acute: [], allergies: [], noKnownAllergies: false, prescriptions: [], measurements: new Map() };
    visits.push(v);
    return v;
  };
  const ageOn = (day: number) => yearsBetween(p.birthDay, day);
  const canVisit = (day: number) => day > p.registeredOn && day < p.endDay;
  const measure = (v: Visit, ms: readonly Measurement[]) => {
    for (const m of ms) {
      const age = ageOn(v.day);
      if (m === 'smoking' && (clinical.smoking === undefined || age < 16)) continue;
      if ((m === 'body' || m === 'bp') && age < 18) continue;
      if (!v.measurements.has(m)) v.measurements.set(m, 'review');
    }
  };
  const recordedAt = new Map<ChronicPlan, Visit>();
  for (const v of planned) for (const { plan } of v.chronic) if (!recordedAt.has(plan)) recordedAt.set(plan, v);
  const registration = planned[0];

  // The reviews visits.ts planned: the conditions each one covers.
  for (const v of planned) {
    if (!v.description.startsWith('Long-term condition review')) continue;
    extrasOf(v).reviewed.push(...clinical.chronic.filter((c) => v.description.includes(c.def.code.display)));
  }

  // Earlier yearly reviews, back to when each condition was recorded (or the history's start).
  for (const reviewer of ['nurse', 'gp', 'pharmacist'] as const) {
    const plans = clinical.chronic.filter((c) => c.def.reviewer === reviewer && recordedAt.has(c));
    if (plans.length === 0) continue;
    const latest = planned.filter((v) => extras.get(v)?.reviewed.some((c) => plans.includes(c))).at(-1);
    const anchor = latest?.day ?? p.endDay - prng.int(30, 200);
    const who = reviewer === 'nurse' ? nurse : reviewer === 'pharmacist' ? pharmacist : p.usualGp;
    for (let k = 1; ; k++) {
      const day = weekdayFrom(anchor - k * YEAR + prng.int(-25, 25));
      if (day < historyStart) break;
      const due = plans.filter((c) => (recordedAt.get(c)?.day ?? Infinity) + 60 < day && (c.resolvedDay === undefined || c.resolvedDay > day) && c.onsetDay < day);
      if (due.length === 0 || !canVisit(day) || prng.chance(0.08)) continue;
      const v = newVisit(day, who, ENCOUNTER_TYPE.followUp, `Long-term condition review: ${due.map((c) => c.def.code.display).join(', ')}`, 20);
      const e = extrasOf(v);
      e.reviewed.push(...due);
      for (const c of due) {
        measure(v, ANNUAL_MEASUREMENTS[c.def.key] ?? []);
        const r = REFERRAL_AT_REVIEW[c.def.key];
        if (r && prng.chance(r.share) && !e.referrals.some((x) => x.key === r.key)) e.referrals.push(referral(prng, r.key, day, p.endDay, { reason: c }));
      }
    }
  }

  // Referrals at diagnosis, and the discharge summaries of conditions diagnosed in hospital.
  for (const v of planned) {
    if (v === registration) continue;
    for (const { plan } of v.chronic) {
      for (const r of REFERRAL_AT_DIAGNOSIS[plan.def.key] ?? []) {
        if (prng.chance(r.share)) extrasOf(v).referrals.push(referral(prng, r.key, v.day, p.endDay, { reason: plan }));
      }
      if (ADMITTED_AT_DIAGNOSIS.includes(plan.def.key) && prng.chance(0.7)) {
        const day = v.day + prng.int(3, 14);
        if (day < p.endDay) letters.push({ day, type: 'dischargeSummary', about: plan, admission: 'diagnosis', sensitive: false, pdf: prng.chance(0.4) });
      }
    }
    for (const plan of v.acute) {
      const age = ageOn(v.day);
      const key: ReferralKey | undefined =
        plan.def.key === 'lowBackPain' && prng.chance(0.08)
          ? 'orthopaedics'
          : plan.def.key === 'acuteBronchitis' && age >= 40 && clinical.smoking !== 'never' && clinical.smoking !== undefined && prng.chance(0.04)
            ? 'fastTrackLung'
            : plan.def.key === 'urinaryTractInfection' && age >= 55 && prng.chance(0.03)
              ? 'fastTrackUrological'
              : undefined;
      if (key) extrasOf(v).referrals.push(referral(prng, key, v.day, p.endDay, { reason: plan }));
    }
  }

  // Yearly chances of the less common: suspected cancer, and the sensitive episodes.
  let safeguarded = false;
  let genderClinic = false;
  let hiv = false;
  for (let year = historyStart; year < p.endDay; year += YEAR) {
    const age = ageOn(year);
    const day = () => weekdayFrom(year + prng.int(0, YEAR - 1));
    if (prng.chance(suspectedCancerRate(age))) {
      const options = SUSPECTED_CANCER.filter((s) => age >= s.minAge && (s.sex === undefined || s.sex === p.sex));
      const d = day();
      if (options.length > 0 && canVisit(d)) {
        const s = prng.weighted(options, (o) => o.weight);
        const v = newVisit(d, gp(), ENCOUNTER_TYPE.consultation, `Consultation: ${s.complaint}`, 10);
        const e = extrasOf(v);
        e.complaint = s.complaint;
        e.referrals.push(referral(prng, s.key, d, p.endDay, { reasonText: s.complaint }));
      }
    }
    if (age >= 16 && age <= 34 && prng.chance(0.006)) {
      const d = day();
      if (canVisit(d)) {
        const code = p.sex === 'female' ? SENSITIVE_CODE.chlamydialCervicitis : SENSITIVE_CODE.gonococcalUrethritis;
        const entry: SensitiveEntry = { kind: 'sti', code, resource: 'condition', category: 'encounter-diagnosis', onsetDay: d, resolvedDay: Math.min(d + prng.int(10, 28), p.endDay - 1) };
        const v = newVisit(d, gp(), ENCOUNTER_TYPE.consultation, 'GP appointment', 10);
        const e = extrasOf(v);
        e.sensitiveVisit = true;
        e.sensitive.push(entry);
        if (prng.chance(0.6)) e.referrals.push(referral(prng, 'genitourinary', d, p.endDay, { reason: entry, sensitive: true }));
      }
    }
    if (p.sex === 'female' && age >= 16 && age <= 44 && prng.chance(0.004)) {
      const d = day();
      if (canVisit(d)) {
        const entry: SensitiveEntry = { kind: 'top', code: SENSITIVE_CODE.terminationOfPregnancy, resource: 'observation', onsetDay: d };
        const letterDay = d + prng.int(5, 20);
        if (letterDay < p.endDay) letters.push({ day: letterDay, type: 'clinicLetter', about: entry, codedEntry: entry, sensitive: true, pdf: prng.chance(0.5) });
      }
    }
    if (!hiv && age >= 18 && age <= 70 && prng.chance(0.00012)) {
      hiv = true;
      const d = day();
      const entry: SensitiveEntry = { kind: 'hiv', code: SENSITIVE_CODE.hiv, resource: 'condition', category: 'problem-list-item', onsetDay: d };
      const visitDay = weekdayFrom(d + prng.int(10, 40));
      if (canVisit(visitDay)) {
        letters.push({ day: d + prng.int(1, 7), type: 'clinicLetter', about: entry, sensitive: true, pdf: prng.chance(0.5) });
        const v = newVisit(visitDay, p.usualGp, ENCOUNTER_TYPE.consultation, 'GP appointment', 20);
        const e = extrasOf(v);
        e.sensitiveVisit = true;
        e.sensitive.push(entry);
      }
    }
    if (!safeguarded && age >= 18 && prng.chance(age >= 75 ? 0.003 : 0.0006)) {
      safeguarded = true;
      const d = day();
      if (canVisit(d)) {
        const entry: SensitiveEntry = { kind: 'safeguarding', code: SENSITIVE_CODE.adultSafeguardingConcern, resource: 'observation', onsetDay: d };
        const v = newVisit(d, p.usualGp, ENCOUNTER_TYPE.consultation, 'GP appointment', 20);
        const e = extrasOf(v);
        e.sensitiveVisit = true;
        e.sensitive.push(entry);
        e.referrals.push(referral(prng, 'safeguardingAdults', d, p.endDay, { reason: entry, sensitive: true }));
      }
    }
    if (!genderClinic && age >= 16 && age <= 45 && prng.chance(0.00015)) {
      genderClinic = true;
      const d = day();
      if (canVisit(d)) {
        const entry: SensitiveEntry = { kind: 'genderDysphoria', code: SENSITIVE_CODE.genderDysphoria, resource: 'condition', category: 'problem-list-item', onsetDay: d };
        const v = newVisit(d, p.usualGp, ENCOUNTER_TYPE.consultation, 'GP appointment', 20);
        const e = extrasOf(v);
        e.sensitiveVisit = true;
        e.sensitive.push(entry);
        e.referrals.push(referral(prng, 'genderIdentity', d, p.endDay, { reason: entry, sensitive: true }));
      }
    }
  }

  // Emergency admissions with a long-term condition, from 65: a discharge summary follows.
  for (let year = historyStart; year < p.endDay; year += YEAR) {
    if (ageOn(year) < 65) continue;
    const active = clinical.chronic.filter((c) => c.onsetDay < year && (c.resolvedDay === undefined || c.resolvedDay > year) && (recordedAt.get(c)?.day ?? Infinity) < year);
    const risk = 1 - active.reduce((keep, c) => keep * (1 - (ADMISSION_RISK[c.def.key] ?? 0)), 1);
    if (active.length === 0 || !prng.chance(risk)) continue;
    const about = prng.weighted(active, (c) => ADMISSION_RISK[c.def.key] ?? 0.001);
    const day = year + prng.int(0, YEAR - 1);
    if (day > p.registeredOn && day < p.endDay) letters.push({ day, type: 'dischargeSummary', about, admission: 'exacerbation', sensitive: false, pdf: prng.chance(0.4) });
  }

  // Clinic letters for referrals seen before the record ends.
  for (const e of extras.values()) {
    for (const r of e.referrals) {
      if (r.seenDay === undefined || !REFERRALS[r.key].letter) continue;
      const day = r.seenDay + prng.int(3, 21);
      if (day >= p.endDay) continue;
      letters.push({ day, type: 'clinicLetter', referral: r, ...(r.reason ? { about: r.reason } : {}), sensitive: r.sensitive, pdf: prng.chance(0.35) });
    }
  }

  // Vaccinations: those given here are nurse clinic visits; the rest are reported.
  const immunisations = planImmunisations(prng, p, clinical, historyStart);
  const reportedImmunisations: ImmunisationPlan[] = [];
  const clinics = new Map<string, Visit>();
  for (const imm of immunisations) {
    if (imm.origin !== 'practice' || !canVisit(imm.day)) {
      reportedImmunisations.push(imm.origin === 'practice' ? { ...imm, origin: 'record' } : imm);
      continue;
    }
    const key = `${imm.group}/${imm.day}`;
    let v = clinics.get(key);
    if (!v) {
      const label = CHILDHOOD_SCHEDULE.find((s) => s.key === imm.group)?.label ?? (imm.group.startsWith('flu') ? 'Flu clinic' : 'Immunisation');
      v = newVisit(imm.day, nurse, ENCOUNTER_TYPE.consultation, label, 10);
      extrasOf(v).label = label;
      clinics.set(key, v);
    }
    extrasOf(v).immunisations.push(imm);
  }

  visits.sort((a, b) => a.day - b.day);
  letters.sort((a, b) => a.day - b.day);
  return { visits, extras, letters, reportedImmunisations, historyStart };
}

function referral(
  prng: Prng,
  key: ReferralKey,
  day: number,
  endDay: number,
  about: { reason?: ChronicPlan | AcutePlan | SensitiveEntry; reasonText?: string; sensitive?: boolean },
): ReferralPlan {
  const [min, max] = REFERRALS[key].waitWeeks;
  const seen = day + prng.int(min * 7, max * 7 + 6);
  return {
    key,
    ...(about.reason ? { reason: about.reason } : {}),
    ...(about.reasonText ? { reasonText: about.reasonText } : {}),
    sensitive: about.sensitive ?? false,
    ...(seen < endDay ? { seenDay: seen } : {}),
  };
}

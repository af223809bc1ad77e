/**
 * From what was prescribed at each consultation (PrescriptionPlan, decided in visits.ts) to the
 * medication record a GP system keeps, as GP Connect Access Record: Structured models it
 * (accessrecord_structured_development_medication_resource_relationships): an authorisation (a
 * MedicationRequest with intent `plan`, plus the MedicationStatement based on it) and the issues
 * made under it (MedicationRequests with intent `order`, each `basedOn` the plan).
 *
 * - An acute prescription is one authorisation with one issue, that day.
 * - A repeat starts when the condition it treats was recorded (diagnosed here, or carried over at
 *   registration), is re-authorised at each review of that condition, and between reviews is
 *   issued every supply period (patients ask a few days early or late) until it is stopped, the
 *   patient dies or the record ends. An authorisation allows about a year of issues (13 for 28-day
 *   supplies); when they run out before the next review a GP re-authorises without a consultation.
 *   Some re-authorisations move a stable patient to two-monthly supplies; some courses are stopped.
 *
 * No FHIR here: record.ts turns the plan into resources.
 */
import type { Prng } from './prng';
import { MEDICATIONS, type MedicationDef } from './codes/medications';
import type { AcutePlan, ChronicPlan } from './clinical-profile';
import type { PrescriptionPlan, Visit } from './visits';
import { isWeekday } from './dates';

export interface Supply {
  readonly value: number;
  readonly unit: string;
  readonly system?: string;
  readonly code?: string;
  readonly days: number;
}

export type AuthorisationStatus = 'active' | 'completed' | 'stopped';

export interface Authorisation {
  readonly course: Course;
  /** Position in the course (0 = first). */
  readonly sequence: number;
  readonly day: number;
  /** The consultation it was made in; undefined for a re-authorisation without one. */
  readonly visit?: Visit;
  readonly supply: Supply;
  /** Issues this authorisation allows (repeats only). */
  readonly allowedIssues?: number;
  /** Day the authorisation lapses (repeats only). */
  readonly expiryDay?: number;
  /** Issue days, in order. */
  readonly issues: number[];
  status: AuthorisationStatus;
  /** Day the authorisation ended: superseded, stopped, or the patient died. */
  endDay?: number;
  stopReason?: 'sintol' | 'altchoice' | 'died';
}

export interface Course {
  readonly rx: PrescriptionPlan;
  readonly medication: MedicationDef;
  readonly authorisations: Authorisation[];
}

/** Why each repeat was authorised: the conditions a visit reviewed (keys: visits). */
export type ReviewedAt = ReadonlyMap<Visit, readonly ChronicPlan[]>;

const DAY_LIMIT_ISSUE_GAP = 400;

function nextWeekday(day: number): number {
  let d = day;
  while (!isWeekday(d)) d++;
  return d;
}

/** The first visit that recorded `plan` (a diagnosis, or the registration that carried it over). */
function recordingVisit(visits: readonly Visit[], plan: ChronicPlan | AcutePlan): Visit | undefined {
  return visits.find((v) => v.chronic.some((c) => c.plan === plan) || v.acute.includes(plan as AcutePlan));
}

/**
 * Every course of treatment in the record, with its authorisations and issues. `visits` must be in
 * date order; `endDay` is the first day without activity (the day of death when `died`, otherwise
 * the reference date).
 */
export function planCourses(prng: Prng, visits: readonly Visit[], reviewed: ReviewedAt, endDay: number, died: boolean): Course[] {
  const courses: Course[] = [];
  for (const visit of visits) {
    for (const rx of visit.prescriptions) {
      const medication = MEDICATIONS[rx.medication];
      const course: Course = { rx, medication, authorisations: [] };
      courses.push(course);
      if (rx.course === 'acute') {
        course.authorisations.push({ course, sequence: 0, day: visit.day, visit, supply: medication.supply, issues: [visit.day], status: 'completed' });
        continue;
      }
      planRepeat(prng, course, visit, visits, reviewed, endDay, died);
    }
  }
  return courses;
}

function planRepeat(prng: Prng, course: Course, placedAt: Visit, visits: readonly Visit[], reviewed: ReviewedAt, endDay: number, died: boolean): void {
  const reasons = course.rx.reasons;
  const starts = reasons.map((r) => recordingVisit(visits, r)).filter((v): v is Visit => v !== undefined);
  const start = starts.reduce((a, b) => (b.day < a.day ? b : a), placedAt);
  // Reviews of any of the conditions it treats re-authorise it, as does the visit it was planned at.
  const chronicReasons = new Set(reasons);
  const authVisits = visits.filter((v) => v === start || v === placedAt || (v.day > start.day && (reviewed.get(v) ?? []).some((c) => chronicReasons.has(c))));
  const base = course.medication.supply;
  const stopDay = prng.chance(0.08) ? Math.max(start.day + 30, endDay - prng.int(30, 1500)) : undefined;
  const lastDay = Math.min(endDay, stopDay ?? endDay);
  let supply: Supply = base;
  const jitter = () => prng.int(-4, 6);

  let pending = authVisits.slice(1);
  let auth = newAuthorisation(course, start.day, start, supply);
  let day = start.day;
  for (;;) {
    auth.issues.push(day);
    let next = nextWeekday(day + supply.days + jitter());
    if (next >= lastDay) break;
    const review = pending.find((v) => v.day <= next);
    if (review) {
      pending = pending.filter((v) => v.day > next);
      if (prng.chance(0.2) && supply === base && supply.days <= 31 && !course.medication.asNeeded) supply = { ...base, value: base.value * 2, days: base.days * 2 };
      auth = supersede(course, auth, review.day, review, supply);
    } else if (auth.issues.length >= (auth.allowedIssues ?? Infinity) || next > (auth.expiryDay ?? Infinity)) {
      // Ran out before the next review: a GP re-authorises on the repeat request.
      auth = supersede(course, auth, next, undefined, supply);
    }
    // Never leave more than a year and a bit between issues, even with late requests.
    if (next - day > DAY_LIMIT_ISSUE_GAP) next = day + DAY_LIMIT_ISSUE_GAP;
    day = next;
  }
  // Reviews after the last issue still re-authorise it (only before it stops).
  for (const v of pending) if (v.day < lastDay) auth = supersede(course, auth, v.day, v, supply);
  if (stopDay !== undefined && stopDay < endDay) {
    auth.status = 'stopped';
    auth.endDay = stopDay;
    auth.stopReason = prng.chance(0.6) ? 'sintol' : 'altchoice';
  } else if (died) {
    // Repeats are ended when a death is recorded.
    auth.status = 'stopped';
    auth.endDay = endDay;
    auth.stopReason = 'died';
  }
}

function newAuthorisation(course: Course, day: number, visit: Visit | undefined, supply: Supply): Authorisation {
  // About a year of issues (13 four-weekly, 6 two-monthly), and the authorisation lapses after a year.
  const allowedIssues = Math.max(1, Math.floor(364 / supply.days));
  const auth: Authorisation = {
    course,
    sequence: course.authorisations.length,
    day,
    ...(visit ? { visit } : {}),
    supply,
    allowedIssues,
    expiryDay: day + 364,
    issues: [],
    status: 'active',
  };
  course.authorisations.push(auth);
  return auth;
}

function supersede(course: Course, previous: Authorisation, day: number, visit: Visit | undefined, supply: Supply): Authorisation {
  previous.status = 'completed';
  previous.endDay = day;
  return newAuthorisation(course, day, visit, supply);
}

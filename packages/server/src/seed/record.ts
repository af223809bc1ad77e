/**
 * One patient's full record as a stream: the Patient, then each consultation in date order
 * (Appointment, Encounter, then what was recorded in it), then missed and future appointments.
 * Each resource is yielded after everything it references.
 */
import type { Resource } from '@openpractice/fhir';
import { Prng } from './prng';
import { buildPatient } from './patient';
import { planClinical, type AcutePlan, type ChronicPlan } from './clinical-profile';
import { planVisits, type Visit } from './visits';
import { allergy, appointment, condition, encounter, medicationRequest, noKnownAllergy, type VisitRefs } from './clinical-resources';
import { bloodPressure, quantityObservation, smokingStatus } from './observations';
import { activeConditions, bloodPressureValues, bodyValues, labValue, type MeasureContext } from './measurements';
import { ukInstant, weekday } from './dates';
import type { PracticeContext, StaffMember } from './context';
import type { SlotBooking } from './schedule';

function isGp(member: StaffMember): boolean {
  return member.kind === 'gpPartner' || member.kind === 'salariedGp';
}

/** A start time (minutes after midnight) within the clinician's sessions. */
function clinicMinute(prng: Prng, member: StaffMember, minutes: number): number {
  const morning = prng.chance(0.55);
  if (isGp(member)) return (morning ? 8 * 60 + 30 : 14 * 60) + 10 * prng.int(0, (180 - minutes) / 10);
  return (morning ? 9 * 60 : 13 * 60 + 30) + 10 * prng.int(0, (180 - minutes) / 10);
}

function sessionLabel(member: StaffMember): string {
  if (isGp(member)) return 'GP appointment';
  if (member.kind === 'nurse') return 'Practice nurse appointment';
  return 'Clinical pharmacist appointment';
}

/** Generates patient `index` of the practice. */
export function* patientRecord(ctx: PracticeContext, index: number, nhsNumber: string, bookings: readonly SlotBooking[]): Generator<Resource> {
  const { today, seed } = ctx.options;
  const prng = Prng.derive(seed, 'patient', index);
  const patient = buildPatient(ctx, index, prng, nhsNumber);
  yield patient.resource;

  const clinical = planClinical(prng, patient, today);
  const { visits, missed } = planVisits(prng, ctx, patient, clinical);
  let seq = 0;
  const nextId = (kind: string) => ctx.id(kind, `${index}/${seq++}`);
  const [main, branch] = ctx.locations;
  if (!main) throw new Error('The practice has no Location');
  // GPs work at the branch on Thursdays (see schedule.ts).
  const locationFor = (member: StaffMember, day: number) => (branch && isGp(member) && weekday(day) === 4 ? branch : main);
  const refsFor = (member: StaffMember, day: number, minute: number, minutes: number): VisitRefs => ({
    patient,
    clinician: member,
    location: locationFor(member, day),
    start: ukInstant(day, minute),
    end: ukInstant(day, minute + minutes),
  });

  const hypertension = clinical.chronic.find((c) => c.def.key === 'hypertension');
  const treatedHypertension = hypertension !== undefined && visits.some((v) => v.prescriptions.some((rx) => rx.reasons.includes(hypertension)));
  const recorded = new Map<ChronicPlan | AcutePlan, Resource>();

  const timed = visits.map((visit) => ({ visit, minute: clinicMinute(prng, visit.clinician, visit.minutes) }));
  timed.sort((a, b) => a.visit.day - b.visit.day || a.minute - b.minute);
  for (const { visit, minute } of timed) {
    const refs = refsFor(visit.clinician, visit.day, minute, visit.minutes);
    const booked = appointment(nextId('Appointment'), refs, 'fulfilled', visit.day - prng.int(0, 14), visit.description);
    yield booked;
    const enc = encounter(nextId('Encounter'), refs, visit.type, ctx.organization, booked);
    yield enc;
    yield* recordedInVisit(visit, { ...refs, encounter: enc });
  }

  for (const m of missed) {
    const minutes = isGp(m.clinician) ? 10 : 20;
    const refs = refsFor(m.clinician, m.day, clinicMinute(prng, m.clinician, minutes), minutes);
    yield appointment(nextId('Appointment'), refs, m.status, m.day - prng.int(1, 21), sessionLabel(m.clinician));
  }

  for (const b of bookings) {
    const refs: VisitRefs = { patient, clinician: b.clinician, location: b.location, start: b.start, end: b.end };
    yield appointment(nextId('Appointment'), refs, 'booked', b.bookedOn, sessionLabel(b.clinician), b.slot);
  }

  function* recordedInVisit(visit: Visit, refs: VisitRefs): Generator<Resource> {
    for (const { plan, onsetDay } of visit.chronic) {
      const c = condition(nextId('Condition'), refs, {
        code: plan.def.code,
        onsetDay,
        ...(plan.resolvedDay !== undefined ? { resolvedDay: plan.resolvedDay } : {}),
        category: 'problem-list-item',
      });
      recorded.set(plan, c);
      yield c;
    }
    for (const plan of visit.acute) {
      const c = condition(nextId('Condition'), refs, { code: plan.def.code, onsetDay: visit.day, resolvedDay: plan.resolvedDay, category: 'encounter-diagnosis' });
      recorded.set(plan, c);
      yield c;
    }
    for (const plan of visit.allergies) yield allergy(nextId('AllergyIntolerance'), refs, plan);
    if (visit.noKnownAllergies) yield noKnownAllergy(nextId('AllergyIntolerance'), refs);
    for (const rx of visit.prescriptions) {
      const reasons = rx.reasons.map((r) => {
        const c = recorded.get(r);
        if (!c) throw new Error(`Prescription for ${rx.medication} precedes the condition it treats`);
        return c;
      });
      const prescriber = isGp(visit.clinician) || visit.clinician.kind === 'pharmacist' ? visit.clinician : patient.usualGp;
      yield medicationRequest(nextId('MedicationRequest'), refs, rx.medication, rx.course, reasons, prescriber);
    }
    // Conditions diagnosed in this visit count too (onset can be dated a day or two after it).
    const conditions = activeConditions(clinical, visit.day);
    for (const { plan } of visit.chronic) if (plan.resolvedDay === undefined || plan.resolvedDay > visit.day) conditions.add(plan.def.key);
    const m: MeasureContext = { patient, clinical, conditions, treatedHypertension };
    for (const [kind, phase] of visit.measurements) {
      switch (kind) {
        case 'bp': {
          const [systolic, diastolic] = bloodPressureValues(prng, m, phase);
          yield bloodPressure(nextId('Observation'), refs, systolic, diastolic);
          break;
        }
        case 'body': {
          const body = bodyValues(prng, m);
          yield quantityObservation(nextId('Observation'), refs, 'bodyHeight', body.heightCm);
          yield quantityObservation(nextId('Observation'), refs, 'bodyWeight', body.weightKg);
          yield quantityObservation(nextId('Observation'), refs, 'bmi', body.bmi);
          break;
        }
        case 'smoking':
          if (clinical.smoking) yield smokingStatus(nextId('Observation'), refs, clinical.smoking);
          break;
        case 'hba1c':
        case 'egfr':
        case 'totalCholesterol':
        case 'tsh':
          yield quantityObservation(nextId('Observation'), refs, kind, labValue(prng, kind, m, phase));
          break;
      }
    }
  }
}

/**
 * One patient's full record as a stream, in date order: the Patient and the people who act for
 * them (RelatedPerson), then each dated event: consultations (Appointment, Encounter with its note,
 * then what was recorded in it: Conditions, AllergyIntolerances, referrals, authorisations with
 * their MedicationStatements, Observations and laboratory reports, vaccinations), repeat issues
 * and re-authorisations made without a consultation, vaccinations reported from elsewhere and
 * letters filed from the hospital; then missed and future appointments. Each resource is yielded
 * after everything it references.
 */
import type { Resource } from '@openpractice/fhir';
import { Prng } from './prng';
import { buildPatient, type PatientProfile } from './patient';
import { planClinical, type AcutePlan, type ChronicPlan, type ClinicalProfile } from './clinical-profile';
import { planVisits, type Visit } from './visits';
import { allergy, appointment, condition, encounter, noKnownAllergy, type VisitRefs } from './clinical-resources';
import { bloodPressure, isLabKind, quantityObservation, smokingStatus, type QuantityKind } from './observations';
import { activeConditions, bloodPressureValues, bodyValues, labValue, type MeasureContext } from './measurements';
import { formatDay, ukInstant, weekday, yearsBetween } from './dates';
import type { PracticeContext, StaffMember } from './context';
import type { SlotBooking } from './schedule';
import { patientLife } from './lifespan';
import { relatedPerson } from './proxies';
import { planHistory, type HistoryPlan, type LetterPlan, type SensitiveEntry } from './history';
import { planCourses, type Authorisation } from './prescribing';
import { authorisationRequest, issueRequest, medicationStatement } from './medication-resources';
import { codedObservation, diagnosticReport, immunization, sensitive, serviceRequest } from './care-resources';
import { consultationNote, noteNarrative, type MeasuredValues } from './notes';
import { writeLetter } from './letters';
import { documentReference } from './documents';
import type { ImmunisationPlan } from './immunisations';
import type { ReferralPlan } from './history';
import { REFERRALS } from './codes/referrals';

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

/** Laboratory panels: the report title for each test, and how the laboratory comments on a value. */
const LAB_PANEL: Readonly<Record<'hba1c' | 'egfr' | 'totalCholesterol' | 'tsh', { title: string; comment: (v: number) => string | undefined }>> = {
  hba1c: { title: 'HbA1c', comment: (v) => (v >= 48 ? 'HbA1c in the diabetes range.' : v >= 42 ? 'HbA1c in the non-diabetic hyperglycaemia range (42-47 mmol/mol).' : undefined) },
  egfr: { title: 'Urea and electrolytes', comment: (v) => (v < 60 ? 'eGFR below 60: consistent with CKD stage 3 if sustained over 3 months.' : undefined) },
  totalCholesterol: { title: 'Lipid profile', comment: (v) => (v > 5 ? 'Total cholesterol above 5.0 mmol/L.' : undefined) },
  tsh: { title: 'Thyroid function tests', comment: (v) => (v > 4.5 ? 'TSH raised: suggest repeat with free T4.' : undefined) },
};

type TimelineEvent =
  | { readonly day: number; readonly order: 0; readonly kind: 'visit'; readonly visit: Visit; readonly minute: number }
  | { readonly day: number; readonly order: 1; readonly kind: 'authorisation'; readonly auth: Authorisation }
  | { readonly day: number; readonly order: 2; readonly kind: 'issue'; readonly auth: Authorisation }
  | { readonly day: number; readonly order: 3; readonly kind: 'immunisation'; readonly plan: ImmunisationPlan }
  | { readonly day: number; readonly order: 4; readonly kind: 'letter'; readonly letter: LetterPlan };

/** Generates patient `index` of the practice. */
export function* patientRecord(ctx: PracticeContext, index: number, nhsNumber: string, bookings: readonly SlotBooking[]): Generator<Resource> {
  const { today, seed } = ctx.options;
  const life = patientLife(seed, index, today);
  const prng = Prng.derive(seed, 'patient', index);
  const patient = buildPatient(ctx, index, prng, nhsNumber, life);
  yield patient.resource;

  let seq = 0;
  const nextId = (kind: string) => ctx.id(kind, `${index}/${seq++}`);
  for (const proxy of patient.proxies) yield relatedPerson(nextId('RelatedPerson'), patient.resource, patient.display, proxy, patient.address, patient.deathDay);

  // Everything is planned up to the day the record ends: the day of death for the deceased.
  const clinical = planClinical(prng, patient, patient.endDay);
  const untilEnd: PracticeContext = patient.endDay === today ? ctx : { ...ctx, options: { ...ctx.options, today: patient.endDay } };
  const { visits: planned, missed } = planVisits(prng, untilEnd, patient, clinical);
  const history = planHistory(Prng.derive(seed, 'patient', index, 'history'), ctx, patient, clinical, planned);
  const reviewed = new Map<Visit, readonly ChronicPlan[]>();
  for (const [v, e] of history.extras) if (e.reviewed.length > 0) reviewed.set(v, e.reviewed);
  const courses = planCourses(Prng.derive(seed, 'patient', index, 'prescribing'), history.visits, reviewed, patient.endDay, patient.deathDay !== undefined);

  const events: TimelineEvent[] = [];
  const authsAt = new Map<Visit, Authorisation[]>();
  for (const visit of history.visits) events.push({ day: visit.day, order: 0, kind: 'visit', visit, minute: clinicMinute(prng, visit.clinician, visit.minutes) });
  for (const course of courses) {
    for (const auth of course.authorisations) {
      if (auth.visit) {
        const list = authsAt.get(auth.visit);
        if (list) list.push(auth);
        else authsAt.set(auth.visit, [auth]);
      } else events.push({ day: auth.day, order: 1, kind: 'authorisation', auth });
      for (const day of auth.issues) events.push({ day, order: 2, kind: 'issue', auth });
    }
  }
  for (const plan of history.reportedImmunisations) events.push({ day: plan.day, order: 3, kind: 'immunisation', plan });
  for (const letter of history.letters) events.push({ day: letter.day, order: 4, kind: 'letter', letter });
  events.sort((a, b) => a.day - b.day || a.order - b.order || (a.kind === 'visit' && b.kind === 'visit' ? a.minute - b.minute : 0));

  // visits.ts plans the registration check first.
  const writer = new RecordWriter(ctx, patient, clinical, history, planned[0], prng, Prng.derive(seed, 'patient', index, 'notes'), nextId, courses);
  for (const event of events) {
    switch (event.kind) {
      case 'visit':
        yield* writer.visit(event.visit, event.minute, authsAt.get(event.visit) ?? []);
        break;
      case 'authorisation':
        yield* writer.authorisation(event.auth, undefined, patient.usualGp, 9 * 60 + 10 * prng.int(0, 48));
        break;
      case 'issue':
        yield writer.issue(event.auth, event.day);
        break;
      case 'immunisation':
        yield writer.reportedImmunisation(event.plan);
        break;
      case 'letter':
        yield* writer.letter(event.letter);
        break;
    }
  }

  for (const m of missed) {
    const minutes = isGp(m.clinician) ? 10 : 20;
    const refs = writer.refsFor(m.clinician, m.day, clinicMinute(prng, m.clinician, minutes), minutes);
    yield appointment(nextId('Appointment'), refs, m.status, m.day - prng.int(1, 21), sessionLabel(m.clinician));
  }

  for (const b of bookings) {
    const refs: VisitRefs = { patient, clinician: b.clinician, location: b.location, start: b.start, end: b.end };
    yield appointment(nextId('Appointment'), refs, 'booked', b.bookedOn, sessionLabel(b.clinician), b.slot);
  }
}

/** Turns planned events into resources, remembering what later resources refer to. */
class RecordWriter {
  /** Conditions (and sensitive entries) by the plan that recorded them. */
  private readonly recorded = new Map<ChronicPlan | AcutePlan | SensitiveEntry, Resource>();
  private readonly plans = new Map<Authorisation, Resource>();
  private readonly referrals = new Map<ReferralPlan, Resource>();
  private readonly main: Resource;
  private readonly branch: Resource | undefined;

  constructor(
    private readonly ctx: PracticeContext,
    private readonly patient: PatientProfile,
    private readonly clinical: ClinicalProfile,
    private readonly history: HistoryPlan,
    private readonly registrationVisit: Visit | undefined,
    private readonly prng: Prng,
    private readonly notes: Prng,
    private readonly nextId: (kind: string) => string,
    private readonly courses: readonly { readonly rx: { readonly reasons: readonly (ChronicPlan | AcutePlan)[] }; readonly authorisations: readonly Authorisation[] }[],
  ) {
    const [main, branch] = ctx.locations;
    if (!main) throw new Error('The practice has no Location');
    this.main = main;
    this.branch = branch;
  }

  refsFor(member: StaffMember, day: number, minute: number, minutes: number): VisitRefs {
    // GPs work at the branch on Thursdays (see schedule.ts).
    const location = this.branch && isGp(member) && weekday(day) === 4 ? this.branch : this.main;
    return { patient: this.patient, clinician: member, location, start: ukInstant(day, minute), end: ukInstant(day, minute + minutes) };
  }

  /** On an antihypertensive on `day` (blood pressure runs lower once treated). */
  private treatedHypertensionOn(day: number): boolean {
    return this.courses.some((c) => {
      if (!c.rx.reasons.some((r) => 'def' in r && r.def.key === 'hypertension')) return false;
      const first = c.authorisations[0];
      const last = c.authorisations.at(-1);
      return first !== undefined && first.day <= day && !(last?.status === 'stopped' && (last.endDay ?? Infinity) <= day);
    });
  }

  private prescriberFor(visitClinician: StaffMember): StaffMember {
    return isGp(visitClinician) || visitClinician.kind === 'pharmacist' ? visitClinician : this.patient.usualGp;
  }

  *visit(visit: Visit, minute: number, auths: readonly Authorisation[]): Generator<Resource> {
    const { patient, clinical, prng, ctx } = this;
    const extras = this.history.extras.get(visit);
    const sensitiveVisit = extras?.sensitiveVisit ?? false;
    const refs0 = this.refsFor(visit.clinician, visit.day, minute, visit.minutes);

    // Values first: the note is written from them, and the Encounter comes before the Observations.
    const conditions = activeConditions(clinical, visit.day);
    for (const { plan } of visit.chronic) if (plan.resolvedDay === undefined || plan.resolvedDay > visit.day) conditions.add(plan.def.key);
    const m: MeasureContext = { patient, clinical, conditions, treatedHypertension: this.treatedHypertensionOn(visit.day) };
    const values: MeasuredValues = { bloods: [] };
    const labs = new Map<QuantityKind, number>();
    for (const [kind, phase] of visit.measurements) {
      switch (kind) {
        case 'bp':
          values.bp = bloodPressureValues(prng, m, phase);
          break;
        case 'body':
          values.body = bodyValues(prng, m);
          break;
        case 'smoking':
          if (clinical.smoking) values.smoking = clinical.smoking;
          break;
        case 'hba1c':
        case 'egfr':
        case 'totalCholesterol':
        case 'tsh':
          values.bloods.push(kind);
          labs.set(kind, labValue(prng, kind, m, phase));
          break;
      }
    }
    const registration = visit === this.registrationVisit;
    const continuing = auths.filter((a) => a.course.rx.course === 'continuous');
    const note = consultationNote(this.notes, {
      visit,
      ...(extras ? { extras } : {}),
      age: yearsBetween(patient.birthDay, visit.day),
      sex: patient.sex,
      registration,
      diagnosed: visit.chronic.map((c) => c.plan),
      values,
      started: continuing.filter((a) => a.sequence === 0).map((a) => a.course.medication),
      reauthorised: continuing.filter((a) => a.sequence > 0).map((a) => a.course.medication),
      acuteMedicines: auths.filter((a) => a.course.rx.course === 'acute').map((a) => a.course.medication),
      ...(patient.proxies[0] ? { accompaniedBy: patient.proxies[0].relationship.display } : {}),
    });

    const booked = appointment(this.nextId('Appointment'), refs0, 'fulfilled', visit.day - prng.int(0, 14), sensitiveVisit ? 'GP appointment' : visit.description);
    yield booked;
    const encounterResource = encounter(this.nextId('Encounter'), refs0, visit.type, ctx.organization, booked, noteNarrative(note));
    const enc = sensitiveVisit ? sensitive(encounterResource) : encounterResource;
    yield enc;
    const refs: VisitRefs = { ...refs0, encounter: enc };

    for (const { plan, onsetDay } of visit.chronic) {
      const c = condition(this.nextId('Condition'), refs, {
        code: plan.def.code,
        onsetDay,
        ...(plan.resolvedDay !== undefined ? { resolvedDay: plan.resolvedDay } : {}),
        category: 'problem-list-item',
      });
      this.recorded.set(plan, c);
      yield c;
    }
    for (const plan of visit.acute) {
      const c = condition(this.nextId('Condition'), refs, { code: plan.def.code, onsetDay: visit.day, resolvedDay: plan.resolvedDay, category: 'encounter-diagnosis' });
      this.recorded.set(plan, c);
      yield c;
    }
    for (const entry of extras?.sensitive ?? []) {
      const r =
        entry.resource === 'condition'
          ? condition(this.nextId('Condition'), refs, {
              code: entry.code,
              onsetDay: entry.onsetDay,
              ...(entry.resolvedDay !== undefined ? { resolvedDay: entry.resolvedDay } : {}),
              category: entry.category ?? 'problem-list-item',
            })
          : codedObservation(this.nextId('Observation'), patient, entry.code, entry.onsetDay, refs.end, visit.clinician, enc);
      const flagged = sensitive(r);
      this.recorded.set(entry, flagged);
      yield flagged;
    }
    for (const plan of visit.allergies) yield allergy(this.nextId('AllergyIntolerance'), refs, plan);
    if (visit.noKnownAllergies) yield noKnownAllergy(this.nextId('AllergyIntolerance'), refs);

    for (const r of extras?.referrals ?? []) {
      const def = REFERRALS[r.key];
      const reason = r.reason ? this.recorded.get(r.reason) : undefined;
      const request = serviceRequest(this.nextId('ServiceRequest'), patient, enc, this.prescriberFor(visit.clinician), def.letter ? ctx.hospital : undefined, {
        key: r.key,
        authoredOn: refs.end,
        seen: r.seenDay !== undefined,
        ...(reason ? { reason } : {}),
        ...(r.reasonText ? { reasonText: r.reasonText } : {}),
      });
      const out = r.sensitive ? sensitive(request) : request;
      this.referrals.set(r, out);
      yield out;
    }

    for (const auth of auths) yield* this.authorisation(auth, enc, this.prescriberFor(visit.clinician), minute + visit.minutes - 2);

    if (values.bp) yield bloodPressure(this.nextId('Observation'), refs, values.bp[0], values.bp[1]);
    if (values.body) {
      yield quantityObservation(this.nextId('Observation'), refs, 'bodyHeight', values.body.heightCm);
      yield quantityObservation(this.nextId('Observation'), refs, 'bodyWeight', values.body.weightKg);
      yield quantityObservation(this.nextId('Observation'), refs, 'bmi', values.body.bmi);
    }
    if (values.smoking) yield smokingStatus(this.nextId('Observation'), refs, values.smoking);
    // Blood results come back from the laboratory a day or three later, one report per panel.
    for (const [kind, value] of labs) {
      if (!isLabKind(kind)) continue;
      const issuedDay = Math.min(visit.day + prng.int(1, 3), patient.endDay - 1);
      const issued = ukInstant(issuedDay, issuedDay === visit.day ? 17 * 60 + 30 : 11 * 60 + 10 * prng.int(0, 30));
      const result = quantityObservation(this.nextId('Observation'), refs, kind, value, { laboratory: ctx.laboratory, issued });
      yield result;
      const panel = LAB_PANEL[kind as keyof typeof LAB_PANEL];
      const comment = panel.comment(value);
      yield diagnosticReport(this.nextId('DiagnosticReport'), patient, enc, ctx.laboratory, {
        title: panel.title,
        effective: refs.start,
        issued,
        results: [result],
        ...(comment ? { conclusion: comment } : {}),
        interpreter: isGp(visit.clinician) ? visit.clinician : patient.usualGp,
      });
    }

    for (const plan of extras?.immunisations ?? []) {
      yield immunization(this.nextId('Immunization'), patient, {
        plan,
        occurrence: refs.start,
        recorded: refs.end,
        encounter: enc,
        location: refs.location,
        performer: visit.clinician,
        lotNumber: this.lotNumber(),
        upperArm: yearsBetween(patient.birthDay, plan.day) >= 1,
      });
    }
  }

  *authorisation(auth: Authorisation, enc: Resource | undefined, prescriber: StaffMember, minute: number): Generator<Resource> {
    const previous = auth.sequence > 0 ? auth.course.authorisations[auth.sequence - 1] : undefined;
    const prior = previous ? this.plans.get(previous) : undefined;
    const reasons = auth.course.rx.reasons.map((r) => this.recorded.get(r)).filter((r): r is Resource => r !== undefined);
    const refs = { patient: this.patient, prescriber, reasons, minute, ...(enc ? { encounter: enc } : {}), ...(prior ? { prior } : {}) };
    const plan = authorisationRequest(this.nextId('MedicationRequest'), auth, refs);
    this.plans.set(auth, plan);
    yield plan;
    yield medicationStatement(this.nextId('MedicationStatement'), auth, plan, refs);
  }

  issue(auth: Authorisation, day: number): Resource {
    const plan = this.plans.get(auth);
    if (!plan) throw new Error('An issue precedes its authorisation');
    const { prng, ctx, patient } = this;
    const r = prng.next();
    const prescriber = r < 0.65 ? patient.usualGp : r < 0.9 || ctx.pharmacists.length === 0 ? prng.pick(ctx.gps) : prng.pick(ctx.pharmacists);
    return issueRequest(this.nextId('MedicationRequest'), auth, plan, day, 8 * 60 + 10 * prng.int(0, 54), patient, prescriber);
  }

  reportedImmunisation(plan: ImmunisationPlan): Resource {
    const recordedDay = Math.max(plan.day, Math.min(plan.day + this.prng.int(0, 21), this.patient.endDay - 1));
    return immunization(this.nextId('Immunization'), this.patient, {
      plan,
      occurrence: formatDay(plan.day),
      recorded: formatDay(recordedDay),
      lotNumber: this.lotNumber(),
      upperArm: yearsBetween(this.patient.birthDay, plan.day) >= 1,
    });
  }

  *letter(plan: LetterPlan): Generator<Resource> {
    const { ctx, patient, prng } = this;
    const written = writeLetter(this.notes, ctx, patient, plan);
    const related = plan.referral ? this.referrals.get(plan.referral) : undefined;
    yield documentReference(this.nextId('DocumentReference'), patient.resource, patient.display, ctx.hospital, ctx.organization, {
      type: plan.type,
      letter: written.letter,
      pdf: plan.pdf,
      writtenDay: plan.day,
      filedInstant: ukInstant(plan.day, 10 * 60 + 10 * prng.int(0, 40)),
      description: written.description,
      ...(written.specialty ? { specialty: written.specialty } : {}),
      ...(related ? { related } : {}),
      ...(written.period ? { period: written.period } : {}),
      sensitive: plan.sensitive,
    });
    if (plan.codedEntry) {
      const entry = codedObservation(this.nextId('Observation'), patient, plan.codedEntry.code, plan.codedEntry.onsetDay, ukInstant(plan.day, 12 * 60), patient.usualGp);
      const flagged = plan.sensitive ? sensitive(entry) : entry;
      this.recorded.set(plan.codedEntry, flagged);
      yield flagged;
    }
  }

  private lotNumber(): string {
    const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
    const { prng } = this;
    return `${letters[prng.int(0, letters.length - 1)]}${letters[prng.int(0, letters.length - 1)]}${prng.int(1000, 9999)}`;
  }
}

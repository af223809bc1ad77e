/**
 * Appointment books: one Schedule per clinician and 10-minute Slots in weekday sessions for the
 * next two weeks. Busy slots are assigned to patients here (most bookings are near-term), so that
 * each patient's future Appointments can reference their Slot when the patient is generated.
 */
import type { Resource } from '@openpractice/fhir';
import { ref } from './fhir';
import { Prng } from './prng';
import { formatDay, isWeekday, ukInstant, weekday } from './dates';
import { clinicians, type PracticeContext, type StaffMember } from './context';
import { patientLife } from './lifespan';

export const SLOT_MINUTES = 10;
/** Days ahead the appointment book is open (from tomorrow). */
export const BOOKING_HORIZON_DAYS = 14;

/** A booked future slot, waiting for its patient's Appointment. */
export interface SlotBooking {
  readonly slot: Resource;
  readonly clinician: StaffMember;
  readonly location: Resource;
  readonly start: string;
  readonly end: string;
  /** Day the booking was made (before today). */
  readonly bookedOn: number;
}

export interface SessionPlan {
  /** Schedules, then Slots in time order per clinician. */
  readonly resources: readonly Resource[];
  /** Future bookings by patient index. */
  readonly bookings: ReadonlyMap<number, readonly SlotBooking[]>;
}

interface Session {
  readonly startMinute: number;
  readonly endMinute: number;
}

const AM: Session = { startMinute: 8 * 60 + 30, endMinute: 11 * 60 + 30 };
const PM: Session = { startMinute: 14 * 60, endMinute: 17 * 60 };
const NURSE_AM: Session = { startMinute: 9 * 60, endMinute: 12 * 60 };
const NURSE_PM: Session = { startMinute: 13 * 60 + 30, endMinute: 16 * 60 + 30 };

/** The sessions a clinician runs on a weekday; each GP has one half-day off a week. */
function sessionsFor(member: StaffMember, index: number, day: number): Session[] {
  const dow = weekday(day);
  switch (member.kind) {
    case 'gpPartner':
    case 'salariedGp':
      return dow === 1 + (index % 5) ? [AM] : [AM, PM];
    case 'nurse':
      return [NURSE_AM, NURSE_PM];
    case 'pharmacist':
      return [NURSE_AM];
    case 'receptionist':
    case 'practiceManager':
      return [];
  }
}

/**
 * Relative chance that a slot is already booked, by how far ahead it is: the next few days fill
 * first, as in any practice.
 */
function bookingWeight(daysAhead: number): number {
  if (daysAhead <= 3) return 0.85;
  if (daysAhead <= 7) return 0.65;
  return 0.4;
}

/**
 * Appointments already booked in the next two weeks per registered patient. England averages
 * about six general practice appointments per patient a year (NHS Digital, Appointments in
 * General Practice), about 0.23 in any two weeks; most are booked ahead.
 */
const BOOKED_PER_PATIENT = 0.2;

/** Whether patient `index` is alive on the reference date (the deceased hold no bookings). */
function aliveToday(ctx: PracticeContext, index: number): boolean {
  return patientLife(ctx.options.seed, index, ctx.options.today).deathDay === undefined;
}

/** Builds every Schedule and Slot, and decides which patient holds each busy slot. */
export function planSessions(ctx: PracticeContext): SessionPlan {
  const { today, patients, seed } = ctx.options;
  const prng = Prng.derive(seed, 'slots');
  const [main, branch] = ctx.locations;
  if (!main) throw new Error('The practice has no Location');
  const schedules: Resource[] = [];
  const slots: Resource[] = [];
  const bookings = new Map<number, SlotBooking[]>();
  // The diary opens today: reception and clinicians work from today's list.
  const first = today;
  const last = today + BOOKING_HORIZON_DAYS;

  // First lay out every slot, then book a share of them that matches the list size.
  const planned: { member: StaffMember; schedule: Resource; location: Resource; day: number; minute: number; key: string }[] = [];
  clinicians(ctx).forEach((member, index) => {
    // GPs spend Thursdays at the branch surgery when there is one.
    const worksAtBranch = branch !== undefined && (member.kind === 'gpPartner' || member.kind === 'salariedGp');
    const schedule: Resource = {
      resourceType: 'Schedule',
      id: ctx.id('Schedule', index),
      active: true,
      actor: [ref(member.role, member.display), ref(main), ...(worksAtBranch && branch ? [ref(branch)] : [])],
      planningHorizon: { start: formatDay(first), end: formatDay(last) },
      comment: `Appointment book for ${member.display}`,
    };
    schedules.push(schedule);
    for (let day = first; day <= last; day++) {
      if (!isWeekday(day)) continue;
      const location = worksAtBranch && branch && weekday(day) === 4 ? branch : main;
      for (const session of sessionsFor(member, index, day)) {
        for (let minute = session.startMinute; minute + SLOT_MINUTES <= session.endMinute; minute += SLOT_MINUTES) {
          planned.push({ member, schedule, location, day, minute, key: `${index}/${formatDay(day)}/${minute}` });
        }
      }
    }
  });
  const fullDemand = planned.reduce((sum, s) => sum + bookingWeight(s.day - today), 0);
  const scale = fullDemand > 0 ? Math.min(1, (patients * BOOKED_PER_PATIENT) / fullDemand) : 0;

  for (const s of planned) {
    const start = ukInstant(s.day, s.minute);
    const end = ukInstant(s.day, s.minute + SLOT_MINUTES);
    const busy = patients > 0 && prng.chance(bookingWeight(s.day - today) * scale);
    const slot: Resource = { resourceType: 'Slot', id: ctx.id('Slot', s.key), schedule: ref(s.schedule), status: busy ? 'busy' : 'free', start, end };
    slots.push(slot);
    if (!busy) continue;
    // A slot drawn for someone who has since died goes to another patient (a few tries; nearly
    // everyone is alive).
    let patient = prng.int(0, patients - 1);
    for (let tries = 0; tries < 20 && !aliveToday(ctx, patient); tries++) patient = prng.int(0, patients - 1);
    if (!aliveToday(ctx, patient)) {
      slots[slots.length - 1] = { ...slot, status: 'free' };
      continue;
    }
    const booking: SlotBooking = { slot, clinician: s.member, location: s.location, start, end, bookedOn: today - prng.int(0, 20) };
    const list = bookings.get(patient);
    if (list) list.push(booking);
    else bookings.set(patient, [booking]);
  }
  return { resources: [...schedules, ...slots], bookings };
}

/**
 * When a patient was born and, for a few, when they died. Decided from a stream of its own
 * (`Prng.derive(seed, 'life', index)`) so the appointment book can tell, before any record is
 * generated, which patients are alive to hold a future booking.
 *
 * Deaths: each year of the last DEATH_WINDOW_YEARS the patient dies with the probability England's
 * life tables give for their age then, so about 1% of the list dies each year, mostly the oldest.
 * Their records stay on the system (deceased, no longer active), as a practice's do until they are
 * archived.
 */
import { Prng } from './prng';
import { AGE_BANDS, type AgeBand } from './data/population';
import { addYears, yearsBetween } from './dates';

/** Years back in which deaths are kept on the list. */
export const DEATH_WINDOW_YEARS = 3;

/** Days from birth to registration for a newborn (registered after the birth is registered). */
export const NEWBORN_REGISTRATION_DAYS = 28;

/**
 * Probability of dying within a year at each age (both sexes), rounded from the ONS National Life
 * Tables for England, 2020-2022 (qx). Applied to England's age structure it gives about 1% a year.
 */
const ANNUAL_MORTALITY: readonly { readonly below: number; readonly q: number }[] = [
  { below: 1, q: 0.0035 },
  { below: 15, q: 0.0001 },
  { below: 25, q: 0.0004 },
  { below: 35, q: 0.0007 },
  { below: 45, q: 0.0013 },
  { below: 55, q: 0.0028 },
  { below: 65, q: 0.0068 },
  { below: 75, q: 0.016 },
  { below: 85, q: 0.045 },
  { below: 95, q: 0.13 },
  { below: Infinity, q: 0.3 },
];

export function annualMortality(age: number): number {
  return (ANNUAL_MORTALITY.find((m) => age < m.below) ?? { q: 0.3 }).q;
}

export interface PatientLife {
  readonly band: AgeBand;
  readonly birthDay: number;
  /** Age today, or the age they died at. */
  readonly age: number;
  /** Day of death, for the deceased. */
  readonly deathDay?: number;
  /** Activity in the record happens strictly before this day: the day of death, or `today`. */
  readonly endDay: number;
}

/** Birth (from England's age structure) and, with age-specific probability, death. */
export function patientLife(seed: number, index: number, today: number): PatientLife {
  const prng = Prng.derive(seed, 'life', index);
  const band = prng.weighted(AGE_BANDS, (b) => b.percent);
  const ageToday = prng.int(band.from, band.to);
  const birthDay = Math.min(addYears(today, -ageToday) - prng.int(0, 364), today - NEWBORN_REGISTRATION_DAYS - 7);
  const u = prng.next();
  let survival = 1;
  for (let yearsAgo = 0; yearsAgo < DEATH_WINDOW_YEARS; yearsAgo++) {
    const q = annualMortality(Math.max(0, ageToday - yearsAgo));
    if (u < 1 - survival + survival * q) {
      // Died in this year back; newborns cannot die before they were registered.
      const latest = today - 1 - yearsAgo * 365;
      const deathDay = Math.max(latest - prng.int(0, 364), birthDay + NEWBORN_REGISTRATION_DAYS + 14);
      if (deathDay >= today - 1) break;
      return { band, birthDay, age: yearsBetween(birthDay, deathDay), deathDay, endDay: deathDay };
    }
    survival *= 1 - q;
  }
  return { band, birthDay, age: ageToday, endDay: today };
}

/**
 * Deterministic synthetic GP practice generator for demo and test data.
 *
 * `generatePractice` streams FHIR R4 resources for one practice in England: the practice
 * (Organization, Locations), its staff (Practitioner, PractitionerRole with SDS job roles), their
 * appointment books (Schedule, Slot) and then each registered patient with a plausible record.
 * Output depends only on the options: the same `seed` and `today` give byte-identical resources
 * with the same ids, in the same order. Resources are yielded after everything they reference,
 * so a consumer can load them one by one, in constant memory per patient.
 */
import type { Resource } from '@openpractice/fhir';
import { resolveOptions, type PracticeOptions, type ResolvedOptions } from './options';
import { buildPractice } from './practice';
import { planSessions } from './schedule';
import { patientRecord } from './record';
import { generateNhsNumber } from './nhs-number';
import { Prng } from './prng';

export type { PracticeOptions, PracticeAddress } from './options';
export { isValidNhsNumber, generateNhsNumber } from './nhs-number';
export { Prng } from './prng';

/**
 * Streams a synthetic practice: Organization, Locations, Practitioners, PractitionerRoles,
 * Schedules, Slots, then for each patient the Patient and their record.
 *
 * Options are checked when this is called, before anything is generated.
 * @throws RangeError when an option is invalid (the message names the option and the fix).
 */
export function generatePractice(options: PracticeOptions): Generator<Resource> {
  return streamPractice(resolveOptions(options));
}

function* streamPractice(resolved: ResolvedOptions): Generator<Resource> {
  const { context, resources } = buildPractice(resolved);
  yield* resources;

  const sessions = planSessions(context);
  yield* sessions.resources;

  // NHS numbers come from their own stream so a patient's number does not depend on their record.
  const numbers = Prng.derive(resolved.seed, 'nhs-numbers');
  const issued = new Set<string>();
  for (let i = 0; i < resolved.patients; i++) {
    let nhsNumber = generateNhsNumber(numbers);
    while (issued.has(nhsNumber)) nhsNumber = generateNhsNumber(numbers);
    issued.add(nhsNumber);
    yield* patientRecord(context, i, nhsNumber, sessions.bookings.get(i) ?? []);
  }
}

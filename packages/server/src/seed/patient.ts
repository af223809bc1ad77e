/**
 * A patient's demographics: age from the England age pyramid, sex, ethnic group, a name to match,
 * a home address near the practice, contact details, NHS number and registration date.
 */
import type { Resource } from '@openpractice/fhir';
import { concept, ref } from './fhir';
import { Prng } from './prng';
import { EXTENSION, SYSTEM } from './codes/systems';
import { ETHNIC_GROUPS, type EthnicGroup } from './data/population';
import { formatDay, isWeekday, yearOf } from './dates';
import { email, homeAddress, landline, mobile, personName, type HomeAddress, type PersonName, type Sex } from './people';
import { NEWBORN_REGISTRATION_DAYS, type PatientLife } from './lifespan';
import { patientContacts, planProxies, type ProxyPlan } from './proxies';
import type { PracticeContext, StaffMember } from './context';

export interface PatientProfile {
  readonly index: number;
  readonly resource: Resource;
  readonly nhsNumber: string;
  readonly sex: Sex;
  /** Age today, or at death. */
  readonly age: number;
  readonly birthDay: number;
  readonly registeredOn: number;
  /** Day of death, for the deceased. */
  readonly deathDay?: number;
  /** Everything in the record happens strictly before this day (death, or the reference date). */
  readonly endDay: number;
  /** Parents of children and carers of some frail elderly patients, who act for them. */
  readonly proxies: readonly ProxyPlan[];
  readonly ethnicGroup: EthnicGroup;
  readonly name: PersonName;
  readonly address: HomeAddress;
  readonly usualGp: StaffMember;
  readonly display: string;
}

function nextWeekday(day: number): number {
  let d = day;
  while (!isWeekday(d)) d++;
  return d;
}

/** Day the patient joined this practice: at birth for some, otherwise up to 30 years before `endDay`. */
function registrationDay(prng: Prng, birthDay: number, age: number, endDay: number): number {
  const earliest = birthDay + NEWBORN_REGISTRATION_DAYS;
  const bornHere = age < 18 ? prng.chance(0.6) : prng.chance(0.1);
  const yearsAgo = Math.min(age, 30) * prng.next() ** 1.5;
  const day = bornHere ? earliest : Math.max(earliest, endDay - Math.round(yearsAgo * 365.25));
  // Registrations are processed on working days, and at least a day before the record ends.
  return Math.min(nextWeekday(day), endDay - 1);
}

/** Builds the Patient resource and the facts clinical generation needs. */
export function buildPatient(ctx: PracticeContext, index: number, prng: Prng, nhsNumber: string, life: PatientLife): PatientProfile {
  const { area } = ctx.options;
  const { band, age, birthDay, deathDay, endDay } = life;
  const sex: Sex = prng.chance(band.femaleShare) ? 'female' : 'male';
  const ethnicGroup = prng.weighted(ETHNIC_GROUPS, (g) => g.percent);
  const name = personName(prng, ethnicGroup.heritage, sex, yearOf(birthDay));
  const address = homeAddress(prng, area);
  const usualGp = prng.pick(ctx.gps);
  const registeredOn = registrationDay(prng, birthDay, age, endDay);

  // Children's numbers are their parents'; everyone has at least one number.
  const telecom: object[] = [];
  const hasMobile = prng.chance(0.92);
  if (hasMobile) telecom.push({ system: 'phone', value: mobile(prng), use: 'mobile', rank: 1 });
  if (!hasMobile || prng.chance(age >= 50 ? 0.5 : 0.1)) telecom.push({ system: 'phone', value: landline(prng, area), use: 'home' });
  if (age >= 16 && age < 80 && prng.chance(0.45)) telecom.push({ system: 'email', value: email(prng, name), use: 'home' });

  const languages = ethnicGroup.languages;
  const language = languages && age >= 18 && prng.chance(languages.share) ? prng.pick(languages.codes) : undefined;
  const display = `${name.given[0] ?? ''} ${name.family}`.trim();
  const firstMobile = telecom.find((t) => (t as { use?: string }).use === 'mobile') as { value: string } | undefined;
  const proxies = planProxies(Prng.derive(ctx.options.seed, 'patient', index, 'proxies'), {
    age,
    birthDay,
    sex,
    name,
    ethnicGroup,
    registeredOn,
    deceased: deathDay !== undefined,
    endDay,
    ...(firstMobile ? { phone: firstMobile.value } : {}),
  });

  const resource: Resource = {
    resourceType: 'Patient',
    id: ctx.id('Patient', index),
    extension: [{ url: EXTENSION.ethnicCategory, valueCodeableConcept: concept(ethnicGroup.category) }],
    identifier: [
      {
        extension: [
          {
            url: EXTENSION.nhsNumberVerificationStatus,
            valueCodeableConcept: concept({ system: SYSTEM.nhsNumberVerificationEngland, code: '01', display: 'Number present and verified' }),
          },
        ],
        system: SYSTEM.nhsNumber,
        value: nhsNumber,
      },
    ],
    // A deceased patient's record is no longer in active use (R4 Patient.active).
    active: deathDay === undefined,
    name: [{ use: 'official', family: name.family, given: [...name.given] }],
    telecom,
    gender: sex,
    birthDate: formatDay(birthDay),
    ...(deathDay !== undefined ? { deceasedDateTime: formatDay(deathDay) } : {}),
    address: [{ use: 'home', type: 'both', line: [...address.line], city: address.city, district: address.district, postalCode: address.postalCode, country: 'GB' }],
    ...(proxies.length > 0 ? { contact: patientContacts(proxies, address) } : {}),
    ...(language ? { communication: [{ language: concept({ system: SYSTEM.bcp47, ...language }), preferred: true }] } : {}),
    generalPractitioner: [ref(ctx.organization, ctx.options.name), ref(usualGp.practitioner, usualGp.display)],
    managingOrganization: ref(ctx.organization, ctx.options.name),
  };
  return {
    index,
    resource,
    nhsNumber,
    sex,
    age,
    birthDay,
    registeredOn,
    ...(deathDay !== undefined ? { deathDay } : {}),
    endDay,
    proxies,
    ethnicGroup,
    name,
    address,
    usualGp,
    display,
  };
}

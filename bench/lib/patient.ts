/**
 * Realistic, varied UK Patient resources (UK Core shape): a valid NHS number with its
 * verification status, official name, gender, birth date, home address with a postcode, phone and
 * email, and a registered GP practice and named GP. Every call gives a different patient, so no
 * layer (JSON, index extraction, PostgreSQL) can profit from identical inputs.
 */
import { randomInt } from 'node:crypto';

const GIVEN_F = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Grace', 'Freya', 'Lily', 'Sophia', 'Ella', 'Priya', 'Aisha', 'Siobhan', 'Megan', 'Ruth'];
const GIVEN_M = ['Oliver', 'George', 'Arthur', 'Noah', 'Muhammad', 'Leo', 'Harry', 'Oscar', 'Jack', 'Alfie', 'Rhys', 'Callum', 'Tomasz', 'Dev', 'Ian'];
const FAMILY = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Patel', 'Khan', 'Walker', 'Wright', "O'Neill", 'Nowak', 'Begum'];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road', 'Park Avenue', 'Mill Lane', 'Queens Road', 'The Crescent'];
const TOWNS: readonly (readonly [town: string, district: string, outward: string])[] = [
  ['Leeds', 'West Yorkshire', 'LS6'],
  ['Bristol', 'City of Bristol', 'BS7'],
  ['Norwich', 'Norfolk', 'NR2'],
  ['Preston', 'Lancashire', 'PR1'],
  ['Exeter', 'Devon', 'EX4'],
  ['Leicester', 'Leicestershire', 'LE2'],
  ['Hull', 'East Riding of Yorkshire', 'HU5'],
  ['Ipswich', 'Suffolk', 'IP4'],
];
const GPS = ['G8133438', 'G8650149', 'G8234123', 'G8901234', 'G8456781'];
const LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ']; // inward-code letters used by Royal Mail

const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)]!;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A random NHS number with a valid modulus-11 check digit (NHS Data Dictionary). */
export function nhsNumber(): string {
  for (;;) {
    const digits = Array.from({ length: 9 }, (_, i) => (i === 0 ? 4 + randomInt(6) : randomInt(10)));
    const sum = digits.reduce((acc, d, i) => acc + d * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue; // no valid check digit: draw again
    return digits.join('') + String(check === 11 ? 0 : check);
  }
}

/** A new Patient (no id, no meta: the server assigns those on create). */
export function makePatient(practiceOds: string): Record<string, unknown> {
  const female = randomInt(2) === 0;
  const given = pick(female ? GIVEN_F : GIVEN_M);
  const middle = pick(female ? GIVEN_F : GIVEN_M);
  const family = pick(FAMILY);
  const [town, district, outward] = pick(TOWNS);
  const year = 1930 + randomInt(94);
  const phone = `07${pad(randomInt(1_000_000_000), 9)}`;
  return {
    resourceType: 'Patient',
    meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
    identifier: [
      {
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
            valueCodeableConcept: {
              coding: [
                {
                  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
                  code: '01',
                  display: 'Number present and verified',
                },
              ],
            },
          },
        ],
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: nhsNumber(),
      },
    ],
    active: true,
    name: [{ use: 'official', family, given: [given, middle], prefix: [female ? 'Ms' : 'Mr'] }],
    telecom: [
      { system: 'phone', value: phone, use: 'mobile', rank: 1 },
      { system: 'email', value: `${given}.${family}${randomInt(1000)}@example.org`.toLowerCase().replace("'", ''), use: 'home' },
    ],
    gender: female ? 'female' : 'male',
    birthDate: `${year}-${pad(1 + randomInt(12), 2)}-${pad(1 + randomInt(28), 2)}`,
    address: [
      {
        use: 'home',
        type: 'both',
        line: [`${1 + randomInt(250)} ${pick(STREETS)}`],
        city: town,
        district,
        postalCode: `${outward} ${randomInt(10)}${pick(LETTERS)}${pick(LETTERS)}`,
        country: 'GB',
      },
    ],
    generalPractitioner: [
      {
        type: 'Organization',
        identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: practiceOds },
        display: 'Bench Practice',
      },
      { reference: `Practitioner/${pick(GPS)}`, display: `Dr ${pick(FAMILY)}` },
    ],
  };
}

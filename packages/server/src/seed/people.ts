/**
 * Names, addresses and contact details for synthetic people, drawn from the data tables.
 */
import type { Prng } from './prng';
import { BRITISH_GIVEN_BY_ERA, NAME_POOLS, type NameHeritage, type Surname } from './data/names';
import { DRAMA_MOBILE_PREFIX, POSTCODE_UNIT_LETTERS, STREET_NAMES, type Area } from './data/places';

export type Sex = 'male' | 'female';

export interface PersonName {
  readonly given: readonly string[];
  readonly family: string;
}

function surnameFor(surname: Surname, sex: Sex): string {
  return typeof surname === 'string' ? surname : surname[sex];
}

function givenName(prng: Prng, heritage: NameHeritage, sex: Sex, birthYear: number): string {
  if (heritage === 'british') {
    const era = BRITISH_GIVEN_BY_ERA.find((e) => birthYear < e.bornBefore) ?? BRITISH_GIVEN_BY_ERA[BRITISH_GIVEN_BY_ERA.length - 1];
    if (!era) throw new Error('BRITISH_GIVEN_BY_ERA is empty');
    return prng.pick(era[sex]);
  }
  return prng.pick(NAME_POOLS[heritage][sex]);
}

/**
 * A name from the heritages given (a mixed heritage takes the given name from one and the
 * surname from another). About a third of people get a middle name.
 */
export function personName(prng: Prng, heritages: readonly NameHeritage[], sex: Sex, birthYear: number): PersonName {
  const givenFrom = prng.pick(heritages);
  const familyFrom = prng.pick(heritages);
  const first = givenName(prng, givenFrom, sex, birthYear);
  const given = [first];
  if (prng.chance(0.35)) {
    const middle = givenName(prng, givenFrom, sex, birthYear);
    if (middle !== first) given.push(middle);
  }
  return { given, family: surnameFor(prng.pick(NAME_POOLS[familyFrom].surnames), sex) };
}

/** A real-format postcode in one of the area's districts. */
export function postcode(prng: Prng, area: Area): string {
  const unit = () => POSTCODE_UNIT_LETTERS.charAt(prng.int(0, POSTCODE_UNIT_LETTERS.length - 1));
  return `${prng.pick(area.outwardCodes)} ${prng.int(1, 9)}${unit()}${unit()}`;
}

export interface HomeAddress {
  readonly line: readonly string[];
  readonly city: string;
  readonly district: string;
  readonly postalCode: string;
}

export function homeAddress(prng: Prng, area: Area): HomeAddress {
  const street = prng.pick(STREET_NAMES);
  const line = prng.chance(0.15) ? [`Flat ${prng.int(1, 24)}`, `${prng.int(1, 90)} ${street}`] : [`${prng.int(1, 180)} ${street}`];
  return { line, city: area.city, district: area.district, postalCode: postcode(prng, area) };
}

/** A landline number from the area's Ofcom drama range. */
export function landline(prng: Prng, area: Area): string {
  return `${area.landlinePrefix}${String(prng.int(0, 999)).padStart(3, '0')}`;
}

/** A mobile number from Ofcom's drama range. */
export function mobile(prng: Prng): string {
  return `${DRAMA_MOBILE_PREFIX}${String(prng.int(0, 999)).padStart(3, '0')}`;
}

/** An address at the reserved example.com domain (RFC 2606), ASCII only. */
export function email(prng: Prng, name: PersonName): string {
  const ascii = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  const local = `${ascii(name.given[0] ?? '') || 'patient'}.${ascii(name.family) || 'person'}${prng.int(1, 99)}`;
  return `${local}@example.com`;
}

/** "Given Family", for Reference.display and HumanName.text. */
export function displayName(name: PersonName, prefix?: string): string {
  return [prefix, ...name.given.slice(0, 1), name.family].filter((p) => p !== undefined).join(' ');
}

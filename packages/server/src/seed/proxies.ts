/**
 * People who act for a patient: parents of children under 16 and carers of some frail elderly
 * patients (who often hold proxy access to the patient's online services). Each is a RelatedPerson
 * pointing at the patient, and is also named in Patient.contact so the record reads as a GP system
 * shows it.
 */
import type { Resource } from '@openpractice/fhir';
import type { Prng } from './prng';
import { concept, ref, type Code } from './fhir';
import { SYSTEM } from './codes/systems';
import { formatDay, yearOf } from './dates';
import { displayName, mobile, personName, type PersonName, type Sex } from './people';
import type { EthnicGroup } from './data/population';
import type { HomeAddress } from './people';

function roleCode(code: string, display: string): Code {
  return { system: SYSTEM.roleCode, code, display };
}

/** HL7 v3 RoleCode personal relationships (terms as in the R4 v3-RoleCode code system). */
export const RELATIONSHIP = {
  mother: roleCode('MTH', 'mother'),
  father: roleCode('FTH', 'father'),
  daughter: roleCode('DAUC', 'daughter'),
  son: roleCode('SONC', 'son'),
  wife: roleCode('WIFE', 'wife'),
  husband: roleCode('HUSB', 'husband'),
  neighbour: roleCode('NBOR', 'neighbor'),
} as const;

/** HL7 v2 table 0131 contact role: the proxies are also next of kin. */
const NEXT_OF_KIN: Code = { system: SYSTEM.contactRole, code: 'N', display: 'Next-of-Kin' };

/** Children under this age have their parents as proxies. */
export const PROXY_CHILD_AGE = 16;

export interface ProxyPlan {
  readonly key: string;
  readonly relationship: Code;
  readonly name: PersonName;
  readonly sex: Sex;
  readonly phone: string;
  /** Day the relationship (and proxy access) began. */
  readonly fromDay: number;
}

export interface ProxySubject {
  readonly age: number;
  readonly birthDay: number;
  readonly sex: Sex;
  readonly name: PersonName;
  readonly ethnicGroup: EthnicGroup;
  readonly registeredOn: number;
  readonly deceased: boolean;
  /** The record's end (death, or the reference date). */
  readonly endDay: number;
  /** The patient's (or, for a child, the family's) mobile number, when there is one. */
  readonly phone?: string;
}

/**
 * Parents for children under 16 (two for most, one for about a quarter: lone-parent families are
 * about 1 in 4 in England), and a carer for about a third of people aged 85 and over and a tenth of
 * those aged 75-84.
 */
export function planProxies(prng: Prng, p: ProxySubject): ProxyPlan[] {
  const heritage = p.ethnicGroup.heritage;
  if (p.age < PROXY_CHILD_AGE && !p.deceased) {
    const parents: ProxyPlan[] = [];
    const motherBorn = yearOf(p.birthDay) - prng.int(20, 40);
    const mother = personName(prng, heritage, 'female', motherBorn);
    const together = prng.chance(0.75);
    parents.push({
      key: 'mother',
      relationship: RELATIONSHIP.mother,
      name: { given: mother.given, family: p.name.family },
      sex: 'female',
      phone: p.phone ?? mobile(prng),
      fromDay: p.registeredOn,
    });
    if (together || prng.chance(0.2)) {
      const father = personName(prng, heritage, 'male', motherBorn - prng.int(0, 5));
      parents.push({ key: 'father', relationship: RELATIONSHIP.father, name: { given: father.given, family: p.name.family }, sex: 'male', phone: mobile(prng), fromDay: p.registeredOn });
    }
    // Some children live with their father.
    return prng.chance(0.1) ? parents.reverse() : parents;
  }
  const carerShare = p.age >= 85 ? 0.33 : p.age >= 75 ? 0.1 : 0;
  if (!prng.chance(carerShare)) return [];
  const r = prng.next();
  const childBorn = yearOf(p.birthDay) + prng.int(22, 38);
  const carerSex: Sex = prng.chance(0.6) ? 'female' : 'male';
  // Caring began in old age, after registration and before the record ends.
  const fromDay = Math.max(p.registeredOn, Math.min(p.birthDay + 75 * 365 + prng.int(0, 3650), p.endDay - prng.int(30, 365)));
  if (r < 0.7) {
    // An adult child, usually sharing the family name (a daughter more often than a son).
    const name = personName(prng, heritage, carerSex, childBorn);
    return [
      {
        key: 'carer',
        relationship: carerSex === 'female' ? RELATIONSHIP.daughter : RELATIONSHIP.son,
        name: prng.chance(0.6) ? { given: name.given, family: p.name.family } : name,
        sex: carerSex,
        phone: mobile(prng),
        fromDay,
      },
    ];
  }
  if (r < 0.9) {
    const spouseSex: Sex = p.sex === 'female' ? 'male' : 'female';
    const name = personName(prng, heritage, spouseSex, yearOf(p.birthDay) + prng.int(-4, 4));
    return [
      {
        key: 'carer',
        relationship: spouseSex === 'female' ? RELATIONSHIP.wife : RELATIONSHIP.husband,
        name: { given: name.given, family: p.name.family },
        sex: spouseSex,
        phone: p.phone ?? mobile(prng),
        fromDay,
      },
    ];
  }
  return [{ key: 'carer', relationship: RELATIONSHIP.neighbour, name: personName(prng, heritage, carerSex, childBorn - 10), sex: carerSex, phone: mobile(prng), fromDay }];
}

/** Patient.contact entries naming the proxies (next of kin, with the family relationship). */
export function patientContacts(proxies: readonly ProxyPlan[], address: HomeAddress): object[] {
  return proxies.map((x) => ({
    relationship: [concept(NEXT_OF_KIN), concept(x.relationship)],
    name: { use: 'official', family: x.name.family, given: [...x.name.given] },
    telecom: [{ system: 'phone', value: x.phone, use: 'mobile' }],
    ...(x.relationship === RELATIONSHIP.neighbour ? {} : { address: homeAddressJson(address) }),
    gender: x.sex,
  }));
}

function homeAddressJson(a: HomeAddress): object {
  return { use: 'home', type: 'both', line: [...a.line], city: a.city, district: a.district, postalCode: a.postalCode, country: 'GB' };
}

/** The RelatedPerson for a proxy; the relationship ends when the patient dies. */
export function relatedPerson(id: string, patient: Resource, patientDisplay: string, x: ProxyPlan, address: HomeAddress, deathDay?: number): Resource {
  return {
    resourceType: 'RelatedPerson',
    id,
    active: deathDay === undefined,
    patient: ref(patient, patientDisplay),
    relationship: [concept(x.relationship)],
    name: [{ use: 'official', family: x.name.family, given: [...x.name.given], text: displayName(x.name) }],
    telecom: [{ system: 'phone', value: x.phone, use: 'mobile' }],
    gender: x.sex,
    ...(x.relationship === RELATIONSHIP.neighbour ? {} : { address: [homeAddressJson(address)] }),
    period: { start: formatDay(x.fromDay), ...(deathDay !== undefined ? { end: formatDay(deathDay) } : {}) },
  };
}

/**
 * The practice itself: the Organization, its sites (Location) and its staff (Practitioner and
 * PractitionerRole with SDS job role codes).
 */
import type { Resource } from '@openpractice/fhir';
import { concept, ref } from './fhir';
import { Prng } from './prng';
import { SYSTEM } from './codes/systems';
import { GENERAL_PRACTICE_SPECIALTY, STAFF_JOB_ROLE, type StaffKind } from './codes/staff';
import { STAFF_HERITAGE } from './data/names';
import { displayName, homeAddress, landline, personName, type PersonName, type Sex } from './people';
import type { PracticeContext, StaffMember } from './context';
import type { ResolvedOptions } from './options';
import { idFactory } from './ids';
import { yearOf } from './dates';

/** The practice context and the practice-level resources in dependency order. */
export interface BuiltPractice {
  readonly context: PracticeContext;
  readonly resources: readonly Resource[];
}

/** Staff list: 2-4 GPs (about one per 2,000 patients) plus one of each other role. */
function staffPlan(patients: number): StaffKind[] {
  const gps = Math.min(4, Math.max(2, Math.ceil(patients / 2000)));
  const plan: StaffKind[] = ['gpPartner'];
  for (let i = 1; i < gps; i++) plan.push(i % 2 === 1 ? 'gpPartner' : 'salariedGp');
  plan.push('nurse', 'pharmacist', 'receptionist', 'practiceManager');
  return plan;
}

function digits(prng: Prng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(prng.int(0, 9));
  return s;
}

/**
 * Professional registration identifier, synthetic and chosen so it cannot be a real registrant's:
 * GMC and GPhC numbers start 99 (beyond any issued), NMC PINs use the month letter Z (real PINs
 * use A-L).
 */
function registration(prng: Prng, kind: StaffKind): { system: string; value: string } | undefined {
  switch (kind) {
    case 'gpPartner':
    case 'salariedGp':
      return { system: SYSTEM.gmcNumber, value: `99${digits(prng, 5)}` };
    case 'nurse':
      return { system: SYSTEM.nmcNumber, value: `${digits(prng, 2)}Z${digits(prng, 4)}E` };
    case 'pharmacist':
      return { system: SYSTEM.gphcNumber, value: `99${digits(prng, 5)}` };
    case 'receptionist':
    case 'practiceManager':
      return undefined;
  }
}

function isGp(kind: StaffKind): boolean {
  return kind === 'gpPartner' || kind === 'salariedGp';
}

function staffMember(opts: ResolvedOptions, id: PracticeContext['id'], org: Resource, sites: readonly Resource[], kind: StaffKind, index: number): StaffMember {
  const prng = Prng.derive(opts.seed, 'staff', index);
  const sex: Sex = prng.chance(0.55) ? 'female' : 'male';
  const birthYear = yearOf(opts.today) - prng.int(28, 62);
  const name: PersonName = personName(prng, [prng.pick(STAFF_HERITAGE)], sex, birthYear);
  const prefix = isGp(kind) ? 'Dr' : undefined;
  const reg = registration(prng, kind);
  const practitioner: Resource = {
    resourceType: 'Practitioner',
    id: id('Practitioner', index),
    identifier: [...(reg ? [reg] : []), { system: SYSTEM.sdsUserId, value: `555${digits(prng, 9)}` }],
    active: true,
    name: [{ use: 'official', family: name.family, given: [...name.given], ...(prefix ? { prefix: [prefix] } : {}) }],
    gender: sex,
  };
  const display = displayName(name, prefix);
  const role: Resource = {
    resourceType: 'PractitionerRole',
    id: id('PractitionerRole', index),
    identifier: [{ system: SYSTEM.sdsRoleProfileId, value: `555${digits(prng, 9)}` }],
    active: true,
    practitioner: ref(practitioner, display),
    organization: ref(org, opts.name),
    code: [concept(STAFF_JOB_ROLE[kind])],
    ...(isGp(kind) ? { specialty: [concept(GENERAL_PRACTICE_SPECIALTY)] } : {}),
    location: sites.map((s) => ref(s)),
    telecom: [{ system: 'phone', value: landline(prng, opts.area), use: 'work' }],
  };
  return { kind, practitioner, role, display };
}

/**
 * Fictional ODS codes, in the ODS formats (an NHS trust: "R" and two characters; one of its sites:
 * the trust code and two digits). No trust has been issued R9X, so they name no real organisation.
 */
export const HOSPITAL_ODS = 'R9X';
export const LABORATORY_ODS = 'R9X01';

/** The local hospital trust patients are referred to, and its pathology laboratory. */
function localServices(opts: ResolvedOptions, id: PracticeContext['id'], prng: Prng): { hospital: Resource; laboratory: Resource } {
  const city = opts.area.city;
  const hospitalName = `${city} District Hospitals NHS Trust`;
  const address = { use: 'work', type: 'both', line: ['Infirmary Road'], city, district: opts.area.district, postalCode: `${opts.area.outwardCodes[0] ?? 'LS1'} 9ZZ`, country: 'GB' };
  const hospital: Resource = {
    resourceType: 'Organization',
    id: id('Organization', HOSPITAL_ODS),
    identifier: [{ system: SYSTEM.odsOrganization, value: HOSPITAL_ODS }],
    active: true,
    type: [concept({ system: SYSTEM.organizationType, code: 'prov', display: 'Healthcare Provider' })],
    name: hospitalName,
    telecom: [{ system: 'phone', value: landline(prng, opts.area), use: 'work' }],
    address: [address],
  };
  const laboratory: Resource = {
    resourceType: 'Organization',
    id: id('Organization', LABORATORY_ODS),
    identifier: [{ system: SYSTEM.odsOrganization, value: LABORATORY_ODS }],
    active: true,
    type: [concept({ system: SYSTEM.organizationType, code: 'dept', display: 'Hospital Department' })],
    name: `${city} Pathology Laboratory`,
    telecom: [{ system: 'phone', value: landline(prng, opts.area), use: 'work' }],
    address: [address],
    partOf: ref(hospital, hospitalName),
  };
  return { hospital, laboratory };
}

/** Builds the practice: one Organization, one or two sites and its staff, and the local hospital and laboratory. */
export function buildPractice(opts: ResolvedOptions): BuiltPractice {
  const id = idFactory(opts.odsCode, opts.seed);
  const prng = Prng.derive(opts.seed, 'practice');
  const phone = landline(prng, opts.area);
  const address = { use: 'work', type: 'both', line: [...opts.address.line], city: opts.address.city, ...(opts.address.district ? { district: opts.address.district } : {}), postalCode: opts.address.postalCode, country: 'GB' };
  const organization: Resource = {
    resourceType: 'Organization',
    id: id('Organization', opts.odsCode),
    identifier: [{ system: SYSTEM.odsOrganization, value: opts.odsCode }],
    active: true,
    type: [concept({ system: SYSTEM.organizationType, code: 'prov', display: 'Healthcare Provider' })],
    name: opts.name,
    telecom: [{ system: 'phone', value: phone, use: 'work' }],
    address: [address],
  };
  const site = (key: string, name: string, addr: object, tel: string): Resource => ({
    resourceType: 'Location',
    id: id('Location', key),
    status: 'active',
    name,
    mode: 'instance',
    telecom: [{ system: 'phone', value: tel, use: 'work' }],
    address: addr,
    physicalType: concept({ system: SYSTEM.locationPhysicalType, code: 'bu', display: 'Building' }),
    managingOrganization: ref(organization, opts.name),
  });
  const locations = [site('main', `${opts.name} (main surgery)`, address, phone)];
  // Larger lists, and some smaller ones, also run a branch surgery.
  if (opts.patients >= 6000 || prng.chance(0.5)) {
    const branch = homeAddress(prng, opts.area);
    const street = (branch.line[branch.line.length - 1] ?? '').replace(/^\d+ /, '');
    locations.push(site('branch', `${street} branch surgery`, { use: 'work', type: 'both', line: [`${prng.int(1, 60)} ${street}`], city: branch.city, district: branch.district, postalCode: branch.postalCode, country: 'GB' }, landline(prng, opts.area)));
  }
  const { hospital, laboratory } = localServices(opts, id, prng);
  const staff = staffPlan(opts.patients).map((kind, i) => staffMember(opts, id, organization, locations, kind, i));
  const context: PracticeContext = {
    options: opts,
    id,
    organization,
    hospital,
    laboratory,
    locations,
    staff,
    gps: staff.filter((s) => isGp(s.kind)),
    nurses: staff.filter((s) => s.kind === 'nurse'),
    pharmacists: staff.filter((s) => s.kind === 'pharmacist'),
  };
  const resources = [organization, hospital, laboratory, ...locations, ...staff.map((s) => s.practitioner), ...staff.map((s) => s.role)];
  return { context, resources };
}

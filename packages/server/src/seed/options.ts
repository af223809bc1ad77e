/**
 * Options for `generatePractice`, checked once up front with messages that say what to fix.
 */
import { parseDay, todayIso } from './dates';
import { AREAS, FICTIONAL_LANDLINE_PREFIX, UK_POSTCODE, type Area } from './data/places';

export interface PracticeAddress {
  line: string[];
  city: string;
  district?: string;
  postalCode: string;
}

export interface PracticeOptions {
  /** ODS code of the practice: a letter and five digits, e.g. "A81001". */
  odsCode: string;
  name: string;
  /** Registered list size (number of Patient resources). */
  patients: number;
  /** Any integer; the same seed (and `today`) always gives the same output. */
  seed: number;
  /** Practice address; patients live in the same postcode districts. Defaults to a Leeds address. */
  address?: PracticeAddress;
  /** Reference date `YYYY-MM-DD` all dates are relative to. Defaults to today's UTC date. */
  today?: string;
}

export interface ResolvedOptions {
  readonly odsCode: string;
  readonly name: string;
  readonly patients: number;
  readonly seed: number;
  readonly address: PracticeAddress;
  readonly area: Area;
  readonly today: number;
}

/** ODS codes of GP practices: one letter and five digits (NHS Data Dictionary, General Medical Practice Code). */
const GP_PRACTICE_ODS = /^[A-Z]\d{5}$/;
/** Upper bound keeps a typo from starting an hours-long run; the largest practices in England list ~100,000. */
const MAX_PATIENTS = 250_000;

function defaultAddress(area: Area): PracticeAddress {
  return { line: ['1 Health Centre Way'], city: area.city, district: area.district, postalCode: `${area.outwardCodes[0]} 4AB` };
}

/** The area whose outward codes include the practice postcode's, or a fictional one built around it. */
function areaFor(address: PracticeAddress): Area {
  const outward = address.postalCode.split(' ')[0] as string;
  const known = AREAS.find((a) => a.outwardCodes.includes(outward) || a.city === address.city);
  if (known) return known.outwardCodes.includes(outward) ? known : { ...known, outwardCodes: [outward, ...known.outwardCodes] };
  return { city: address.city, district: address.district ?? address.city, outwardCodes: [outward], landlinePrefix: FICTIONAL_LANDLINE_PREFIX };
}

/** Validates options and fills defaults; throws a RangeError naming the field to fix. */
export function resolveOptions(options: PracticeOptions): ResolvedOptions {
  if (!GP_PRACTICE_ODS.test(options.odsCode)) {
    throw new RangeError(`odsCode must be a GP practice ODS code (a capital letter and five digits, e.g. "A81001"), got "${options.odsCode}"`);
  }
  if (options.name.trim() === '') throw new RangeError('name must not be empty');
  if (!Number.isInteger(options.patients) || options.patients < 0 || options.patients > MAX_PATIENTS) {
    throw new RangeError(`patients must be an integer from 0 to ${MAX_PATIENTS}, got ${options.patients}`);
  }
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be a safe integer, got ${options.seed}`);
  const address = options.address ?? defaultAddress(AREAS[0] as Area);
  if (!UK_POSTCODE.test(address.postalCode)) {
    throw new RangeError(`address.postalCode must be a UK postcode in upper case with one space, e.g. "LS6 4AB", got "${address.postalCode}"`);
  }
  if (address.line.length === 0 || address.line.some((l) => l.trim() === '') || address.city.trim() === '') {
    throw new RangeError('address needs at least one non-empty line and a city');
  }
  const today = parseDay(options.today ?? todayIso());
  return { odsCode: options.odsCode, name: options.name.trim(), patients: options.patients, seed: options.seed, address, area: areaFor(address), today };
}

/**
 * Places for synthetic addresses and phone numbers. Postcodes are real-format (outward code of a
 * real district, random inward code), so they look right and validate but are not claimed to
 * exist. Phone numbers come only from the ranges Ofcom reserves for drama and fiction, so no
 * generated number can ring a real person; email addresses use the reserved example.com domain.
 */

export interface Area {
  readonly city: string;
  /** County or metropolitan district, for Address.district. */
  readonly district: string;
  /** Postcode outward codes near the practice. */
  readonly outwardCodes: readonly string[];
  /** Ofcom drama landline range, completed by three digits (0113 496 0000 to 0113 496 0999). */
  readonly landlinePrefix: string;
}

export const AREAS: readonly Area[] = [
  { city: 'Leeds', district: 'West Yorkshire', outwardCodes: ['LS6', 'LS7', 'LS8', 'LS16', 'LS17'], landlinePrefix: '0113 496 0' },
  { city: 'Sheffield', district: 'South Yorkshire', outwardCodes: ['S7', 'S8', 'S10', 'S11', 'S17'], landlinePrefix: '0114 496 0' },
  { city: 'Nottingham', district: 'Nottinghamshire', outwardCodes: ['NG2', 'NG3', 'NG5', 'NG7', 'NG9'], landlinePrefix: '0115 496 0' },
  { city: 'Bristol', district: 'City of Bristol', outwardCodes: ['BS3', 'BS5', 'BS6', 'BS7', 'BS16'], landlinePrefix: '0117 496 0' },
  { city: 'Birmingham', district: 'West Midlands', outwardCodes: ['B11', 'B13', 'B14', 'B17', 'B29'], landlinePrefix: '0121 496 0' },
  { city: 'Liverpool', district: 'Merseyside', outwardCodes: ['L8', 'L15', 'L17', 'L18', 'L25'], landlinePrefix: '0151 496 0' },
  { city: 'Manchester', district: 'Greater Manchester', outwardCodes: ['M14', 'M16', 'M19', 'M20', 'M21'], landlinePrefix: '0161 496 0' },
  { city: 'London', district: 'Greater London', outwardCodes: ['E1', 'E2', 'E3', 'E14', 'N16'], landlinePrefix: '020 7946 0' },
];

/** Ofcom's drama range with no geographic area (01632 960000 to 960999), for practices elsewhere. */
export const FICTIONAL_LANDLINE_PREFIX = '01632 960';
/** Ofcom drama mobile range, completed by three digits: 07700 900000 to 07700 900999. */
export const DRAMA_MOBILE_PREFIX = '07700 900';

export const STREET_NAMES: readonly string[] = [
  'Victoria Road', 'Church Lane', 'Station Road', 'Park Avenue', 'Queens Road', 'Kings Road', 'Mill Lane', 'Grove Terrace',
  'Springfield Road', 'Chapel Street', 'Manor Drive', 'Oak Tree Close', 'Beech Grove', 'Highfield Crescent', 'Albert Street',
  'Meadow View', 'Clarendon Road', 'York Road', 'Woodland Rise', 'Cavendish Street', 'Fairfield Road', 'Moorland Avenue',
  'Holly Bank', 'Elmwood Court', 'St John\'s Walk', 'Riverside Way', 'Cromwell Street', 'Ash Grove', 'Hawthorn Drive',
];

/** Letters allowed in the inward code unit of a UK postcode (Royal Mail: no C, I, K, M, O or V). */
export const POSTCODE_UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A UK postcode (BS 7666 format): outward code, space, digit and two letters. */
export const UK_POSTCODE = /^(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) [0-9][ABD-HJLNP-UW-Z]{2})$/;

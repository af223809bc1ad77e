/**
 * Population shape of England: age by five-year band with the female share of each band (ONS
 * mid-year estimates, rounded), and ethnic group (Census 2021, England and Wales, rounded). The
 * ethnic groups use the NHS Data Dictionary Ethnic Category codes, which UK Core carries in
 * https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland.
 */
import type { Code } from '../fhir';
import { SYSTEM } from '../codes/systems';
import type { NameHeritage } from './names';

export interface AgeBand {
  readonly from: number;
  readonly to: number;
  /** Percentage of the population (relative weight). */
  readonly percent: number;
  readonly femaleShare: number;
}

export const AGE_BANDS: readonly AgeBand[] = [
  { from: 0, to: 4, percent: 5.6, femaleShare: 0.49 },
  { from: 5, to: 9, percent: 6.1, femaleShare: 0.49 },
  { from: 10, to: 14, percent: 6.1, femaleShare: 0.49 },
  { from: 15, to: 19, percent: 5.7, femaleShare: 0.49 },
  { from: 20, to: 24, percent: 6.0, femaleShare: 0.5 },
  { from: 25, to: 29, percent: 6.7, femaleShare: 0.5 },
  { from: 30, to: 34, percent: 7.0, femaleShare: 0.51 },
  { from: 35, to: 39, percent: 6.8, femaleShare: 0.51 },
  { from: 40, to: 44, percent: 6.4, femaleShare: 0.5 },
  { from: 45, to: 49, percent: 6.3, femaleShare: 0.51 },
  { from: 50, to: 54, percent: 6.8, femaleShare: 0.51 },
  { from: 55, to: 59, percent: 6.7, femaleShare: 0.51 },
  { from: 60, to: 64, percent: 5.9, femaleShare: 0.51 },
  { from: 65, to: 69, percent: 5.0, femaleShare: 0.52 },
  { from: 70, to: 74, percent: 4.9, femaleShare: 0.53 },
  { from: 75, to: 79, percent: 3.7, femaleShare: 0.54 },
  { from: 80, to: 84, percent: 2.5, femaleShare: 0.57 },
  { from: 85, to: 89, percent: 1.5, femaleShare: 0.61 },
  { from: 90, to: 99, percent: 0.9, femaleShare: 0.7 },
];

function ethnic(code: string, display: string): Code {
  return { system: SYSTEM.ethnicCategoryEngland, code, display };
}

export interface EthnicGroup {
  readonly category: Code;
  readonly percent: number;
  /** Where names are drawn from; mixed groups draw from both. */
  readonly heritage: readonly NameHeritage[];
  /** Relative risk of type 2 diabetes and of hypertension against the population as a whole. */
  readonly diabetesRisk: number;
  readonly hypertensionRisk: number;
  /** BCP 47 languages some people in the group prefer over English, with the share who do. */
  readonly languages?: { readonly codes: readonly { readonly code: string; readonly display: string }[]; readonly share: number };
}

export const ETHNIC_GROUPS: readonly EthnicGroup[] = [
  { category: ethnic('A', 'White - British'), percent: 74.4, heritage: ['british'], diabetesRisk: 0.9, hypertensionRisk: 1 },
  { category: ethnic('B', 'White - Irish'), percent: 0.9, heritage: ['irish'], diabetesRisk: 0.9, hypertensionRisk: 1 },
  {
    category: ethnic('C', 'White - Any other White background'),
    percent: 6.2,
    heritage: ['europeanOther'],
    diabetesRisk: 0.9,
    hypertensionRisk: 1,
    languages: { codes: [{ code: 'pl', display: 'Polish' }, { code: 'ro', display: 'Romanian' }, { code: 'lt', display: 'Lithuanian' }, { code: 'pt', display: 'Portuguese' }], share: 0.3 },
  },
  { category: ethnic('D', 'Mixed - White and Black Caribbean'), percent: 0.9, heritage: ['british', 'caribbean'], diabetesRisk: 1.3, hypertensionRisk: 1.1 },
  { category: ethnic('E', 'Mixed - White and Black African'), percent: 0.5, heritage: ['british', 'african'], diabetesRisk: 1.3, hypertensionRisk: 1.1 },
  { category: ethnic('F', 'Mixed - White and Asian'), percent: 0.8, heritage: ['british', 'indian'], diabetesRisk: 1.4, hypertensionRisk: 1 },
  { category: ethnic('G', 'Mixed - Any other mixed background'), percent: 0.8, heritage: ['british', 'otherAsian', 'arab'], diabetesRisk: 1.2, hypertensionRisk: 1 },
  {
    category: ethnic('H', 'Asian or Asian British - Indian'),
    percent: 3.1,
    heritage: ['indian'],
    diabetesRisk: 2.5,
    hypertensionRisk: 1.1,
    languages: { codes: [{ code: 'pa', display: 'Punjabi' }, { code: 'gu', display: 'Gujarati' }], share: 0.15 },
  },
  {
    category: ethnic('J', 'Asian or Asian British - Pakistani'),
    percent: 2.7,
    heritage: ['pakistani'],
    diabetesRisk: 3,
    hypertensionRisk: 1.1,
    languages: { codes: [{ code: 'ur', display: 'Urdu' }, { code: 'pa', display: 'Punjabi' }], share: 0.15 },
  },
  {
    category: ethnic('K', 'Asian or Asian British - Bangladeshi'),
    percent: 1.1,
    heritage: ['bangladeshi'],
    diabetesRisk: 3,
    hypertensionRisk: 1.1,
    languages: { codes: [{ code: 'bn', display: 'Bengali' }], share: 0.2 },
  },
  { category: ethnic('L', 'Asian or Asian British - Any other Asian background'), percent: 1.6, heritage: ['otherAsian'], diabetesRisk: 2, hypertensionRisk: 1 },
  { category: ethnic('M', 'Black or Black British - Caribbean'), percent: 1.0, heritage: ['caribbean'], diabetesRisk: 2, hypertensionRisk: 1.4 },
  {
    category: ethnic('N', 'Black or Black British - African'),
    percent: 2.5,
    heritage: ['african'],
    diabetesRisk: 2,
    hypertensionRisk: 1.4,
    languages: { codes: [{ code: 'so', display: 'Somali' }, { code: 'yo', display: 'Yoruba' }], share: 0.1 },
  },
  { category: ethnic('P', 'Black or Black British - Any other Black background'), percent: 0.5, heritage: ['african', 'caribbean'], diabetesRisk: 2, hypertensionRisk: 1.4 },
  {
    category: ethnic('R', 'Other Ethnic Groups - Chinese'),
    percent: 0.7,
    heritage: ['chinese'],
    diabetesRisk: 1.3,
    hypertensionRisk: 1,
    languages: { codes: [{ code: 'zh', display: 'Chinese' }, { code: 'yue', display: 'Cantonese' }], share: 0.2 },
  },
  {
    category: ethnic('S', 'Other Ethnic Groups - Any other ethnic group'),
    percent: 1.6,
    heritage: ['arab'],
    diabetesRisk: 1.5,
    hypertensionRisk: 1,
    languages: { codes: [{ code: 'ar', display: 'Arabic' }], share: 0.2 },
  },
  { category: ethnic('Z', 'Not stated'), percent: 1.5, heritage: ['british'], diabetesRisk: 1, hypertensionRisk: 1 },
];

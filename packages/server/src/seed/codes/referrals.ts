/**
 * Referral procedures (ServiceRequest.code) and the specialties they go to (performerType, as NHS
 * Data Dictionary main specialty codes in UK Core's UKCore-PracticeSettingCodeEngland).
 *
 * Sources:
 * - GM_SDE: Greater Manchester Secure Data Environment referral code sets
 *   (UoM-Data-Science-Platforms/gm-sde shared/clinical-code-sets/referrals/: cancer-referral,
 *   mental-health-service-referral, gynaecology-referral, safeguarding-referral).
 * - 183519002 and 183545006: GP record extracts and FHIR examples that agree on code and term
 *   (e.g. a SNOMED CT usage table listing "Referral to cardiology service (procedure)"; GP
 *   consultation audit examples listing 183545006 "Referral to orthopaedic service").
 * - UK Core examples: 108161000000109 "Referred by general practitioner" (Extension-UKCore-
 *   SourceOfServiceRequest); HL7 R4 examples: 306206005 "Referral to service".
 * - Specialties: UK Core CodeSystem UKCore-PracticeSettingCodeEngland (NHSDigital/FHIR-R4-UKCORE-
 *   STAGING-MAIN codesystems/), copied there from the NHS Data Dictionary.
 */
import { snomed, type Code } from '../fhir';
import { SYSTEM } from './systems';

function specialty(code: string, display: string): Code {
  return { system: SYSTEM.practiceSettingEngland, code, display };
}

export const SPECIALTY = {
  cardiology: specialty('320', 'Cardiology'),
  traumaOrthopaedics: specialty('110', 'Trauma and Orthopaedics'),
  respiratory: specialty('340', 'Respiratory Medicine'),
  urology: specialty('101', 'Urology'),
  generalSurgery: specialty('100', 'General Surgery'),
  dermatology: specialty('330', 'Dermatology'),
  gastroenterology: specialty('301', 'Gastroenterology'),
  adultMentalIllness: specialty('710', 'Adult Mental Illness'),
  gynaecology: specialty('502', 'Gynaecology'),
  genitourinary: specialty('360', 'Genitourinary Medicine'),
  sexualHealth: specialty('504', 'Community Sexual and Reproductive Health'),
  generalMedicine: specialty('300', 'General Internal Medicine'),
  geriatric: specialty('430', 'Geriatric Medicine'),
} as const satisfies Record<string, Code>;

export type ReferralKey =
  | 'cardiology'
  | 'orthopaedics'
  | 'fastTrackLung'
  | 'fastTrackColorectal'
  | 'fastTrackBreast'
  | 'fastTrackSkin'
  | 'fastTrackUpperGi'
  | 'fastTrackUrological'
  | 'primaryCareMentalHealth'
  | 'communityMentalHealth'
  | 'gynaecology'
  | 'genitourinary'
  | 'safeguardingAdults'
  | 'genderIdentity';

export interface ReferralDef {
  readonly code: Code;
  readonly specialty?: Code;
  /** Shown on the letter and in notes, e.g. "cardiology". */
  readonly service: string;
  /** Two-week-wait suspected cancer referrals are urgent. */
  readonly priority: 'routine' | 'urgent';
  /** Weeks until first seen. */
  readonly waitWeeks: readonly [number, number];
  /** Goes to the hospital trust (a clinic letter follows) or to a community team (no letter). */
  readonly letter: boolean;
}

export const REFERRALS: Readonly<Record<ReferralKey, ReferralDef>> = {
  cardiology: { code: snomed('183519002', 'Referral to cardiology service'), specialty: SPECIALTY.cardiology, service: 'cardiology', priority: 'routine', waitWeeks: [6, 18], letter: true },
  orthopaedics: { code: snomed('183545006', 'Referral to orthopaedic service'), specialty: SPECIALTY.traumaOrthopaedics, service: 'orthopaedics', priority: 'routine', waitWeeks: [8, 26], letter: true },
  // GM_SDE cancer-referral
  fastTrackLung: { code: snomed('276491000000101', 'Fast track referral for suspected lung cancer'), specialty: SPECIALTY.respiratory, service: 'respiratory (suspected cancer)', priority: 'urgent', waitWeeks: [1, 2], letter: true },
  fastTrackColorectal: { code: snomed('276401000000108', 'Fast track referral for suspected colorectal cancer'), specialty: SPECIALTY.generalSurgery, service: 'colorectal (suspected cancer)', priority: 'urgent', waitWeeks: [1, 2], letter: true },
  fastTrackBreast: { code: snomed('276341000000100', 'Fast track referral for suspected breast cancer'), specialty: SPECIALTY.generalSurgery, service: 'breast clinic (suspected cancer)', priority: 'urgent', waitWeeks: [1, 2], letter: true },
  fastTrackSkin: { code: snomed('276281000000104', 'Fast track referral for suspected skin cancer'), specialty: SPECIALTY.dermatology, service: 'dermatology (suspected cancer)', priority: 'urgent', waitWeeks: [1, 2], letter: true },
  fastTrackUpperGi: { code: snomed('276551000000108', 'Fast track referral for suspected upper gastrointestinal cancer'), specialty: SPECIALTY.gastroenterology, service: 'upper GI (suspected cancer)', priority: 'urgent', waitWeeks: [1, 2], letter: true },
  fastTrackUrological: { code: snomed('276431000000102', 'Fast track referral for suspected urological cancer'), specialty: SPECIALTY.urology, service: 'urology (suspected cancer)', priority: 'urgent', waitWeeks: [1, 2], letter: true },
  // GM_SDE mental-health-service-referral
  primaryCareMentalHealth: { code: snomed('279381000000103', 'Referral to primary care mental health team'), service: 'talking therapies', priority: 'routine', waitWeeks: [2, 10], letter: false },
  communityMentalHealth: { code: snomed('24921000000109', 'Referral to community mental health team'), specialty: SPECIALTY.adultMentalIllness, service: 'community mental health team', priority: 'routine', waitWeeks: [2, 8], letter: true },
  // GM_SDE gynaecology-referral
  gynaecology: { code: snomed('183549000', 'Referral to gynecology service'), specialty: SPECIALTY.gynaecology, service: 'gynaecology', priority: 'routine', waitWeeks: [6, 18], letter: true },
  genitourinary: { code: snomed('415272006', 'Referral to genitourinary clinic'), specialty: SPECIALTY.genitourinary, service: 'sexual health clinic', priority: 'routine', waitWeeks: [0, 2], letter: true },
  // GM_SDE safeguarding-referral
  safeguardingAdults: { code: snomed('514331000000104', 'Referral to safeguarding adults team'), service: 'adult safeguarding team', priority: 'urgent', waitWeeks: [0, 1], letter: false },
  // HL7 R4 examples (ActivityDefinition-referralPrimaryCareMentalHealth): no specific code checked.
  genderIdentity: { code: snomed('306206005', 'Referral to service'), service: 'gender identity clinic', priority: 'routine', waitWeeks: [80, 150], letter: true },
};

/** ServiceRequest.category for referrals (HL7 R4 example value set expansion). */
export const REFERRAL_CATEGORY = snomed('3457005', 'Referral procedure');

/** UK Core Extension-UKCore-SourceOfServiceRequest value (UK Core ServiceRequest examples). */
export const REFERRED_BY_GP = snomed('108161000000109', 'Referred by general practitioner');

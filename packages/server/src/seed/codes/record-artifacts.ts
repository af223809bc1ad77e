/**
 * Codes for correspondence, laboratory reports and sensitive entries.
 *
 * - Document types (SNOMED CT record artifacts): 373942005 "Discharge summary" (UK Core
 *   UKCore-Composition-Discharge-Example); 823691000000103 "Clinical letter" (NHS England FHIR
 *   examples and GP-facing systems agree on code and term, e.g. Renalware's default SNOMED document
 *   type, NHS Digital's DocumentReference sample code).
 * - Laboratory reports: 721981007 "Diagnostic studies report" (UK Core
 *   UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example), category LAB from HL7 v2 table 0074.
 * - Sensitive entries: 86406008 "Human immunodeficiency virus infection" (OpenSAFELY HIV codelist,
 *   as in gm-sde conditions/hiv); 237084006 "Chlamydial cervicitis" and 236682002 "Gonococcal
 *   urethritis" (gm-sde conditions/genital-tract-infections); 766561000000109 "Adult safeguarding
 *   concern" (gm-sde referrals/safeguarding-referral); 386639001 "Termination of pregnancy" (HL7
 *   Consent examples restricting it, several agree on code and term); 93461009 "Gender dysphoria"
 *   (clinical code tables of several NHS-facing projects agree on code and term).
 */
import { snomed, type Code } from '../fhir';
import { SYSTEM } from './systems';

export const DOCUMENT_TYPE = {
  dischargeSummary: snomed('373942005', 'Discharge summary'),
  clinicalLetter: snomed('823691000000103', 'Clinical letter'),
} as const satisfies Record<string, Code>;

export const LAB_REPORT_CODE = snomed('721981007', 'Diagnostic studies report');
export const LAB_CATEGORY: Code = { system: SYSTEM.diagnosticServiceSection, code: 'LAB', display: 'Laboratory' };

export const SENSITIVE_CODE = {
  hiv: snomed('86406008', 'Human immunodeficiency virus infection'),
  chlamydialCervicitis: snomed('237084006', 'Chlamydial cervicitis'),
  gonococcalUrethritis: snomed('236682002', 'Gonococcal urethritis'),
  adultSafeguardingConcern: snomed('766561000000109', 'Adult safeguarding concern'),
  terminationOfPregnancy: snomed('386639001', 'Termination of pregnancy'),
  genderDysphoria: snomed('93461009', 'Gender dysphoria'),
} as const satisfies Record<string, Code>;

/**
 * The marker every sensitive resource carries in meta.security: confidentiality "restricted" (HL7
 * v3 Confidentiality R) and "no disclosure to patient, family or caregivers without attending
 * provider's authorization" (HL7 v3 ActCode NOPAT), the label GP Connect and GP2GP use for items
 * not to be shown to the patient (GP Connect data model, general FHIR resource population
 * requirements). Later access control hides these from patient view and external sharing.
 */
export const SENSITIVE_SECURITY: readonly Code[] = [
  { system: SYSTEM.confidentiality, code: 'R', display: 'restricted' },
  { system: SYSTEM.actCode, code: 'NOPAT', display: "no disclosure to patient, family or caregivers without attending provider's authorization" },
];

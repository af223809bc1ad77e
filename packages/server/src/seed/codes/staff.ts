/**
 * Staff roles: SDS job role codes (national RBAC "R" codes, as used by CIS2/Smartcards and EPS)
 * and the SNOMED CT specialty of general practice.
 */
import { snomed, type Code } from '../fhir';
import { SYSTEM } from './systems';

function sdsJobRole(code: string, display: string): Code {
  return { system: SYSTEM.sdsJobRoleName, code, display };
}

export type StaffKind = 'gpPartner' | 'salariedGp' | 'nurse' | 'pharmacist' | 'receptionist' | 'practiceManager';

export const STAFF_JOB_ROLE: Readonly<Record<StaffKind, Code>> = {
  gpPartner: sdsJobRole('R0260', 'General Medical Practitioner'),
  salariedGp: sdsJobRole('R0270', 'Salaried General Practitioner'),
  // SDS has no "practice nurse" role; registered nurses in practices hold Staff Nurse.
  nurse: sdsJobRole('R0620', 'Staff Nurse'),
  pharmacist: sdsJobRole('R1290', 'Pharmacist'),
  receptionist: sdsJobRole('R1730', 'Receptionist'),
  practiceManager: sdsJobRole('R1780', 'Manager'),
};

export const GENERAL_PRACTICE_SPECIALTY = snomed('394814009', 'General practice');

/** Consultation types recorded on encounters. */
export const ENCOUNTER_TYPE = {
  consultation: snomed('11429006', 'Consultation'),
  followUp: snomed('390906007', 'Follow-up encounter'),
  checkUp: snomed('185349003', 'Encounter for check up'),
} as const;

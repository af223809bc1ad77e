/**
 * Small national code systems the record needs, copied from their published definitions.
 * Appointment and slot statuses are not here: they are HL7's own R4 code systems and are loaded
 * from the official definitions package at start (see ../catalogue.ts).
 */
import type { CodeRow } from './types';

/**
 * UK Core CodeSystem UKCore-EthnicCategoryEngland 1.0.0 (NHS Data Dictionary ethnic category),
 * NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN codesystems/CodeSystem-UKCore-EthnicCategoryEngland.xml.
 */
export const ETHNIC_CATEGORY_ENGLAND: readonly CodeRow[] = [
  ['A', 'White - British'],
  ['B', 'White - Irish'],
  ['C', 'White - Any other White background'],
  ['D', 'Mixed - White and Black Caribbean'],
  ['E', 'Mixed - White and Black African'],
  ['F', 'Mixed - White and Asian'],
  ['G', 'Mixed - Any other mixed background'],
  ['H', 'Asian or Asian British - Indian'],
  ['J', 'Asian or Asian British - Pakistani'],
  ['K', 'Asian or Asian British - Bangladeshi'],
  ['L', 'Asian or Asian British - Any other Asian background'],
  ['M', 'Black or Black British - Caribbean'],
  ['N', 'Black or Black British - African'],
  ['P', 'Black or Black British - Any other Black background'],
  ['R', 'Other Ethnic Groups - Chinese'],
  ['S', 'Other Ethnic Groups - Any other ethnic group'],
  ['Z', 'Not stated'],
  ['99', 'Not known'],
];

/**
 * UK Core CodeSystem UKCore-EthnicCategoryWales 1.0.0, as listed in the expansion of UK Core
 * ValueSet UKCore-EthnicCategory 2.2.0 (valuesets/ValueSet-UKCore-EthnicCategory.xml), whose
 * compose includes this whole code system; published here so that value set is complete.
 */
export const ETHNIC_CATEGORY_WALES: readonly CodeRow[] = [
  ['A', 'Any White Background, including Welsh, English, Scottish, Northern Irish, Irish, British'],
  ['B', 'Gypsy or Irish Traveller'],
  ['D', 'White and Black Caribbean'],
  ['E', 'White and Black African'],
  ['F', 'White and Asian'],
  ['G', 'Any other mixed background / multiple ethnic background'],
  ['H', 'Indian'],
  ['J', 'Pakistani'],
  ['K', 'Bangladeshi'],
  ['L', 'Any other Asian background'],
  ['M', 'Caribbean'],
  ['N', 'African'],
  ['P', 'Any other Black background'],
  ['R', 'Chinese'],
  ['S', 'Any other ethnic group'],
  ['T', 'Arab'],
  ['Z', 'Not stated'],
];

/**
 * Care Connect (HL7 UK, STU3) CodeSystem CareConnect-RegistrationType-1 1.0.0: the type of a
 * patient's registration at a practice, as GP Connect uses it. Read from the code system as
 * published at https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-RegistrationType-1 (copy in
 * elementechemlyn/node-careconnect-server-core src/CodeSystems/CareConnectRegistrationType1.js).
 */
export const REGISTRATION_TYPE: readonly CodeRow[] = [
  ['R', 'Regular'],
  ['E', 'Emergency'],
  ['IN', 'Immediately necessary'],
  ['T', 'Temporary'],
  ['P', 'Private'],
  ['O', 'Other'],
  ['S', 'Synthetic Record'],
];

/**
 * NHS England national slot type categories, the categories practices map their local slot types
 * to for the "Appointments in General Practice" publication. The categories are published as names
 * only, without codes, so the codes here are ours (a kebab-case of the name) and the code system
 * lives under this deployment's base URL. Names as they appear in the published data (national
 * category column), e.g. as summarised in a public analysis of the dataset.
 */
export const NATIONAL_SLOT_TYPE_CATEGORY: readonly CodeRow[] = [
  ['general-consultation-acute', 'General Consultation Acute'],
  ['general-consultation-routine', 'General Consultation Routine'],
  ['unplanned-clinical-activity', 'Unplanned Clinical Activity'],
  ['planned-clinics', 'Planned Clinics'],
  ['planned-clinical-procedure', 'Planned Clinical Procedure'],
  ['structured-medication-review', 'Structured Medication Review'],
  ['home-visit', 'Home Visit'],
  ['care-home-visit', 'Care Home Visit'],
  ['patient-contact-during-care-home-round', 'Patient contact during Care Home Round'],
  [
    'care-home-needs-assessment-and-personalised-care-and-support-planning',
    'Care Home Needs Assessment & Personalised Care and Support Planning',
  ],
  ['clinical-triage', 'Clinical Triage'],
  ['walk-in', 'Walk-in'],
  ['social-prescribing-service', 'Social Prescribing Service'],
  ['service-provided-by-organisation-external-to-the-practice', 'Service provided by organisation external to the practice'],
  ['non-contractual-chargeable-work', 'Non-contractual chargeable work'],
  ['group-consultation-and-group-education', 'Group Consultation and Group Education'],
];

/**
 * Search parameters OpenPractice adds for GP work on UK Core extensions, which the official R4
 * SearchParameters cannot reach: a patient's ethnic category and NHS number verification status
 * (registration and data-quality work), and the expiry of a repeat authorisation (medication
 * reviews). Part of the default registry, so they are indexed on write, searchable, and listed in
 * the CapabilityStatement like the official ones.
 */
import type { SearchParameterDefinition } from '../definitions';

const BASE = 'https://openpractice.nhs.example/SearchParameter';
const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition';

export const UK_CORE_SEARCH_PARAMETERS: readonly SearchParameterDefinition[] = [
  {
    resourceType: 'SearchParameter',
    url: `${BASE}/Patient-ethnic-category`,
    name: 'ethnic-category',
    code: 'ethnic-category',
    base: ['Patient'],
    type: 'token',
    description: "The patient's ethnic category (UK Core Extension-UKCore-EthnicCategory)",
    expression: `Patient.extension.where(url='${UK_CORE}/Extension-UKCore-EthnicCategory').value.ofType(CodeableConcept)`,
  },
  {
    resourceType: 'SearchParameter',
    url: `${BASE}/Patient-nhs-number-verification`,
    name: 'nhs-number-verification',
    code: 'nhs-number-verification',
    base: ['Patient'],
    type: 'token',
    description: 'Verification status of the NHS number (UK Core Extension-UKCore-NHSNumberVerificationStatus)',
    expression:
      `Patient.identifier.where(system='https://fhir.nhs.uk/Id/nhs-number')` +
      `.extension.where(url='${UK_CORE}/Extension-UKCore-NHSNumberVerificationStatus').value.ofType(CodeableConcept)`,
  },
  {
    resourceType: 'SearchParameter',
    url: `${BASE}/MedicationRequest-authorisation-expiry`,
    name: 'authorisation-expiry',
    code: 'authorisation-expiry',
    base: ['MedicationRequest'],
    type: 'date',
    description: 'When a repeat authorisation expires (UK Core Extension-UKCore-MedicationRepeatInformation authorisationExpiryDate)',
    expression:
      `MedicationRequest.extension.where(url='${UK_CORE}/Extension-UKCore-MedicationRepeatInformation')` +
      `.extension.where(url='authorisationExpiryDate').value.ofType(dateTime)`,
  },
];

/**
 * Code system and identifier system URLs used by the generator. HL7 terminology systems are from
 * FHIR R4 (terminology.hl7.org); the UK ones are those UK Core and NHS England national services use.
 */
export const SYSTEM = {
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  /** dm+d as named by the NHS England terminology server; dm+d ids are also SNOMED CT UK Drug Extension ids. */
  dmd: 'https://dmd.nhs.uk',
  bcp47: 'urn:ietf:bcp:47',

  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganization: 'https://fhir.nhs.uk/Id/ods-organization-code',
  sdsUserId: 'https://fhir.nhs.uk/Id/sds-user-id',
  sdsRoleProfileId: 'https://fhir.nhs.uk/Id/sds-role-profile-id',
  gmcNumber: 'https://fhir.hl7.org.uk/Id/gmc-number',
  nmcNumber: 'https://fhir.hl7.org.uk/Id/nmc-number',
  gphcNumber: 'https://fhir.hl7.org.uk/Id/gphc-number',

  /** SDS job role codes (R-codes). NHS England is moving to .../NHSDigital-SDS-JobRoleCode; EPS still uses this one. */
  sdsJobRoleName: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-SDSJobRoleName',
  ethnicCategoryEngland: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
  nhsNumberVerificationEngland: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',

  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  courseOfTherapy: 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy',
  medicationRequestCategory: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  contactRole: 'http://terminology.hl7.org/CodeSystem/v2-0131',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  diagnosticServiceSection: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  immunizationOrigin: 'http://terminology.hl7.org/CodeSystem/immunization-origin',
  medicationRequestStatusReason: 'http://terminology.hl7.org/CodeSystem/medicationrequest-status-reason',
  /** NHS Data Dictionary main specialty codes, as UK Core publishes them for England. */
  practiceSettingEngland: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-PracticeSettingCodeEngland',
  medicationPrescribingOrganizationType: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-MedicationPrescribingOrganizationType',
  /** RFC 3986 URIs as identifiers (urn:uuid:...). */
  uri: 'urn:ietf:rfc:3986',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
} as const;

/** UK Core extension URLs. */
export const EXTENSION = {
  ethnicCategory: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
  nhsNumberVerificationStatus: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
  medicationRepeatInformation: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation',
  medicationStatementLastIssueDate: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate',
  medicationPrescribingOrganizationType: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationPrescribingOrganizationType',
  vaccinationProcedure: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-VaccinationProcedure',
  sourceOfServiceRequest: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest',
} as const;

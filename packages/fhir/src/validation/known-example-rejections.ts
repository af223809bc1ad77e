/**
 * Official examples our validator rejects, each because the example itself breaks a rule of the
 * R4 specification. The examples test accepts every other file and requires each file here to
 * fail with exactly these error expressions (`*` matches any characters).
 */

export interface KnownRejection {
  /** `r4`: npm hl7.fhir.r4.examples 4.0.1; `uk-core`: /work/shared/data/ukcore-examples. */
  readonly source: 'r4' | 'uk-core';
  readonly file: string;
  /** Why the example is invalid, citing the specification. */
  readonly reason: string;
  /** Expressions of the errors expected; every error must match one and each must match an error. */
  readonly expressions: readonly string[];
}

const r4 = (file: string, reason: string, ...expressions: string[]): KnownRejection => ({ source: 'r4', file, reason, expressions });
const ukCore = (file: string, reason: string, ...expressions: string[]): KnownRejection => ({ source: 'uk-core', file, reason, expressions });

const EMPTY_NARRATIVE = 'txt-1/txt-2: the narrative div holds only whitespace; it SHALL have some non-whitespace content (narrative.html#Narrative)';
const NO_SEARCH_BASE = 'SearchParameter.base is 1..* (searchparameter.html); this extension search parameter has none';
const LOGICAL_MODEL = 'sdf-4: a non-abstract StructureDefinition SHALL have a baseDefinition; this logical model has neither';
// The UK Core JSON was converted from the published XML; the converter left `"_status": {}` and the
// like, which no JSON rendering may contain.
const EMPTY_PRIMITIVE_EXTENSION = 'an empty `_x: {}` primitive extension object: JSON objects are never empty (json.html#json; ele-1)';

export const KNOWN_EXAMPLE_REJECTIONS: readonly KnownRejection[] = [
  r4('ActivityDefinition-blood-tubes-supply.json', EMPTY_NARRATIVE, 'ActivityDefinition.text.div'),
  r4('ActivityDefinition-heart-valve-replacement.json', EMPTY_NARRATIVE, 'ActivityDefinition.text.div'),
  r4('EventDefinition-example.json', EMPTY_NARRATIVE, 'EventDefinition.text.div'),
  r4('Questionnaire-zika-virus-exposure-assessment.json', EMPTY_NARRATIVE, 'Questionnaire.text.div'),
  r4('Bundle-dataelements.json', 'bdl-7: entries repeat a fullUrl (e.g. de-Quantity.value) without distinct meta.versionId (bundle.html)', 'Bundle'),
  r4('ImplementationGuide-fhir.json', 'ImplementationGuide.name and .status are 1..1 (implementationguide.html); this package manifest has neither', 'ImplementationGuide.name', 'ImplementationGuide.status'),
  r4('ig-r4.json', 'the same package manifest as ImplementationGuide-fhir.json: name and status are 1..1 (implementationguide.html)', 'ImplementationGuide.name', 'ImplementationGuide.status'),
  r4('Questionnaire-qs1.json', 'nested items have no linkId, which Questionnaire.item.linkId (1..1) requires (questionnaire.html)', 'Questionnaire.item[*].linkId'),
  r4('SearchParameter-questionnaireresponse-extensions-QuestionnaireResponse-item-subject.json', 'the resource id has 67 characters; an id is at most 64 (datatypes.html#id)', 'SearchParameter.id'),
  r4('SearchParameter-codesystem-extensions-CodeSystem-author.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-codesystem-extensions-CodeSystem-effective.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-codesystem-extensions-CodeSystem-end.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-codesystem-extensions-CodeSystem-keyword.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-codesystem-extensions-CodeSystem-workflow.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-valueset-extensions-ValueSet-author.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-valueset-extensions-ValueSet-effective.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-valueset-extensions-ValueSet-end.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-valueset-extensions-ValueSet-keyword.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('SearchParameter-valueset-extensions-ValueSet-workflow.json', NO_SEARCH_BASE, 'SearchParameter.base'),
  r4('StructureDefinition-Definition.json', LOGICAL_MODEL, 'StructureDefinition'),
  r4('StructureDefinition-Event.json', LOGICAL_MODEL, 'StructureDefinition'),
  r4('StructureDefinition-FiveWs.json', LOGICAL_MODEL, 'StructureDefinition'),
  r4('StructureDefinition-Request.json', LOGICAL_MODEL, 'StructureDefinition'),
  ukCore('Extension-UKCore-AdditionalContact-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'ServiceRequest.status'),
  ukCore('Extension-UKCore-AddressKey-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Patient.address[0].line[0]'),
  ukCore('Extension-UKCore-AssociatedEncounter-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'FamilyMemberHistory.status'),
  ukCore('Extension-UKCore-BodySiteReference-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Specimen.collection.bodySite.text'),
  ukCore('Extension-UKCore-BookingOrganization-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Appointment.status'),
  ukCore('Extension-UKCore-CodingSCT-MoleOfSkin-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Condition.code.coding[0].display', 'Condition.code.coding[1].display'),
  ukCore('Extension-UKCore-CodingSCT-Weight-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Observation.code.coding[0].display'),
  ukCore('Extension-UKCore-ConditionEpisode-Example.json', 'an extension with both valueCode and valueCodeableConcept: value[x] takes exactly one type (formats.html#choice)', 'Condition.extension[0].valueCodeableConcept'),
  ukCore('Extension-UKCore-Coverage-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'ServiceRequest.status'),
  ukCore('Extension-UKCore-CuffSize-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Device.status'),
  ukCore('Extension-UKCore-DeliveryChannel-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Appointment.status'),
  ukCore('Extension-UKCore-DischargeMethod-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Encounter.status'),
  ukCore('Extension-UKCore-EmergencyCareDischargeStatus-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Encounter.status'),
  ukCore('Extension-UKCore-LegalStatus-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Encounter.status'),
  ukCore('Extension-UKCore-ListWarningCode-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'List.status'),
  ukCore('Extension-UKCore-MedicationChangeSummary-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'MedicationStatement.status'),
  ukCore('Extension-UKCore-MedicationPrescribingOrganizationType-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'MedicationStatement.status'),
  ukCore('Extension-UKCore-MedicationStatementLastIssueDate-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'MedicationStatement.status'),
  ukCore('Extension-UKCore-OutcomeOfAttendance-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Encounter.status'),
  ukCore('Extension-UKCore-ParentPresent-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Immunization.status'),
  ukCore('Extension-UKCore-Participant-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'FamilyMemberHistory.status'),
  ukCore('Extension-UKCore-PharmacistVerifiedIndicator-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'MedicationStatement.status'),
  ukCore('Extension-UKCore-RecordingSetting-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Observation.status'),
  ukCore('Extension-UKCore-RepeatInformation-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'MedicationRequest.status'),
  ukCore('Extension-UKCore-SampleCategory-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Specimen.status'),
  ukCore('Extension-UKCore-SourceOfServiceRequest-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'ServiceRequest.status'),
  ukCore('Extension-UKCore-SpecimenCollectionCollector-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Specimen.collection.collectedDateTime'),
  ukCore('Extension-UKCore-VaccinationProcedure-COVID-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Immunization.status'),
  ukCore('Extension-UKCore-VaccinationProcedure-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Immunization.status'),
  ukCore('UKCore-Communication-FirstMMRVaccination-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Communication.sent'),
  ukCore('UKCore-Composition-Discharge-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Composition.status', 'Composition.date'),
  ukCore('UKCore-Immunization-Sn-LotNumber-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Immunization.lotNumber'),
  ukCore('UKCore-Immunization-Sn-PatientConformVaccination-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'Immunization.occurrenceDateTime'),
  ukCore('UKCore-ServiceRequest-ColonoscopyRequest-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'ServiceRequest.status'),
  ukCore('UKCore-ServiceRequest-HipReplacement-Example.json', EMPTY_PRIMITIVE_EXTENSION, 'ServiceRequest.status'),
];

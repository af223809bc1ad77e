// OpenPractice's UK Core search parameters: in the default registry, extracted from the UK Core
// extensions the way the official parameters are, and parsed in searches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractIndexRows, getSearchParameters, parseSearchRequest } from '../index';

const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition';
const patient = {
  resourceType: 'Patient',
  extension: [{ url: `${UK_CORE}/Extension-UKCore-EthnicCategory`, valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland', code: 'A' }] } }],
  identifier: [
    {
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '9990000018',
      extension: [
        {
          url: `${UK_CORE}/Extension-UKCore-NHSNumberVerificationStatus`,
          valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland', code: '01' }] },
        },
      ],
    },
    // Another identifier's extension is not the NHS number's status.
    { system: 'https://example.org/mrn', value: 'X1', extension: [{ url: `${UK_CORE}/Extension-UKCore-NHSNumberVerificationStatus`, valueCodeableConcept: { coding: [{ code: '99' }] } }] },
  ],
};

describe('UK Core search parameters', () => {
  it('are registered beside the official ones', () => {
    assert.equal(getSearchParameters('Patient').get('ethnic-category')?.type, 'token');
    assert.equal(getSearchParameters('Patient').get('nhs-number-verification')?.type, 'token');
    assert.equal(getSearchParameters('MedicationRequest').get('authorisation-expiry')?.type, 'date');
    assert.equal(getSearchParameters('Observation').get('ethnic-category'), undefined);
  });

  it('index the extension values', () => {
    const rows = extractIndexRows(patient);
    const tokens = rows.token.filter((r) => r.code === 'ethnic-category' || r.code === 'nhs-number-verification').map((r) => [r.code, r.value]);
    assert.deepEqual(tokens.sort(), [
      ['ethnic-category', 'A'],
      ['nhs-number-verification', '01'],
    ]);
    const plan = extractIndexRows({
      resourceType: 'MedicationRequest',
      extension: [{ url: `${UK_CORE}/Extension-UKCore-MedicationRepeatInformation`, extension: [{ url: 'authorisationExpiryDate', valueDateTime: '2026-03-01' }] }],
    });
    const expiry = plan.date.filter((r) => r.code === 'authorisation-expiry');
    assert.equal(expiry.length, 1);
  });

  it('parse in searches', () => {
    const parsed = parseSearchRequest('MedicationRequest', new URLSearchParams('authorisation-expiry=lt2026-01-01'));
    assert.deepEqual(parsed.unknown, []);
    assert.equal(parsed.parameters[0]?.name, 'authorisation-expiry');
  });
});

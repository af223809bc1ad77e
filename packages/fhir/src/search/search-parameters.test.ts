import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  getDefaultSearchParameterRegistry,
  getSearchParameters,
  narrowExpression,
  SearchParameterRegistry,
  splitTopLevel,
  type SearchParameterDefinition,
} from './search-parameters';

describe('narrowExpression', () => {
  it('keeps only the union members of the given type', () => {
    const expr = 'AllergyIntolerance.patient | CarePlan.subject.where(resolve() is Patient) | Observation.subject.where(resolve() is Patient)';
    assert.equal(narrowExpression(expr, 'CarePlan', ['AllergyIntolerance', 'CarePlan', 'Observation']), 'CarePlan.subject.where(resolve() is Patient)');
    assert.equal(narrowExpression(expr, 'Observation', ['AllergyIntolerance', 'CarePlan', 'Observation']), 'Observation.subject.where(resolve() is Patient)');
    assert.equal(narrowExpression(expr, 'Patient', ['AllergyIntolerance']), undefined);
  });

  it('understands grouping parentheses and the R4 `(Type.x as T)` form', () => {
    const expr = '(Observation.value as Quantity) | (Condition.onset as Age) | (Observation.component.value as Quantity)';
    assert.equal(narrowExpression(expr, 'Observation', ['Observation', 'Condition']), '(Observation.value as Quantity) | (Observation.component.value as Quantity)');
    assert.equal(narrowExpression(expr, 'Condition', ['Observation', 'Condition']), '(Condition.onset as Age)');
  });

  it('does not confuse a type with a longer one sharing its prefix', () => {
    assert.equal(narrowExpression('MedicationRequest.subject | Medication.code', 'Medication', ['MedicationRequest', 'Medication']), 'Medication.code');
  });

  it('does not split on | inside function arguments or strings', () => {
    assert.deepEqual(splitTopLevel("A.b.where(c = 'x|y') | A.d.where(e | f)", '|').map((s) => s.trim()), [
      "A.b.where(c = 'x|y')",
      'A.d.where(e | f)',
    ]);
  });

  it('rewrites Resource.* to the concrete type and prefixes relative single-base expressions', () => {
    assert.equal(narrowExpression('Resource.meta.lastUpdated', 'Patient', ['Resource']), 'Patient.meta.lastUpdated');
    // R4 InsurancePlan-name is written without its type.
    assert.equal(narrowExpression('name | alias', 'InsurancePlan', ['InsurancePlan']), 'InsurancePlan.name | InsurancePlan.alias');
  });
});

describe('getSearchParameters', () => {
  it('includes the type’s own and the common Resource parameters, narrowed', () => {
    const params = getSearchParameters('Observation');
    assert.equal(params.get('patient')?.expression, 'Observation.subject.where(resolve() is Patient)');
    assert.equal(params.get('code')?.expression, 'Observation.code');
    assert.equal(params.get('_id')?.expression, 'Observation.id');
    assert.equal(params.get('_lastUpdated')?.type, 'date');
    for (const code of ['_tag', '_profile', '_security', '_source']) assert.ok(params.has(code), code);
    assert.ok(!params.has('_query'));
    // Full text: no expression (they are indexed from the resource's text), string-typed.
    for (const code of ['_text', '_content']) assert.deepEqual([params.get(code)?.type, params.get(code)?.expression], ['string', undefined], code);
    assert.ok(!getSearchParameters('Binary').has('_text'), '_text is DomainResource only');
    assert.ok(getSearchParameters('Binary').has('_content'));
    // The shared definition itself is left untouched.
    assert.match(params.get('patient')?.base.join(',') ?? '', /AllergyIntolerance/);
  });

  it('narrows multi-resource parameters per type', () => {
    assert.equal(getSearchParameters('AllergyIntolerance').get('patient')?.expression, 'AllergyIntolerance.patient');
    assert.equal(getSearchParameters('Patient').get('phone')?.expression, "Patient.telecom.where(system='phone')");
    assert.equal(getSearchParameters('MedicationRequest').get('code')?.expression, '(MedicationRequest.medication.ofType(CodeableConcept))');
  });

  it('returns the same map on every call (precomputed once per type)', () => {
    assert.equal(getSearchParameters('Patient'), getSearchParameters('Patient'));
  });

  it('throws for a type that is not an R4 resource', () => {
    assert.throws(() => getSearchParameters('Foo'), /not an R4 resource type/);
  });
});

describe('SearchParameterRegistry', () => {
  const custom: SearchParameterDefinition = {
    resourceType: 'SearchParameter',
    url: 'https://example.org/SearchParameter/patient-nhs-number',
    name: 'nhs-number',
    code: 'nhs-number',
    base: ['Patient'],
    type: 'token',
    expression: "Patient.identifier.where(system='https://fhir.nhs.uk/Id/nhs-number')",
  };

  it('accepts custom parameters and rebuilds only what changed', () => {
    const registry = new SearchParameterRegistry();
    const before = registry.getSearchParameters('Patient');
    const observation = registry.getSearchParameters('Observation');
    registry.addSearchParameter(custom);
    const after = registry.getSearchParameters('Patient');
    assert.notEqual(after, before);
    assert.equal(after.get('nhs-number')?.expression, custom.expression);
    assert.equal(registry.getSearchParameters('Observation'), observation);
    assert.equal(getSearchParameters('Patient').has('nhs-number'), false);
  });

  it('refuses incomplete definitions, and additions to the shared default registry', () => {
    const registry = new SearchParameterRegistry([]);
    assert.throws(() => registry.addSearchParameter({ ...custom, base: [] }), /needs code, base and type/);
    assert.throws(() => getDefaultSearchParameterRegistry().addSearchParameter(custom), /sealed/);
  });
});

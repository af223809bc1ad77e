import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { OperationOutcomeError, type OutcomeIssue } from '../outcome';
import { assertValidResource, validateResource } from './index';

type Json = Record<string, unknown>;

const EXAMPLES = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
const example = (file: string): Json => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Json;

const errors = (value: unknown): OutcomeIssue[] => validateResource(value).filter((i) => i.severity === 'error' || i.severity === 'fatal');

/** Asserts exactly one error at `expression` (optionally with the given issue code). */
function assertErrorAt(value: unknown, expression: string, code?: OutcomeIssue['code']): OutcomeIssue {
  const found = errors(value).filter((i) => i.expression?.[0] === expression);
  assert.equal(found.length, 1, `expected one error at ${expression}, got: ${JSON.stringify(errors(value), null, 1)}`);
  const [issue] = found as [OutcomeIssue];
  if (code) assert.equal(issue.code, code, JSON.stringify(issue));
  return issue;
}

function assertValid(value: unknown): void {
  assert.deepEqual(errors(value), []);
}

const patient = (extra: Json = {}): Json => ({ resourceType: 'Patient', id: 'p1', ...extra });
const observation = (extra: Json = {}): Json => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
  ...extra,
});

describe('validateResource: accepts', () => {
  it('the official Patient and Observation examples', () => {
    assertValid(example('Patient-example.json'));
    assertValid(example('Observation-example.json'));
    assertValid(example('Questionnaire-f201.json'));
  });

  it('a minimal resource, reporting only the narrative recommendation as a warning', () => {
    const issues = validateResource(patient());
    assert.deepEqual(issues.map((i) => [i.severity, i.diagnostics?.slice(0, 5)]), [['warning', 'dom-6']]);
  });

  it('primitive extensions and aligned arrays with null placeholders', () => {
    const ext = { extension: [{ url: 'http://example.org/x', valueString: 'y' }] };
    assertValid(patient({ birthDate: '1980-01-01', _birthDate: ext }));
    assertValid(patient({ _birthDate: ext })); // extension without value
    assertValid(patient({ name: [{ given: ['A', null], _given: [null, ext] }] }));
  });

  it('real dates, including 29 February in a leap year', () => {
    assertValid(patient({ birthDate: '2000-02-29' }));
    assertValid(patient({ birthDate: '1980' }));
    assertValid(observation({ effectiveDateTime: '2021-03-04T10:11:12.123+01:00' }));
  });

  it('required bindings on code, Coding and CodeableConcept when the code is in the value set', () => {
    assertValid(patient({ gender: 'female' }));
    assertValid({
      resourceType: 'AllergyIntolerance',
      patient: { reference: 'Patient/p1' },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    });
  });

  it('resources inside Bundle entries, contained resources referenced from the container', () => {
    assertValid({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ fullUrl: 'urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0', resource: patient({ gender: 'male' }) }],
    });
    assertValid(observation({ contained: [patient()], subject: { reference: '#p1' } }));
  });
});

describe('validateResource: rejects', () => {
  it('unknown elements, suggesting the right case', () => {
    assertErrorAt(patient({ foo: 1 }), 'Patient.foo', 'structure');
    const issue = assertErrorAt(patient({ birthdate: '1980-01-01' }), 'Patient.birthdate');
    assert.match(issue.diagnostics ?? '', /birthDate/);
    assertErrorAt(patient({ name: [{ family: 'X', surname: 'Y' }] }), 'Patient.name[0].surname');
    assertErrorAt(patient({ fhir_comments: ['x'] }), 'Patient.fhir_comments');
    assertErrorAt(patient({ _name: { id: 'a' } }), 'Patient._name'); // only primitives have `_x`
  });

  it('values of the wrong JSON type', () => {
    assertErrorAt(patient({ active: 'true' }), 'Patient.active', 'value');
    assertErrorAt(patient({ name: [{ family: 42 }] }), 'Patient.name[0].family', 'value');
    assertErrorAt(patient({ name: ['Smith'] }), 'Patient.name[0]', 'structure');
    assertErrorAt(patient({ multipleBirthInteger: 1.5 }), 'Patient.multipleBirthInteger', 'value');
    assertErrorAt(patient({ multipleBirthInteger: 2 ** 31 }), 'Patient.multipleBirthInteger', 'value');
    assertErrorAt(observation({ valueQuantity: { value: '5' } }), 'Observation.valueQuantity.value', 'value');
  });

  it('an array where a single value is expected, and the reverse', () => {
    assertErrorAt(patient({ gender: ['male'] }), 'Patient.gender', 'structure');
    assertErrorAt(patient({ maritalStatus: [{ text: 'x' }] }), 'Patient.maritalStatus', 'structure');
    assertErrorAt(patient({ name: { family: 'X' } }), 'Patient.name', 'structure');
    assertErrorAt(patient({ name: [{ given: 'A' }] }), 'Patient.name[0].given', 'structure');
  });

  it('missing required elements', () => {
    const obs = errors({ resourceType: 'Observation' });
    assert.deepEqual(obs.map((i) => i.expression?.[0]).sort(), ['Observation.code', 'Observation.status']);
    assert.ok(obs.every((i) => i.code === 'required'));
    assertErrorAt(patient({ extension: [{ valueString: 'x' }] }), 'Patient.extension[0].url', 'required');
  });

  it('bad dates', () => {
    assertErrorAt(patient({ birthDate: '1980-13-01' }), 'Patient.birthDate', 'value');
    assertErrorAt(patient({ birthDate: '31/12/1980' }), 'Patient.birthDate', 'value');
    assertErrorAt(patient({ birthDate: '2021-02-30' }), 'Patient.birthDate', 'value');
    assertErrorAt(patient({ birthDate: '1900-02-29' }), 'Patient.birthDate', 'value');
    // dateTime with a time needs a timezone (datatypes.html#dateTime).
    assertErrorAt(observation({ effectiveDateTime: '2021-03-04T10:11:12' }), 'Observation.effectiveDateTime', 'value');
  });

  it('a code outside a required binding', () => {
    const issue = assertErrorAt(patient({ gender: 'man' }), 'Patient.gender', 'code-invalid');
    assert.match(issue.diagnostics ?? '', /administrative-gender/);
    assertErrorAt(patient({ telecom: [{ system: 'pager2', value: '1' }] }), 'Patient.telecom[0].system', 'code-invalid');
    assertErrorAt(patient({ name: [{ use: 'nick' }] }), 'Patient.name[0].use', 'code-invalid');
    const allergy = (coding: unknown): Json => ({
      resourceType: 'AllergyIntolerance',
      patient: { reference: 'Patient/p1' },
      clinicalStatus: coding,
    });
    const clinical = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
    assertErrorAt(allergy({ coding: [{ system: clinical, code: 'dormant' }] }), 'AllergyIntolerance.clinicalStatus', 'code-invalid');
    assertErrorAt(allergy({ coding: [{ system: 'http://snomed.info/sct', code: '55561003' }] }), 'AllergyIntolerance.clinicalStatus', 'code-invalid');
    assertErrorAt(allergy({ text: 'Active' }), 'AllergyIntolerance.clinicalStatus', 'code-invalid');
    assertErrorAt(patient({ photo: [{ contentType: 'not a mime type' }] }), 'Patient.photo[0].contentType', 'code-invalid');
  });

  it('empty strings, nulls, empty arrays and empty objects (json.html)', () => {
    assertErrorAt(patient({ gender: '' }), 'Patient.gender', 'value');
    assertErrorAt(patient({ active: null }), 'Patient.active', 'structure');
    assertErrorAt(patient({ name: [] }), 'Patient.name', 'structure');
    assertErrorAt(patient({ name: [null] }), 'Patient.name[0]', 'structure');
    assertErrorAt(patient({ maritalStatus: {} }), 'Patient.maritalStatus', 'structure');
    assertErrorAt(patient({ maritalStatus: { id: 'only-id' } }), 'Patient.maritalStatus', 'structure');
    assertErrorAt(patient({ birthDate: '1980-01-01', _birthDate: {} }), 'Patient.birthDate', 'structure');
    assertErrorAt(patient({ name: [{ given: ['A', null] }] }), 'Patient.name[0].given[1]', 'structure');
    assertErrorAt(patient({ name: [{ given: ['A', 'B'], _given: [null] }] }), 'Patient.name[0].given', 'structure');
  });

  it('two types for one choice element, and types a choice does not allow', () => {
    assertErrorAt(observation({ valueString: 'x', valueBoolean: true }), 'Observation.valueBoolean', 'structure');
    assertErrorAt(patient({ deceasedBoolean: true, deceasedDateTime: '2020-01-01' }), 'Patient.deceasedDateTime', 'structure');
    const issue = assertErrorAt(patient({ deceasedString: 'yes' }), 'Patient.deceasedString', 'structure');
    assert.match(issue.diagnostics ?? '', /deceased\[x\]/);
    assertErrorAt(patient({ extension: [{ url: 'http://example.org/x', valueFoo: 1 }] }), 'Patient.extension[0].valueFoo');
  });

  it('unknown or missing resourceType and non-object input, without throwing', () => {
    assertErrorAt({ resourceType: 'Patients' }, 'Resource.resourceType', 'structure');
    assertErrorAt({ resourceType: 'Element' }, 'Resource.resourceType', 'structure'); // a type, not a resource
    assertErrorAt({ resourceType: 'DomainResource' }, 'Resource.resourceType', 'structure'); // abstract
    assertErrorAt({ id: 'x' }, 'Resource.resourceType', 'structure');
    for (const bad of [null, undefined, 'Patient', 42, [], [patient()]]) assert.equal(errors(bad).length, 1);
  });

  it('invariant failures (pat-1), with the constraint key', () => {
    const issue = assertErrorAt(patient({ contact: [{ gender: 'male' }] }), 'Patient.contact[0]', 'invariant');
    assert.match(issue.diagnostics ?? '', /^pat-1:/);
    assertValid(patient({ contact: [{ name: { family: 'X' } }] }));
    // per-1 on a Period inside a backbone element.
    const period = { start: '2021-01-02', end: '2021-01-01' };
    assertErrorAt(patient({ contact: [{ name: { family: 'X' }, period }] }), 'Patient.contact[0].period', 'invariant');
  });

  it('invariants declared on a profile of an element type (SimpleQuantity sqty-1)', () => {
    const low = { value: 1, comparator: '<' };
    assertErrorAt(observation({ referenceRange: [{ low }] }), 'Observation.referenceRange[0].low', 'invariant');
  });

  it('extensions with both or neither of value and extensions (ext-1)', () => {
    const both = { url: 'http://example.org/x', valueString: 'a', extension: [{ url: 'http://example.org/y', valueString: 'b' }] };
    assertErrorAt(patient({ extension: [both] }), 'Patient.extension[0]', 'invariant');
    assertErrorAt(patient({ extension: [{ url: 'http://example.org/x', id: 'e' }] }), 'Patient.extension[0]', 'invariant');
  });

  it('bad values inside contained resources and Bundle entries', () => {
    const contained = { contained: [patient({ birthDate: '1980-02-30' })], subject: { reference: '#p1' } };
    assertErrorAt(observation(contained), 'Observation.contained[0].birthDate', 'value');
    assertErrorAt(observation({ contained: [{ resourceType: 'Nope', id: 'x' }] }), 'Observation.contained[0].resourceType');
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient({ gender: 'man' }) }] };
    assertErrorAt(bundle, 'Bundle.entry[0].resource.gender', 'code-invalid');
  });

  it('contained resources nobody references (dom-3) and local references to nothing (ref-1)', () => {
    assertErrorAt(observation({ contained: [patient()] }), 'Observation.contained[0]', 'invariant');
    assertErrorAt(observation({ subject: { reference: '#nope' } }), 'Observation.subject', 'invariant');
    // A contained resource may point back at its container with "#" (references.html#contained).
    const back = { resourceType: 'Provenance', id: 'pv', target: [{ reference: '#' }], recorded: '2021-01-01T00:00:00Z', agent: [{ who: { display: 'x' } }] };
    assertValid(observation({ contained: [back] }));
  });

  it('nested elements reached through contentReference (Questionnaire.item.item, Parameters.parameter.part)', () => {
    const q = {
      resourceType: 'Questionnaire',
      status: 'draft',
      item: [{ linkId: '1', type: 'group', item: [{ type: 'string', text: 'x' }] }],
    };
    assertErrorAt(q, 'Questionnaire.item[0].item[0].linkId', 'required');
    // que-1 (declared on Questionnaire.item) also holds for items nested by contentReference.
    const emptyGroup = { ...q, item: [{ linkId: '1', type: 'group', item: [{ linkId: '1.1', type: 'group' }] }] };
    assert.match(assertErrorAt(emptyGroup, 'Questionnaire.item[0].item[0]', 'invariant').diagnostics ?? '', /^que-1:/);
    const p = { resourceType: 'Parameters', parameter: [{ name: 'a', part: [{ name: 'b', valueInteger: 'one' }] }] };
    assertErrorAt(p, 'Parameters.parameter[0].part[0].valueInteger', 'value');
  });

  it('ids, base64 and narrative', () => {
    assertErrorAt(patient({ id: 'has_underscore' }), 'Patient.id', 'value');
    assertErrorAt(patient({ id: 'x'.repeat(65) }), 'Patient.id', 'value');
    assertErrorAt(patient({ photo: [{ data: 'abc' }] }), 'Patient.photo[0].data', 'value');
    assertErrorAt(patient({ text: { status: 'generated', div: 'plain text' } }), 'Patient.text.div', 'value');
    const script = '<div xmlns="http://www.w3.org/1999/xhtml"><script>x()</script></div>';
    assert.ok(errors(patient({ text: { status: 'generated', div: script } })).some((i) => i.diagnostics?.startsWith('txt-1')));
  });

  it('every issue names its element and never echoes free-text values', () => {
    const secret = 'Jane Secretname';
    const bad = patient({
      name: [{ text: secret, family: secret, prefix: secret, foo: secret }],
      telecom: [{ system: 'bogus', value: secret }],
      address: [{ line: [secret, 7] }],
      contact: [{ gender: 'male' }],
    });
    const issues = validateResource(bad);
    assert.ok(issues.length >= 4);
    for (const i of issues) {
      assert.ok(i.expression?.[0], JSON.stringify(i));
      assert.ok(i.diagnostics, JSON.stringify(i));
      assert.ok(!i.diagnostics.includes('Secret'), i.diagnostics);
    }
  });
});

describe('assertValidResource', () => {
  it('returns for a valid resource, warnings notwithstanding', () => {
    assert.doesNotThrow(() => assertValidResource(patient()));
  });

  it('throws a 400 OperationOutcomeError carrying only the errors', () => {
    assert.throws(
      () => assertValidResource(patient({ gender: 'man', birthDate: '1980-13-01' })),
      (err: unknown) => {
        assert.ok(err instanceof OperationOutcomeError);
        assert.equal(err.status, 400);
        assert.deepEqual(err.outcome.issue.map((i) => i.expression?.[0]).sort(), ['Patient.birthDate', 'Patient.gender']);
        return true;
      },
    );
  });
});

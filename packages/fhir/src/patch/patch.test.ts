import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { OperationOutcomeError } from '../outcome';
import type { Resource } from '../types';
import { applyFhirPathPatch, applyJsonPatch, applyPatch } from './index';

// ---------------------------------------------------------------------------------------------
// Fixtures: a UK Core-shaped Patient and two Observations. Inputs are deep-frozen, so any write to
// them by the code under test throws (ESM is strict mode) — "the input is never mutated" is
// checked by every test, not only the ones named for it.

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const BIRTH_TIME = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';
const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';

function patient(): Resource {
  return deepFreeze({
    resourceType: 'Patient',
    id: 'pat-1',
    meta: {
      versionId: '3',
      lastUpdated: '2024-05-01T10:00:00.000Z',
      profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'],
    },
    identifier: [
      { system: NHS_NUMBER, value: '9000000009' },
      { system: 'https://example.org/practice-mrn', value: 'MRN-42' },
    ],
    active: true,
    name: [
      { use: 'official', family: 'Smith', given: ['Jane', 'Anne'], prefix: ['Mrs'] },
      { use: 'maiden', family: 'Jones' },
    ],
    telecom: [
      { system: 'phone', value: '01632 960000', use: 'home' },
      { system: 'email', value: 'jane.smith@example.org' },
    ],
    gender: 'female',
    birthDate: '1975-03-14',
    _birthDate: { extension: [{ url: BIRTH_TIME, valueDateTime: '1975-03-14T08:30:00Z' }] },
    maritalStatus: { text: 'Married' },
    address: [{ line: ['1 High Street'], city: 'Leeds', postalCode: 'LS1 1AA' }],
    generalPractitioner: [{ reference: 'Organization/B82001' }],
  });
}

function weight(): Resource {
  return deepFreeze({
    resourceType: 'Observation',
    id: 'obs-1',
    meta: { versionId: '1', lastUpdated: '2024-05-02T09:00:00.000Z' },
    contained: [{ resourceType: 'Practitioner', id: 'pr1', name: [{ family: 'Patel', given: ['Asha'] }] }],
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://snomed.info/sct', code: '27113001', display: 'Body weight' }] },
    subject: { reference: 'Patient/pat-1' },
    performer: [{ reference: '#pr1' }],
    effectiveDateTime: '2024-05-02T08:45:00Z',
    valueQuantity: { value: 72.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  });
}

function bloodPressure(): Resource {
  return deepFreeze({
    resourceType: 'Observation',
    id: 'bp-1',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    subject: { reference: 'Patient/pat-1' },
    component: [
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
        valueQuantity: { value: 128, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
    ],
  });
}

/** A fresh, unfrozen copy: what the result should look like before the expected edit. */
function copy(resource: Resource): Record<string, any> {
  return structuredClone(resource) as Record<string, any>;
}

/** Asserts `fn` throws an OperationOutcomeError with `status` whose diagnostics match `text`. */
function assertFails(fn: () => unknown, status: number, text: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof OperationOutcomeError, `expected OperationOutcomeError, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    assert.equal(error.outcome.resourceType, 'OperationOutcome');
    assert.match(error.outcome.issue[0]?.diagnostics ?? '', text);
    return true;
  });
}

// FHIRPath Patch builders (R4 fhirpatch.html encoding).
type Part = Record<string, unknown>;
const params = (...operations: Part[][]) => ({
  resourceType: 'Parameters',
  parameter: operations.map((part) => ({ name: 'operation', part })),
});
const op = (type: string, path: string, ...rest: Part[]): Part[] => [
  { name: 'type', valueCode: type },
  { name: 'path', valueString: path },
  ...rest,
];
const name = (n: string): Part => ({ name: 'name', valueString: n });
const value = (v: Part): Part => ({ name: 'value', ...v });
const index = (i: number): Part => ({ name: 'index', valueInteger: i });
const source = (i: number): Part => ({ name: 'source', valueInteger: i });
const destination = (i: number): Part => ({ name: 'destination', valueInteger: i });

// ---------------------------------------------------------------------------------------------

void describe('applyJsonPatch (RFC 6902)', () => {
  void it('applies add, remove, replace, move, copy and test', () => {
    const input = patient();
    const result = applyJsonPatch(input, [
      { op: 'test', path: '/gender', value: 'female' },
      { op: 'add', path: '/telecom/-', value: { system: 'phone', value: '07700 900000', use: 'mobile' } },
      { op: 'remove', path: '/name/1' },
      { op: 'replace', path: '/name/0/family', value: 'Smith-Jones' },
      { op: 'move', from: '/name/0/given/1', path: '/name/0/given/0' },
      { op: 'copy', from: '/address/0', path: '/address/-' },
    ]);
    const expected = copy(input);
    expected.telecom.push({ system: 'phone', value: '07700 900000', use: 'mobile' });
    expected.name.splice(1, 1);
    expected.name[0].family = 'Smith-Jones';
    expected.name[0].given = ['Anne', 'Jane'];
    expected.address.push(structuredClone(expected.address[0]));
    assert.deepEqual(result, expected);
    assert.deepEqual(input, patient());
  });

  void it('returns a copy that shares nothing with the input', () => {
    const input = patient();
    const result = applyJsonPatch(input, []);
    assert.deepEqual(result, input);
    assert.notEqual(result, input);
    (result.name as { family: string }[])[0]!.family = 'Changed';
    assert.equal((input.name as { family: string }[])[0]!.family, 'Smith');
  });

  void it('rejects a failed test with 422 and applies none of the patch', () => {
    const input = patient();
    assertFails(
      () => applyJsonPatch(input, [
        { op: 'replace', path: '/gender', value: 'male' },
        { op: 'test', path: '/birthDate', value: '1980-01-01' },
      ]),
      422,
      /patch\[1\] \(test \/birthDate\): test failed/,
    );
    assert.deepEqual(input, patient());
  });

  void it('does not echo stored values in a failed test diagnostic', () => {
    assertFails(() => applyJsonPatch(patient(), [{ op: 'test', path: '/birthDate', value: 'x' }]), 422, /^(?!.*1975).*$/);
  });

  for (const [label, patch] of [
    ['remove of a missing element', [{ op: 'remove', path: '/deceasedBoolean' }]],
    ['replace of a missing element', [{ op: 'replace', path: '/photo', value: [] }]],
    ['add under a missing parent', [{ op: 'add', path: '/contact/0/name', value: { family: 'Smith' } }]],
    ['add beyond the end of an array', [{ op: 'add', path: '/name/5', value: { family: 'X' } }]],
    ['a non-numeric array index', [{ op: 'add', path: '/name/first', value: { family: 'X' } }]],
    ['move from a missing element', [{ op: 'move', from: '/photo/0', path: '/photo/1' }]],
  ] as const) {
    void it(`rejects ${label} with 422`, () => {
      assertFails(() => applyJsonPatch(patient(), patch), 422, /patch\[0\]/);
    });
  }

  for (const [label, patch, text] of [
    ['a body that is not an array', { op: 'add', path: '/gender', value: 'male' }, /must be an array/],
    ['an operation that is not an object', ['replace /gender'], /must be a JSON object/],
    ['an unknown op', [{ op: 'merge', path: '/gender', value: 'male' }], /'op' must be one of/],
    ['a missing path', [{ op: 'remove' }], /'path' must be a JSON Pointer/],
    ['a path that is not a JSON Pointer', [{ op: 'remove', path: 'gender' }], /start with '\/'/],
    ['an invalid pointer escape', [{ op: 'remove', path: '/a~2b' }], /invalid escape/],
    ['add without a value', [{ op: 'add', path: '/gender' }], /'add' needs a 'value'/],
    ['test without a value', [{ op: 'test', path: '/gender' }], /'test' needs a 'value'/],
    ['move without from', [{ op: 'move', path: '/name/0' }], /'from' must be a JSON Pointer/],
    ['a move into its own child', [{ op: 'move', from: '/name', path: '/name/0' }], /proper prefix/],
    ['a prototype-polluting path', [{ op: 'add', path: '/__proto__/polluted', value: true }], /no FHIR resource has/],
  ] as const) {
    void it(`rejects ${label} with 400`, () => {
      assertFails(() => applyJsonPatch(patient(), patch), 400, text);
    });
  }

  void it('ignores members RFC 6902 does not define', () => {
    const result = applyJsonPatch(patient(), [{ op: 'replace', path: '/gender', value: 'other', comment: 'corrected at reception' }]);
    assert.equal(result.gender, 'other');
    assert.equal('comment' in result, false);
  });

  void it('rejects a change of id or resourceType with 422, allows an unchanged id', () => {
    assertFails(() => applyJsonPatch(patient(), [{ op: 'replace', path: '/id', value: 'pat-2' }]), 422, /cannot change the resource id/);
    assertFails(() => applyJsonPatch(patient(), [{ op: 'remove', path: '/id' }]), 422, /cannot change the resource id/);
    assertFails(() => applyJsonPatch(patient(), [{ op: 'replace', path: '/resourceType', value: 'Person' }]), 422, /resourceType/);
    assertFails(
      () => applyJsonPatch(patient(), [{ op: 'replace', path: '', value: { resourceType: 'Patient', id: 'other' } }]),
      422,
      /resource id/,
    );
    assertFails(() => applyJsonPatch(patient(), [{ op: 'replace', path: '', value: 'not a resource' }]), 422, /not a resource/);
    assert.equal(applyJsonPatch(patient(), [{ op: 'replace', path: '/id', value: 'pat-1' }]).id, 'pat-1');
  });

  void it('ignores changes to meta.versionId and meta.lastUpdated (server-managed)', () => {
    const input = patient();
    const changed = applyJsonPatch(input, [
      { op: 'replace', path: '/meta/versionId', value: '99' },
      { op: 'remove', path: '/meta/lastUpdated' },
      { op: 'add', path: '/meta/tag', value: [{ system: 'https://example.org/tags', code: 'reviewed' }] },
    ]);
    assert.deepEqual(changed.meta, { ...input.meta, tag: [{ system: 'https://example.org/tags', code: 'reviewed' }] });

    const metaRemoved = applyJsonPatch(input, [{ op: 'remove', path: '/meta' }]);
    assert.deepEqual(metaRemoved.meta, { versionId: '3', lastUpdated: '2024-05-01T10:00:00.000Z' });

    const noMeta = applyJsonPatch(bloodPressure(), [{ op: 'add', path: '/meta', value: { versionId: '7' } }]);
    assert.equal('meta' in noMeta, false);
  });
});

// ---------------------------------------------------------------------------------------------

void describe('applyFhirPathPatch: examples of R4 fhirpatch.html', () => {
  const withoutBirthDate = (): Resource => {
    const p = copy(patient());
    delete p.birthDate;
    delete p._birthDate;
    return deepFreeze(p as Resource);
  };

  void it('add: Patient.birthDate (valueDate)', () => {
    const input = withoutBirthDate();
    const result = applyFhirPathPatch(input, params(op('add', 'Patient', name('birthDate'), value({ valueDate: '1930-01-01' }))));
    assert.deepEqual(result, { ...copy(input), birthDate: '1930-01-01' });
  });

  void it('add: an anonymous type (Patient.contact) built from parts', () => {
    const result = applyFhirPathPatch(
      patient(),
      params(op('add', 'Patient', name('contact'), value({ part: [{ name: 'name', valueHumanName: { text: 'a name' } }] }))),
    );
    assert.deepEqual(result.contact, [{ name: { text: 'a name' } }]);
  });

  void it('insert: an identifier at index 1', () => {
    const result = applyFhirPathPatch(
      patient(),
      params(op('insert', 'Patient.identifier', index(1), value({ valueIdentifier: { system: 'http://example.org', value: 'value 3' } }))),
    );
    assert.deepEqual(
      (result.identifier as { value: string }[]).map((i) => i.value),
      ['9000000009', 'value 3', 'MRN-42'],
    );
  });

  void it('delete: Patient.birthDate, with its extension sibling', () => {
    const result = applyFhirPathPatch(patient(), params(op('delete', 'Patient.birthDate')));
    const expected = copy(patient());
    delete expected.birthDate;
    delete expected._birthDate;
    assert.deepEqual(result, expected);
  });

  void it('replace: Patient.birthDate', () => {
    const result = applyFhirPathPatch(withoutBirthDate(), params(op('add', 'Patient', name('birthDate'), value({ valueDate: '1930-01-01' })),
      op('replace', 'Patient.birthDate', value({ valueDate: '1930-01-02' }))));
    assert.equal(result.birthDate, '1930-01-02');
  });

  void it('move: Patient.identifier from 0 to 1', () => {
    const result = applyFhirPathPatch(patient(), params(op('move', 'Patient.identifier', source(0), destination(1))));
    assert.deepEqual(
      (result.identifier as { value: string }[]).map((i) => i.value),
      ['MRN-42', '9000000009'],
    );
  });
});

void describe('applyFhirPathPatch: add', () => {
  void it('appends to a repeating element selected with where()', () => {
    const result = applyFhirPathPatch(patient(), params(op('add', "Patient.name.where(use = 'official')", name('given'), value({ valueString: 'Louise' }))));
    assert.deepEqual((result.name as { given?: string[] }[])[0]!.given, ['Jane', 'Anne', 'Louise']);
    assert.deepEqual((result.name as unknown[])[1], { use: 'maiden', family: 'Jones' });
  });

  void it('appends a whole Coding (valueCoding) to Observation.code', () => {
    const coding = { system: 'http://loinc.org', code: '29463-7', display: 'Body weight' };
    const result = applyFhirPathPatch(weight(), params(op('add', 'Observation.code', name('coding'), value({ valueCoding: coding }))));
    assert.deepEqual((result.code as { coding: unknown[] }).coding.at(-1), coding);
  });

  void it('builds nested complex values from parts, arrays where the element repeats', () => {
    const input = copy(patient());
    delete input.maritalStatus;
    const result = applyFhirPathPatch(
      deepFreeze(input as Resource),
      params(
        op('add', 'Patient', name('maritalStatus'), value({
          part: [
            {
              name: 'coding',
              part: [
                { name: 'system', valueUri: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus' },
                { name: 'code', valueCode: 'M' },
              ],
            },
            { name: 'text', valueString: 'Married' },
          ],
        })),
      ),
    );
    assert.deepEqual(result.maritalStatus, {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }],
      text: 'Married',
    });
  });

  void it('maps value[x] onto a choice element (Observation.value → valueString)', () => {
    const input = copy(weight());
    delete input.valueQuantity;
    const result = applyFhirPathPatch(deepFreeze(input as Resource), params(op('add', 'Observation', name('value'), value({ valueString: 'not weighed' }))));
    assert.equal(result.valueString, 'not weighed');
    assert.equal('value' in result, false);
  });

  void it('builds a component whose choice value comes from a part (Observation.component)', () => {
    const result = applyFhirPathPatch(
      bloodPressure(),
      params(
        op('add', 'Observation', name('component'), value({
          part: [
            { name: 'code', valueCodeableConcept: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] } },
            { name: 'value', valueQuantity: { value: 82, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
          ],
        })),
      ),
    );
    assert.deepEqual((result.component as unknown[])[1], {
      code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
      valueQuantity: { value: 82, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    });
  });

  void it('adds an extension to a primitive in its _ sibling', () => {
    const result = applyFhirPathPatch(
      patient(),
      params(op('add', 'Patient.gender', name('extension'), value({
        part: [
          { name: 'url', valueUri: 'https://example.org/gender-note' },
          { name: 'value', valueString: 'recorded at registration' },
        ],
      }))),
    );
    assert.equal(result.gender, 'female');
    assert.deepEqual(result._gender, { extension: [{ url: 'https://example.org/gender-note', valueString: 'recorded at registration' }] });
  });

  void it('rejects add of a non-repeating element that has a value, including another choice type (422)', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('add', 'Patient', name('gender'), value({ valueCode: 'male' })))), 422, /already has a value.*use replace/);
    assertFails(() => applyFhirPathPatch(weight(), params(op('add', 'Observation', name('value'), value({ valueString: 'x' })))), 422, /'valueQuantity' already has a value/);
  });

  void it('rejects an unknown element, a disallowed choice type and an untyped choice (422)', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('add', 'Patient', name('favouriteColour'), value({ valueString: 'blue' })))), 422, /Patient has no element 'favouriteColour'/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('add', 'Patient', name('deceased'), value({ valueString: 'yes' })))), 422, /valueString is not allowed for 'deceased'/);
    assertFails(
      () => applyFhirPathPatch(bloodPressure(), params(op('add', 'Observation', name('value'), value({ part: [{ name: 'value', valueDecimal: 1 }] })))),
      422,
      /'value' is a choice element/,
    );
  });

  void it('rejects add where the path matches many or nothing (422)', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('add', 'Patient.name', name('suffix'), value({ valueString: 'OBE' })))), 422, /matched 2 elements; add needs exactly one/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('add', 'Patient.contact', name('gender'), value({ valueCode: 'male' })))), 422, /matched no element/);
  });
});

void describe('applyFhirPathPatch: insert', () => {
  void it('inserts at the start and at the end (index == size)', () => {
    const coding = (code: string) => ({ valueCoding: { system: 'http://snomed.info/sct', code } });
    const result = applyFhirPathPatch(
      weight(),
      params(op('insert', 'Observation.code.coding', index(0), value(coding('first'))), op('insert', 'Observation.code.coding', index(2), value(coding('last')))),
    );
    assert.deepEqual((result.code as { coding: { code: string }[] }).coding.map((c) => c.code), ['first', '27113001', 'last']);
  });

  void it('inserts into a list that does not exist yet', () => {
    const result = applyFhirPathPatch(patient(), params(op('insert', 'Patient.name[0].suffix', index(0), value({ valueString: 'OBE' }))));
    assert.deepEqual((result.name as { suffix?: string[] }[])[0]!.suffix, ['OBE']);
  });

  void it('keeps a primitive list and its _ sibling in step', () => {
    const input = copy(patient());
    input.name[0]._given = [null, { extension: [{ url: 'https://example.org/preferred', valueBoolean: true }] }];
    const result = applyFhirPathPatch(deepFreeze(input as Resource), params(op('insert', 'Patient.name[0].given', index(0), value({ valueString: 'Mary' }))));
    const name0 = (result.name as Record<string, unknown>[])[0]!;
    assert.deepEqual(name0.given, ['Mary', 'Jane', 'Anne']);
    assert.deepEqual(name0._given, [null, null, { extension: [{ url: 'https://example.org/preferred', valueBoolean: true }] }]);
  });

  void it('rejects an index out of range (422)', () => {
    const insertAt = (i: number) => () =>
      applyFhirPathPatch(patient(), params(op('insert', 'Patient.identifier', index(i), value({ valueIdentifier: { value: 'x' } }))));
    assertFails(insertAt(3), 422, /index 3 is out of range: the list has 2 element\(s\), so index must be 0\.\.2/);
    assertFails(insertAt(-1), 422, /index -1 is out of range/);
  });

  void it('rejects a path that is not one list (422)', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('insert', 'Patient.gender', index(0), value({ valueCode: 'male' })))), 422, /does not select a list/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('insert', 'Patient.identifier | Patient.telecom', index(0), value({ valueString: 'X' })))), 422, /more than one list/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('insert', 'Patient.maritalStatus.text', index(0), value({ valueString: 'X' })))), 422, /does not select a list/);
  });
});

void describe('applyFhirPathPatch: delete', () => {
  void it('deletes one list item, keeping the _ sibling in step', () => {
    const input = copy(patient());
    input.name[0]._given = [null, { extension: [{ url: 'https://example.org/preferred', valueBoolean: true }] }];
    const result = applyFhirPathPatch(deepFreeze(input as Resource), params(op('delete', 'Patient.name[0].given[0]')));
    const name0 = (result.name as Record<string, unknown>[])[0]!;
    assert.deepEqual(name0.given, ['Anne']);
    assert.deepEqual(name0._given, [{ extension: [{ url: 'https://example.org/preferred', valueBoolean: true }] }]);
  });

  void it('deletes an element selected with where()', () => {
    const result = applyFhirPathPatch(patient(), params(op('delete', `Patient.identifier.where(system = '${NHS_NUMBER}')`)));
    assert.deepEqual(result.identifier, [{ system: 'https://example.org/practice-mrn', value: 'MRN-42' }]);
  });

  void it('leaves no empty object or array behind', () => {
    const result = applyFhirPathPatch(patient(), params(op('delete', 'Patient.maritalStatus.text'), op('delete', 'Patient.generalPractitioner.reference')));
    assert.equal('maritalStatus' in result, false);
    assert.equal('generalPractitioner' in result, false);
  });

  void it("deletes a primitive's only extension but keeps its value", () => {
    const result = applyFhirPathPatch(patient(), params(op('delete', 'Patient.birthDate.extension')));
    assert.equal(result.birthDate, '1975-03-14');
    assert.equal('_birthDate' in result, false);
  });

  void it('deletes the _family sibling with family in the HL7 R4 example Patient', () => {
    const require = createRequire(import.meta.url);
    const example = deepFreeze(JSON.parse(readFileSync(require.resolve('hl7.fhir.r4.examples/Patient-example.json'), 'utf8')) as Resource);
    const result = applyFhirPathPatch(example, params(op('delete', 'Patient.contact.name.family')));
    const contactName = (result.contact as { name: Record<string, unknown> }[])[0]!.name;
    assert.equal('family' in contactName, false);
    assert.equal('_family' in contactName, false);
    assert.deepEqual(contactName.given, ['Bénédicte']);
  });

  void it('is not an error when nothing matches', () => {
    const input = patient();
    assert.deepEqual(applyFhirPathPatch(input, params(op('delete', 'Patient.deceased'))), copy(input));
  });

  void it('rejects a path matching many, and the resource itself (422)', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('delete', 'Patient.name.given'))), 422, /matched 2 elements; only a single element can be deleted/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('delete', 'Patient'))), 422, /resource itself/);
  });
});

void describe('applyFhirPathPatch: replace', () => {
  void it('replaces a primitive, and with it the extensions of the old value', () => {
    const result = applyFhirPathPatch(patient(), params(op('replace', 'Patient.birthDate', value({ valueDate: '1975-03-15' }))));
    assert.equal(result.birthDate, '1975-03-15');
    assert.equal('_birthDate' in result, false);
  });

  void it('replaces one list item', () => {
    const mobile = { system: 'phone', value: '07700 900123', use: 'mobile' };
    const result = applyFhirPathPatch(patient(), params(op('replace', "Patient.telecom.where(system = 'phone')", value({ valueContactPoint: mobile }))));
    assert.deepEqual(result.telecom, [mobile, { system: 'email', value: 'jane.smith@example.org' }]);
  });

  void it('switches the type of a choice element with a typed value', () => {
    const result = applyFhirPathPatch(weight(), params(op('replace', 'Observation.value', value({ valueString: 'refused' }))));
    assert.equal(result.valueString, 'refused');
    assert.equal('valueQuantity' in result, false);
  });

  void it('keeps the type of a choice element for a value built from parts', () => {
    const result = applyFhirPathPatch(
      weight(),
      params(op('replace', 'Observation.value', value({ part: [{ name: 'value', valueDecimal: 70.1 }, { name: 'unit', valueString: 'kg' }] }))),
    );
    assert.deepEqual(result.valueQuantity, { value: 70.1, unit: 'kg' });
  });

  void it('reaches a contained resource through resolve()', () => {
    const result = applyFhirPathPatch(weight(), params(op('replace', 'Observation.performer.resolve().name.family', value({ valueString: 'Patel-Shah' }))));
    assert.equal((result.contained as { name: { family: string }[] }[])[0]!.name[0]!.family, 'Patel-Shah');
  });

  void it('rejects resolve() to another resource (422)', () => {
    assertFails(() => applyFhirPathPatch(weight(), params(op('replace', 'Observation.subject.resolve().gender', value({ valueCode: 'male' })))), 422, /contained in the patched resource/);
  });

  void it('rejects a path matching many or nothing (422)', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('replace', 'Patient.name.family', value({ valueString: 'X' })))), 422, /matched 2 elements; replace needs exactly one/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('replace', 'Patient.deceased', value({ valueBoolean: true })))), 422, /matched no element; replace needs exactly one/);
  });

  void it('rejects a path that selects a computed value (422)', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('replace', "Patient.name.family.first() + 'x'", value({ valueString: 'X' })))), 422, /not computed values/);
  });

  void it('rejects a change of id or resourceType (422); ignores meta.versionId', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('replace', 'Patient.id', value({ valueId: 'pat-2' })))), 422, /cannot change the resource id/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('delete', 'Patient.id'))), 422, /cannot change the resource id/);
    const result = applyFhirPathPatch(patient(), params(op('replace', 'Patient.meta.versionId', value({ valueId: '99' }))));
    assert.equal(result.meta?.versionId, '3');
  });
});

void describe('applyFhirPathPatch: move', () => {
  void it('moves within a primitive list', () => {
    const result = applyFhirPathPatch(patient(), params(op('move', 'Patient.name[0].given', source(1), destination(0))));
    assert.deepEqual((result.name as { given?: string[] }[])[0]!.given, ['Anne', 'Jane']);
  });

  void it('rejects source or destination out of range (422)', () => {
    assertFails(() => applyFhirPathPatch(patient(), params(op('move', 'Patient.identifier', source(2), destination(0)))), 422, /source 2 is out of range/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('move', 'Patient.identifier', source(0), destination(2)))), 422, /destination 2 is out of range/);
    assertFails(() => applyFhirPathPatch(patient(), params(op('move', 'Patient.photo', source(0), destination(0)))), 422, /source 0 is out of range: the list has 0/);
  });
});

void describe('applyFhirPathPatch: malformed Parameters (400)', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a body that is not Parameters', { resourceType: 'Patient' }, /must be a Parameters resource/],
    ['a parameter not named operation', { resourceType: 'Parameters', parameter: [{ name: 'op', part: [] }] }, /named 'operation'/],
    ['an unknown type', params(op('upsert', 'Patient')), /type 'upsert' is not one of add \| insert/],
    ['a missing path', params([{ name: 'type', valueCode: 'delete' }]), /part 'path' is required/],
    ['a path that is not FHIRPath', params(op('delete', 'Patient.name.where(')), /not valid FHIRPath/],
    ['add without a name', params(op('add', 'Patient', value({ valueDate: '1930-01-01' }))), /part 'name' is required/],
    ['replace without a value', params(op('replace', 'Patient.gender')), /part 'value' is required/],
    ['insert without an index', params(op('insert', 'Patient.identifier', value({ valueIdentifier: { value: 'x' } }))), /part 'index' is required/],
    ['a non-integer index', params(op('insert', 'Patient.identifier', { name: 'index', valueDecimal: 1.5 }, value({ valueIdentifier: {} }))), /must be an integer/],
    ['a value with two value[x]', params(op('replace', 'Patient.gender', value({ valueCode: 'male', valueString: 'male' }))), /exactly one of value\[x\], resource or part/],
    ['an unknown part', params(op('delete', 'Patient.gender', { name: 'where', valueString: 'x' })), /unknown part 'where'/],
    ['a part the type does not use', params(op('delete', 'Patient.gender', index(0))), /part 'index' is not used by 'delete'/],
    ['a repeated part', params(op('delete', 'Patient.gender', { name: 'path', valueString: 'Patient.id' })), /appears more than once/],
  ];
  for (const [label, body, text] of cases) {
    void it(`rejects ${label}`, () => assertFails(() => applyFhirPathPatch(patient(), body), 400, text));
  }

  void it('names the failing operation in the outcome expression', () => {
    try {
      applyFhirPathPatch(patient(), params(op('delete', 'Patient.gender'), op('replace', 'Patient.name.family', value({ valueString: 'X' }))));
      assert.fail('expected a 422');
    } catch (error) {
      assert.ok(error instanceof OperationOutcomeError);
      assert.deepEqual(error.outcome.issue[0]?.expression, ['Parameters.parameter[1]']);
    }
  });
});

void describe('applyFhirPathPatch: atomicity', () => {
  void it('applies operations in order and none when one fails', () => {
    const input = patient();
    const ok = applyFhirPathPatch(input, params(
      op('replace', 'Patient.gender', value({ valueCode: 'male' })),
      op('add', 'Patient', name('deceased'), value({ valueBoolean: false })),
      op('delete', 'Patient.telecom[1]'),
    ));
    assert.equal(ok.gender, 'male');
    assert.equal(ok.deceasedBoolean, false);
    assert.equal((ok.telecom as unknown[]).length, 1);

    assertFails(
      () => applyFhirPathPatch(input, params(op('replace', 'Patient.gender', value({ valueCode: 'male' })), op('insert', 'Patient.identifier', index(9), value({ valueIdentifier: {} })))),
      422,
      /Parameters\.parameter\[1\]/,
    );
    assert.deepEqual(input, patient());
  });

  void it('does not alias the Parameters body into the result', () => {
    const coding = { system: 'http://snomed.info/sct', code: '27113001' };
    const result = applyFhirPathPatch(weight(), params(op('add', 'Observation.code', name('coding'), value({ valueCoding: coding }))));
    assert.notEqual((result.code as { coding: unknown[] }).coding.at(-1), coding);
  });
});

// ---------------------------------------------------------------------------------------------

void describe('applyPatch: choosing the format by Content-Type', () => {
  void it('uses JSON Patch for application/json-patch+json (parameters ignored, string body parsed)', () => {
    const body = JSON.stringify([{ op: 'replace', path: '/gender', value: 'unknown' }]);
    assert.equal(applyPatch(patient(), body, 'application/json-patch+json; charset=utf-8').gender, 'unknown');
  });

  void it('uses FHIRPath Patch for application/fhir+json and application/json', () => {
    const body = params(op('replace', 'Patient.gender', value({ valueCode: 'other' })));
    assert.equal(applyPatch(patient(), body, 'application/fhir+json').gender, 'other');
    assert.equal(applyPatch(patient(), body, 'Application/JSON').gender, 'other');
  });

  void it('rejects a FHIR JSON body that is not Parameters (400) and invalid JSON (400)', () => {
    assertFails(() => applyPatch(patient(), [{ op: 'remove', path: '/gender' }], 'application/fhir+json'), 400, /application\/json-patch\+json/);
    assertFails(() => applyPatch(patient(), '[{', 'application/json-patch+json'), 400, /not valid JSON/);
  });

  void it('rejects any other media type with 415', () => {
    assertFails(() => applyPatch(patient(), '<Parameters/>', 'application/fhir+xml'), 415, /application\/fhir\+xml/);
    assertFails(() => applyPatch(patient(), '<diff/>', 'application/xml-patch+xml'), 415, /JSON Patch/);
    assertFails(() => applyPatch(patient(), [], undefined), 415, /not ''/);
  });
});

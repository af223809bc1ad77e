import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { ElementTypes } from './element-types';
import { IndexExtractor, rewriteResolveIs } from './extract';
import { compileFastPath, runFastPath, toDottedForm, type TypedValue } from './fast-path';
import { addValueRows, RowCollector } from './index-values';
import { loadAllExamples } from './test-examples';

const types = new ElementTypes();

function run(expression: string, resource: { resourceType: string } & Record<string, unknown>): TypedValue[] {
  const path = compileFastPath(expression, resource.resourceType, types);
  assert.ok(path, `${expression} should compile to a fast path`);
  const out: TypedValue[] = [];
  runFastPath(path, resource, resource.resourceType, out);
  return out;
}

describe('toDottedForm', () => {
  it('rewrites `as` and grouping parentheses', () => {
    assert.equal(toDottedForm('(Observation.value as Quantity)'), 'Observation.value.ofType(Quantity)');
    assert.equal(toDottedForm('(Observation.value.ofType(CodeableConcept)).text'), 'Observation.value.ofType(CodeableConcept).text');
    assert.equal(toDottedForm('Patient.name'), 'Patient.name');
  });
});

describe('compileFastPath', () => {
  it('walks plain paths with their FHIR types', () => {
    const out = run('Patient.name.given', { resourceType: 'Patient', name: [{ given: ['A', 'B'] }, { given: ['C'] }] });
    assert.deepEqual(out, [
      { value: 'A', type: 'string' },
      { value: 'B', type: 'string' },
      { value: 'C', type: 'string' },
    ]);
  });

  it('reads choice elements with and without ofType', () => {
    const obs = { resourceType: 'Observation', effectivePeriod: { start: '2020' }, valueString: 'x' };
    assert.deepEqual(run('Observation.effective', obs), [{ value: { start: '2020' }, type: 'Period' }]);
    assert.deepEqual(run('Observation.value.ofType(string)', obs), [{ value: 'x', type: 'string' }]);
    assert.deepEqual(run('(Observation.value as Quantity)', obs), []);
  });

  it('filters with where(field = literal) and where(resolve() is Type)', () => {
    const p = { resourceType: 'Patient', telecom: [{ system: 'phone', value: '1' }, { system: 'email', value: 'a@b' }] };
    assert.deepEqual(run("Patient.telecom.where(system='email')", p), [{ value: { system: 'email', value: 'a@b' }, type: 'ContactPoint' }]);
    const o = { resourceType: 'Observation', subject: { reference: 'Group/1' } };
    assert.deepEqual(run('Observation.subject.where(resolve() is Patient)', o), []);
    assert.equal(run('Observation.subject.where(resolve() is Group)', o).length, 1);
  });

  it('follows contentReference (Questionnaire.item.item) and datatype children', () => {
    const q = { resourceType: 'Questionnaire', item: [{ linkId: '1', item: [{ linkId: '1.1', code: [{ code: 'x' }] }] }] };
    assert.deepEqual(run('Questionnaire.item.item.code', q), [{ value: { code: 'x' }, type: 'Coding' }]);
    assert.deepEqual(run('Questionnaire.item.item.linkId', q), [{ value: '1.1', type: 'string' }]);
  });

  it('leaves everything else to fhirpath', () => {
    for (const e of ['Patient.deceased.exists() and Patient.deceased != false', 'Bundle.entry[0].resource', 'Patient.name.first()', 'Patient.nosuch', 'Patient.birthDate.extension']) {
      assert.equal(compileFastPath(e, e.split('.')[0] ?? '', types), undefined, e);
    }
  });
});

// Types a GP system writes most; the comparison covers every parameter of each.
const CLINICAL = new Set([
  'Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'RelatedPerson', 'Location', 'Observation', 'Condition',
  'MedicationRequest', 'MedicationStatement', 'Medication', 'AllergyIntolerance', 'Immunization', 'Procedure', 'Encounter',
  'EpisodeOfCare', 'Appointment', 'Schedule', 'Slot', 'DiagnosticReport', 'ServiceRequest', 'CarePlan', 'Composition',
  'DocumentReference', 'Flag', 'QuestionnaireResponse', 'Consent', 'Communication', 'Task', 'Coverage', 'Provenance',
]);

describe('fast path agrees with fhirpath', () => {
  it('gives the same index rows as fhirpath.js for every parameter of the official clinical examples', () => {
    const extractor = new IndexExtractor();
    const compiled = new Map<string, (r: unknown) => unknown[]>();
    let compared = 0;
    const differences: string[] = [];
    for (const { file, resource } of loadAllExamples(CLINICAL)) {
      // fhirpath.js's union (`|`) de-duplicates by approximate equality, so it collapses this
      // example's 1E-22 g and 1E-245 g into one value; the fast path keeps both.
      if (file === 'Observation-decimal.json') continue;
      for (const p of extractor.plan(resource.resourceType).parameters) {
        if (p.engine !== 'fast') continue;
        const fast = new RowCollector();
        for (const v of p.evaluate(resource)) addValueRows(fast, p.code, p.type, v);
        let fn = compiled.get(p.expression);
        if (!fn) {
          const f = fhirpath.compile(rewriteResolveIs(p.expression), r4, { resolveInternalTypes: false });
          fn = (r) => f(r) as unknown[];
          compiled.set(p.expression, fn);
        }
        let nodes: unknown[];
        try {
          nodes = fn(resource);
        } catch (e) {
          // fhirpath.js cannot de-duplicate (union) Quantities that have a comparator ('<5');
          // the fast path has no such limit. Anything else is a real failure.
          if (/comparator/.test(String(e))) continue;
          throw e;
        }
        const kinds = fhirpath.types(nodes);
        const slow = new RowCollector();
        nodes.forEach((n, i) => {
          const type = (kinds[i] ?? '').replace(/^FHIR\./, '').replace(/^System\.String$/, 'string').replace(/^System\.Boolean$/, 'boolean');
          const data = (n as { data?: unknown }).data;
          const value = typeof data === 'object' && data !== null && data.constructor !== Object ? fhirpath.resolveInternalTypes(data) : data;
          addValueRows(slow, p.code, p.type, { value, type });
        });
        compared++;
        if (JSON.stringify(fast.rows) !== JSON.stringify(slow.rows)) differences.push(`${file} ${p.code}`);
      }
    }
    assert.ok(compared > 5000, `compared ${compared}`);
    assert.deepEqual(differences, []);
  });
});

// _summary and _elements (R4 search.html#summary, #elements): subsets by the StructureDefinitions'
// summary and mandatory flags, marked SUBSETTED; included resources are returned whole.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { create, included, matches, searchset } from '../../../../test/search';

let t: TestApp;
const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };
let patientId: string;
let obsId: string;

const isSubsetted = (r: any) => (r.meta?.tag ?? []).some((tag: any) => tag.system === SUBSETTED.system && tag.code === SUBSETTED.code);

before(async () => {
  t = await testApp();
  patientId = (
    await create(t, {
      resourceType: 'Patient',
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Ann Smith</div>' },
      meta: { tag: [{ system: 'https://example.org/tags', code: 'keep' }] },
      name: [{ family: 'Smith', given: ['Ann'] }],
      gender: 'female',
      birthDate: '1970-01-01',
      maritalStatus: { text: 'Married' },
      contact: [{ name: { family: 'Smith', given: ['Bob'] } }],
    })
  ).id;
  obsId = (
    await create(t, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Blood pressure' },
      subject: { reference: `Patient/${patientId}` },
      interpretation: [{ text: 'High' }],
      component: [{ code: { text: 'Systolic' }, valueQuantity: { value: 150 }, interpretation: [{ text: 'High' }] }],
    })
  ).id;
});
after(() => t.close());

describe('_summary', () => {
  it('true: only summary elements (recursing into backbone elements), marked SUBSETTED', async () => {
    const [p] = matches(await searchset(t, `/fhir/Patient?_id=${patientId}&_summary=true`));
    assert.deepEqual(Object.keys(p).sort(), ['birthDate', 'gender', 'id', 'meta', 'name', 'resourceType'].sort());
    assert.ok(isSubsetted(p));
    assert.ok(p.meta.tag.some((tag: any) => tag.code === 'keep'), 'existing tags are kept');
    const [o] = matches(await searchset(t, `/fhir/Observation?_id=${obsId}&_summary=true`));
    assert.equal(o.interpretation, undefined);
    assert.deepEqual(o.component, [{ code: { text: 'Systolic' }, valueQuantity: { value: 150 } }]);
  });

  it('text: text, id, meta and mandatory top-level elements', async () => {
    const [o] = matches(await searchset(t, `/fhir/Observation?_id=${obsId}&_summary=text`));
    assert.deepEqual(Object.keys(o).sort(), ['code', 'id', 'meta', 'resourceType', 'status'].sort());
    const [p] = matches(await searchset(t, `/fhir/Patient?_id=${patientId}&_summary=text`));
    assert.deepEqual(Object.keys(p).sort(), ['id', 'meta', 'resourceType', 'text'].sort());
    assert.ok(isSubsetted(p));
  });

  it('data: everything but the narrative', async () => {
    const [p] = matches(await searchset(t, `/fhir/Patient?_id=${patientId}&_summary=data`));
    assert.equal(p.text, undefined);
    assert.deepEqual(p.contact, [{ name: { family: 'Smith', given: ['Bob'] } }]);
    assert.ok(isSubsetted(p));
  });

  it('false: the whole resource, not marked', async () => {
    const [p] = matches(await searchset(t, `/fhir/Patient?_id=${patientId}&_summary=false`));
    assert.ok(p.text && p.contact);
    assert.ok(!isSubsetted(p));
  });

  it('is 400 for an unknown mode', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Patient?_summary=brief' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(json(res).issue[0].expression, ['_summary']);
  });
});

describe('_elements', () => {
  it('returns the requested elements, plus id, meta and mandatory ones, marked SUBSETTED', async () => {
    const [p] = matches(await searchset(t, `/fhir/Patient?_id=${patientId}&_elements=name,birthDate`));
    assert.deepEqual(Object.keys(p).sort(), ['birthDate', 'id', 'meta', 'name', 'resourceType'].sort());
    assert.ok(isSubsetted(p));
    const [o] = matches(await searchset(t, `/fhir/Observation?_id=${obsId}&_elements=subject`));
    // status and code are mandatory (1..1): returned although not asked for.
    assert.deepEqual(Object.keys(o).sort(), ['code', 'id', 'meta', 'resourceType', 'status', 'subject'].sort());
  });

  it('names choice elements without their type suffix', async () => {
    const withValue = await create(t, { resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: 1 }, note: [{ text: 'n' }] });
    const [o] = matches(await searchset(t, `/fhir/Observation?_id=${withValue.id}&_elements=value`));
    assert.deepEqual(o.valueQuantity, { value: 1 });
    assert.equal(o.note, undefined);
  });

  it('applies to matches only: included resources are whole', async () => {
    const b = await searchset(t, `/fhir/Observation?_id=${obsId}&_elements=subject&_include=Observation:subject`);
    assert.ok(isSubsetted(matches(b)[0]));
    const [p] = included(b);
    assert.ok(p.contact && !isSubsetted(p));
  });

  it('keeps the self link parameters', async () => {
    const b = await searchset(t, `/fhir/Patient?_id=${patientId}&_elements=name`);
    assert.equal(new URL(b.link[0].url).searchParams.get('_elements'), 'name');
  });
});

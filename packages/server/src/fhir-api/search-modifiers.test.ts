// Modifiers and composite parameters (R4 search.html#modifiers, #composite): string :exact, token
// :of-type and :text, reference :identifier and :[type], uri :above/:below, :missing on every kind,
// composites matched on the same element; and what stays unsupported is reported, not guessed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { create, matchIds, notes, searchset, sorted } from '../../../../test/search';

let t: TestApp;
const q = encodeURIComponent;
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const V2 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const ids: Record<string, string> = {};

const bp = (subject: string, systolic: number, diastolic: number) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code: '85354-9' }] },
  subject: { reference: subject },
  component: [
    { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: { value: systolic, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' } },
    { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: { value: diastolic, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' } },
  ],
});

const single = (code: string, value: number, unit = 'mm[Hg]') => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code }] },
  valueQuantity: { value, unit, system: UCUM, code: unit },
});

before(async () => {
  t = await testApp();
  ids.macLeod = (
    await create(t, {
      resourceType: 'Patient',
      name: [{ family: 'MacLeod', given: ['Zoë'] }],
      identifier: [{ system: NHS, value: '9000000009', type: { coding: [{ system: V2, code: 'NH' }] } }],
      birthDate: '1960-02-02',
    })
  ).id;
  ids.macleod = (
    await create(t, {
      resourceType: 'Patient',
      name: [{ family: 'Macleod', given: ['Zoe'] }],
      identifier: [{ system: 'https://example.org/mrn', value: '9000000009', type: { coding: [{ system: V2, code: 'MR' }] } }],
    })
  ).id;
  ids.bpHigh = (await create(t, bp(`Patient/${ids.macLeod}`, 150, 70))).id;
  // Systolic 120 but diastolic 145: a composite matched across components would wrongly find it.
  ids.bpCross = (await create(t, bp(`Patient/${ids.macleod}`, 120, 145))).id;
  ids.sysHigh = (await create(t, single('8480-6', 160))).id;
  ids.sysLow = (await create(t, single('8480-6', 110))).id;
  ids.byIdentifier = (
    await create(t, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'referred' },
      subject: { identifier: { system: NHS, value: '9000000009' } },
    })
  ).id;
  ids.vsChild = (await create(t, { resourceType: 'ValueSet', status: 'active', url: 'http://example.org/fhir/ValueSet/gp/asthma' })).id;
  ids.vsOther = (await create(t, { resourceType: 'ValueSet', status: 'active', url: 'http://example.org/other/ValueSet/x' })).id;
  ids.vsNoUrl = (await create(t, { resourceType: 'ValueSet', status: 'draft' })).id;
});
after(() => t.close());

describe('string :exact', () => {
  it('matches the whole string, case- and accent-sensitively', async () => {
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?family:exact=MacLeod')), [ids.macLeod]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?family:exact=Macleod')), [ids.macleod]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?family:exact=Mac')), []);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient?given:exact=${q('Zoë')}`)), [ids.macLeod]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?given:exact=Zoe')), [ids.macleod]);
    // The default search stays case- and accent-insensitive.
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?given=zoe')), sorted(ids.macLeod!, ids.macleod!));
  });
});

describe('token :of-type and reference :identifier', () => {
  it(':of-type matches identifier type and value together', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient?identifier:of-type=${q(`${V2}|NH|9000000009`)}`)), [ids.macLeod]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient?identifier:of-type=${q(`${V2}|MR|9000000009`)}`)), [ids.macleod]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient?identifier:of-type=${q(`${V2}|NH|0000000000`)}`)), []);
    const res = await t.request({ method: 'GET', url: `/fhir/Patient?identifier:of-type=NH` });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(json(res).issue[0].expression, ['identifier:of-type']);
  });

  it(':identifier matches Reference.identifier', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?subject:identifier=${q(`${NHS}|9000000009`)}`)), [ids.byIdentifier]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?subject:identifier=${q('https://example.org/mrn|9000000009')}`)), []);
  });

  it(':[type] narrows a reference to one target type', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?subject:Patient=${ids.macLeod}`)), [ids.bpHigh]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?subject:Group=${ids.macLeod}`)), []);
  });
});

describe('token :not and :text, string :contains', () => {
  it(':not finds resources without the value, including those with no value at all', async () => {
    const male = await create(t, { resourceType: 'Patient', name: [{ family: 'Notty' }], gender: 'male' });
    const female = await create(t, { resourceType: 'Patient', name: [{ family: 'Notty' }], gender: 'female' });
    const unknown = await create(t, { resourceType: 'Patient', name: [{ family: 'Notty' }] });
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?family=notty&gender:not=male')), sorted(female.id, unknown.id));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?family=notty&gender:not=male,female')), [unknown.id]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?family=notty&gender:not=other')), sorted(male.id, female.id, unknown.id));
  });

  it(':text matches the start of a coding display or CodeableConcept.text; :contains anywhere in a string', async () => {
    const asthma = await create(t, { resourceType: 'Condition', subject: { reference: `Patient/${ids.macLeod}` }, code: { coding: [{ system: 'http://snomed.info/sct', code: '195967001', display: 'Asthma' }], text: 'Childhood asthma' } });
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Condition?code:text=asth')), [asthma.id]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Condition?code:text=childhood')), [asthma.id]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Condition?code:text=hood')), []);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?family:contains=cleo')), sorted(ids.macLeod!, ids.macleod!));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?family=cleo')), []);
  });

  it('starts-with works for prefixes ending in characters beyond ASCII', async () => {
    const oster = await create(t, { resourceType: 'Patient', name: [{ family: 'Østergaard' }] });
    const ou = await create(t, { resourceType: 'Patient', name: [{ family: 'Ùlla' }] });
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient?family=${q('Ø')}`)), [oster.id]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient?family=${q('østerg')}`)), [oster.id]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient?family=${q('ulla')}`)), [ou.id]);
  });
});

describe('uri :above and :below', () => {
  it('match by URL prefix in either direction', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/ValueSet?url:below=${q('http://example.org/fhir/')}`)), [ids.vsChild]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/ValueSet?url:above=${q('http://example.org/fhir/ValueSet/gp/asthma/v2')}`)), [ids.vsChild]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/ValueSet?url=${q('http://example.org/fhir/ValueSet/gp/asthma')}`)), [ids.vsChild]);
  });
});

describe(':missing', () => {
  it('works on string, date, token, reference, uri and quantity parameters', async () => {
    const patients = async (q2: string) => matchIds(await searchset(t, `/fhir/Patient?${q2}&_id=${ids.macLeod},${ids.macleod}`));
    assert.deepEqual(await patients('birthdate:missing=true'), [ids.macleod]);
    assert.deepEqual(await patients('birthdate:missing=false'), [ids.macLeod]);
    assert.deepEqual(await patients('family:missing=false'), sorted(ids.macLeod!, ids.macleod!));
    assert.deepEqual(await patients('gender:missing=true'), sorted(ids.macLeod!, ids.macleod!));
    assert.deepEqual(await patients('_id:missing=false'), sorted(ids.macLeod!, ids.macleod!));
    const obs = async (q2: string) => matchIds(await searchset(t, `/fhir/Observation?${q2}&_count=100`));
    assert.deepEqual(await obs('subject:missing=true'), sorted(ids.sysHigh!, ids.sysLow!));
    assert.ok((await obs('subject:missing=false')).includes(ids.byIdentifier!), 'a reference given only by identifier is present');
    assert.deepEqual(await obs('value-quantity:missing=false'), sorted(ids.sysHigh!, ids.sysLow!));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/ValueSet?url:missing=true')), [ids.vsNoUrl]);
    const bad = await t.request({ method: 'GET', url: '/fhir/Patient?birthdate:missing=maybe' });
    assert.equal(bad.statusCode, 400, bad.body);
  });
});

describe('composite parameters', () => {
  it('code-value-quantity: code and value of the same observation', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?code-value-quantity=${q(`${LOINC}|8480-6$gt140`)}`)), [ids.sysHigh]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?code-value-quantity=${q('8480-6$lt140')}`)), [ids.sysLow]);
    assert.deepEqual(
      matchIds(await searchset(t, `/fhir/Observation?code-value-quantity=${q(`8480-6$gt150,8480-6$lt115`)}`)),
      sorted(ids.sysHigh!, ids.sysLow!),
    );
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?code-value-quantity=${q(`8480-6$160|${UCUM}|mm[Hg]`)}`)), [ids.sysHigh]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?code-value-quantity=${q(`8480-6$160|${UCUM}|kg`)}`)), []);
  });

  it('component-code-value-quantity: code and value of the same component, never across components', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?component-code-value-quantity=${q(`${LOINC}|8480-6$gt140`)}`)), [ids.bpHigh]);
    // bpCross has a component with value 145, but it is the diastolic one.
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?component-code-value-quantity=${q('8462-4$gt140')}`)), [ids.bpCross]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?component-code-value-quantity=${q('8480-6$gt130')}`)), [ids.bpHigh]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?component-code-value-quantity=${q('8462-4$lt75')}`)), [ids.bpHigh]);
  });

  it('combo-code-value-quantity: the observation itself or any of its components', async () => {
    assert.deepEqual(
      matchIds(await searchset(t, `/fhir/Observation?combo-code-value-quantity=${q('8480-6$gt140')}`)),
      sorted(ids.bpHigh!, ids.sysHigh!),
    );
  });

  it('is 400 for a composite value with the wrong number of parts', async () => {
    const res = await t.request({ method: 'GET', url: `/fhir/Observation?code-value-quantity=${q('8480-6')}` });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(json(res).issue[0].expression, ['code-value-quantity']);
  });
});

describe('what is not supported yet', () => {
  // :in/:not-in/:below work against the terminology module (search-terminology.test.ts); here an
  // unknown value set, a :below without a system, and :above are still refused.
  it('token :in/:not-in of an unknown value set, :below without a system, :above and special parameters are reported as ignored, 400 under strict', async () => {
    for (const param of [`code:in=${q('http://example.org/vs')}`, `code:not-in=${q('http://example.org/vs')}`, 'code:below=8480-6', 'code:above=8480-6']) {
      const name = param.split('=')[0]!;
      const b = await searchset(t, `/fhir/Observation?${param}&_id=${ids.sysHigh}`);
      assert.deepEqual(matchIds(b), [ids.sysHigh], name);
      assert.ok(notes(b).some((i: any) => i.expression?.includes(name) && /value set this server does not hold|needs a system\|code|:above modifier/.test(i.diagnostics)), JSON.stringify(notes(b)));
      const strict = await t.request({ method: 'GET', url: `/fhir/Observation?${param}`, headers: { prefer: 'handling=strict' } });
      assert.equal(strict.statusCode, 400, strict.body);
    }
    const near = await searchset(t, '/fhir/Location?near=42.25|-83.69|10|km');
    assert.ok(notes(near).some((i: any) => i.expression?.includes('near')));
  });
});

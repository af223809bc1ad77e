// Searching contained resources over HTTP (R4 search.html#contained): `_contained` (false by
// default, true, both) and `_containedType` (container by default, or contained), with updates,
// deletes, paging and tenancy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../../test/harness';
import { create, matches, matchIds, searchset, sorted, walk } from '../../../../test/search';

let t: TestApp;
let tokenB: string;
const ids: Record<string, string> = {};
const SCT = 'http://snomed.info/sct';
const BASE = 'http://openpractice.test/fhir';
const PARACETAMOL = '39720311000001101';
const IBUPROFEN = '39109211000001105';

const medication = (id: string, code: string, display: string) => ({
  resourceType: 'Medication',
  id,
  code: { coding: [{ system: SCT, code, display }] },
});

/** A prescription for `patient` of a medication contained in it. */
const request = (patient: string, med: ReturnType<typeof medication>) => ({
  resourceType: 'MedicationRequest',
  status: 'active',
  intent: 'order',
  subject: { reference: `Patient/${patient}` },
  medicationReference: { reference: `#${med.id}` },
  contained: [med],
});

async function found(url: string, auth?: string): Promise<any> {
  return searchset(t, url, { ...(auth ? { auth } : {}), headers: { prefer: 'handling=strict' } });
}

before(async () => {
  t = await testApp();
  tokenB = await t.token({ practice: 'T00002' });
  ids.ann = (await create(t, { resourceType: 'Patient', name: [{ family: 'Ann' }] })).id;
  ids.bob = (await create(t, { resourceType: 'Patient', name: [{ family: 'Bob' }] })).id;
  ids.annParacetamol = (await create(t, request(ids.ann!, medication('med1', PARACETAMOL, 'Paracetamol 500mg tablets')))).id;
  ids.bobIbuprofen = (await create(t, request(ids.bob!, medication('m', IBUPROFEN, 'Ibuprofen 200mg tablets')))).id;
  // A top-level Medication with the same code as Ann's contained one.
  ids.topParacetamol = (await create(t, { resourceType: 'Medication', code: { coding: [{ system: SCT, code: PARACETAMOL }] } })).id;
  ids.bRequest = (await create(t, request(ids.ann!, medication('med1', PARACETAMOL, 'Paracetamol 500mg tablets')), tokenB)).id;
});
after(() => t.close());

describe('_contained=false (the default)', () => {
  it('searches top-level resources only: contained ones are neither found nor their codes the container’s', async () => {
    assert.deepEqual(matchIds(await found(`/fhir/Medication?code=${PARACETAMOL}`)), [ids.topParacetamol]);
    assert.deepEqual(matchIds(await found(`/fhir/Medication?code=${PARACETAMOL}&_contained=false`)), [ids.topParacetamol]);
    assert.deepEqual(matchIds(await found('/fhir/Medication')), [ids.topParacetamol]);
    assert.deepEqual(matchIds(await found(`/fhir/MedicationRequest?code=${PARACETAMOL}`)), []);
  });
});

describe('_contained=true', () => {
  it('returns the containers of matching contained resources (_containedType=container, the default)', async () => {
    const b = await found(`/fhir/Medication?code=${PARACETAMOL}&_contained=true`);
    assert.deepEqual(matches(b).map((r) => `${r.resourceType}/${r.id}`), [`MedicationRequest/${ids.annParacetamol}`]);
    assert.equal(b.total, 1);
    assert.deepEqual(matchIds(await found(`/fhir/Medication?code=${PARACETAMOL}&_contained=true&_containedType=container`)), [ids.annParacetamol]);
  });

  it('returns the contained resources alone with _containedType=contained, identified within their container', async () => {
    const b = await found(`/fhir/Medication?code=${SCT}|${PARACETAMOL}&_contained=true&_containedType=contained`);
    const entry = b.entry.find((e: any) => e.search?.mode === 'match');
    assert.equal(b.entry.filter((e: any) => e.search?.mode === 'match').length, 1);
    assert.deepEqual(entry.resource, medication('med1', PARACETAMOL, 'Paracetamol 500mg tablets'));
    assert.equal(entry.fullUrl, `${BASE}/MedicationRequest/${ids.annParacetamol}#med1`);
  });

  it('applies any criteria to the contained resource: _id (its local id), text, several values', async () => {
    assert.deepEqual(matchIds(await found('/fhir/Medication?_id=m&_contained=true')), [ids.bobIbuprofen]);
    assert.deepEqual(matchIds(await found('/fhir/Medication?_content=ibuprofen&_contained=true')), [ids.bobIbuprofen]);
    assert.deepEqual(matchIds(await found(`/fhir/Medication?code=${PARACETAMOL},${IBUPROFEN}&_contained=true`)), sorted(ids.annParacetamol!, ids.bobIbuprofen!));
    const alone = await found(`/fhir/Medication?code=${PARACETAMOL},${IBUPROFEN}&_contained=true&_containedType=contained&_sort=_id`);
    assert.deepEqual(matches(alone).map((r) => r.id), ['m', 'med1']);
  });

  it('pages through contained results', async () => {
    const { ids: paged } = await walk(t, `/fhir/Medication?_contained=true&_containedType=contained&_count=1`);
    assert.deepEqual(paged.sort(), ['m', 'med1']);
  });
});

describe('_contained=both', () => {
  it('returns top-level matches and the containers of contained matches', async () => {
    assert.deepEqual(matchIds(await found(`/fhir/Medication?code=${PARACETAMOL}&_contained=both`)), sorted(ids.topParacetamol!, ids.annParacetamol!));
  });

  it('or top-level and contained resources alone', async () => {
    const b = await found(`/fhir/Medication?code=${PARACETAMOL}&_contained=both&_containedType=contained`);
    assert.deepEqual(b.entry.map((e: any) => e.fullUrl).sort(), [`${BASE}/Medication/${ids.topParacetamol}`, `${BASE}/MedicationRequest/${ids.annParacetamol}#med1`].sort());
    assert.equal(b.total, 2);
  });
});

describe('contained resources follow their container', () => {
  it('an update replaces them, a delete removes them', async () => {
    const id = (await create(t, request(ids.ann!, medication('x', IBUPROFEN, 'Ibuprofen')))).id;
    assert.ok(matchIds(await found(`/fhir/Medication?code=${IBUPROFEN}&_contained=true`)).includes(id));
    const res = await t.request({ method: 'PUT', url: `/fhir/MedicationRequest/${id}`, payload: { ...request(ids.ann!, medication('y', PARACETAMOL, 'Paracetamol')), id } });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!matchIds(await found(`/fhir/Medication?code=${IBUPROFEN}&_contained=true`)).includes(id));
    assert.ok(matchIds(await found(`/fhir/Medication?code=${PARACETAMOL}&_contained=true`)).includes(id));
    assert.equal((await t.request({ method: 'DELETE', url: `/fhir/MedicationRequest/${id}` })).statusCode, 200);
    assert.deepEqual(matchIds(await found(`/fhir/Medication?code=${PARACETAMOL}&_contained=true`)), [ids.annParacetamol]);
  });

  it('sort by their own values', async () => {
    const b = await found('/fhir/Medication?_contained=true&_containedType=contained&_sort=-code');
    assert.deepEqual(matches(b).map((r) => r.id), ['med1', 'm']);
  });
});

describe('_contained: handling and tenancy', () => {
  it('refuses _has with _contained (strict) and a bad value', async () => {
    const has = await t.request({ method: 'GET', url: '/fhir/Medication?_contained=true&_has:MedicationRequest:medication:status=active', headers: { prefer: 'handling=strict' } });
    assert.equal(has.statusCode, 400);
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Medication?_contained=maybe' })).statusCode, 400);
  });

  it('never finds another practice’s contained resources', async () => {
    assert.deepEqual(matchIds(await found(`/fhir/Medication?code=${PARACETAMOL}&_contained=true`, tokenB)), [ids.bRequest]);
    assert.deepEqual(matchIds(await found(`/fhir/Medication?code=${IBUPROFEN}&_contained=true`, tokenB)), []);
  });
});

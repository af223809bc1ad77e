// _include and _revinclude (R4 search.html#include, #revinclude): by parameter, `*`, target type,
// :iterate, de-duplicated, per page, never across practices.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { create, included, includedRefs, matches, matchIds, nextLink, notes, searchset, sorted } from '../../../../test/search';

let t: TestApp;
let tokenB: string;
const ids: Record<string, string> = {};
const ref = (type: string, key: string) => `${type}/${ids[key]}`;

before(async () => {
  t = await testApp();
  tokenB = await t.token({ practice: 'T00002' });
  ids.org = (await create(t, { resourceType: 'Organization', name: 'Riverside Surgery' })).id;
  ids.gp = (await create(t, { resourceType: 'Practitioner', name: [{ family: 'Greene' }] })).id;
  ids.p1 = (
    await create(t, {
      resourceType: 'Patient',
      name: [{ family: 'One' }],
      generalPractitioner: [{ reference: ref('Practitioner', 'gp') }],
      managingOrganization: { reference: ref('Organization', 'org') },
    })
  ).id;
  ids.p2 = (await create(t, { resourceType: 'Patient', name: [{ family: 'Two' }] })).id;
  ids.med = (await create(t, { resourceType: 'Medication', code: { text: 'Amoxicillin 500mg capsules' } })).id;
  const mr = (patient: string, extra: Record<string, unknown>) => ({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: patient },
    ...extra,
  });
  ids.mr1 = (await create(t, mr(ref('Patient', 'p1'), { medicationReference: { reference: ref('Medication', 'med') }, requester: { reference: ref('Practitioner', 'gp') } }))).id;
  ids.mr2 = (await create(t, mr(ref('Patient', 'p2'), { medicationCodeableConcept: { text: 'Paracetamol' } }))).id;
  const obs = (extra: Record<string, unknown>) => ({ resourceType: 'Observation', status: 'final', code: { text: 'BP' }, subject: { reference: ref('Patient', 'p1') }, ...extra });
  ids.obsB = (await create(t, obs({}))).id;
  ids.obsA = (await create(t, obs({ performer: [{ reference: ref('Practitioner', 'gp') }], hasMember: [{ reference: ref('Observation', 'obsB') }] }))).id;
  ids.prov = (await create(t, { resourceType: 'Provenance', target: [{ reference: ref('Observation', 'obsA') }], recorded: '2024-01-01T00:00:00Z', agent: [{ who: { reference: ref('Practitioner', 'gp') } }] })).id;
});
after(() => t.close());

describe('_include', () => {
  it('adds the referenced resources as include entries after the matches', async () => {
    const b = await searchset(t, '/fhir/MedicationRequest?_include=MedicationRequest:patient');
    assert.deepEqual(matchIds(b), sorted(ids.mr1!, ids.mr2!));
    assert.deepEqual(includedRefs(b), sorted(ref('Patient', 'p1'), ref('Patient', 'p2')));
    const modes = (b.entry as any[]).map((e) => e.search.mode);
    assert.deepEqual(modes, ['match', 'match', 'include', 'include']);
    assert.equal(b.total, 2, 'includes are not counted in total');
    assert.equal(b.entry[2].fullUrl, `http://openpractice.test/fhir/${b.entry[2].resource.resourceType}/${b.entry[2].resource.id}`);
  });

  it('follows one parameter, or all of them with *', async () => {
    assert.deepEqual(includedRefs(await searchset(t, '/fhir/MedicationRequest?_include=MedicationRequest:medication')), [ref('Medication', 'med')]);
    assert.deepEqual(
      includedRefs(await searchset(t, '/fhir/MedicationRequest?_include=MedicationRequest:*')),
      sorted(ref('Patient', 'p1'), ref('Patient', 'p2'), ref('Medication', 'med'), ref('Practitioner', 'gp')),
    );
  });

  it('narrows by the target type (third part)', async () => {
    assert.deepEqual(includedRefs(await searchset(t, `/fhir/Observation?_id=${ids.obsA}&_include=Observation:performer:Practitioner`)), [ref('Practitioner', 'gp')]);
    assert.deepEqual(includedRefs(await searchset(t, `/fhir/Observation?_id=${ids.obsA}&_include=Observation:performer:Organization`)), []);
  });

  it('applies :iterate to included resources, and plain _include only to matches', async () => {
    const iterated = await searchset(t, `/fhir/MedicationRequest?_id=${ids.mr2},${ids.mr1}&_include=MedicationRequest:patient&_include:iterate=Patient:general-practitioner`);
    assert.deepEqual(includedRefs(iterated), sorted(ref('Patient', 'p1'), ref('Patient', 'p2'), ref('Practitioner', 'gp')));
    const plain = await searchset(t, `/fhir/MedicationRequest?_id=${ids.mr1}&_include=MedicationRequest:patient&_include=Patient:general-practitioner`);
    assert.deepEqual(includedRefs(plain), [ref('Patient', 'p1')]);
    // Two levels of iteration: Observation → Patient → Organization.
    const deep = await searchset(
      t,
      `/fhir/Provenance?_include=Provenance:target&_include:iterate=Observation:patient&_include:iterate=Patient:organization`,
    );
    assert.deepEqual(includedRefs(deep), sorted(ref('Observation', 'obsA'), ref('Patient', 'p1'), ref('Organization', 'org')));
  });

  it('never repeats a resource: a match is not also included, an include appears once', async () => {
    const b = await searchset(t, `/fhir/Observation?_id=${ids.obsA},${ids.obsB}&_include=Observation:has-member&_include=Observation:subject&_include=Observation:patient`);
    assert.deepEqual(matchIds(b), sorted(ids.obsA!, ids.obsB!));
    assert.deepEqual(includedRefs(b), [ref('Patient', 'p1')]);
    const all = (b.entry as any[]).map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    assert.equal(new Set(all).size, all.length, `duplicates in ${all}`);
  });

  it('includes per page', async () => {
    const first = await searchset(t, `/fhir/MedicationRequest?_id=${ids.mr1},${ids.mr2}&_include=MedicationRequest:patient&_count=1`);
    assert.equal(matches(first).length, 1);
    assert.equal(included(first).length, 1);
    assert.equal(included(first)[0].id, matches(first)[0].subject.reference.split('/')[1]);
    const second = await searchset(t, nextLink(first)!);
    assert.equal(included(second)[0].id, matches(second)[0].subject.reference.split('/')[1]);
    assert.notEqual(included(first)[0].id, included(second)[0].id);
    assert.ok(new URL(first.link.find((l: any) => l.relation === 'next').url).searchParams.get('_include'), 'next link keeps _include');
  });

  it('leaves out deleted resources, and includes nothing for _summary=count', async () => {
    const gone = await create(t, { resourceType: 'Practitioner', name: [{ family: 'Gone' }] });
    const obs = await create(t, { resourceType: 'Observation', status: 'final', code: { text: 'x' }, performer: [{ reference: `Practitioner/${gone.id}` }] });
    assert.equal((await t.request({ method: 'DELETE', url: `/fhir/Practitioner/${gone.id}` })).statusCode, 200);
    assert.deepEqual(includedRefs(await searchset(t, `/fhir/Observation?_id=${obs.id}&_include=Observation:performer`)), []);
    const count = await searchset(t, '/fhir/MedicationRequest?_include=MedicationRequest:patient&_summary=count');
    assert.equal(count.total, 2);
    assert.equal((count.entry ?? []).length, 0);
  });

  it('reports an _include of a parameter that is not a reference, and 400s a malformed one', async () => {
    const b = await searchset(t, '/fhir/Patient?_include=Patient:name');
    assert.ok(notes(b).some((i: any) => i.expression?.includes('_include')));
    const res = await t.request({ method: 'GET', url: '/fhir/Patient?_include=Patient' });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(json(res).issue[0].expression, ['_include']);
  });
});

describe('_revinclude', () => {
  it('adds the resources that reference the matches', async () => {
    const b = await searchset(t, `/fhir/Patient?_id=${ids.p1}&_revinclude=Observation:subject`);
    assert.deepEqual(matchIds(b), [ids.p1]);
    assert.deepEqual(includedRefs(b), sorted(ref('Observation', 'obsA'), ref('Observation', 'obsB')));
    assert.deepEqual(includedRefs(await searchset(t, `/fhir/Patient?_id=${ids.p1}&_revinclude=MedicationRequest:*`)), [ref('MedicationRequest', 'mr1')]);
  });

  it('narrows by target type, and iterates', async () => {
    assert.deepEqual(includedRefs(await searchset(t, `/fhir/Patient?_id=${ids.p1}&_revinclude=Observation:subject:Group`)), []);
    const b = await searchset(t, `/fhir/Patient?_id=${ids.p1}&_revinclude=Observation:subject&_revinclude:iterate=Provenance:target`);
    assert.deepEqual(includedRefs(b), sorted(ref('Observation', 'obsA'), ref('Observation', 'obsB'), ref('Provenance', 'prov')));
    // _include and _revinclude together, iterating across both.
    const both = await searchset(t, `/fhir/Practitioner?_id=${ids.gp}&_revinclude=Patient:general-practitioner&_include:iterate=Patient:organization`);
    assert.deepEqual(includedRefs(both), sorted(ref('Patient', 'p1'), ref('Organization', 'org')));
  });
});

describe('tenancy', () => {
  it('never includes or reverse-includes another practice’s resources', async () => {
    // B has a Practitioner whose id A's observation references (A has none by that id), and an
    // Observation pointing at A's patient id.
    const bOnly = await create(t, { resourceType: 'Practitioner', name: [{ family: 'Elsewhere' }] }, tokenB);
    const aObs = await create(t, { resourceType: 'Observation', status: 'final', code: { text: 'x' }, performer: [{ reference: `Practitioner/${bOnly.id}` }] });
    await create(t, { resourceType: 'Observation', status: 'final', code: { text: 'B' }, subject: { reference: `Patient/${ids.p2}` } }, tokenB);
    assert.deepEqual(includedRefs(await searchset(t, `/fhir/Observation?_id=${aObs.id}&_include=Observation:performer`)), []);
    assert.deepEqual(includedRefs(await searchset(t, `/fhir/Patient?_id=${ids.p2}&_revinclude=Observation:subject`)), []);
    // B sees its own practitioner as an include of its own observation, never A's.
    const bObs = await create(t, { resourceType: 'Observation', status: 'final', code: { text: 'B2' }, performer: [{ reference: `Practitioner/${bOnly.id}` }, { reference: `Practitioner/${ids.gp}` }] }, tokenB);
    assert.deepEqual(includedRefs(await searchset(t, `/fhir/Observation?_id=${bObs.id}&_include=Observation:performer`, { auth: tokenB })), [`Practitioner/${bOnly.id}`]);
  });
});

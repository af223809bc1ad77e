// Chained parameters and reverse chaining (R4 search.html#chaining, #has): to any depth, narrowed by
// :Type, with modifiers on the last link, combined with _include, and never across practices.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { create, includedRefs, matchIds, notes, searchset, sorted } from '../../../../test/search';

let t: TestApp;
let tokenB: string;
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const GMC = 'https://fhir.hl7.org.uk/Id/gmc-number';
const LOINC = 'http://loinc.org';
const q = encodeURIComponent;

const ids: Record<string, string> = {};

const observation = (subject: string, code: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code }] },
  subject: { reference: subject },
  ...extra,
});

before(async () => {
  t = await testApp();
  tokenB = await t.token({ practice: 'T00002' });
  ids.org = (await create(t, { resourceType: 'Organization', name: 'Riverside Surgery' })).id;
  ids.greene = (await create(t, { resourceType: 'Practitioner', name: [{ family: 'Greene' }], identifier: [{ system: GMC, value: '1234567' }] })).id;
  ids.okafor = (await create(t, { resourceType: 'Practitioner', name: [{ family: 'Okafor' }] })).id;
  ids.smith = (
    await create(t, {
      resourceType: 'Patient',
      name: [{ family: 'Smith', given: ['Ann'] }],
      birthDate: '1970-01-01',
      identifier: [{ system: NHS, value: '9000000009' }],
      generalPractitioner: [{ reference: `Practitioner/${ids.greene}` }],
      managingOrganization: { reference: `Organization/${ids.org}` },
    })
  ).id;
  ids.jones = (
    await create(t, {
      resourceType: 'Patient',
      name: [{ family: 'Jones' }],
      identifier: [{ system: NHS, value: '9000000017' }],
      generalPractitioner: [{ reference: `Practitioner/${ids.okafor}` }],
    })
  ).id;
  ids.ward = (await create(t, { resourceType: 'Location', name: 'Smithfield Clinic' })).id;
  ids.obsSmith = (await create(t, observation(`Patient/${ids.smith}`, '8480-6'))).id;
  ids.obsSmithDia = (await create(t, observation(`Patient/${ids.smith}`, '8462-4'))).id;
  ids.obsJones = (await create(t, observation(`Patient/${ids.jones}`, '8480-6'))).id;
  ids.obsWard = (await create(t, observation(`Location/${ids.ward}`, '8480-6'))).id;
  ids.encSmith = (await create(t, { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${ids.smith}` } })).id;
  ids.encJones = (await create(t, { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${ids.jones}` } })).id;
  ids.provenance = (
    await create(t, {
      resourceType: 'Provenance',
      target: [{ reference: `Observation/${ids.obsSmithDia}` }],
      recorded: '2024-01-01T00:00:00Z',
      agent: [{ who: { reference: `Practitioner/${ids.greene}` } }],
    })
  ).id;

  // Practice B holds resources with the SAME ids as A's, shaped to match A's queries if a chain,
  // _has or include ever crossed practices: "Jones" is a Smith there, Smith has a coded result.
  await create(t, { resourceType: 'Patient', id: ids.jones, name: [{ family: 'Smith' }], identifier: [{ system: NHS, value: '9000000009' }] }, tokenB);
  await create(t, { resourceType: 'Patient', id: ids.smith, name: [{ family: 'Other' }] }, tokenB);
  ids.bObs = (await create(t, observation(`Patient/${ids.smith}`, 'B-ONLY'), tokenB)).id;
  await create(t, { resourceType: 'Practitioner', id: ids.okafor, name: [{ family: 'Greene' }] }, tokenB);
});
after(() => t.close());

describe('chained parameters', () => {
  it('follows a typed chain to an identifier', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?subject:Patient.identifier=${q(`${NHS}|9000000009`)}`)), sorted(ids.obsSmith!, ids.obsSmithDia!));
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?subject:Patient.identifier=${q(`${NHS}|0000000000`)}`)), []);
  });

  it('follows an untyped chain into every target type that has the parameter', async () => {
    // subject.name: Patient.name and Location.name both match "smith".
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject.name=smith')), sorted(ids.obsSmith!, ids.obsSmithDia!, ids.obsWard!));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=smith')), sorted(ids.obsSmith!, ids.obsSmithDia!));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Location.name=smith')), [ids.obsWard]);
  });

  it('chains two and three levels deep', async () => {
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Encounter?subject.general-practitioner.name=greene')), [ids.encSmith]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Encounter?subject:Patient.organization.name=riverside')), [ids.encSmith]);
    assert.deepEqual(
      matchIds(await searchset(t, `/fhir/Observation?patient.general-practitioner:Practitioner.identifier=${q(`${GMC}|1234567`)}`)),
      sorted(ids.obsSmith!, ids.obsSmithDia!),
    );
  });

  it('applies the last link’s modifier, comma-OR and repeated-AND', async () => {
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name:exact=Smith')), sorted(ids.obsSmith!, ids.obsSmithDia!));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name:exact=smith')), []);
    assert.deepEqual(
      matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=smith,jones&code=8480-6')),
      sorted(ids.obsSmith!, ids.obsJones!),
    );
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=smith&subject:Patient.birthdate=1970')), sorted(ids.obsSmith!, ids.obsSmithDia!));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=jones&subject:Patient.birthdate=1970')), []);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Observation?subject:Patient._id=${ids.jones}`)), [ids.obsJones]);
  });

  it('returns the chained match with its _include', async () => {
    const b = await searchset(t, `/fhir/Observation?subject:Patient.name=smith&code=8480-6&_include=Observation:subject`);
    assert.deepEqual(matchIds(b), [ids.obsSmith]);
    assert.deepEqual(includedRefs(b), [`Patient/${ids.smith}`]);
  });

  it('no longer matches through a deleted target', async () => {
    const pat = await create(t, { resourceType: 'Patient', name: [{ family: 'Transient' }] });
    const obs = await create(t, observation(`Patient/${pat.id}`, '8480-6'));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=transient')), [obs.id]);
    assert.equal((await t.request({ method: 'DELETE', url: `/fhir/Patient/${pat.id}` })).statusCode, 200);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=transient')), []);
  });

  it('never resolves a chain in another practice', async () => {
    // In B, Patient/{jones id} is named Smith: A's Jones observation must not match "smith".
    const a = matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=smith'));
    assert.ok(!a.includes(ids.obsJones!), 'chain crossed into practice B');
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Encounter?subject.general-practitioner.name=greene')), [ids.encSmith]);
    // From B: its own observation, by its own patient's name; nothing of A's.
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=other', { auth: tokenB })), [ids.bObs]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Observation?subject:Patient.name=smith', { auth: tokenB })), []);
  });

  it('reports an unsupported modifier on the last link (lenient), 400 under strict handling', async () => {
    const url = `/fhir/Observation?subject:Patient.identifier:in=${q('http://example.org/vs')}&code=8462-4`;
    const b = await searchset(t, url);
    assert.deepEqual(matchIds(b), [ids.obsSmithDia]);
    assert.ok(notes(b).some((i: any) => i.expression?.includes('subject:Patient.identifier:in')), JSON.stringify(notes(b)));
    const strict = await t.request({ method: 'GET', url, headers: { prefer: 'handling=strict' } });
    assert.equal(strict.statusCode, 400, strict.body);
    assert.ok(json(strict).issue.some((i: any) => i.expression?.includes('subject:Patient.identifier:in')));
  });

  it('is 400 for a malformed value on the last link, naming the parameter', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Observation?subject:Patient.birthdate=31/12/1970' });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(json(res).issue[0].expression, ['subject:Patient.birthdate']);
  });
});

describe('_has (reverse chaining)', () => {
  it('finds resources referenced by matching resources', async () => {
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?_has:Observation:subject:code=8480-6')), sorted(ids.smith!, ids.jones!));
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?_has:Observation:patient:code=8462-4')), [ids.smith]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?_has:Observation:patient:code=nothing')), []);
  });

  it('ORs comma values, ANDs repeated _has, and combines with criteria', async () => {
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?_has:Observation:patient:code=8462-4,8480-6')), sorted(ids.smith!, ids.jones!));
    assert.deepEqual(
      matchIds(await searchset(t, '/fhir/Patient?_has:Observation:patient:code=8462-4&_has:Encounter:subject:status=finished')),
      [ids.smith],
    );
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?_has:Observation:patient:code=8480-6&family=jones')), [ids.jones]);
  });

  it('nests, and takes a chained parameter at the end', async () => {
    assert.deepEqual(
      matchIds(await searchset(t, `/fhir/Patient?_has:Observation:subject:_has:Provenance:target:agent=Practitioner/${ids.greene}`)),
      [ids.smith],
    );
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Practitioner?_has:Patient:general-practitioner:family=smith')), [ids.greene]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Practitioner?_has:Patient:general-practitioner:organization.name=riverside')), [ids.greene]);
  });

  it('never sees another practice’s referencing resources', async () => {
    // B's Observation (code B-ONLY) points at Patient/{smith id}, which in A is A's Smith.
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?_has:Observation:subject:code=B-ONLY')), []);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?_has:Observation:subject:code=B-ONLY', { auth: tokenB })), [ids.smith]);
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient?_has:Observation:subject:code=8480-6', { auth: tokenB })), []);
  });

  it('reports a malformed _has (lenient), 400 under strict handling', async () => {
    const b = await searchset(t, '/fhir/Patient?_has:Observation:code:status=final&family=jones');
    assert.deepEqual(matchIds(b), [ids.jones]);
    assert.ok(notes(b).some((i: any) => i.expression?.includes('_has:Observation:code:status')));
    const res = await t.request({ method: 'GET', url: '/fhir/Patient?_has:Observation:code:status=final', headers: { prefer: 'handling=strict' } });
    assert.equal(res.statusCode, 400, res.body);
  });
});

// Compartment search (R4 compartmentdefinition-patient, http.html#search):
// GET Patient/{id}/{Type}?… searches Type within the patient's compartment only;
// GET Patient/{id}/*?… every type in it (restricted with _type).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { create, matchIds, nextLink, searchset, sorted, walk } from '../../../../test/search';

let t: TestApp;
let tokenB: string;
const ids: Record<string, string> = {};
const LOINC = 'http://loinc.org';

const obs = (patient: string, code: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code }] },
  subject: { reference: `Patient/${patient}` },
  ...extra,
});

before(async () => {
  t = await testApp();
  tokenB = await t.token({ practice: 'T00002' });
  ids.ann = (await create(t, { resourceType: 'Patient', name: [{ family: 'Ann' }] })).id;
  ids.bob = (await create(t, { resourceType: 'Patient', name: [{ family: 'Bob' }], link: [{ other: { reference: `Patient/${ids.ann}` }, type: 'seealso' }] })).id;
  ids.annSys = (await create(t, obs(ids.ann!, '8480-6'))).id;
  ids.annDia = (await create(t, obs(ids.ann!, '8462-4'))).id;
  // In Ann's compartment as performer, though about Bob.
  ids.bobPerformedByAnn = (await create(t, obs(ids.bob!, '8480-6', { performer: [{ reference: `Patient/${ids.ann}` }] }))).id;
  ids.bobOnly = (await create(t, obs(ids.bob!, '8480-6'))).id;
  ids.annCondition = (await create(t, { resourceType: 'Condition', subject: { reference: `Patient/${ids.ann}` }, code: { text: 'Asthma' } })).id;
  // Practice B: a patient with Ann's id, and its observation.
  await create(t, { resourceType: 'Patient', id: ids.ann, name: [{ family: 'Elsewhere' }] }, tokenB);
  ids.bObs = (await create(t, obs(ids.ann!, '8480-6'), tokenB)).id;
});
after(() => t.close());

describe('Patient/{id}/{Type}', () => {
  it('returns the resources of that type in the patient’s compartment, by any compartment parameter', async () => {
    const b = await searchset(t, `/fhir/Patient/${ids.ann}/Observation`);
    assert.deepEqual(matchIds(b), sorted(ids.annSys!, ids.annDia!, ids.bobPerformedByAnn!));
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient/${ids.bob}/Observation`)), sorted(ids.bobPerformedByAnn!, ids.bobOnly!));
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient/${ids.ann}/Condition`)), [ids.annCondition]);
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient/${ids.bob}/Condition`)), []);
  });

  it('applies further search parameters within the compartment', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient/${ids.ann}/Observation?code=8480-6`)), sorted(ids.annSys!, ids.bobPerformedByAnn!));
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient/${ids.ann}/Observation?code=8480-6&subject=Patient/${ids.ann}`)), [ids.annSys]);
  });

  it('includes the patient itself, and patients linking to it, in Patient/{id}/Patient', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient/${ids.ann}/Patient`)), sorted(ids.ann!, ids.bob!));
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient/${ids.bob}/Patient`)), [ids.bob]);
  });

  it('pages with links that stay in the compartment', async () => {
    const first = await searchset(t, `/fhir/Patient/${ids.ann}/Observation?_count=2&_sort=_id`);
    assert.equal(first.link[0].url, `http://openpractice.test/fhir/Patient/${ids.ann}/Observation?_count=2&_sort=_id`);
    assert.ok(nextLink(first)!.startsWith(`/fhir/Patient/${ids.ann}/Observation?`));
    const { ids: seen } = await walk(t, `/fhir/Patient/${ids.ann}/Observation?_count=2`);
    assert.deepEqual([...seen].sort(), sorted(ids.annSys!, ids.annDia!, ids.bobPerformedByAnn!));
  });

  it('takes POST _search too', async () => {
    const res = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${ids.ann}/Observation/_search`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'code=8462-4',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(matchIds(json(res)), [ids.annDia]);
  });

  it('never crosses practices', async () => {
    assert.deepEqual(matchIds(await searchset(t, `/fhir/Patient/${ids.ann}/Observation`, { auth: tokenB })), [ids.bObs]);
    assert.ok(!matchIds(await searchset(t, `/fhir/Patient/${ids.ann}/Observation`)).includes(ids.bObs!));
  });

  it('is an empty searchset for a patient that is not here', async () => {
    assert.deepEqual(matchIds(await searchset(t, '/fhir/Patient/no-such-patient/Observation')), []);
  });

  it('is 404 for a type outside the compartment or another compartment, 405 for other methods', async () => {
    const outside = await t.request({ method: 'GET', url: `/fhir/Patient/${ids.ann}/Organization` });
    assert.equal(outside.statusCode, 404, outside.body);
    assert.equal(json(outside).resourceType, 'OperationOutcome');
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Encounter/x/Observation` })).statusCode, 404);
    assert.equal((await t.request({ method: 'DELETE', url: `/fhir/Patient/${ids.ann}/Observation` })).statusCode, 405);
  });

  it('is 400 for a malformed parameter, and 401 without a token', async () => {
    const bad = await t.request({ method: 'GET', url: `/fhir/Patient/${ids.ann}/Observation?date=31/12/2020` });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(json(bad).issue[0].expression, ['date']);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.ann}/Observation`, auth: null })).statusCode, 401);
  });
});

describe('Patient/{id}/*', () => {
  const all = (b: any) => (b.entry ?? []).filter((e: any) => e.search?.mode === 'match').map((e: any) => `${e.resource.resourceType}/${e.resource.id}`).sort();

  it('returns everything in the patient’s compartment, of every type, and only that', async () => {
    const b = await searchset(t, `/fhir/Patient/${ids.ann}/*`);
    assert.deepEqual(
      all(b),
      sorted(`Patient/${ids.ann}`, `Patient/${ids.bob}`, `Observation/${ids.annSys}`, `Observation/${ids.annDia}`, `Observation/${ids.bobPerformedByAnn}`, `Condition/${ids.annCondition}`),
    );
    assert.equal(b.link[0].url, `http://openpractice.test/fhir/Patient/${ids.ann}/*`);
    assert.deepEqual(all(await searchset(t, `/fhir/Patient/${ids.bob}/*`)), sorted(`Patient/${ids.bob}`, `Observation/${ids.bobPerformedByAnn}`, `Observation/${ids.bobOnly}`));
  });

  it('restricts to the types _type names (comma-separated or repeated); a type outside the compartment has nothing in it', async () => {
    assert.deepEqual(all(await searchset(t, `/fhir/Patient/${ids.ann}/*?_type=Condition,Patient`)), sorted(`Condition/${ids.annCondition}`, `Patient/${ids.ann}`, `Patient/${ids.bob}`));
    assert.deepEqual(all(await searchset(t, `/fhir/Patient/${ids.ann}/*?_type=Condition&_type=Observation&code=8462-4`)), [`Observation/${ids.annDia}`]);
    assert.deepEqual(all(await searchset(t, `/fhir/Patient/${ids.ann}/*?_type=Organization`)), []);
    const b = await searchset(t, `/fhir/Patient/${ids.ann}/*?_type=Condition&_count=5`);
    assert.equal(b.link[0].url, `http://openpractice.test/fhir/Patient/${ids.ann}/*?_type=Condition&_count=5`);
  });

  it('applies criteria common to every searched type, pages, and counts', async () => {
    assert.deepEqual(all(await searchset(t, `/fhir/Patient/${ids.ann}/*?_id=${ids.annCondition}`)), [`Condition/${ids.annCondition}`]);
    assert.deepEqual(all(await searchset(t, `/fhir/Patient/${ids.ann}/*?_content=asthma`)), [`Condition/${ids.annCondition}`]);
    const { ids: paged } = await walk(t, `/fhir/Patient/${ids.ann}/*?_count=2`);
    assert.equal(paged.length, 6);
    assert.equal((await searchset(t, `/fhir/Patient/${ids.ann}/*?_summary=count`)).total, 6);
  });

  it('refuses (strict) or reports (lenient) a parameter not defined on every type', async () => {
    const strict = await t.request({ method: 'GET', url: `/fhir/Patient/${ids.ann}/*?code=8462-4`, headers: { prefer: 'handling=strict' } });
    assert.equal(strict.statusCode, 400, strict.body);
    const lenient = await searchset(t, `/fhir/Patient/${ids.ann}/*?code=8462-4&_type=Observation,Condition`);
    assert.deepEqual(all(lenient), [`Observation/${ids.annDia}`], 'code is a token on both: applied');
  });

  it('never crosses practices, and is 400 for an unknown _type, 404 for another compartment, 401 without a token', async () => {
    assert.deepEqual(all(await searchset(t, `/fhir/Patient/${ids.ann}/*`, { auth: tokenB })), sorted(`Patient/${ids.ann}`, `Observation/${ids.bObs}`));
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.ann}/*?_type=Nope` })).statusCode, 400);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Encounter/x/*` })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.ann}/*`, auth: null })).statusCode, 401);
    const post = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${ids.ann}/*/_search`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_type=Condition',
    });
    assert.equal(post.statusCode, 200, post.body);
    assert.deepEqual(matchIds(json(post)), [ids.annCondition]);
  });
});

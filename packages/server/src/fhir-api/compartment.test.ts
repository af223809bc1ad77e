// Compartment search (R4 compartmentdefinition-patient, http.html#search):
// GET Patient/{id}/{Type}?… searches Type within the patient's compartment only.
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

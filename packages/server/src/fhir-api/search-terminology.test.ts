// Token modifiers answered from the terminology module: :below and :above (SNOMED CT subsumption
// within the loaded subset), :in and :not-in (value set membership) — search.html#token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { BASE } from '../terminology/catalogue';

const SCT = 'http://snomed.info/sct';
let t: TestApp;
let patient: string;
const ids: Record<string, string> = {};

async function condition(code: string, display: string): Promise<string> {
  const res = await t.request({
    method: 'POST',
    url: '/fhir/Condition',
    payload: { resourceType: 'Condition', subject: { reference: `Patient/${patient}` }, code: { coding: [{ system: SCT, code, display }] } },
  });
  assert.equal(res.statusCode, 201, res.body);
  return json(res).id;
}

async function found(query: string): Promise<string[]> {
  const res = await t.request({ method: 'GET', url: `/fhir/Condition?subject=Patient/${patient}&${query}`, headers: { prefer: 'handling=strict' } });
  assert.equal(res.statusCode, 200, res.body);
  return (json(res).entry ?? []).map((e: any) => e.resource.id).sort();
}

before(async () => {
  t = await testApp();
  patient = json(await t.request({ method: 'POST', url: '/fhir/Patient', payload: { resourceType: 'Patient' } })).id;
  ids.diabetes = await condition('73211009', 'Diabetes mellitus');
  ids.type2 = await condition('44054006', 'Diabetes mellitus type 2');
  ids.hypertension = await condition('38341003', 'Hypertensive disorder, systemic arterial');
  ids.penicillin = await condition('91936005', 'Allergy to penicillin');
});
after(() => t.close());

describe('token :below', () => {
  it('finds the concept and its descendants, not its siblings', async () => {
    assert.deepEqual(await found(`code:below=${SCT}|73211009`), [ids.diabetes, ids.type2].sort());
    assert.deepEqual(await found(`code:below=${SCT}|44054006`), [ids.type2]);
  });
  it('needs a system', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Condition?code:below=73211009', headers: { prefer: 'handling=strict' } });
    assert.equal(res.statusCode, 400);
  });
});

describe('token :above', () => {
  it('finds the concept and the concepts subsuming it, not those below it or beside it', async () => {
    assert.deepEqual(await found(`code:above=${SCT}|44054006`), [ids.diabetes, ids.type2].sort());
    assert.deepEqual(await found(`code:above=${SCT}|73211009`), [ids.diabetes]);
    assert.deepEqual(await found(`code:above=${SCT}|38341003`), [ids.hypertension]);
  });
  it('matches a code the terminology does not hold as itself only, and needs a system', async () => {
    assert.deepEqual(await found(`code:above=${SCT}|999999999`), []);
    const res = await t.request({ method: 'GET', url: '/fhir/Condition?code:above=44054006', headers: { prefer: 'handling=strict' } });
    assert.equal(res.statusCode, 400);
  });
});

describe('token :in and :not-in', () => {
  it('matches codes in the value set, and the complement', async () => {
    const allergies = encodeURIComponent(`${BASE}/ValueSet/allergies`);
    assert.deepEqual(await found(`code:in=${allergies}`), [ids.penicillin]);
    assert.deepEqual(await found(`code:not-in=${allergies}`), [ids.diabetes, ids.type2, ids.hypertension].sort());
    const problems = encodeURIComponent(`${BASE}/ValueSet/problems`);
    assert.ok((await found(`code:in=${problems}`)).includes(ids.hypertension!));
  });
  it('refuses a value set the server does not hold (strict), and reports it (lenient)', async () => {
    const strict = await t.request({ method: 'GET', url: '/fhir/Condition?code:in=http://example.org/ValueSet/nope', headers: { prefer: 'handling=strict' } });
    assert.equal(strict.statusCode, 400);
    const lenient = json(await t.request({ method: 'GET', url: '/fhir/Condition?code:in=http://example.org/ValueSet/nope' }));
    assert.ok(lenient.entry.some((e: any) => e.search?.mode === 'outcome'));
  });
});

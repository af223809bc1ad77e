// Number and quantity search over HTTP (R4 search.html#number, #quantity, #prefix): every prefix at
// the edges of a value's precision, units, open-ended quantities, and tenancy. The index bounds
// these with float8 and rechecks the exact decimal (repo/search/values.ts); the edges prove that
// the recheck, not the float bound, decides.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../../test/harness';
import { create, matchIds, searchset, sorted } from '../../../../test/search';

let t: TestApp;
let tokenB: string;
const ids: Record<string, string> = {};
const UCUM = 'http://unitsofmeasure.org';
const LOINC = 'http://loinc.org';

const potassium = (value: number, code = 'mmol/L', comparator?: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code: '2823-3' }] },
  valueQuantity: { value, ...(comparator ? { comparator } : {}), unit: code, system: UCUM, code },
});

const risk = (probability: number) => ({
  resourceType: 'RiskAssessment',
  status: 'final',
  subject: { reference: 'Patient/p' },
  prediction: [{ probabilityDecimal: probability }],
});

const obs = async (query: string, auth?: string) =>
  matchIds(await searchset(t, `/fhir/Observation?${query}`, { ...(auth ? { auth } : {}), headers: { prefer: 'handling=strict' } }));
const q = encodeURIComponent;

before(async () => {
  t = await testApp();
  tokenB = await t.token({ practice: 'T00002' });
  for (const [name, v] of [['k53', 5.3], ['k535', 5.35], ['k54', 5.4], ['k541', 5.41], ['k545', 5.45], ['k55', 5.5], ['k6', 6]] as const) {
    ids[name] = (await create(t, potassium(v))).id;
  }
  ids.mg = (await create(t, potassium(5.5, 'mg/dL'))).id;
  ids.below5 = (await create(t, potassium(5, 'mmol/L', '<'))).id;
  for (const [name, p] of [['r10', 0.1], ['r25', 0.25], ['r30', 0.3]] as const) ids[name] = (await create(t, risk(p))).id;
  ids.b = (await create(t, potassium(5.5), tokenB)).id;
});
after(() => t.close());

describe('quantity', () => {
  it('gt, ge, lt, le compare with the value exactly, at its edges', async () => {
    assert.deepEqual(await obs('value-quantity=gt5.4'), sorted(ids.k541!, ids.k545!, ids.k55!, ids.k6!, ids.mg!));
    assert.deepEqual(await obs('value-quantity=ge5.45'), sorted(ids.k545!, ids.k55!, ids.k6!, ids.mg!));
    assert.deepEqual(await obs('value-quantity=lt5.35'), sorted(ids.k53!, ids.below5!));
    assert.deepEqual(await obs('value-quantity=le5.35'), sorted(ids.k53!, ids.k535!, ids.below5!));
  });

  it('eq is the search value’s precision range [low, high), ne its complement', async () => {
    assert.deepEqual(await obs('value-quantity=5.4'), sorted(ids.k535!, ids.k54!, ids.k541!));
    assert.deepEqual(await obs('value-quantity=eq5.40'), [ids.k54], '5.40 means [5.395, 5.405)');
    assert.deepEqual(await obs('value-quantity=ne5.4'), sorted(ids.k53!, ids.k545!, ids.k55!, ids.k6!, ids.mg!, ids.below5!));
    assert.deepEqual(await obs('value-quantity=ap5.4'), sorted(ids.k53!, ids.k535!, ids.k54!, ids.k541!, ids.k545!, ids.k55!, ids.mg!, ids.below5!));
  });

  it('with a system and code, matches only that unit', async () => {
    assert.deepEqual(await obs(`value-quantity=${q(`gt5.4|${UCUM}|mmol/L`)}`), sorted(ids.k541!, ids.k545!, ids.k55!, ids.k6!));
    assert.deepEqual(await obs(`value-quantity=${q(`gt5.4|${UCUM}|mg/dL`)}`), [ids.mg]);
    assert.deepEqual(await obs(`value-quantity=${q('gt5.4||mg/dL')}`), [ids.mg]);
  });

  it('combines ranges (AND) and alternatives (OR)', async () => {
    assert.deepEqual(await obs('value-quantity=gt5.35&value-quantity=lt5.45'), sorted(ids.k54!, ids.k541!));
    assert.deepEqual(await obs('value-quantity=lt5.31,gt5.9'), sorted(ids.k53!, ids.k6!, ids.below5!));
  });

  it('never matches another practice’s values', async () => {
    assert.deepEqual(await obs('value-quantity=gt5.45', tokenB), [ids.b]);
    assert.ok(!(await obs('value-quantity=gt5.45')).includes(ids.b!));
  });
});

describe('number', () => {
  const risks = async (query: string) => matchIds(await searchset(t, `/fhir/RiskAssessment?${query}`, { headers: { prefer: 'handling=strict' } }));

  it('applies every prefix to decimals', async () => {
    assert.deepEqual(await risks('probability=gt0.25'), [ids.r30]);
    assert.deepEqual(await risks('probability=ge0.25'), sorted(ids.r25!, ids.r30!));
    assert.deepEqual(await risks('probability=lt0.25'), [ids.r10]);
    assert.deepEqual(await risks('probability=le0.1'), [ids.r10]);
    assert.deepEqual(await risks('probability=0.25'), [ids.r25]);
    assert.deepEqual(await risks('probability=0.3'), sorted(ids.r25!, ids.r30!), '0.3 means [0.25, 0.35)');
    assert.deepEqual(await risks('probability=0.30'), [ids.r30]);
    assert.deepEqual(await risks('probability=ne0.25'), sorted(ids.r10!, ids.r30!));
  });
});

// ValueSet/$validate-code and CodeSystem/$validate-code over HTTP (R4 valueset-operation-validate-code,
// codesystem-operation-validate-code): result true/false, the wrong-display warning, GET and POST
// forms, and the failures (400 missing inputs, 404 unknown value set or code system, 401).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const SCT = 'http://snomed.info/sct';
const DMD = 'https://dmd.nhs.uk';
const PROBLEMS = 'https://openpractice.nhs.example/ValueSet/problems';
const MEDICINES = 'https://openpractice.nhs.example/ValueSet/medicines';
const enc = encodeURIComponent;

type Param = { name: string; valueBoolean?: boolean; valueString?: string };
function outcome(res: { body: string }): { result?: boolean; message?: string; display?: string } {
  const body = JSON.parse(res.body) as { resourceType: string; parameter: Param[] };
  assert.equal(body.resourceType, 'Parameters');
  const get = (n: string) => body.parameter.find((p) => p.name === n);
  return { result: get('result')?.valueBoolean, message: get('message')?.valueString, display: get('display')?.valueString };
}

const validateVs = (query: string) => t.request({ method: 'GET', url: `/fhir/ValueSet/$validate-code?${query}` });
const validateCs = (query: string) => t.request({ method: 'GET', url: `/fhir/CodeSystem/$validate-code?${query}` });

describe('ValueSet/$validate-code', () => {
  it('is true for a member, with its display', async () => {
    const res = await validateVs(`url=${enc(PROBLEMS)}&system=${enc(SCT)}&code=44054006`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(outcome(res), { result: true, message: undefined, display: 'Diabetes mellitus type 2' });
  });

  it('is true with a warning when the display is wrong, and silent when it is right in another case', async () => {
    const wrong = outcome(await validateVs(`url=${enc(PROBLEMS)}&system=${enc(SCT)}&code=44054006&display=${enc('Sugar diabetes')}`));
    assert.equal(wrong.result, true);
    assert.match(wrong.message!, /Sugar diabetes.*Diabetes mellitus type 2/);
    const right = outcome(await validateVs(`url=${enc(PROBLEMS)}&system=${enc(SCT)}&code=44054006&display=${enc('diabetes mellitus TYPE 2')}`));
    assert.deepEqual([right.result, right.message], [true, undefined]);
  });

  it('accepts a synonym as the display', async () => {
    const res = outcome(await validateVs(`url=${enc(PROBLEMS)}&system=${enc(SCT)}&code=13645005&display=${enc('Chronic obstructive lung disease')}`));
    assert.deepEqual([res.result, res.message], [true, undefined]);
  });

  it('is false for a code not held, and for a code of another value set', async () => {
    const unknown = outcome(await validateVs(`url=${enc(PROBLEMS)}&system=${enc(SCT)}&code=123456789`));
    assert.equal(unknown.result, false);
    assert.match(unknown.message!, /not in the value set/);
    const elsewhere = outcome(await validateVs(`url=${enc(PROBLEMS)}&system=${enc(SCT)}&code=91936005`));
    assert.equal(elsewhere.result, false);
  });

  it('finds the code without a system when the value set has one', async () => {
    const res = outcome(await validateVs(`url=${enc('https://fhir.hl7.org.uk/ValueSet/UKCore-EthnicCategory')}&code=T`));
    assert.deepEqual([res.result, res.display], [true, 'Arab']);
  });

  it('accepts a previous dm+d identifier, saying so', async () => {
    const res = outcome(await validateVs(`url=${enc(MEDICINES)}&system=${enc(DMD)}&code=320139002`));
    assert.equal(res.result, true);
    assert.equal(res.display, 'Salbutamol 100micrograms/dose inhaler CFC free');
    assert.match(res.message!, /previous identifier/);
  });

  it('accepts POST with a coding and with a codeableConcept (valid when any coding is)', async () => {
    const coding = await t.request({
      method: 'POST',
      url: '/fhir/ValueSet/$validate-code',
      payload: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'url', valueUri: MEDICINES },
          { name: 'coding', valueCoding: { system: DMD, code: '39732411000001106', display: 'Amoxicillin 500mg capsules' } },
        ],
      },
    });
    assert.equal(coding.statusCode, 200, coding.body);
    assert.deepEqual(outcome(coding), { result: true, message: undefined, display: 'Amoxicillin 500mg capsules' });
    const cc = await t.request({
      method: 'POST',
      url: '/fhir/ValueSet/$validate-code',
      payload: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'url', valueUri: PROBLEMS },
          { name: 'codeableConcept', valueCodeableConcept: { coding: [{ system: 'http://example.org/local', code: 'DM2' }, { system: SCT, code: '44054006' }] } },
        ],
      },
    });
    assert.equal(cc.statusCode, 200, cc.body);
    assert.equal(outcome(cc).result, true);
  });

  it('is 400 without url or without a code', async () => {
    assert.equal((await validateVs(`system=${enc(SCT)}&code=44054006`)).statusCode, 400);
    const noCode = await validateVs(`url=${enc(PROBLEMS)}&system=${enc(SCT)}`);
    assert.equal(noCode.statusCode, 400);
    assert.equal(json(noCode).resourceType, 'OperationOutcome');
  });

  it('is 404 for a value set the server does not hold', async () => {
    const res = await validateVs(`url=${enc('https://openpractice.nhs.example/ValueSet/nope')}&system=${enc(SCT)}&code=44054006`);
    assert.equal(res.statusCode, 404);
    assert.equal(json(res).issue[0].code, 'not-found');
  });

  it('needs a token', async () => {
    const res = await t.request({ method: 'GET', url: `/fhir/ValueSet/$validate-code?url=${enc(PROBLEMS)}&system=${enc(SCT)}&code=44054006`, auth: null });
    assert.equal(res.statusCode, 401);
  });
});

describe('CodeSystem/$validate-code', () => {
  it('is true for a held code (url or system names the code system), false for one not held', async () => {
    const byUrl = outcome(await validateCs(`url=${enc(SCT)}&code=195967001`));
    assert.deepEqual([byUrl.result, byUrl.display], [true, 'Asthma']);
    const bySystem = outcome(await validateCs(`system=${enc('http://hl7.org/fhir/appointmentstatus')}&code=noshow`));
    assert.deepEqual([bySystem.result, bySystem.display], [true, 'No Show']);
    const missing = outcome(await validateCs(`url=${enc(SCT)}&code=123456789`));
    assert.equal(missing.result, false);
    assert.match(missing.message!, /Unknown code/);
  });

  it('warns about a wrong display', async () => {
    const res = outcome(await validateCs(`url=${enc(SCT)}&code=195967001&display=Asthmatic`));
    assert.equal(res.result, true);
    assert.match(res.message!, /Asthmatic/);
  });

  it('is 400 without a code system or code, 404 for an unknown code system', async () => {
    assert.equal((await validateCs('code=195967001')).statusCode, 400);
    assert.equal((await validateCs(`url=${enc(SCT)}`)).statusCode, 400);
    const unknown = await validateCs(`url=${enc('http://example.org/cs')}&code=1`);
    assert.equal(unknown.statusCode, 404);
  });
});

// CodeSystem/$lookup over HTTP (R4 codesystem-operation-lookup): GET and POST, SNOMED CT and dm+d,
// and the failures (400 for missing inputs, 404 for an unknown system or code, 401 without a token).
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
type Param = { name: string; valueString?: string; valueCode?: string; part?: Param[] };
type Params = { parameter: Param[] };
const param = (body: { parameter: Param[] }, name: string) => body.parameter.find((p) => p.name === name);
const properties = (body: { parameter: Param[] }) =>
  body.parameter
    .filter((p) => p.name === 'property')
    .map((p) => {
      const value = p.part!.find((x) => x.name === 'value')!;
      return { code: p.part!.find((x) => x.name === 'code')!.valueCode, value: value.valueCode ?? value.valueString };
    });

async function lookup(query: string) {
  return t.request({ method: 'GET', url: `/fhir/CodeSystem/$lookup?${query}` });
}

describe('CodeSystem/$lookup', () => {
  it('returns name, version, display and the hierarchy of a SNOMED CT concept', async () => {
    const res = await lookup(`system=${encodeURIComponent(SCT)}&code=44054006`);
    assert.equal(res.statusCode, 200, res.body);
    const body = json<Params & { resourceType: string }>(res);
    assert.equal(body.resourceType, 'Parameters');
    assert.equal(param(body, 'name')!.valueString, 'SNOMED_CT');
    assert.match(param(body, 'version')!.valueString!, /openpractice-subset/);
    assert.equal(param(body, 'display')!.valueString, 'Diabetes mellitus type 2');
    assert.equal(param(body, 'designation')!.part!.find((p) => p.name === 'value')!.valueString, 'Diabetes mellitus type 2');
    const props = properties(body);
    assert.deepEqual(props.filter((p) => p.code === 'parent'), [{ code: 'parent', value: '73211009' }]);
    assert.ok(props.some((p) => p.code === 'child' && p.value === '313436004'));
  });

  it('returns form, strength, dose and VTM for a dm+d VMP', async () => {
    const res = await lookup(`system=${encodeURIComponent(DMD)}&code=42109611000001109`);
    assert.equal(res.statusCode, 200, res.body);
    const props = properties(json<Params>(res));
    assert.ok(props.some((p) => p.code === 'class' && p.value === 'VMP'));
    assert.ok(props.some((p) => p.code === 'form' && p.value === 'Tablet'));
    assert.ok(props.some((p) => p.code === 'strength' && p.value === '500mg'));
    assert.ok(props.some((p) => p.code === 'dose' && /four times a day/.test(String(p.value))));
    assert.ok(props.some((p) => p.code === 'parent' && p.value === '777067000'));
  });

  it('returns a VMP read from an OpenSAFELY codelist, with its VTM and an AMP below it', async () => {
    const res = await lookup(`system=${encodeURIComponent(DMD)}&code=42206511000001102`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(param(json<Params>(res), 'display')!.valueString, 'Apixaban 5mg tablets');
    const props = properties(json<Params>(res));
    assert.ok(props.some((p) => p.code === 'strength' && p.value === '5mg'));
    assert.ok(props.some((p) => p.code === 'parent' && p.value === '774624002'));
    assert.ok(props.some((p) => p.code === 'child' && p.value === '21677511000001105'));
  });

  it('resolves a previous dm+d identifier and names the current one', async () => {
    const res = await lookup(`system=${encodeURIComponent(DMD)}&code=322236009`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(param(json<Params>(res), 'display')!.valueString, 'Paracetamol 500mg tablets');
    assert.ok(properties(json<Params>(res)).some((p) => p.code === 'currentCode' && p.value === '42109611000001109'));
  });

  it('accepts POST Parameters with a coding, and with system and code', async () => {
    const withCoding = await t.request({
      method: 'POST',
      url: '/fhir/CodeSystem/$lookup',
      payload: { resourceType: 'Parameters', parameter: [{ name: 'coding', valueCoding: { system: SCT, code: '195967001' } }] },
    });
    assert.equal(withCoding.statusCode, 200, withCoding.body);
    assert.equal(param(json<Params>(withCoding), 'display')!.valueString, 'Asthma');
    const withCode = await t.request({
      method: 'POST',
      url: '/fhir/CodeSystem/$lookup',
      payload: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'system', valueUri: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland' },
          { name: 'code', valueCode: 'A' },
        ],
      },
    });
    assert.equal(withCode.statusCode, 200, withCode.body);
    assert.equal(param(json<Params>(withCode), 'display')!.valueString, 'White - British');
  });

  it('is 400 without a code or a system', async () => {
    for (const q of [`system=${encodeURIComponent(SCT)}`, 'code=44054006', '']) {
      const res = await lookup(q);
      assert.equal(res.statusCode, 400, q);
      assert.equal(json(res).resourceType, 'OperationOutcome');
    }
  });

  it('is 400 for a coding that is not a Coding', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/fhir/CodeSystem/$lookup',
      payload: { resourceType: 'Parameters', parameter: [{ name: 'coding', valueCoding: { system: SCT, code: 44054006 } }] },
    });
    assert.equal(res.statusCode, 400, res.body);
  });

  it('is 404 for an unknown code system or code', async () => {
    const system = await lookup(`system=${encodeURIComponent('http://example.org/nope')}&code=x`);
    assert.equal(system.statusCode, 404);
    assert.equal(json(system).issue[0].code, 'not-found');
    const code = await lookup(`system=${encodeURIComponent(SCT)}&code=123456789`);
    assert.equal(code.statusCode, 404);
    assert.equal(json(code).issue[0].code, 'not-found');
  });

  it('is only at type level on CodeSystem', async () => {
    const res = await t.request({ method: 'GET', url: `/fhir/ValueSet/$lookup?system=${encodeURIComponent(SCT)}&code=44054006` });
    assert.equal(res.statusCode, 404);
  });

  it('needs a token (401) and works for any practice role', async () => {
    const anon = await t.request({ method: 'GET', url: `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(SCT)}&code=44054006`, auth: null });
    assert.equal(anon.statusCode, 401);
    const receptionist = await t.request({
      method: 'GET',
      url: `/fhir/CodeSystem/$lookup?system=${encodeURIComponent(SCT)}&code=44054006`,
      auth: await t.token({ role: 'receptionist', practice: 'T00002' }),
    });
    assert.equal(receptionist.statusCode, 200, receptionist.body);
  });
});

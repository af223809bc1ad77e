// Bad input on the FHIR surface: clear OperationOutcomes naming the element, nothing partial stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

async function patientCount(): Promise<number> {
  return json(await t.request({ method: 'GET', url: '/fhir/Patient?_summary=count' })).total;
}

describe('malformed requests', () => {
  it('400 for malformed JSON, with no stack, SQL or echo of the body', async () => {
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', payload: '{"resourceType": "Patient", "name": [', headers: { 'content-type': 'application/fhir+json' } });
    assert.equal(res.statusCode, 400);
    const oo = json(res);
    assert.equal(oo.resourceType, 'OperationOutcome');
    assert.doesNotMatch(res.body, /at .*\.ts|SELECT|INSERT|stack/i);
  });

  it('415 for a content type that is not JSON, 406 when only XML is acceptable', async () => {
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', payload: '<Patient/>', headers: { 'content-type': 'application/fhir+xml' } });
    assert.equal(res.statusCode, 415);
    assert.equal(json(res).resourceType, 'OperationOutcome');
    const xml = await t.request({ method: 'GET', url: '/fhir/Patient?_format=xml' });
    assert.equal(xml.statusCode, 406);
    const accept = await t.request({ method: 'GET', url: '/fhir/metadata', auth: null, headers: { accept: 'application/fhir+xml' } });
    assert.equal(accept.statusCode, 406);
  });

  it('413 for a body over the limit', async () => {
    const big = JSON.stringify({ resourceType: 'Patient', text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(17 * 1024 * 1024)}</div>` } });
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', payload: big, headers: { 'content-type': 'application/fhir+json' } });
    assert.equal(res.statusCode, 413);
    assert.equal(json(res).resourceType, 'OperationOutcome');
  });

  it('404 OperationOutcome for unknown paths; 405 for a method a path does not take', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Patient/1/2/3/4/5' });
    assert.equal(res.statusCode, 404);
    assert.equal(json(res).resourceType, 'OperationOutcome');
    const post = await t.request({ method: 'POST', url: '/fhir/Patient/123', payload: { resourceType: 'Patient' } });
    assert.equal(post.statusCode, 405);
  });
});

describe('invalid resources are rejected before storage', () => {
  const cases: [string, unknown, RegExp][] = [
    ['unknown element', { resourceType: 'Patient', nickname: 'JJ' }, /Patient\.nickname/],
    ['wrong type', { resourceType: 'Patient', active: 'yes' }, /Patient\.active/],
    ['bad date', { resourceType: 'Patient', birthDate: '31/12/1980' }, /Patient\.birthDate/],
    ['impossible date', { resourceType: 'Patient', birthDate: '1980-02-30' }, /Patient\.birthDate/],
    ['code outside a required binding', { resourceType: 'Patient', gender: 'man' }, /Patient\.gender/],
    ['single value where an array is required', { resourceType: 'Patient', name: { family: 'Smith' } }, /Patient\.name/],
    ['missing required element', { resourceType: 'Observation', code: { text: 'BP' } }, /Observation\.status/],
    ['empty string', { resourceType: 'Patient', name: [{ family: '' }] }, /Patient\.name/],
    ['null', { resourceType: 'Patient', gender: null }, /Patient\.gender/],
  ];
  for (const [name, body, expression] of cases) {
    it(`${name} → 400 naming the element`, async () => {
      const before = await patientCount();
      const type = (body as { resourceType: string }).resourceType;
      const res = await t.request({ method: 'POST', url: `/fhir/${type}`, payload: body as object });
      assert.equal(res.statusCode, 400, res.body);
      const oo = json(res);
      assert.equal(oo.resourceType, 'OperationOutcome');
      assert.ok(
        oo.issue.some((i: any) => (i.expression ?? []).some((e: string) => expression.test(e))),
        `expected an issue expression matching ${expression}: ${res.body}`,
      );
      assert.equal(await patientCount(), before);
    });
  }

  it('rejects an invalid update and keeps the stored version', async () => {
    const created = json(await t.request({ method: 'POST', url: '/fhir/Patient', payload: { resourceType: 'Patient', gender: 'female' } }));
    const res = await t.request({ method: 'PUT', url: `/fhir/Patient/${created.id}`, payload: { ...created, birthDate: 'yesterday' } });
    assert.equal(res.statusCode, 400);
    const current = json(await t.request({ method: 'GET', url: `/fhir/Patient/${created.id}` }));
    assert.equal(current.meta.versionId, '1');
    assert.equal(current.birthDate, undefined);
  });

  it('rejects an invalid id in the URL of an update', async () => {
    const res = await t.request({ method: 'PUT', url: `/fhir/Patient/${'x'.repeat(65)}`, payload: { resourceType: 'Patient', id: 'x'.repeat(65) } });
    assert.equal(res.statusCode, 400);
  });
});

// Deployment administration over HTTP: operator-only practice management and the streaming
// NDJSON bulk load the CLI uses while the server owns the embedded database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generatePractice } from '../seed/index';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
let operator: string;
before(async () => {
  t = await testApp();
  operator = await t.token({ role: 'operator' });
});
after(() => t.close());

const NDJSON = { 'content-type': 'application/fhir+ndjson' };
const lines = (body: string) =>
  body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

describe('admin: practices', () => {
  it('only an operator lists and creates practices', async () => {
    const asAdmin = await t.request({ method: 'GET', url: '/admin/practices' });
    assert.equal(asAdmin.statusCode, 403);
    const created = await t.request({ method: 'POST', url: '/admin/practices', auth: operator, headers: { 'content-type': 'application/json' }, payload: { odsCode: 'T00009', name: ' New Practice ' } });
    assert.equal(created.statusCode, 200, created.body);
    assert.deepEqual(json(created), { odsCode: 'T00009', name: 'New Practice' });
    const listed = json(await t.request({ method: 'GET', url: '/admin/practices', auth: operator }));
    assert.deepEqual(
      listed.practices.map((p: { odsCode: string }) => p.odsCode),
      ['T00001', 'T00002', 'T00009'],
    );
    const bad = await t.request({ method: 'POST', url: '/admin/practices', auth: operator, headers: { 'content-type': 'application/json' }, payload: { odsCode: 'no', name: 'x' } });
    assert.equal(bad.statusCode, 400);
  });
});

describe('admin: bulk load', () => {
  it('loads an NDJSON stream into the named practice, streaming progress, and a re-run skips it', async () => {
    const resources = [...generatePractice({ odsCode: 'T00002', name: 'Test Practice B', patients: 3, seed: 9 })];
    const body = resources.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const res = await t.request({ method: 'POST', url: '/admin/practices/T00002/resources', auth: operator, headers: NDJSON, payload: body });
    assert.equal(res.statusCode, 200, res.body);
    const answer = lines(res.body);
    const done = answer.at(-1)!.done;
    assert.equal(done.inserted, resources.length);
    assert.equal(done.skipped, 0);
    assert.ok(answer.slice(0, -1).every((l) => typeof l.resources === 'number'), 'progress lines before the summary');

    // Practice B now holds them; practice A still holds none.
    const inB = json(await t.request({ method: 'GET', url: '/fhir/Patient?_summary=count', auth: await t.token({ practice: 'T00002' }) }));
    assert.equal(inB.total, 3);
    const inA = json(await t.request({ method: 'GET', url: '/fhir/Patient?_summary=count' }));
    assert.equal(inA.total, 0);

    const again = lines((await t.request({ method: 'POST', url: '/admin/practices/T00002/resources', auth: operator, headers: NDJSON, payload: body })).body);
    assert.deepEqual(again.at(-1)!.done.inserted, 0);
    assert.deepEqual(again.at(-1)!.done.skipped, resources.length);
  });

  it('ends the stream with an OperationOutcome naming the bad line or resource', async () => {
    const notJson = lines((await t.request({ method: 'POST', url: '/admin/practices/T00001/resources', auth: operator, headers: NDJSON, payload: '{"resourceType":"Patient","id":"p1"}\n{oops\n' })).body);
    assert.match(notJson.at(-1)!.error.issue[0].diagnostics, /Line 2 is not valid JSON/);
    const invalid = lines(
      (await t.request({ method: 'POST', url: '/admin/practices/T00001/resources', auth: operator, headers: NDJSON, payload: '{"resourceType":"Patient","id":"p2","birthDate":"31/12/1980"}\n' })).body,
    );
    assert.match(invalid.at(-1)!.error.issue[0].diagnostics, /Patient\/p2/);
    const none = json(await t.request({ method: 'GET', url: '/fhir/Patient?_id=p2&_summary=count' }));
    assert.equal(none.total, 0, 'a refused resource is not stored');
  });

  it('is for operators only, for known practices, and only takes NDJSON', async () => {
    const asAdmin = await t.request({ method: 'POST', url: '/admin/practices/T00001/resources', headers: NDJSON, payload: '' });
    assert.equal(asAdmin.statusCode, 403);
    const unknown = await t.request({ method: 'POST', url: '/admin/practices/Z99999/resources', auth: operator, headers: NDJSON, payload: '' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(json(unknown).resourceType, 'OperationOutcome');
    const asJson = await t.request({ method: 'POST', url: '/admin/practices/T00001/resources', auth: operator, payload: { resourceType: 'Patient' } });
    assert.equal(asJson.statusCode, 415);
    const ndjsonToFhir = await t.request({ method: 'POST', url: '/fhir/Patient', headers: NDJSON, payload: '{"resourceType":"Patient"}\n' });
    assert.equal(ndjsonToFhir.statusCode, 415);
  });
});

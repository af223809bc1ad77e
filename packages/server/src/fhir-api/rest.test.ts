// REST interactions over HTTP (R4 http.html): create, read, vread, update, patch, delete, Prefer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const patient = (family = 'Smith') => ({
  resourceType: 'Patient',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
  name: [{ family, given: ['Jane'] }],
  gender: 'female',
  birthDate: '1980-04-01',
});

async function createPatient(family = 'Smith'): Promise<{ id: string; body: any }> {
  const res = await t.request({ method: 'POST', url: '/fhir/Patient', payload: patient(family) });
  assert.equal(res.statusCode, 201, res.body);
  const body = json(res);
  return { id: body.id, body };
}

describe('create', () => {
  it('assigns id and meta, and returns Location, ETag and Last-Modified', async () => {
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', payload: patient() });
    assert.equal(res.statusCode, 201);
    const body = json(res);
    assert.match(body.id, /^[0-9a-f-]{36}$/);
    assert.equal(body.meta.versionId, '1');
    assert.ok(Date.parse(body.meta.lastUpdated) > Date.now() - 60_000);
    assert.equal(res.headers.location, `http://openpractice.test/fhir/Patient/${body.id}/_history/1`);
    assert.equal(res.headers.etag, 'W/"1"');
    assert.equal(res.headers['last-modified'], new Date(body.meta.lastUpdated).toUTCString());
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    assert.equal(body.name[0].family, 'Smith');
  });

  it('ignores a client id on create (the server assigns ids)', async () => {
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', payload: { ...patient(), id: 'mine' } });
    assert.equal(res.statusCode, 201);
    assert.notEqual(json(res).id, 'mine');
  });

  it('rejects a body whose type disagrees with the URL', async () => {
    const res = await t.request({ method: 'POST', url: '/fhir/Observation', payload: patient() });
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).resourceType, 'OperationOutcome');
    assert.deepEqual(json(res).issue[0].expression, ['resourceType']);
  });

  it('is 404 for an unknown resource type', async () => {
    const res = await t.request({ method: 'POST', url: '/fhir/Patients', payload: patient() });
    assert.equal(res.statusCode, 404);
    assert.equal(json(res).resourceType, 'OperationOutcome');
  });
});

describe('read and vread', () => {
  it('reads the current version with ETag; 304 for If-None-Match', async () => {
    const { id } = await createPatient();
    const res = await t.request({ method: 'GET', url: `/fhir/Patient/${id}` });
    assert.equal(res.statusCode, 200);
    assert.equal(json(res).id, id);
    assert.equal(res.headers.etag, 'W/"1"');
    const again = await t.request({ method: 'GET', url: `/fhir/Patient/${id}`, headers: { 'if-none-match': 'W/"1"' } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  it('is 404 for an id that never existed', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Patient/does-not-exist' });
    assert.equal(res.statusCode, 404);
    assert.equal(json(res).issue[0].code, 'not-found');
  });

  it('reads old versions after an update', async () => {
    const { id, body } = await createPatient('Before');
    const upd = await t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, payload: { ...body, name: [{ family: 'After' }] } });
    assert.equal(upd.statusCode, 200);
    const v1 = await t.request({ method: 'GET', url: `/fhir/Patient/${id}/_history/1` });
    assert.equal(v1.statusCode, 200);
    assert.equal(json(v1).name[0].family, 'Before');
    assert.equal(json(v1).meta.versionId, '1');
    const v2 = await t.request({ method: 'GET', url: `/fhir/Patient/${id}/_history/2` });
    assert.equal(json(v2).name[0].family, 'After');
    const v3 = await t.request({ method: 'GET', url: `/fhir/Patient/${id}/_history/3` });
    assert.equal(v3.statusCode, 404);
  });
});

describe('update', () => {
  it('creates a new version with Location and ETag', async () => {
    const { id, body } = await createPatient();
    const res = await t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, payload: { ...body, gender: 'other' } });
    assert.equal(res.statusCode, 200);
    assert.equal(json(res).meta.versionId, '2');
    assert.equal(res.headers.etag, 'W/"2"');
    assert.equal(json(res).gender, 'other');
  });

  it('creates with the client id when none exists (update as create)', async () => {
    const res = await t.request({ method: 'PUT', url: '/fhir/Patient/client-chosen-1', payload: { ...patient(), id: 'client-chosen-1' } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers.location, 'http://openpractice.test/fhir/Patient/client-chosen-1/_history/1');
    assert.equal(json(res).id, 'client-chosen-1');
  });

  it('rejects a body id that differs from the URL, or none', async () => {
    const { id, body } = await createPatient();
    const wrong = await t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, payload: { ...body, id: 'other' } });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(json(wrong).issue[0].expression, ['id']);
    const { id: _omit, ...noId } = body;
    const missing = await t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, payload: noId });
    assert.equal(missing.statusCode, 400);
  });

  it('honours If-Match: the current version wins, a stale one is 412', async () => {
    const { id, body } = await createPatient();
    const ok = await t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, headers: { 'if-match': 'W/"1"' }, payload: body });
    assert.equal(ok.statusCode, 200);
    const stale = await t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, headers: { 'if-match': 'W/"1"' }, payload: body });
    assert.equal(stale.statusCode, 412);
    assert.equal(json(stale).resourceType, 'OperationOutcome');
    const bad = await t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, headers: { 'if-match': 'banana' }, payload: body });
    assert.equal(bad.statusCode, 400);
  });

  it('lets exactly one of N concurrent writers with the same If-Match win (no lost update)', async () => {
    const { id, body } = await createPatient();
    const writers = 12;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, headers: { 'if-match': 'W/"1"' }, payload: { ...body, name: [{ family: `Writer${i}` }] } }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses: ${statuses}`);
    assert.equal(statuses.filter((s) => s === 412).length, writers - 1, `statuses: ${statuses}`);
    const winner = json(results.find((r) => r.statusCode === 200)!);
    const current = json(await t.request({ method: 'GET', url: `/fhir/Patient/${id}` }));
    assert.equal(current.meta.versionId, '2');
    assert.equal(current.name[0].family, winner.name[0].family);
    const hist = json(await t.request({ method: 'GET', url: `/fhir/Patient/${id}/_history` }));
    assert.equal(hist.entry.length, 2);
  });

  it('never loses an update among concurrent writers without If-Match', async () => {
    const { id, body } = await createPatient();
    const writers = 8;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) => t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, payload: { ...body, name: [{ family: `W${i}` }] } })),
    );
    assert.deepEqual(results.map((r) => r.statusCode), Array(writers).fill(200));
    const versions = results.map((r) => Number(json(r).meta.versionId)).sort((a, b) => a - b);
    assert.deepEqual(versions, Array.from({ length: writers }, (_, i) => i + 2));
  });
});

describe('delete', () => {
  it('deletes, then reads are 410, history keeps every version, and update revives', async () => {
    const { id, body } = await createPatient();
    const del = await t.request({ method: 'DELETE', url: `/fhir/Patient/${id}` });
    assert.equal(del.statusCode, 200);
    assert.equal(json(del).resourceType, 'OperationOutcome');
    const gone = await t.request({ method: 'GET', url: `/fhir/Patient/${id}` });
    assert.equal(gone.statusCode, 410);
    assert.equal(json(gone).issue[0].code, 'deleted');
    const v1 = await t.request({ method: 'GET', url: `/fhir/Patient/${id}/_history/1` });
    assert.equal(v1.statusCode, 200);
    const v2 = await t.request({ method: 'GET', url: `/fhir/Patient/${id}/_history/2` });
    assert.equal(v2.statusCode, 410);
    const hist = json(await t.request({ method: 'GET', url: `/fhir/Patient/${id}/_history` }));
    assert.deepEqual(hist.entry.map((e: any) => e.request.method), ['DELETE', 'POST']);
    assert.equal(hist.entry[0].resource, undefined);
    const again = await t.request({ method: 'DELETE', url: `/fhir/Patient/${id}` });
    assert.equal(again.statusCode, 204);
    const revived = await t.request({ method: 'PUT', url: `/fhir/Patient/${id}`, payload: body });
    assert.equal(revived.statusCode, 201);
    assert.equal(json(revived).meta.versionId, '3');
  });

  it('is 404 for a resource that never existed, and 412 on a stale If-Match', async () => {
    assert.equal((await t.request({ method: 'DELETE', url: '/fhir/Patient/never-was' })).statusCode, 404);
    const { id } = await createPatient();
    const stale = await t.request({ method: 'DELETE', url: `/fhir/Patient/${id}`, headers: { 'if-match': 'W/"7"' } });
    assert.equal(stale.statusCode, 412);
  });

  it('removes deleted resources from search', async () => {
    const { id } = await createPatient('Deletable');
    await t.request({ method: 'DELETE', url: `/fhir/Patient/${id}` });
    const found = json(await t.request({ method: 'GET', url: `/fhir/Patient?_id=${id}` }));
    assert.equal(found.total, 0);
  });
});

describe('patch', () => {
  it('applies a JSON Patch as a new version', async () => {
    const { id } = await createPatient();
    const res = await t.request({
      method: 'PATCH',
      url: `/fhir/Patient/${id}`,
      headers: { 'content-type': 'application/json-patch+json' },
      payload: [{ op: 'replace', path: '/gender', value: 'male' }],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).gender, 'male');
    assert.equal(json(res).meta.versionId, '2');
  });

  it('applies a FHIRPath Patch', async () => {
    const { id } = await createPatient();
    const res = await t.request({
      method: 'PATCH',
      url: `/fhir/Patient/${id}`,
      payload: {
        resourceType: 'Parameters',
        parameter: [
          {
            name: 'operation',
            part: [
              { name: 'type', valueCode: 'replace' },
              { name: 'path', valueString: 'Patient.birthDate' },
              { name: 'value', valueDate: '1981-05-06' },
            ],
          },
        ],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).birthDate, '1981-05-06');
  });

  it('rejects a patch that makes the resource invalid, leaving it unchanged', async () => {
    const { id } = await createPatient();
    const res = await t.request({
      method: 'PATCH',
      url: `/fhir/Patient/${id}`,
      headers: { 'content-type': 'application/json-patch+json' },
      payload: [{ op: 'replace', path: '/gender', value: 'banana' }],
    });
    assert.ok(res.statusCode === 400 || res.statusCode === 422, res.body);
    const current = json(await t.request({ method: 'GET', url: `/fhir/Patient/${id}` }));
    assert.equal(current.gender, 'female');
    assert.equal(current.meta.versionId, '1');
  });

  it('is 400 for a malformed patch, 412 on a stale If-Match, 404 for a missing resource', async () => {
    const { id } = await createPatient();
    const malformed = await t.request({
      method: 'PATCH',
      url: `/fhir/Patient/${id}`,
      headers: { 'content-type': 'application/json-patch+json' },
      payload: { op: 'replace' },
    });
    assert.equal(malformed.statusCode, 400);
    const stale = await t.request({
      method: 'PATCH',
      url: `/fhir/Patient/${id}`,
      headers: { 'content-type': 'application/json-patch+json', 'if-match': 'W/"9"' },
      payload: [{ op: 'replace', path: '/gender', value: 'male' }],
    });
    assert.equal(stale.statusCode, 412);
    const missing = await t.request({
      method: 'PATCH',
      url: '/fhir/Patient/nope',
      headers: { 'content-type': 'application/json-patch+json' },
      payload: [{ op: 'replace', path: '/gender', value: 'male' }],
    });
    assert.equal(missing.statusCode, 404);
  });
});

describe('Prefer: return', () => {
  it('minimal sends no body, OperationOutcome sends an outcome, representation the resource', async () => {
    const minimal = await t.request({ method: 'POST', url: '/fhir/Patient', headers: { prefer: 'return=minimal' }, payload: patient() });
    assert.equal(minimal.statusCode, 201);
    assert.equal(minimal.body, '');
    assert.ok(minimal.headers.location);
    const oo = await t.request({ method: 'POST', url: '/fhir/Patient', headers: { prefer: 'return=OperationOutcome' }, payload: patient() });
    assert.equal(oo.statusCode, 201);
    assert.equal(json(oo).resourceType, 'OperationOutcome');
    const rep = await t.request({ method: 'POST', url: '/fhir/Patient', headers: { prefer: 'return=representation' }, payload: patient() });
    assert.equal(json(rep).resourceType, 'Patient');
  });
});

describe('capability statement', () => {
  it('is public and describes what the server does', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/metadata', auth: null });
    assert.equal(res.statusCode, 200);
    const cs = json(res);
    assert.equal(cs.resourceType, 'CapabilityStatement');
    assert.equal(cs.fhirVersion, '4.0.1');
    const p = cs.rest[0].resource.find((r: any) => r.type === 'Patient');
    assert.ok(p.interaction.some((i: any) => i.code === 'patch'));
    assert.ok(p.searchParam.some((s: any) => s.name === 'identifier' && s.type === 'token'));
    assert.ok(cs.rest[0].interaction.some((i: any) => i.code === 'transaction'));
    assert.ok(cs.rest[0].resource.length > 140);
  });
});

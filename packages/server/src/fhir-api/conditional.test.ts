// Conditional interactions over HTTP (R4 http.html#ccreate, #cond-update, #cdelete).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const MRN = 'https://example.org/mrn';

/** A fresh identifier value, so tests in this file never see each other's patients. */
const mrn = () => randomUUID();

const patient = (value: string, family = 'Conditional') => ({
  resourceType: 'Patient',
  identifier: [{ system: MRN, value }],
  name: [{ family }],
});

async function createPatient(value: string, family?: string): Promise<any> {
  const res = await t.request({ method: 'POST', url: '/fhir/Patient', payload: patient(value, family) });
  assert.equal(res.statusCode, 201, res.body);
  return json(res);
}

/** Ids of the current (non-deleted) Patients with this identifier. */
async function idsWith(value: string): Promise<string[]> {
  const res = await t.request({ method: 'GET', url: `/fhir/Patient?identifier=${encodeURIComponent(`${MRN}|${value}`)}` });
  assert.equal(res.statusCode, 200, res.body);
  return (json(res).entry ?? []).filter((e: any) => e.search.mode === 'match').map((e: any) => e.resource.id).sort();
}

const criteria = (value: string) => `identifier=${encodeURIComponent(`${MRN}|${value}`)}`;

describe('conditional create (If-None-Exist)', () => {
  it('creates when nothing matches (201)', async () => {
    const value = mrn();
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', headers: { 'if-none-exist': criteria(value) }, payload: patient(value) });
    assert.equal(res.statusCode, 201, res.body);
    assert.ok(res.headers.location);
    assert.deepEqual(await idsWith(value), [json(res).id]);
  });

  it('returns the single match with 200 and writes no new version', async () => {
    const value = mrn();
    const existing = await createPatient(value, 'Original');
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', headers: { 'if-none-exist': criteria(value) }, payload: patient(value, 'Ignored') });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).id, existing.id);
    assert.equal(json(res).name[0].family, 'Original');
    assert.equal(res.headers.etag, 'W/"1"');
    assert.equal(res.headers.location, undefined);
    const hist = json(await t.request({ method: 'GET', url: `/fhir/Patient/${existing.id}/_history` }));
    assert.equal(hist.entry.length, 1);
    assert.deepEqual(await idsWith(value), [existing.id]);
  });

  it('also accepts the criteria in the form [type]?query', async () => {
    const value = mrn();
    const existing = await createPatient(value);
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', headers: { 'if-none-exist': `Patient?${criteria(value)}` }, payload: patient(value) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).id, existing.id);
  });

  it('is 412 when the criteria match more than one, creating nothing', async () => {
    const value = mrn();
    await createPatient(value);
    await createPatient(value);
    const res = await t.request({ method: 'POST', url: '/fhir/Patient', headers: { 'if-none-exist': criteria(value) }, payload: patient(value) });
    assert.equal(res.statusCode, 412, res.body);
    assert.equal(json(res).resourceType, 'OperationOutcome');
    assert.equal(json(res).issue[0].code, 'multiple-matches');
    assert.equal((await idsWith(value)).length, 2);
  });

  it('creates exactly one resource when 8 identical conditional creates race', async () => {
    const value = mrn();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.request({ method: 'POST', url: '/fhir/Patient', headers: { 'if-none-exist': criteria(value) }, payload: patient(value) }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 201], results.map((r) => r.body).join('\n'));
    const ids = await idsWith(value);
    assert.equal(ids.length, 1);
    assert.ok(results.every((r) => json(r).id === ids[0]));
  });
});

describe('conditional update (PUT [type]?criteria)', () => {
  it('creates when nothing matches (201)', async () => {
    const value = mrn();
    const res = await t.request({ method: 'PUT', url: `/fhir/Patient?${criteria(value)}`, payload: patient(value, 'Fresh') });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(json(res).meta.versionId, '1');
    assert.deepEqual(await idsWith(value), [json(res).id]);
  });

  it('updates the single match (200, new version)', async () => {
    const value = mrn();
    const existing = await createPatient(value, 'Before');
    const res = await t.request({ method: 'PUT', url: `/fhir/Patient?${criteria(value)}`, payload: patient(value, 'After') });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).id, existing.id);
    assert.equal(json(res).meta.versionId, '2');
    const current = json(await t.request({ method: 'GET', url: `/fhir/Patient/${existing.id}` }));
    assert.equal(current.name[0].family, 'After');
    assert.deepEqual(await idsWith(value), [existing.id]);
  });

  it('is 400 when the body id differs from the match', async () => {
    const value = mrn();
    await createPatient(value);
    const res = await t.request({ method: 'PUT', url: `/fhir/Patient?${criteria(value)}`, payload: { ...patient(value), id: 'someone-else' } });
    assert.equal(res.statusCode, 400, res.body);
  });

  it('is 412 when the criteria match more than one, changing nothing', async () => {
    const value = mrn();
    const a = await createPatient(value);
    const b = await createPatient(value);
    const res = await t.request({ method: 'PUT', url: `/fhir/Patient?${criteria(value)}`, payload: patient(value, 'Changed') });
    assert.equal(res.statusCode, 412, res.body);
    assert.equal(json(res).issue[0].code, 'multiple-matches');
    for (const p of [a, b]) {
      const current = json(await t.request({ method: 'GET', url: `/fhir/Patient/${p.id}` }));
      assert.equal(current.meta.versionId, '1');
    }
  });

  it('creates exactly one resource when identical conditional updates race', async () => {
    const value = mrn();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => t.request({ method: 'PUT', url: `/fhir/Patient?${criteria(value)}`, payload: patient(value, `Racer${i}`) })),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 201], results.map((r) => r.body).join('\n'));
    const ids = await idsWith(value);
    assert.equal(ids.length, 1);
    const current = json(await t.request({ method: 'GET', url: `/fhir/Patient/${ids[0]}` }));
    assert.equal(current.meta.versionId, '6');
  });
});

describe('conditional delete (DELETE [type]?criteria)', () => {
  it('is 204 when nothing matches', async () => {
    const res = await t.request({ method: 'DELETE', url: `/fhir/Patient?${criteria(mrn())}` });
    assert.equal(res.statusCode, 204, res.body);
  });

  it('deletes the single match', async () => {
    const value = mrn();
    const existing = await createPatient(value);
    const res = await t.request({ method: 'DELETE', url: `/fhir/Patient?${criteria(value)}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${existing.id}` })).statusCode, 410);
    assert.deepEqual(await idsWith(value), []);
  });

  it('is 412 when the criteria match more than one, deleting nothing', async () => {
    const value = mrn();
    await createPatient(value);
    await createPatient(value);
    const res = await t.request({ method: 'DELETE', url: `/fhir/Patient?${criteria(value)}` });
    assert.equal(res.statusCode, 412, res.body);
    assert.equal(json(res).issue[0].code, 'multiple-matches');
    assert.equal((await idsWith(value)).length, 2);
  });
});

describe('conditional criteria never match everything', () => {
  // Criteria that select nothing in particular must be refused (400), not read as "all resources".
  const bad = [
    ['an unknown parameter', 'foo=bar'],
    ['an unknown parameter beside a good one', 'nonsense=1&family=Conditional'],
    ['an empty value', 'identifier='],
    ['only result parameters', '_count=1'],
    ['_summary=count', `${criteria('x')}&_summary=count`],
    ['only _format', '_format=json'],
  ] as const;

  for (const [what, query] of bad) {
    it(`refuses ${what} (${query}) on create, update and delete`, async () => {
      const value = mrn();
      const existing = await createPatient(value, 'Conditional');
      const before = json(await t.request({ method: 'GET', url: '/fhir/Patient?_summary=count' })).total;

      const create = await t.request({ method: 'POST', url: '/fhir/Patient', headers: { 'if-none-exist': query }, payload: patient(value) });
      assert.equal(create.statusCode, 400, `create: ${create.body}`);
      assert.equal(json(create).resourceType, 'OperationOutcome');
      const update = await t.request({ method: 'PUT', url: `/fhir/Patient?${query}`, payload: patient(value, 'Clobbered') });
      assert.equal(update.statusCode, 400, `update: ${update.body}`);
      const del = await t.request({ method: 'DELETE', url: `/fhir/Patient?${query}` });
      assert.equal(del.statusCode, 400, `delete: ${del.body}`);

      const after = json(await t.request({ method: 'GET', url: '/fhir/Patient?_summary=count' })).total;
      assert.equal(after, before);
      const current = json(await t.request({ method: 'GET', url: `/fhir/Patient/${existing.id}` }));
      assert.equal(current.meta.versionId, '1');
    });
  }

  it('names the unknown parameter in the outcome', async () => {
    const res = await t.request({ method: 'DELETE', url: '/fhir/Patient?foo=bar' });
    assert.equal(res.statusCode, 400);
    assert.ok(json(res).issue.some((i: any) => i.expression?.includes('foo')), res.body);
  });
});

describe('conditional interactions are tenant-scoped', () => {
  it("never match another practice's resources", async () => {
    const value = mrn();
    const inA = await createPatient(value);
    const tokenB = await t.token({ practice: 'T00002' });
    const create = await t.request({ method: 'POST', url: '/fhir/Patient', auth: tokenB, headers: { 'if-none-exist': criteria(value) }, payload: patient(value) });
    assert.equal(create.statusCode, 201, create.body);
    assert.notEqual(json(create).id, inA.id);
    const del = await t.request({ method: 'DELETE', url: `/fhir/Patient?${criteria(value)}`, auth: tokenB });
    assert.equal(del.statusCode, 200);
    assert.deepEqual(await idsWith(value), [inA.id]);
  });

  it('requires authentication', async () => {
    const res = await t.request({ method: 'DELETE', url: `/fhir/Patient?${criteria(mrn())}`, auth: null });
    assert.equal(res.statusCode, 401);
  });
});

// History over HTTP (R4 http.html#history): instance, type and system level, paging, _since, _at.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const ORIGIN = 'http://openpractice.test';

const patient = (family: string) => ({ resourceType: 'Patient', name: [{ family }] });
const observation = (patientId: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
  subject: { reference: `Patient/${patientId}` },
});

async function create(resource: Record<string, unknown>, auth?: string): Promise<any> {
  const res = await t.request({ method: 'POST', url: `/fhir/${resource.resourceType}`, payload: resource, ...(auth ? { auth } : {}) });
  assert.equal(res.statusCode, 201, res.body);
  return json(res);
}

async function update(resource: any, changes: Record<string, unknown>): Promise<any> {
  const res = await t.request({ method: 'PUT', url: `/fhir/${resource.resourceType}/${resource.id}`, payload: { ...resource, ...changes } });
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
}

/** An update whose lastUpdated is strictly later than `previous` (timestamps are in milliseconds). */
async function laterUpdate(previous: any, changes: Record<string, unknown>): Promise<any> {
  let next = await update(previous, changes);
  while (next.meta.lastUpdated <= previous.meta.lastUpdated) next = await update(next, changes);
  return next;
}

async function history(url: string, auth?: string): Promise<any> {
  const res = await t.request({ method: 'GET', url, ...(auth ? { auth } : {}) });
  assert.equal(res.statusCode, 200, res.body);
  const b = json(res);
  assert.equal(b.resourceType, 'Bundle');
  assert.equal(b.type, 'history');
  return b;
}

/** `Type/id/version` of each entry, in order. */
const versions = (b: any): string[] =>
  (b.entry ?? []).map((e: any) => {
    const [, type, id] = /\/fhir\/([A-Za-z]+)\/([^/]+)$/.exec(e.fullUrl)!;
    return `${type}/${id}/${/W\/"(\d+)"/.exec(e.response.etag)![1]}`;
  });

const nextUrl = (b: any): string | undefined => (b.link ?? []).find((l: any) => l.relation === 'next')?.url?.slice(ORIGIN.length);

function assertNewestFirst(b: any): void {
  const times = (b.entry ?? []).map((e: any) => Date.parse(e.response.lastModified));
  for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], `entry ${i} is newer than entry ${i - 1}`);
}

describe('instance history', () => {
  it('lists every version newest first, with request and response', async () => {
    const v1 = await create(patient('One'));
    const v2 = await update(v1, { name: [{ family: 'Two' }] });
    await update(v2, { name: [{ family: 'Three' }] });
    assert.equal((await t.request({ method: 'DELETE', url: `/fhir/Patient/${v1.id}` })).statusCode, 200);

    const b = await history(`/fhir/Patient/${v1.id}/_history`);
    assert.deepEqual(versions(b), [4, 3, 2, 1].map((v) => `Patient/${v1.id}/${v}`));
    assertNewestFirst(b);
    assert.deepEqual(b.entry.map((e: any) => e.request.method), ['DELETE', 'PUT', 'PUT', 'POST']);
    assert.deepEqual(b.entry.map((e: any) => e.request.url), [`Patient/${v1.id}`, `Patient/${v1.id}`, `Patient/${v1.id}`, 'Patient']);
    assert.deepEqual(b.entry.map((e: any) => e.response.status.slice(0, 3)), ['204', '200', '200', '201']);
    assert.deepEqual(b.entry.map((e: any) => e.response.etag), ['W/"4"', 'W/"3"', 'W/"2"', 'W/"1"']);
    assert.equal(b.entry[0].resource, undefined, 'a deletion carries no resource');
    assert.deepEqual(b.entry.slice(1).map((e: any) => e.resource.name[0].family), ['Three', 'Two', 'One']);
    assert.deepEqual(b.entry.slice(1).map((e: any) => e.resource.meta.versionId), ['3', '2', '1']);
    assert.equal(b.entry[3].response.lastModified, v1.meta.lastUpdated);
    assert.equal(b.link.find((l: any) => l.relation === 'self').url, `${ORIGIN}/fhir/Patient/${v1.id}/_history`);
  });

  it('still works for a deleted resource, and is 404 for one that never existed', async () => {
    const p = await create(patient('Deleted'));
    await t.request({ method: 'DELETE', url: `/fhir/Patient/${p.id}` });
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${p.id}` })).statusCode, 410);
    assert.deepEqual(versions(await history(`/fhir/Patient/${p.id}/_history`)), [`Patient/${p.id}/2`, `Patient/${p.id}/1`]);
    const missing = await t.request({ method: 'GET', url: '/fhir/Patient/never-existed/_history' });
    assert.equal(missing.statusCode, 404);
    assert.equal(json(missing).resourceType, 'OperationOutcome');
    // The id of a Patient is not an Observation's.
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation/${p.id}/_history` })).statusCode, 404);
  });
});

describe('type and system history', () => {
  it('type history holds only that type, newest first; system history holds every type', async () => {
    const p = await create(patient('Typed'));
    const o = await create(observation(p.id));
    const p2 = await update(p, { gender: 'female' });

    const patients = await history('/fhir/Patient/_history?_count=1000');
    assert.ok(patients.entry.every((e: any) => e.fullUrl.startsWith(`${ORIGIN}/fhir/Patient/`)));
    assert.deepEqual(versions(patients).slice(0, 2), [`Patient/${p.id}/2`, `Patient/${p.id}/1`]);
    assertNewestFirst(patients);

    const observations = await history('/fhir/Observation/_history?_count=1000');
    assert.ok(observations.entry.every((e: any) => e.fullUrl.startsWith(`${ORIGIN}/fhir/Observation/`)));
    assert.ok(versions(observations).includes(`Observation/${o.id}/1`));

    const all = await history('/fhir/_history?_count=1000');
    assert.deepEqual(versions(all).slice(0, 3), [`Patient/${p.id}/2`, `Observation/${o.id}/1`, `Patient/${p.id}/1`]);
    assertNewestFirst(all);
    assert.equal(all.entry[0].resource.meta.versionId, p2.meta.versionId);
  });

  it('is 404 for an unknown resource type', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Patients/_history' })).statusCode, 404);
  });
});

describe('paging', () => {
  it('visits every version exactly once via next links, even while new versions are written', async () => {
    let current = await create(patient('V1'));
    for (let v = 2; v <= 7; v++) current = await update(current, { name: [{ family: `V${v}` }] });
    const seen: string[] = [];
    let url: string | undefined = `/fhir/Patient/${current.id}/_history?_count=3`;
    let pages = 0;
    while (url) {
      const b = await history(url);
      pages++;
      assert.ok(b.entry.length <= 3);
      seen.push(...versions(b));
      url = nextUrl(b);
      // A write between page fetches must neither repeat nor skip the versions already listed.
      current = await update(current, { name: [{ family: `Later${pages}` }] });
      assert.ok(pages < 10, 'paging does not end');
    }
    assert.deepEqual(seen, [7, 6, 5, 4, 3, 2, 1].map((v) => `Patient/${current.id}/${v}`));
    assert.equal(pages, 3);
  });

  it('pages type history the same way while other resources are created', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push((await create({ resourceType: 'Practitioner', name: [{ family: `P${i}` }] })).id);
    const seen: string[] = [];
    let url: string | undefined = '/fhir/Practitioner/_history?_count=2';
    while (url) {
      const b = await history(url);
      seen.push(...versions(b));
      url = nextUrl(b);
      await create({ resourceType: 'Practitioner', name: [{ family: 'Interloper' }] });
      assert.ok(seen.length < 100, 'paging does not end');
    }
    assert.equal(new Set(seen).size, seen.length, `duplicates: ${seen}`);
    for (const id of mine) assert.equal(seen.filter((v) => v === `Practitioner/${id}/1`).length, 1);
    assert.equal(seen.length, 5, 'only versions that existed when paging began');
  });

  it('_count=0 gives an empty page, not an error', async () => {
    const p = await create(patient('Zero'));
    const b = await history(`/fhir/Patient/${p.id}/_history?_count=0`);
    assert.equal((b.entry ?? []).length, 0);
  });

  it('is 400 for a bad _count or _cursor', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/fhir/_history?_count=-1' })).statusCode, 400);
    assert.equal((await t.request({ method: 'GET', url: '/fhir/_history?_cursor=not-a-cursor' })).statusCode, 400);
  });
});

describe('_since and _at', () => {
  it('_since is inclusive', async () => {
    const v1 = await create(patient('Since1'));
    const v2 = await laterUpdate(v1, { name: [{ family: 'Since2' }] });
    const inst = `/fhir/Patient/${v1.id}/_history`;
    assert.deepEqual(versions(await history(`${inst}?_since=${v2.meta.lastUpdated}`)), [`Patient/${v1.id}/2`]);
    assert.deepEqual(versions(await history(`${inst}?_since=${v1.meta.lastUpdated}`)), [`Patient/${v1.id}/2`, `Patient/${v1.id}/1`]);
    const typeLevel = versions(await history(`/fhir/Patient/_history?_since=${v2.meta.lastUpdated}&_count=1000`));
    assert.ok(typeLevel.includes(`Patient/${v1.id}/2`));
    assert.ok(!typeLevel.includes(`Patient/${v1.id}/1`));
    // A _since in the future of an existing resource: an empty history, not 404.
    assert.deepEqual(versions(await history(`${inst}?_since=2999-01-01T00:00:00Z`)), []);
  });

  it('_at gives the versions current at that time', async () => {
    const v1 = await create(patient('At1'));
    const v2 = await laterUpdate(v1, { name: [{ family: 'At2' }] });
    const inst = `/fhir/Patient/${v1.id}/_history`;
    assert.deepEqual(versions(await history(`${inst}?_at=${v1.meta.lastUpdated}`)), [`Patient/${v1.id}/1`]);
    // At the instant v2 was written, v1 had been replaced.
    assert.deepEqual(versions(await history(`${inst}?_at=${v2.meta.lastUpdated}`)), [`Patient/${v1.id}/2`]);
    assert.deepEqual(versions(await history(`${inst}?_at=2999`)), [`Patient/${v1.id}/2`]);
    assert.deepEqual(versions(await history(`${inst}?_at=1999`)), []);
  });

  it('is 400 for a malformed _since or _at, naming it', async () => {
    for (const param of ['_since', '_at']) {
      const res = await t.request({ method: 'GET', url: `/fhir/Patient/_history?${param}=31/12/1980` });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(json(res).resourceType, 'OperationOutcome');
      assert.deepEqual(json(res).issue[0].expression, [param]);
    }
    assert.equal((await t.request({ method: 'GET', url: '/fhir/_history?_since=2024-02-30' })).statusCode, 400);
  });

  it('is 400 for an unknown parameter', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Patient/_history?family=smith' });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(json(res).issue[0].expression, ['family']);
  });
});

describe('tenancy and access', () => {
  it("never shows another practice's versions", async () => {
    const a = await create(patient('InA'));
    const tokenB = await t.token({ practice: 'T00002' });
    const b = await create(patient('InB'), tokenB);
    const system = versions(await history('/fhir/_history?_count=1000', tokenB));
    assert.deepEqual(system, [`Patient/${b.id}/1`]);
    assert.deepEqual(versions(await history('/fhir/Patient/_history?_count=1000', tokenB)), [`Patient/${b.id}/1`]);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${a.id}/_history`, auth: tokenB })).statusCode, 404);
    assert.ok(!versions(await history('/fhir/_history?_count=1000')).includes(`Patient/${b.id}/1`));
  });

  it('requires authentication', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/fhir/_history', auth: null })).statusCode, 401);
  });

  it('is read-only', async () => {
    assert.equal((await t.request({ method: 'DELETE', url: '/fhir/Patient/_history' })).statusCode, 405);
  });
});

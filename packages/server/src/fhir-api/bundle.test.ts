// batch and transaction Bundles over HTTP (R4 http.html#transaction): urn:uuid resolution,
// processing order, atomicity, conditional create and references, batch independence, responses.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const ORIGIN = 'http://openpractice.test';
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const MRN = 'https://example.org/mrn';

type Entry = Record<string, unknown>;

const urn = () => `urn:uuid:${randomUUID()}`;
const patient = (extra: Record<string, unknown> = {}) => ({ resourceType: 'Patient', name: [{ family: 'Bundled' }], ...extra });
const withMrn = (value: string, extra: Record<string, unknown> = {}) => patient({ identifier: [{ system: MRN, value }], ...extra });
const encounter = (subject: string) => ({
  resourceType: 'Encounter',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
  subject: { reference: subject },
});
const condition = (subject: string, enc: string) => ({
  resourceType: 'Condition',
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
  code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003' }] },
  subject: { reference: subject },
  encounter: { reference: enc },
});
const observation = (subject: string, enc?: string, status = 'final') => ({
  resourceType: 'Observation',
  status,
  code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
  subject: { reference: subject },
  ...(enc ? { encounter: { reference: enc } } : {}),
  valueQuantity: { value: 128, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
});

const post = (resource: Record<string, unknown>, fullUrl?: string, extra: Record<string, unknown> = {}): Entry => ({
  ...(fullUrl ? { fullUrl } : {}),
  resource,
  request: { method: 'POST', url: resource.resourceType, ...extra },
});

function send(type: string, entry: Entry[], options: { auth?: string; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  return t.request({
    method: 'POST',
    url: '/fhir',
    payload: { resourceType: 'Bundle', type, entry },
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

async function transaction(entry: Entry[], auth?: string): Promise<any> {
  const res = await send('transaction', entry, auth ? { auth } : {});
  assert.equal(res.statusCode, 200, res.body);
  const b = json(res);
  assert.equal(b.resourceType, 'Bundle');
  assert.equal(b.type, 'transaction-response');
  assert.equal(b.entry.length, entry.length);
  return b;
}

/** Reads what a response entry's Location points at. */
async function readLocation(location: string): Promise<any> {
  assert.ok(location.startsWith(`${ORIGIN}/fhir/`), location);
  const path = location.slice(ORIGIN.length).replace(/\/_history\/\d+$/, '');
  const res = await t.request({ method: 'GET', url: path });
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
}

async function read(ref: string): Promise<any> {
  const res = await t.request({ method: 'GET', url: `/fhir/${ref}` });
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
}

async function create(resource: Record<string, unknown>, auth?: string): Promise<any> {
  const res = await t.request({ method: 'POST', url: `/fhir/${resource.resourceType}`, payload: resource, ...(auth ? { auth } : {}) });
  assert.equal(res.statusCode, 201, res.body);
  return json(res);
}

async function idsWithMrn(value: string): Promise<string[]> {
  const b = json(await t.request({ method: 'GET', url: `/fhir/Patient?identifier=${encodeURIComponent(`${MRN}|${value}`)}` }));
  return (b.entry ?? []).filter((e: any) => e.search.mode === 'match').map((e: any) => e.resource.id).sort();
}

/**
 * A fingerprint of everything stored for practice A: per-type counts and the newest version in
 * system history. A transaction that fails must leave it unchanged.
 */
async function stateOfRecord(): Promise<string> {
  const counts: number[] = [];
  for (const type of ['Patient', 'Encounter', 'Condition', 'Observation']) {
    counts.push(json(await t.request({ method: 'GET', url: `/fhir/${type}?_summary=count` })).total);
  }
  const newest = json(await t.request({ method: 'GET', url: '/fhir/_history?_count=1' })).entry?.[0];
  return JSON.stringify({ counts, newest: newest ? `${newest.fullUrl}|${newest.response.etag}` : null });
}

/** The failure is a 4xx OperationOutcome that names `Bundle.entry[index]`. */
function assertNamesEntry(res: LightMyRequestResponse, index: number): void {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}: ${res.body}`);
  const oo = json(res);
  assert.equal(oo.resourceType, 'OperationOutcome');
  const where = `Bundle.entry[${index}]`;
  assert.ok(
    oo.issue.some((i: any) => i.expression?.some((e: string) => e === where || e.startsWith(`${where}.`))),
    `no issue expression names ${where}: ${res.body}`,
  );
}

describe('transaction: urn:uuid references', () => {
  it('creates every resource and rewrites references to the created ids, in any entry order', async () => {
    const [p, e, c, o] = [urn(), urn(), urn(), urn()];
    // The Observation comes first and refers forward: resolution must not depend on entry order.
    const b = await transaction([
      post(observation(p, e), o),
      post(patient({ gender: 'female' }), p),
      post(encounter(p), e),
      post(condition(p, e), c),
    ]);
    for (const entry of b.entry) {
      assert.equal(entry.response.status, '201 Created');
      assert.match(entry.response.location, /^http:\/\/openpractice\.test\/fhir\/[A-Za-z]+\/[0-9a-f-]{36}\/_history\/1$/);
      assert.equal(entry.response.etag, 'W/"1"');
      assert.ok(entry.response.lastModified);
      assert.equal(entry.resource.meta.versionId, '1');
    }
    const [obs, pat, enc, cond] = await Promise.all(b.entry.map((x: any) => readLocation(x.response.location)));
    assert.deepEqual([obs.resourceType, pat.resourceType, enc.resourceType, cond.resourceType], ['Observation', 'Patient', 'Encounter', 'Condition']);
    assert.equal(enc.subject.reference, `Patient/${pat.id}`);
    assert.equal(cond.subject.reference, `Patient/${pat.id}`);
    assert.equal(cond.encounter.reference, `Encounter/${enc.id}`);
    assert.equal(obs.subject.reference, `Patient/${pat.id}`);
    assert.equal(obs.encounter.reference, `Encounter/${enc.id}`);
    assert.ok(!JSON.stringify([obs, pat, enc, cond]).includes('urn:uuid:'));
    // The response carries the stored resources, with references rewritten too.
    assert.equal(b.entry[0].resource.subject.reference, `Patient/${pat.id}`);
    // And the index knows the rewritten references.
    const found = json(await t.request({ method: 'GET', url: `/fhir/Observation?subject=Patient/${pat.id}` }));
    assert.deepEqual(found.entry.map((x: any) => x.resource.id), [obs.id]);
  });

  it('reports PUT, DELETE and GET entries with their status, location and etag', async () => {
    const existing = await create(patient());
    const doomed = await create(patient());
    const b = await transaction([
      { resource: { ...existing, gender: 'male' }, request: { method: 'PUT', url: `Patient/${existing.id}` } },
      { request: { method: 'DELETE', url: `Patient/${doomed.id}` } },
      { request: { method: 'GET', url: `Patient/${existing.id}` } },
      { fullUrl: urn(), resource: { ...patient(), id: 'client-put-1' }, request: { method: 'PUT', url: 'Patient/client-put-1' } },
    ]);
    assert.equal(b.entry[0].response.status, '200 OK');
    assert.equal(b.entry[0].response.etag, 'W/"2"');
    assert.equal(b.entry[0].resource.gender, 'male');
    assert.match(b.entry[1].response.status, /^20[04]/);
    assert.equal(b.entry[2].response.status, '200 OK');
    assert.equal(b.entry[2].resource.gender, 'male', 'the GET runs after the PUT');
    assert.equal(b.entry[3].response.status, '201 Created');
    assert.equal(b.entry[3].response.location, `${ORIGIN}/fhir/Patient/client-put-1/_history/1`);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${doomed.id}` })).statusCode, 410);
  });
});

describe('transaction: conditional update', () => {
  it('updates the one match, and references to its fullUrl resolve to it', async () => {
    const tag = randomUUID();
    const existing = await create(withMrn(tag));
    const p = urn();
    const criteria = `identifier=${encodeURIComponent(`${MRN}|${tag}`)}`;
    const b = await transaction([
      post(encounter(p), urn()),
      { fullUrl: p, resource: withMrn(tag, { gender: 'other' }), request: { method: 'PUT', url: `Patient?${criteria}` } },
    ]);
    assert.equal(b.entry[1].response.status, '200 OK');
    assert.equal(b.entry[1].response.etag, 'W/"2"');
    assert.equal((await read(`Patient/${existing.id}`)).gender, 'other');
    assert.equal((await readLocation(b.entry[0].response.location)).subject.reference, `Patient/${existing.id}`);
    assert.deepEqual(await idsWithMrn(tag), [existing.id]);
  });

  it('fails when the body id differs from the one match', async () => {
    const tag = randomUUID();
    const existing = await create(withMrn(tag));
    const before = await stateOfRecord();
    const criteria = `identifier=${encodeURIComponent(`${MRN}|${tag}`)}`;
    const res = await send('transaction', [
      post(patient(), urn()),
      { fullUrl: urn(), resource: withMrn(tag, { id: 'not-the-match' }), request: { method: 'PUT', url: `Patient?${criteria}` } },
    ]);
    assert.equal(res.statusCode, 400, res.body);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
    assert.equal((await read(`Patient/${existing.id}`)).meta.versionId, '1');
  });
});

describe('transaction: processing order', () => {
  it('runs DELETE, then POST, then PUT, then GET, whatever the entry order', async () => {
    const tag = randomUUID();
    const old = await create(withMrn(tag, { name: [{ family: 'Old' }] }));
    const b = await transaction([
      { request: { method: 'GET', url: `Patient?identifier=${encodeURIComponent(`${MRN}|${tag}`)}` } },
      post(withMrn(tag, { name: [{ family: 'New' }] }), urn()),
      { request: { method: 'DELETE', url: `Patient/${old.id}` } },
    ]);
    // The GET (processed last) sees the POSTed patient and not the deleted one.
    const searchset = b.entry[0].resource;
    assert.equal(searchset.resourceType, 'Bundle');
    assert.equal(searchset.type, 'searchset');
    const seen = searchset.entry.filter((x: any) => x.search.mode === 'match').map((x: any) => x.resource);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].name[0].family, 'New');
    assert.equal(b.entry[1].response.status, '201 Created');
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${old.id}` })).statusCode, 410);
    assert.deepEqual(await idsWithMrn(tag), [seen[0].id]);
  });

  it('deletes before a conditional create with the same criteria is evaluated', async () => {
    const tag = randomUUID();
    const old = await create(withMrn(tag));
    const criteria = `identifier=${encodeURIComponent(`${MRN}|${tag}`)}`;
    const b = await transaction([
      post(withMrn(tag), urn(), { ifNoneExist: criteria }),
      { request: { method: 'DELETE', url: `Patient?${criteria}` } },
    ]);
    assert.equal(b.entry[0].response.status, '201 Created');
    const now = await idsWithMrn(tag);
    assert.equal(now.length, 1);
    assert.notEqual(now[0], old.id);
  });
});

describe('transaction: all or nothing', () => {
  it('stores nothing when the 3rd of 4 entries is invalid, and names that entry', async () => {
    const before = await stateOfRecord();
    const p = urn();
    const res = await send('transaction', [
      post(patient(), p),
      post(encounter(p), urn()),
      post(observation(p, undefined, 'banana'), urn()),
      post(patient(), urn()),
    ]);
    assertNamesEntry(res, 2);
    assert.equal(await stateOfRecord(), before);
  });

  it('stores nothing when a PUT has a stale ifMatch, and names that entry', async () => {
    const v1 = await create(patient());
    const v2 = json(await t.request({ method: 'PUT', url: `/fhir/Patient/${v1.id}`, payload: { ...v1, gender: 'female' } }));
    const before = await stateOfRecord();
    const res = await send('transaction', [
      post(patient(), urn()),
      { resource: { ...v2, gender: 'male' }, request: { method: 'PUT', url: `Patient/${v1.id}`, ifMatch: 'W/"1"' } },
    ]);
    assert.equal(res.statusCode, 412, res.body);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
    assert.equal((await read(`Patient/${v1.id}`)).gender, 'female');
  });

  it('stores nothing when a DELETE processed first succeeded but a later entry fails', async () => {
    const victim = await create(patient());
    const before = await stateOfRecord();
    const res = await send('transaction', [
      post(observation('Patient/x', undefined, 'not-a-status'), urn()),
      { request: { method: 'DELETE', url: `Patient/${victim.id}` } },
    ]);
    assertNamesEntry(res, 0);
    assert.equal(await stateOfRecord(), before);
    assert.equal((await read(`Patient/${victim.id}`)).id, victim.id);
  });

  it('stores nothing when a GET in the transaction fails', async () => {
    const before = await stateOfRecord();
    const res = await send('transaction', [post(patient(), urn()), { request: { method: 'GET', url: 'Patient/never-there' } }]);
    assert.equal(res.statusCode, 404, res.body);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
  });
});

describe('transaction: conditional create (ifNoneExist)', () => {
  it('matches an existing resource: no duplicate, and references to its fullUrl resolve to it', async () => {
    const tag = randomUUID();
    const existing = await create(withMrn(tag));
    const p = urn();
    const b = await transaction([
      post(encounter(p), urn()),
      post(withMrn(tag, { name: [{ family: 'Ignored' }] }), p, { ifNoneExist: `identifier=${encodeURIComponent(`${MRN}|${tag}`)}` }),
    ]);
    assert.equal(b.entry[1].response.status, '200 OK');
    assert.equal(b.entry[1].resource.id, existing.id);
    assert.equal(b.entry[1].resource.name[0].family, 'Bundled');
    const enc = await readLocation(b.entry[0].response.location);
    assert.equal(enc.subject.reference, `Patient/${existing.id}`);
    assert.deepEqual(await idsWithMrn(tag), [existing.id]);
    assert.equal((await read(`Patient/${existing.id}`)).meta.versionId, '1');
  });

  it('creates when nothing matches, and references resolve to the new resource', async () => {
    const tag = randomUUID();
    const p = urn();
    const b = await transaction([
      post(withMrn(tag), p, { ifNoneExist: `identifier=${encodeURIComponent(`${MRN}|${tag}`)}` }),
      post(encounter(p), urn()),
    ]);
    assert.equal(b.entry[0].response.status, '201 Created');
    const created = await readLocation(b.entry[0].response.location);
    assert.equal((await readLocation(b.entry[1].response.location)).subject.reference, `Patient/${created.id}`);
    assert.deepEqual(await idsWithMrn(tag), [created.id]);
  });

  it('resolves two entries with the same criteria to one resource', async () => {
    const tag = randomUUID();
    const criteria = `identifier=${encodeURIComponent(`${MRN}|${tag}`)}`;
    const [p1, p2] = [urn(), urn()];
    const b = await transaction([
      post(withMrn(tag), p1, { ifNoneExist: criteria }),
      post(withMrn(tag), p2, { ifNoneExist: criteria }),
      post(encounter(p2), urn()),
      post(encounter(p1), urn()),
    ]);
    const ids = await idsWithMrn(tag);
    assert.equal(ids.length, 1);
    assert.deepEqual(b.entry.slice(0, 2).map((x: any) => x.response.status), ['201 Created', '200 OK']);
    for (const i of [2, 3]) assert.equal((await readLocation(b.entry[i].response.location)).subject.reference, `Patient/${ids[0]}`);
  });

  it('fails rather than leave a reference dangling when an earlier entry creates the match', async () => {
    const tag = randomUUID();
    const before = await stateOfRecord();
    const p2 = urn();
    const res = await send('transaction', [
      post(withMrn(tag, { name: [{ family: 'Dangler' }] }), urn()),
      post(withMrn(tag), p2, { ifNoneExist: `identifier=${encodeURIComponent(`${MRN}|${tag}`)}` }),
      post(encounter(p2), urn()),
    ]);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
  });

  it('creates exactly one resource when identical conditional-create transactions race', async () => {
    const tag = randomUUID();
    const criteria = `identifier=${encodeURIComponent(`${MRN}|${tag}`)}`;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => {
        const p = urn();
        return send('transaction', [post(withMrn(tag), p, { ifNoneExist: criteria }), post(encounter(p), urn())]);
      }),
    );
    assert.deepEqual(results.map((r) => r.statusCode), Array(6).fill(200), results.map((r) => r.body).join('\n'));
    const ids = await idsWithMrn(tag);
    assert.equal(ids.length, 1);
    for (const r of results) {
      assert.equal((await readLocation(json(r).entry[1].response.location)).subject.reference, `Patient/${ids[0]}`);
    }
  });

  it('fails the whole transaction when ifNoneExist matches more than one', async () => {
    const tag = randomUUID();
    await create(withMrn(tag));
    await create(withMrn(tag));
    const before = await stateOfRecord();
    const p = urn();
    const res = await send('transaction', [
      post(encounter(p), urn()),
      post(withMrn(tag), p, { ifNoneExist: `identifier=${encodeURIComponent(`${MRN}|${tag}`)}` }),
    ]);
    assert.equal(res.statusCode, 412, res.body);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
  });

  it('fails the whole transaction when ifNoneExist has an unknown parameter', async () => {
    const before = await stateOfRecord();
    const res = await send('transaction', [post(patient(), urn()), post(patient(), urn(), { ifNoneExist: 'nonsense=1' })]);
    assert.equal(res.statusCode, 400, res.body);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
  });
});

describe('transaction: conditional references', () => {
  const nhsRef = (n: string) => `Patient?identifier=${NHS}|${n}`;

  it('resolves a reference like Patient?identifier=system|value to the one match', async () => {
    const target = await create(patient({ identifier: [{ system: NHS, value: '9434765919' }] }));
    const b = await transaction([post(encounter(nhsRef('9434765919')), urn()), post(observation(nhsRef('9434765919')), urn())]);
    assert.equal((await readLocation(b.entry[0].response.location)).subject.reference, `Patient/${target.id}`);
    assert.equal((await readLocation(b.entry[1].response.location)).subject.reference, `Patient/${target.id}`);
  });

  it('fails the transaction when the reference matches nothing', async () => {
    const before = await stateOfRecord();
    const res = await send('transaction', [post(patient(), urn()), post(encounter(nhsRef('9999999999')), urn())]);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
  });

  it('fails the transaction when the reference matches more than one', async () => {
    await create(patient({ identifier: [{ system: NHS, value: '9434765919' }] })); // now two
    const before = await stateOfRecord();
    const res = await send('transaction', [post(patient(), urn()), post(encounter(nhsRef('9434765919')), urn())]);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
  });

  it('fails the transaction when the reference criteria are not understood', async () => {
    const before = await stateOfRecord();
    const res = await send('transaction', [post(encounter('Patient?nonsense=1'), urn())]);
    assert.equal(res.statusCode, 400, res.body);
    assertNamesEntry(res, 0);
    assert.equal(await stateOfRecord(), before);
  });

  it("never resolves to another practice's resource", async () => {
    const tokenB = await t.token({ practice: 'T00002' });
    const res = await send('transaction', [post(encounter(nhsRef('9434765919')), urn())], { auth: tokenB });
    assertNamesEntry(res, 0);
  });
});

describe('transaction: JSON Patch as a Binary', () => {
  const binaryPatch = (ops: unknown) => ({
    resourceType: 'Binary',
    contentType: 'application/json-patch+json',
    data: Buffer.from(JSON.stringify(ops)).toString('base64'),
  });

  it('applies the patch as a new version', async () => {
    const p = await create(patient({ gender: 'female' }));
    const b = await transaction([{ resource: binaryPatch([{ op: 'replace', path: '/gender', value: 'male' }]), request: { method: 'PATCH', url: `Patient/${p.id}` } }]);
    assert.equal(b.entry[0].response.status, '200 OK');
    assert.equal(b.entry[0].response.etag, 'W/"2"');
    const now = await read(`Patient/${p.id}`);
    assert.equal(now.gender, 'male');
    assert.equal(now.meta.versionId, '2');
  });

  it('fails the transaction when the patch makes the resource invalid', async () => {
    const p = await create(patient({ gender: 'female' }));
    const before = await stateOfRecord();
    const res = await send('transaction', [
      post(patient(), urn()),
      { resource: binaryPatch([{ op: 'replace', path: '/gender', value: 'banana' }]), request: { method: 'PATCH', url: `Patient/${p.id}` } },
    ]);
    assertNamesEntry(res, 1);
    assert.equal(await stateOfRecord(), before);
    assert.equal((await read(`Patient/${p.id}`)).gender, 'female');
  });
});

describe('batch', () => {
  it('runs each entry on its own: good ones succeed, a bad one gets a 4xx and an outcome', async () => {
    const tag = randomUUID();
    const res = await send('batch', [
      post(withMrn(tag), urn()),
      post(observation('Patient/x', undefined, 'banana'), urn()),
      { request: { method: 'GET', url: 'Patient/never-there' } },
      post(withMrn(tag), urn()),
      { request: { method: 'GET', url: `Patient?identifier=${encodeURIComponent(`${MRN}|${tag}`)}` } },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const b = json(res);
    assert.equal(b.resourceType, 'Bundle');
    assert.equal(b.type, 'batch-response');
    assert.equal(b.entry.length, 5);
    assert.deepEqual(b.entry.map((x: any) => x.response.status.slice(0, 3)), ['201', '400', '404', '201', '200']);
    for (const i of [1, 2]) {
      assert.equal(b.entry[i].response.outcome.resourceType, 'OperationOutcome');
      assert.equal(b.entry[i].resource, undefined);
    }
    const created = await Promise.all([0, 3].map((i) => readLocation(b.entry[i].response.location)));
    assert.deepEqual(await idsWithMrn(tag), created.map((p) => p.id).sort());
    // Batch entries run in order: the search (entry 4) sees both creates.
    assert.equal(b.entry[4].resource.entry.length, 2);
  });

  it('gives a bad request line its own 4xx without failing the batch', async () => {
    const res = await send('batch', [
      { request: { method: 'GET', url: 'Patient?nonsense=1' } },
      { request: { method: 'PUT', url: 'Patient' }, resource: patient() },
      post(patient(), urn()),
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const statuses = json(res).entry.map((x: any) => x.response.status.slice(0, 3));
    assert.equal(statuses[0], '200', 'lenient search ignores the unknown parameter');
    assert.ok(statuses[1].startsWith('4'), statuses[1]);
    assert.equal(statuses[2], '201');
  });
});

describe('bad bundles', () => {
  it('is 400 for a Bundle of the wrong type', async () => {
    for (const type of ['searchset', 'history', 'collection', 'transaction-response']) {
      const res = await send(type, [post(patient(), urn())]);
      assert.equal(res.statusCode, 400, `${type}: ${res.body}`);
      assert.equal(json(res).resourceType, 'OperationOutcome');
    }
  });

  it('is 400 for a non-Bundle at the base, and for an entry without a request', async () => {
    const notBundle = await t.request({ method: 'POST', url: '/fhir', payload: patient() });
    assert.equal(notBundle.statusCode, 400);
    const before = await stateOfRecord();
    const noRequest = await send('transaction', [post(patient(), urn()), { resource: patient() }]);
    assertNamesEntry(noRequest, 1);
    assert.equal(await stateOfRecord(), before);
  });

  it('requires authentication', async () => {
    const res = await t.request({ method: 'POST', url: '/fhir', auth: null, payload: { resourceType: 'Bundle', type: 'transaction', entry: [] } });
    assert.equal(res.statusCode, 401);
  });
});

// ValueSet/$expand over HTTP (R4 valueset-operation-expand): the type-ahead filter, paging, GET and
// POST forms, and the failures (400 missing url or a bad count, 404 unknown value set, 401).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const PROBLEMS = 'https://openpractice.nhs.example/ValueSet/problems';
const MEDICINES = 'https://openpractice.nhs.example/ValueSet/medicines';
const enc = encodeURIComponent;

interface Expanded {
  resourceType: string;
  url: string;
  expansion: { total: number; offset: number; timestamp: string; identifier: string; contains?: { system: string; code: string; display: string }[] };
}

async function expand(query: string): Promise<Expanded> {
  const res = await t.request({ method: 'GET', url: `/fhir/ValueSet/$expand?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return json<Expanded>(res);
}

describe('ValueSet/$expand', () => {
  it('expands a value set by url, with total, offset, timestamp and identifier', async () => {
    const vs = await expand(`url=${enc('https://openpractice.nhs.example/ValueSet/registration-type')}`);
    assert.equal(vs.resourceType, 'ValueSet');
    assert.equal(vs.url, 'https://openpractice.nhs.example/ValueSet/registration-type');
    assert.equal(vs.expansion.total, 7);
    assert.equal(vs.expansion.offset, 0);
    assert.match(vs.expansion.identifier, /^urn:uuid:/);
    assert.ok(Date.parse(vs.expansion.timestamp) > 0);
    assert.deepEqual(vs.expansion.contains![0], { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-RegistrationType-1', code: 'R', display: 'Regular' });
  });

  it('expands the real UK Core ethnic category value set (England and Wales codes)', async () => {
    const vs = await expand(`url=${enc('https://fhir.hl7.org.uk/ValueSet/UKCore-EthnicCategory')}`);
    assert.equal(vs.expansion.total, 35);
  });

  it('filters by word prefixes: "diab typ 2" finds Diabetes mellitus type 2 first', async () => {
    const vs = await expand(`url=${enc(PROBLEMS)}&filter=${enc('diab typ 2')}`);
    assert.equal(vs.expansion.contains![0]!.display, 'Diabetes mellitus type 2');
    assert.equal(vs.expansion.contains![0]!.code, '44054006');
    assert.ok(vs.expansion.contains!.every((c) => /diab/i.test(c.display) && /type 2|type ii/i.test(c.display)));
  });

  it('is case- and accent-insensitive and ranks the exact match first', async () => {
    const vs = await expand(`url=${enc(PROBLEMS)}&filter=${enc('ÀSTHMA')}`);
    assert.equal(vs.expansion.contains![0]!.display, 'Asthma');
    assert.ok(vs.expansion.total > 5);
  });

  it('finds medicines by partial name and strength', async () => {
    const vs = await expand(`url=${enc(MEDICINES)}&filter=${enc('atorva 20')}`);
    assert.deepEqual(
      vs.expansion.contains!.map((c) => c.display),
      ['Atorvastatin 20mg tablets'],
    );
    assert.equal(vs.expansion.contains![0]!.system, 'https://dmd.nhs.uk');
  });

  it('returns an empty expansion when nothing matches', async () => {
    const vs = await expand(`url=${enc(PROBLEMS)}&filter=${enc('qqqq')}`);
    assert.equal(vs.expansion.total, 0);
    assert.equal(vs.expansion.contains?.length ?? 0, 0);
  });

  it('pages with offset and count', async () => {
    const all = await expand(`url=${enc(PROBLEMS)}&filter=a`);
    const page = await expand(`url=${enc(PROBLEMS)}&filter=a&offset=3&count=4`);
    assert.equal(page.expansion.total, all.expansion.total);
    assert.equal(page.expansion.offset, 3);
    assert.deepEqual(page.expansion.contains, all.expansion.contains!.slice(3, 7));
  });

  it('accepts POST Parameters', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/fhir/ValueSet/$expand',
      payload: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'url', valueUri: 'https://openpractice.nhs.example/ValueSet/allergies' },
          { name: 'filter', valueString: 'penic' },
          { name: 'count', valueInteger: 5 },
        ],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json<Expanded>(res).expansion.contains!.map((c) => c.code), ['91936005']);
  });

  it('is 400 without url or with a bad count or offset', async () => {
    for (const q of ['filter=asthma', `url=${enc(PROBLEMS)}&count=-1`, `url=${enc(PROBLEMS)}&offset=x`]) {
      const res = await t.request({ method: 'GET', url: `/fhir/ValueSet/$expand?${q}` });
      assert.equal(res.statusCode, 400, q);
      assert.equal(json(res).resourceType, 'OperationOutcome');
    }
  });

  it('is 404 for a value set the server does not hold', async () => {
    const res = await t.request({ method: 'GET', url: `/fhir/ValueSet/$expand?url=${enc('http://example.org/ValueSet/nope')}` });
    assert.equal(res.statusCode, 404);
    assert.equal(json(res).issue[0].code, 'not-found');
  });

  it('needs a token; any practice role may expand', async () => {
    const anon = await t.request({ method: 'GET', url: `/fhir/ValueSet/$expand?url=${enc(PROBLEMS)}`, auth: null });
    assert.equal(anon.statusCode, 401);
    const nurse = await t.request({ method: 'GET', url: `/fhir/ValueSet/$expand?url=${enc(PROBLEMS)}&filter=asth`, auth: await t.token({ role: 'nurse' }) });
    assert.equal(nurse.statusCode, 200, nurse.body);
  });

  it('is listed in the CapabilityStatement with the other terminology operations', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/metadata', auth: null });
    const resources = json<{ rest: { resource: { type: string; operation?: { name: string }[] }[] }[] }>(res).rest[0]!.resource;
    const ops = (type: string) => resources.find((r) => r.type === type)?.operation?.map((o) => o.name) ?? [];
    assert.deepEqual(ops('ValueSet').filter((n) => n === 'expand' || n === 'validate-code').sort(), ['expand', 'validate-code']);
    assert.deepEqual(ops('CodeSystem').filter((n) => n === 'lookup' || n === 'validate-code').sort(), ['lookup', 'validate-code']);
  });
});

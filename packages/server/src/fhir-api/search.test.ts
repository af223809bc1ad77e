// Basic search over HTTP (R4 search.html): _id, _lastUpdated, token, reference, string, date,
// AND/OR, keyset paging, _total, _summary=count, POST _search, lenient/strict handling, tenancy.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
const BASE = 'http://openpractice.test/fhir';
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const MRN = 'https://example.org/mrn';
const COHORT = 'https://example.org/cohort';
const LOINC = 'http://loinc.org';

interface Seeded {
  smith: string;
  smithson: string;
  muller: string;
  jones: string;
  blacksmith: string;
  mrnNosys: string;
  obsSmithSystolic: string;
  obsSmithDiastolic: string;
  obsJonesSystolic: string;
}
let s: Seeded;

async function create(resource: Record<string, unknown>, auth?: string): Promise<any> {
  const res = await t.request({ method: 'POST', url: `/fhir/${resource.resourceType}`, payload: resource, ...(auth ? { auth } : {}) });
  assert.equal(res.statusCode, 201, res.body);
  return json(res);
}

const patient = (family: string, extra: Record<string, unknown> = {}) => ({ resourceType: 'Patient', name: [{ family, given: ['Test'] }], ...extra });

const observation = (patientId: string, code: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code }] },
  subject: { reference: `Patient/${patientId}` },
  valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
});

/** GET and check 200; returns the searchset. */
async function search(url: string, auth?: string): Promise<any> {
  const res = await t.request({ method: 'GET', url, ...(auth ? { auth } : {}) });
  assert.equal(res.statusCode, 200, res.body);
  const b = json(res);
  assert.equal(b.resourceType, 'Bundle');
  assert.equal(b.type, 'searchset');
  return b;
}

const matches = (b: any): any[] => (b.entry ?? []).filter((e: any) => e.search?.mode === 'match').map((e: any) => e.resource);
const ids = (b: any): string[] => matches(b).map((r) => r.id).sort();
const sorted = (...xs: string[]) => [...xs].sort();

before(async () => {
  t = await testApp();
  const smith = await create(
    patient('Smith', { gender: 'female', birthDate: '1980-04-01', identifier: [{ system: NHS, value: '9434765919' }] }),
  );
  const smithson = await create(patient('Smithson', { gender: 'male', birthDate: '1965-02-03' }));
  const muller = await create(patient('Müller', { gender: 'female', birthDate: '1980-12-31' }));
  const jones = await create(patient('Jones', { gender: 'female', birthDate: '1969-12-31', identifier: [{ value: 'NOSYS-1' }] }));
  const blacksmith = await create(patient('Blacksmith', { gender: 'male', birthDate: '1990-06-15' }));
  const mrnNosys = await create(patient('Other', { gender: 'other', identifier: [{ system: MRN, value: 'NOSYS-1' }] }));
  s = {
    smith: smith.id,
    smithson: smithson.id,
    muller: muller.id,
    jones: jones.id,
    blacksmith: blacksmith.id,
    mrnNosys: mrnNosys.id,
    obsSmithSystolic: (await create(observation(smith.id, '8480-6'))).id,
    obsSmithDiastolic: (await create(observation(smith.id, '8462-4'))).id,
    obsJonesSystolic: (await create(observation(jones.id, '8480-6'))).id,
  };
});
after(() => t.close());

describe('_id', () => {
  it('finds one resource by id, and several with a comma (OR)', async () => {
    assert.deepEqual(ids(await search(`/fhir/Patient?_id=${s.smith}`)), [s.smith]);
    assert.deepEqual(ids(await search(`/fhir/Patient?_id=${s.smith},${s.jones},does-not-exist`)), sorted(s.smith, s.jones));
    assert.deepEqual(ids(await search('/fhir/Patient?_id=does-not-exist')), []);
  });

  it('does not find an id of another resource type', async () => {
    assert.deepEqual(ids(await search(`/fhir/Observation?_id=${s.smith}`)), []);
  });
});

describe('_lastUpdated', () => {
  it('compares with gt, lt, ge and le against meta.lastUpdated', async () => {
    const first = await create(patient('Timely'));
    let second = await create(patient('Timely'));
    // Millisecond timestamps: make sure the second is strictly later than the first.
    while (second.meta.lastUpdated <= first.meta.lastUpdated) second = await create(patient('Timely'));
    const t1 = first.meta.lastUpdated as string;
    const both = `_id=${first.id},${second.id}`;
    const q = async (prefix: string) => ids(await search(`/fhir/Patient?${both}&_lastUpdated=${prefix}${t1}`));
    assert.deepEqual(await q('gt'), [second.id]);
    assert.deepEqual(await q('ge'), sorted(first.id, second.id));
    assert.deepEqual(await q('lt'), []);
    assert.deepEqual(await q('le'), [first.id]);
    assert.deepEqual(await q(''), [first.id]);
  });
});

describe('token', () => {
  it('matches system|value', async () => {
    assert.deepEqual(ids(await search(`/fhir/Patient?identifier=${encodeURIComponent(`${NHS}|9434765919`)}`)), [s.smith]);
    assert.deepEqual(ids(await search(`/fhir/Patient?identifier=${encodeURIComponent(`${MRN}|9434765919`)}`)), []);
  });

  it('matches value in any system, |value with no system, and system| with any value', async () => {
    assert.deepEqual(ids(await search('/fhir/Patient?identifier=NOSYS-1')), sorted(s.jones, s.mrnNosys));
    assert.deepEqual(ids(await search(`/fhir/Patient?identifier=${encodeURIComponent('|NOSYS-1')}`)), [s.jones]);
    assert.deepEqual(ids(await search(`/fhir/Patient?identifier=${encodeURIComponent(`${MRN}|NOSYS-1`)}`)), [s.mrnNosys]);
    assert.deepEqual(ids(await search(`/fhir/Patient?identifier=${encodeURIComponent(`${NHS}|`)}`)), [s.smith]);
  });

  it('matches a coded Observation by system|code and by code alone', async () => {
    assert.deepEqual(ids(await search(`/fhir/Observation?code=${encodeURIComponent(`${LOINC}|8480-6`)}`)), sorted(s.obsSmithSystolic, s.obsJonesSystolic));
    assert.deepEqual(ids(await search('/fhir/Observation?code=8462-4')), [s.obsSmithDiastolic]);
    assert.deepEqual(ids(await search(`/fhir/Observation?code=${encodeURIComponent('http://snomed.info/sct|8480-6')}`)), []);
  });

  it('matches a code (gender=female) and nothing else', async () => {
    const b = await search('/fhir/Patient?gender=female&_count=1000');
    const found = ids(b);
    for (const id of [s.smith, s.muller, s.jones]) assert.ok(found.includes(id), `missing ${id}`);
    for (const id of [s.smithson, s.blacksmith, s.mrnNosys]) assert.ok(!found.includes(id), `unexpected ${id}`);
    assert.ok(matches(b).every((r) => r.gender === 'female'));
  });
});

describe('reference', () => {
  it('matches subject=Patient/id, subject=id and patient=Patient/id', async () => {
    const smithObs = sorted(s.obsSmithSystolic, s.obsSmithDiastolic);
    assert.deepEqual(ids(await search(`/fhir/Observation?subject=Patient/${s.smith}`)), smithObs);
    assert.deepEqual(ids(await search(`/fhir/Observation?subject=${s.smith}`)), smithObs);
    assert.deepEqual(ids(await search(`/fhir/Observation?patient=Patient/${s.smith}`)), smithObs);
    assert.deepEqual(ids(await search(`/fhir/Observation?patient=${s.jones}`)), [s.obsJonesSystolic]);
    assert.deepEqual(ids(await search(`/fhir/Observation?subject=Group/${s.smith}`)), []);
  });
});

describe('string', () => {
  it('matches starts-with, case-insensitively', async () => {
    const found = ids(await search('/fhir/Patient?family=smi&_count=1000'));
    assert.deepEqual(found, sorted(s.smith, s.smithson));
    assert.deepEqual(ids(await search('/fhir/Patient?family=SMITHS')), [s.smithson]);
  });

  it('matches ignoring accents (muller finds Müller), and the accented form too', async () => {
    assert.deepEqual(ids(await search('/fhir/Patient?family=muller')), [s.muller]);
    assert.deepEqual(ids(await search(`/fhir/Patient?family=${encodeURIComponent('Müller')}`)), [s.muller]);
  });

  it('matches name across family and given', async () => {
    assert.ok(ids(await search('/fhir/Patient?name=jones')).includes(s.jones));
  });
});

describe('date', () => {
  const seededBirths = () => [s.smith, s.smithson, s.muller, s.jones, s.blacksmith];
  const within = async (q: string) => ids(await search(`/fhir/Patient?${q}&_count=1000`)).filter((id) => seededBirths().includes(id));

  it('birthdate=1980 matches the whole year', async () => {
    assert.deepEqual(await within('birthdate=1980'), sorted(s.smith, s.muller));
  });

  it('ge1980-01-01 and lt1970', async () => {
    assert.deepEqual(await within('birthdate=ge1980-01-01'), sorted(s.smith, s.muller, s.blacksmith));
    assert.deepEqual(await within('birthdate=lt1970'), sorted(s.smithson, s.jones));
    assert.deepEqual(await within('birthdate=le1969-12-31'), sorted(s.smithson, s.jones));
    assert.deepEqual(await within('birthdate=gt1980-12-31'), [s.blacksmith]);
  });

  it('is 400 for a malformed date, naming the parameter', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Patient?birthdate=31/12/1980' });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(json(res).resourceType, 'OperationOutcome');
    assert.deepEqual(json(res).issue[0].expression, ['birthdate']);
  });
});

describe('AND and OR', () => {
  it('ANDs repeated parameters and ORs comma-separated values', async () => {
    assert.deepEqual(ids(await search('/fhir/Patient?family=smi&birthdate=ge1970')), [s.smith]);
    assert.deepEqual(ids(await search('/fhir/Patient?birthdate=ge1960&birthdate=lt1970')), sorted(s.smithson, s.jones));
    assert.deepEqual(ids(await search('/fhir/Patient?family=smith,jones&gender=female')), sorted(s.smith, s.jones));
    assert.deepEqual(ids(await search('/fhir/Patient?family=smith&family=jones')), []);
  });
});

/** Follows `next` links from `url`, calling `between` after each page; returns every match id in order. */
async function walk(url: string, between: (page: number) => Promise<void> = async () => undefined): Promise<{ ids: string[]; pages: any[] }> {
  const seen: string[] = [];
  const pages: any[] = [];
  let next: string | undefined = url;
  while (next) {
    const b = await search(next);
    pages.push(b);
    seen.push(...matches(b).map((r) => r.id as string));
    const link = b.link.find((l: any) => l.relation === 'next')?.url as string | undefined;
    assert.ok(!link || link.startsWith(`${BASE}/`), link);
    next = link?.slice('http://openpractice.test'.length);
    await between(pages.length);
    assert.ok(pages.length < 50, 'paging does not end');
  }
  return { ids: seen, pages };
}

describe('paging', () => {
  async function cohort(n: number): Promise<{ tag: string; ids: string[] }> {
    const tag = randomUUID();
    const made: string[] = [];
    for (let i = 0; i < n; i++) made.push((await create(patient(`Pager${i}`, { identifier: [{ system: COHORT, value: tag }] }))).id);
    return { tag, ids: made };
  }
  const byCohort = (tag: string) => `identifier=${encodeURIComponent(`${COHORT}|${tag}`)}`;

  it('visits every match exactly once via next links', async () => {
    const { tag, ids: made } = await cohort(7);
    const { ids: seen, pages } = await walk(`/fhir/Patient?${byCohort(tag)}&_count=3`);
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.map((p) => matches(p).length), [3, 3, 1]);
    assert.deepEqual([...seen].sort(), [...made].sort());
  });

  it('stays exact while resources are created and updated between page fetches (keyset paging)', async () => {
    const { tag, ids: made } = await cohort(8);
    const added: string[] = [];
    const { ids: seen } = await walk(`/fhir/Patient?${byCohort(tag)}&_count=3`, async () => {
      added.push((await create(patient('Late', { identifier: [{ system: COHORT, value: tag }] }))).id);
      // An update of an already-seen match must not move it onto a later page.
      const current = json(await t.request({ method: 'GET', url: `/fhir/Patient/${made[0]}` }));
      const upd = await t.request({ method: 'PUT', url: `/fhir/Patient/${made[0]}`, payload: { ...current, gender: 'unknown' } });
      assert.equal(upd.statusCode, 200, upd.body);
    });
    assert.equal(new Set(seen).size, seen.length, `duplicates in ${seen}`);
    for (const id of made) assert.ok(seen.includes(id), `missed ${id}`);
    assert.ok(seen.every((id) => made.includes(id) || added.includes(id)));
  });

  it('_total=accurate counts all matches, not just the page', async () => {
    const { tag } = await cohort(5);
    const b = await search(`/fhir/Patient?${byCohort(tag)}&_count=2&_total=accurate`);
    assert.equal(b.total, 5);
    assert.equal(matches(b).length, 2);
    const second = await search(b.link.find((l: any) => l.relation === 'next').url.slice('http://openpractice.test'.length));
    assert.equal(second.total, 5);
  });

  it('_summary=count returns only the total', async () => {
    const { tag } = await cohort(4);
    const b = await search(`/fhir/Patient?${byCohort(tag)}&_summary=count`);
    assert.equal(b.total, 4);
    assert.equal(matches(b).length, 0);
  });

  it('_count=0 returns no entries but does not fail', async () => {
    const { tag } = await cohort(2);
    const b = await search(`/fhir/Patient?${byCohort(tag)}&_count=0&_total=accurate`);
    assert.equal(matches(b).length, 0);
    assert.equal(b.total, 2);
  });

  it('is 400 for a malformed _count or _cursor', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Patient?_count=many' })).statusCode, 400);
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Patient?_cursor=bogus' })).statusCode, 400);
  });
});

describe('self link', () => {
  it('records the parameters applied', async () => {
    const b = await search('/fhir/Patient?family=smi&gender=female');
    const self = new URL(b.link.find((l: any) => l.relation === 'self').url);
    assert.equal(`${self.origin}${self.pathname}`, `${BASE}/Patient`);
    assert.equal(self.searchParams.get('family'), 'smi');
    assert.equal(self.searchParams.get('gender'), 'female');
  });
});

describe('POST _search', () => {
  it('takes parameters from a form body, together with the URL', async () => {
    const form = (payload: string, url = '/fhir/Patient/_search') =>
      t.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    const res = await form(`identifier=${encodeURIComponent(`${NHS}|9434765919`)}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).type, 'searchset');
    assert.deepEqual(ids(json(res)), [s.smith]);
    const mixed = await form('family=smi', '/fhir/Patient/_search?gender=male');
    assert.deepEqual(ids(json(mixed)), [s.smithson]);
  });

  it('applies lenient/strict handling to form parameters too', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/fhir/Patient/_search',
      headers: { 'content-type': 'application/x-www-form-urlencoded', prefer: 'handling=strict' },
      payload: 'nonsense=1',
    });
    assert.equal(res.statusCode, 400, res.body);
  });
});

describe('unknown parameters', () => {
  it('are ignored by default, reported in an outcome entry, and left out of the self link', async () => {
    const b = await search(`/fhir/Patient?nonsense=1&_id=${s.smith}`);
    assert.deepEqual(ids(b), [s.smith]);
    const oo = (b.entry as any[]).find((e) => e.search?.mode === 'outcome');
    assert.ok(oo, 'no outcome entry');
    assert.equal(oo.resource.resourceType, 'OperationOutcome');
    assert.ok(oo.resource.issue.some((i: any) => i.expression?.includes('nonsense')));
    const self = new URL(b.link.find((l: any) => l.relation === 'self').url);
    assert.equal(self.searchParams.get('nonsense'), null);
    assert.equal(self.searchParams.get('_id'), s.smith);
  });

  it('are 400 under Prefer: handling=strict, naming the parameter', async () => {
    const res = await t.request({ method: 'GET', url: `/fhir/Patient?nonsense=1&_id=${s.smith}`, headers: { prefer: 'handling=strict' } });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(json(res).resourceType, 'OperationOutcome');
    assert.ok(json(res).issue.some((i: any) => i.expression?.includes('nonsense')), res.body);
  });
});

describe('tenancy and access', () => {
  it("never returns another practice's resources", async () => {
    const tokenB = await t.token({ practice: 'T00002' });
    const own = await create(patient('Smith', { identifier: [{ system: NHS, value: '9434765919' }] }), tokenB);
    const everything = ids(await search('/fhir/Patient?_count=1000', tokenB));
    assert.deepEqual(everything, [own.id]);
    assert.deepEqual(ids(await search(`/fhir/Patient?_id=${s.smith}`, tokenB)), []);
    assert.deepEqual(ids(await search(`/fhir/Patient?identifier=${encodeURIComponent(`${NHS}|9434765919`)}`, tokenB)), [own.id]);
    assert.deepEqual(ids(await search('/fhir/Patient?family=smi', tokenB)), [own.id]);
    assert.deepEqual(ids(await search(`/fhir/Observation?subject=Patient/${s.smith}`, tokenB)), []);
    const count = await search('/fhir/Patient?_summary=count', tokenB);
    assert.equal(count.total, 1);
    // And practice A never sees B's patient.
    assert.deepEqual(ids(await search(`/fhir/Patient?_id=${own.id}`)), []);
  });

  it('requires authentication', async () => {
    const res: LightMyRequestResponse = await t.request({ method: 'GET', url: '/fhir/Patient?family=smi', auth: null });
    assert.equal(res.statusCode, 401);
    assert.equal(json(res).resourceType, 'OperationOutcome');
  });
});

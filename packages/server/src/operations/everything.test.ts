// Patient/$everything (R4 patient-operation-everything): the patient, their compartment and the
// shared resources it references; _type, _since, start/end, _count paging; never another practice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { create, includedRefs, matches, searchset, sorted, walk } from '../../../../test/search';

let t: TestApp;
let tokenB: string;
const ids: Record<string, string> = {};
const refs = (b: any) => matches(b).map((r) => `${r.resourceType}/${r.id}`).sort();
const r = (type: string, key: string) => `${type}/${ids[key]}`;

const obs = (patient: string, effective?: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'BP' },
  subject: { reference: `Patient/${patient}` },
  ...(effective ? { effectiveDateTime: effective } : {}),
});

before(async () => {
  t = await testApp();
  tokenB = await t.token({ practice: 'T00002' });
  ids.gp = (await create(t, { resourceType: 'Practitioner', name: [{ family: 'Greene' }] })).id;
  ids.org = (await create(t, { resourceType: 'Organization', name: 'Riverside Surgery' })).id;
  ids.loc = (await create(t, { resourceType: 'Location', name: 'Room 1' })).id;
  ids.med = (await create(t, { resourceType: 'Medication', code: { text: 'Amoxicillin' } })).id;
  ids.unused = (await create(t, { resourceType: 'Practitioner', name: [{ family: 'Unused' }] })).id;
  ids.ann = (
    await create(t, {
      resourceType: 'Patient',
      name: [{ family: 'Ann' }],
      generalPractitioner: [{ reference: r('Practitioner', 'gp') }],
      managingOrganization: { reference: r('Organization', 'org') },
    })
  ).id;
  ids.obs2019 = (await create(t, obs(ids.ann!, '2019-05-01'))).id;
  ids.obs2023 = (await create(t, obs(ids.ann!, '2023-05-01T10:00:00Z'))).id;
  ids.obsUndated = (await create(t, obs(ids.ann!))).id;
  ids.enc = (
    await create(t, {
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      subject: { reference: r('Patient', 'ann') },
      period: { start: '2023-05-01T09:00:00Z', end: '2023-05-01T09:15:00Z' },
      location: [{ location: { reference: r('Location', 'loc') } }],
    })
  ).id;
  ids.mr = (
    await create(t, {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: r('Patient', 'ann') },
      authoredOn: '2022-01-01',
      medicationReference: { reference: r('Medication', 'med') },
      requester: { reference: r('Practitioner', 'gp') },
    })
  ).id;
  ids.cond = (await create(t, { resourceType: 'Condition', subject: { reference: r('Patient', 'ann') }, code: { text: 'Asthma' }, onsetDateTime: '2020-03-01' })).id;
  ids.bob = (await create(t, { resourceType: 'Patient', name: [{ family: 'Bob' }] })).id;
  ids.bobObs = (await create(t, obs(ids.bob!, '2023-01-01'))).id;
  // Practice B: a patient with Ann's id and its own record.
  await create(t, { resourceType: 'Patient', id: ids.ann, name: [{ family: 'Elsewhere' }] }, tokenB);
  ids.bObs = (await create(t, obs(ids.ann!, '2023-01-01'), tokenB)).id;
});
after(() => t.close());

const annRecord = () =>
  sorted(r('Patient', 'ann'), r('Observation', 'obs2019'), r('Observation', 'obs2023'), r('Observation', 'obsUndated'), r('Encounter', 'enc'), r('MedicationRequest', 'mr'), r('Condition', 'cond'));

describe('Patient/{id}/$everything', () => {
  it('returns the patient, their compartment, and the shared resources referenced', async () => {
    const b = await searchset(t, `/fhir/Patient/${ids.ann}/$everything`);
    assert.deepEqual(refs(b), annRecord());
    assert.deepEqual(includedRefs(b), sorted(r('Practitioner', 'gp'), r('Organization', 'org'), r('Location', 'loc'), r('Medication', 'med')));
    assert.equal(b.total, 7);
    assert.equal(b.link[0].url, `http://openpractice.test/fhir/Patient/${ids.ann}/$everything`);
  });

  it('narrows by _type', async () => {
    const b = await searchset(t, `/fhir/Patient/${ids.ann}/$everything?_type=Observation,Condition`);
    assert.deepEqual(refs(b), sorted(r('Observation', 'obs2019'), r('Observation', 'obs2023'), r('Observation', 'obsUndated'), r('Condition', 'cond')));
    assert.deepEqual(includedRefs(b), []);
    const withGp = await searchset(t, `/fhir/Patient/${ids.ann}/$everything?_type=MedicationRequest,Practitioner`);
    assert.deepEqual(includedRefs(withGp), [r('Practitioner', 'gp')]);
  });

  it('narrows by care dates (start/end), keeping undated resources', async () => {
    const recent = await searchset(t, `/fhir/Patient/${ids.ann}/$everything?start=2023-01-01`);
    assert.deepEqual(refs(recent), sorted(r('Patient', 'ann'), r('Observation', 'obs2023'), r('Observation', 'obsUndated'), r('Encounter', 'enc')));
    const early = await searchset(t, `/fhir/Patient/${ids.ann}/$everything?end=2020`);
    assert.deepEqual(refs(early), sorted(r('Patient', 'ann'), r('Observation', 'obs2019'), r('Observation', 'obsUndated'), r('Condition', 'cond')));
    const window = await searchset(t, `/fhir/Patient/${ids.ann}/$everything?start=2021-01-01&end=2022-12-31`);
    assert.deepEqual(refs(window), sorted(r('Patient', 'ann'), r('Observation', 'obsUndated'), r('MedicationRequest', 'mr')));
  });

  it('narrows by _since (last updated)', async () => {
    const current = json(await t.request({ method: 'GET', url: `/fhir/Condition/${ids.cond}` }));
    const upd = await t.request({ method: 'PUT', url: `/fhir/Condition/${ids.cond}`, payload: { ...current, note: [{ text: 'reviewed' }] } });
    assert.equal(upd.statusCode, 200, upd.body);
    const since = json(upd).meta.lastUpdated as string;
    const b = await searchset(t, `/fhir/Patient/${ids.ann}/$everything?_since=${encodeURIComponent(since)}`);
    assert.deepEqual(refs(b), [r('Condition', 'cond')]);
  });

  it('pages with _count, every resource exactly once', async () => {
    const { ids: seen, pages } = await walk(t, `/fhir/Patient/${ids.ann}/$everything?_count=3`);
    assert.equal(pages.length, 3);
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual(pages.flatMap((p) => refs(p)).sort(), annRecord());
    assert.equal(pages[0].total, undefined, 'total is not counted across pages');
    const none = await searchset(t, `/fhir/Patient/${ids.ann}/$everything?_count=0`);
    assert.equal((none.entry ?? []).length, 0);
    assert.equal(none.total, undefined, '_count=0 says nothing about the total');
    assert.ok(pages[1].link.some((l: any) => l.relation === 'first'));
  });

  it('takes its parameters in a POSTed Parameters resource', async () => {
    const res = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${ids.ann}/$everything`,
      payload: { resourceType: 'Parameters', parameter: [{ name: '_type', valueString: 'Condition' }] },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(refs(json(res)), [r('Condition', 'cond')]);
  });

  it('at type level, covers every patient of the practice', async () => {
    const b = await searchset(t, '/fhir/Patient/$everything?_type=Patient,Observation&_count=100');
    assert.deepEqual(
      refs(b),
      sorted(r('Patient', 'ann'), r('Patient', 'bob'), r('Observation', 'obs2019'), r('Observation', 'obs2023'), r('Observation', 'obsUndated'), r('Observation', 'bobObs')),
    );
  });

  it('never crosses practices', async () => {
    const b = await searchset(t, `/fhir/Patient/${ids.ann}/$everything`, { auth: tokenB });
    assert.deepEqual(refs(b), sorted(r('Patient', 'ann'), r('Observation', 'bObs')));
    assert.deepEqual(includedRefs(b), []);
    assert.ok(!refs(await searchset(t, `/fhir/Patient/${ids.ann}/$everything`)).includes(r('Observation', 'bObs')));
  });

  it('is 404 for a patient that is not here', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Patient/no-such-patient/$everything' });
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(json(res).resourceType, 'OperationOutcome');
  });

  it('is 400 for malformed parameters, naming them', async () => {
    for (const [query, name] of [
      ['_since=yesterday', '_since'],
      ['start=31/12/2020', 'start'],
      ['_type=NotAType', '_type'],
      ['_count=lots', '_count'],
      ['_cursor=abc', '_cursor'],
      ['nonsense=1', 'nonsense'],
    ] as const) {
      const res = await t.request({ method: 'GET', url: `/fhir/Patient/${ids.ann}/$everything?${query}` });
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.deepEqual(json(res).issue[0].expression, [name], query);
    }
  });

  it('is 401 without a token', async () => {
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.ann}/$everything`, auth: null })).statusCode, 401);
  });
});

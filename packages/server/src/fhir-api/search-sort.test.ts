// _sort (R4 search.html#sort): any parameter, several keys, descending; multi-valued parameters
// sort by their lowest value ascending and highest descending; resources without a value last;
// ties broken stably; keyset paging that visits every match exactly once under concurrent writes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { create, matches, nextLink, notes, searchset, walk } from '../../../../test/search';

let t: TestApp;
const COHORT = 'https://example.org/cohort';
const tag = randomUUID();
const cohort = `identifier=${encodeURIComponent(`${COHORT}|${tag}`)}`;
const p: Record<string, string> = {};
/** meta.lastUpdated by id, in creation order. */
const updated: [string, string][] = [];

const patient = (names: string[], birthDate?: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  identifier: [{ system: COHORT, value: tag }],
  name: names.length ? names.map((family) => ({ family })) : [{ given: ['Nameless'] }],
  ...(birthDate ? { birthDate } : {}),
  ...extra,
});

/** The match ids of one unpaged search, in order. */
async function order(query: string): Promise<string[]> {
  return matches(await searchset(t, `/fhir/Patient?${cohort}&${query}&_count=100`)).map((r) => r.id);
}
const named = (...keys: string[]) => keys.map((k) => p[k]);

before(async () => {
  t = await testApp();
  const add = async (key: string, resource: Record<string, unknown>) => {
    const r = await create(t, resource);
    p[key] = r.id;
    updated.push([r.id, r.meta.lastUpdated]);
  };
  await add('adams', patient(['Adams'], '1990-01-01', { gender: 'female' }));
  await add('brown1970', patient(['Brown'], '1970-06-01', { gender: 'male' }));
  // Two names: its lowest is "able" (first ascending), its highest "zeta" (first descending).
  await add('zetaAble', patient(['Zeta', 'Able'], '1985-03-03', { gender: 'female' }));
  await add('none', patient([]));
  await add('brown1980', patient(['Brown'], '1980-06-01', { gender: 'other' }));
});
after(() => t.close());

describe('_sort', () => {
  it('sorts a string parameter ascending by the lowest value, descending by the highest, missing values last', async () => {
    assert.deepEqual(await order('_sort=family'), named('zetaAble', 'adams', 'brown1970', 'brown1980', 'none'));
    assert.deepEqual(await order('_sort=-family'), named('zetaAble', 'brown1970', 'brown1980', 'adams', 'none'));
  });

  it('sorts by several keys, each in its own direction; ties fall back to creation order', async () => {
    assert.deepEqual(await order('_sort=family,-birthdate'), named('zetaAble', 'adams', 'brown1980', 'brown1970', 'none'));
    assert.deepEqual(await order('_sort=family,birthdate'), named('zetaAble', 'adams', 'brown1970', 'brown1980', 'none'));
    assert.deepEqual(await order('_sort=family&_sort=-birthdate'), named('zetaAble', 'adams', 'brown1980', 'brown1970', 'none'));
  });

  it('sorts dates, tokens, _id and _lastUpdated', async () => {
    assert.deepEqual(await order('_sort=birthdate'), named('brown1970', 'brown1980', 'zetaAble', 'adams', 'none'));
    assert.deepEqual(await order('_sort=-birthdate'), named('adams', 'zetaAble', 'brown1980', 'brown1970', 'none'));
    assert.deepEqual(await order('_sort=gender,family'), named('zetaAble', 'adams', 'brown1970', 'brown1980', 'none'));
    assert.deepEqual(await order('_sort=gender,-family'), named('zetaAble', 'adams', 'brown1970', 'brown1980', 'none'));
    const byId = Object.values(p).sort();
    assert.deepEqual(await order('_sort=_id'), byId);
    assert.deepEqual(await order('_sort=-_id'), [...byId].reverse());
    // Equal timestamps (same millisecond) keep creation order in both directions.
    const byTime = (dir: 1 | -1) => updated.map(([id, at], i) => ({ id, at, i })).sort((a, b) => dir * a.at.localeCompare(b.at) || a.i - b.i).map((x) => x.id);
    assert.deepEqual(await order('_sort=-_lastUpdated'), byTime(-1));
    assert.deepEqual(await order('_sort=_lastUpdated'), byTime(1));
  });

  it('sorts quantities numerically and references by target', async () => {
    const subject = await create(t, { resourceType: 'Patient', name: [{ family: 'Measured' }] });
    const obs = async (value: number) =>
      (
        await create(t, {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'weight' },
          subject: { reference: `Patient/${subject.id}` },
          valueQuantity: { value, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
        })
      ).id as string;
    const [a, b, c] = [await obs(120), await obs(80), await obs(95.5)];
    const sortedBy = async (s: string) => matches(await searchset(t, `/fhir/Observation?subject=Patient/${subject.id}&_sort=${s}`)).map((r) => r.id);
    assert.deepEqual(await sortedBy('value-quantity'), [b, c, a]);
    assert.deepEqual(await sortedBy('-value-quantity'), [a, c, b]);
    assert.deepEqual(await sortedBy('subject,-value-quantity'), [a, c, b]);
  });

  it('pages through a sorted result in the same order as one page', async () => {
    for (const s of ['family', '-family', 'family,-birthdate', '-birthdate', '-_lastUpdated']) {
      const whole = await order(`_sort=${s}`);
      const { ids, pages } = await walk(t, `/fhir/Patient?${cohort}&_sort=${s}&_count=2`);
      assert.deepEqual(ids, whole, `_sort=${s}`);
      assert.equal(pages.length, 3);
    }
  });

  it('visits every match exactly once while resources are created between pages', async () => {
    const tag2 = randomUUID();
    const made: string[] = [];
    const families = ['Moss', 'Clark', 'Young', 'Evans', 'Hall', 'Patel', 'Khan', 'Brown', 'Moss'];
    for (const f of families) made.push((await create(t, { ...patient([f], '1975-01-01'), identifier: [{ system: COHORT, value: tag2 }] })).id);
    const added: string[] = [];
    const late = ['Aaron', 'Zimmer', 'Moss', 'Khan', 'Hall', 'Young'];
    for (const s of ['-family', 'family,birthdate']) {
      const { ids } = await walk(t, `/fhir/Patient?identifier=${encodeURIComponent(`${COHORT}|${tag2}`)}&_sort=${s}&_count=2`, async (page) => {
        // New matches before, after and equal to the page boundary.
        const f = late[page % late.length]!;
        added.push((await create(t, { ...patient([f], '1975-01-01'), identifier: [{ system: COHORT, value: tag2 }] })).id);
      });
      assert.equal(new Set(ids).size, ids.length, `duplicates with _sort=${s}: ${ids}`);
      for (const id of made) assert.ok(ids.includes(id), `missed ${id} with _sort=${s}`);
      assert.ok(ids.every((id) => made.includes(id) || added.includes(id)));
    }
  });

  it('counts every match with _total=accurate on a sorted page', async () => {
    const b = await searchset(t, `/fhir/Patient?${cohort}&_sort=-family&_count=2&_total=accurate`);
    assert.equal(b.total, 5);
    assert.equal(matches(b).length, 2);
    assert.ok(new URL(b.link.find((l: any) => l.relation === 'self').url).searchParams.get('_sort'), 'self link records _sort');
  });

  it('reports sort keys it cannot use (lenient), 400 under strict handling', async () => {
    const b = await searchset(t, `/fhir/Observation?_sort=code-value-quantity&_count=1`);
    assert.ok(notes(b).some((i: any) => i.expression?.includes('_sort')));
    const res = await t.request({ method: 'GET', url: '/fhir/Patient?_sort=nosuch', headers: { prefer: 'handling=strict' } });
    assert.equal(res.statusCode, 400, res.body);
  });

  it('is 400 for a forged or mismatched cursor', async () => {
    const first = await searchset(t, `/fhir/Patient?${cohort}&_sort=family&_count=2`);
    const next = new URL(`http://x${nextLink(first)}`);
    const cursor = next.searchParams.get('_cursor')!;
    const bad = async (url: string) => {
      const res = await t.request({ method: 'GET', url });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.deepEqual(json(res).issue[0].expression, ['_cursor']);
    };
    await bad(`/fhir/Patient?${cohort}&_sort=family,birthdate&_count=2&_cursor=${cursor}`); // another sort
    await bad(`/fhir/Patient?${cohort}&_count=2&_cursor=${cursor}`); // no sort: a row id is expected
    await bad(`/fhir/Patient?${cohort}&_sort=birthdate&_cursor=${Buffer.from('["yesterday",1]').toString('base64url')}`);
    await bad(`/fhir/Patient?${cohort}&_sort=family&_cursor=not-base64-json`);
  });
});

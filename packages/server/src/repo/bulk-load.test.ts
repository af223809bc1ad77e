// Bulk loading (loadResources → repo/bulk-load.ts): what it stores is indistinguishable from API
// writes — same JSON, same version, same history, same index rows — a re-run loads nothing twice,
// refusals name the resource and write nothing, and row-level security still applies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Resource } from '@openpractice/fhir';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { loadResources, type LoadProgress } from '../load';
import { r4Rules } from '../rules';
import { generatePractice } from '../seed/index';
import { collectPracticeStats, PrevalenceTally } from '../stats';
import { BulkBatch, BulkLoadError, writeBatch } from './bulk-load';
import { INDEX_TABLES } from './index-sql';

const OPTIONS = { odsCode: 'A81003', name: 'Bulk Practice', patients: 40, seed: 11, today: '2025-03-14' } as const;
const generated = [...generatePractice(OPTIONS)];
const ofType = (type: string) => generated.filter((r) => r.resourceType === type);

let t: TestApp;
const progress: LoadProgress[] = [];

/** Rows per table for practice A, counted as the schema owner (no row-level security). */
async function rowCounts(): Promise<Record<string, number>> {
  return t.db.withOwner(async (s) => {
    const out: Record<string, number> = {};
    for (const table of ['resource', 'resource_history', ...INDEX_TABLES]) {
      const r = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE practice_id = $1`, [t.practiceA.id]);
      out[table] = Number(r.rows[0]!.n);
    }
    return out;
  });
}

before(async () => {
  t = await testApp();
  // Small batches so the load spans many statements (and the pipelining between them).
  const summary = await loadResources(t.db, t.practiceA, r4Rules, generated, { batchSize: 97, onProgress: (p) => progress.push(p) });
  assert.equal(summary.inserted, generated.length);
});
after(() => t.close());

describe('a bulk load', () => {
  it('stores every resource once, as version 1 written by PUT, with progress after each batch', async () => {
    const counts = await rowCounts();
    assert.equal(counts.resource, generated.length);
    assert.equal(counts.resource_history, generated.length);
    assert.ok(counts.idx_token! > generated.length && counts.idx_reference! > generated.length && counts.idx_date! > 0 && counts.idx_quantity! > 0);
    const versions = await t.db.withOwner((s) =>
      s.query<{ version_id: number; method: string; n: number }>(
        'SELECT version_id, method, count(*)::int AS n FROM resource_history WHERE practice_id = $1 GROUP BY 1, 2',
        [t.practiceA.id],
      ),
    );
    assert.deepEqual(versions.rows.map((r) => [Number(r.version_id), r.method, Number(r.n)]), [[1, 'PUT', generated.length]]);
    assert.equal(progress.length, Math.ceil(generated.length / 97));
    assert.deepEqual(progress.at(-1), { resources: generated.length, inserted: generated.length, skipped: 0 });
    assert.ok(progress.every((p, i) => i === 0 || p.resources > progress[i - 1]!.resources));
  });

  it('is idempotent: a re-run skips everything and writes no row anywhere', async () => {
    const before = await rowCounts();
    const again = await loadResources(t.db, t.practiceA, r4Rules, generatePractice(OPTIONS));
    assert.deepEqual({ inserted: again.inserted, skipped: again.skipped }, { inserted: 0, skipped: generated.length });
    assert.deepEqual(await rowCounts(), before);
  });

  it('reads back through the API exactly as loaded, with version 1 meta', async () => {
    for (const r of [ofType('Patient')[3]!, ofType('Condition')[0]!, ofType('Observation')[5]!, ofType('Slot')[0]!]) {
      const res = await t.request({ method: 'GET', url: `/fhir/${r.resourceType}/${r.id}` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers.etag, 'W/"1"');
      const body = json<Resource>(res);
      const { meta, ...rest } = body;
      assert.deepEqual(rest, r);
      assert.equal(meta?.versionId, '1');
      assert.match(String(meta?.lastUpdated), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const history = json<{ entry: { resource: Resource }[] }>(await t.request({ method: 'GET', url: `/fhir/${r.resourceType}/${r.id}/_history` }));
      assert.deepEqual(history.entry.map((e) => e.resource.meta?.versionId), ['1']);
    }
  });

  it('is searchable like API-written data', async () => {
    const count = async (query: string) => json<{ total: number }>(await t.request({ method: 'GET', url: `/fhir/${query}&_summary=count` })).total;
    const hypertension = ofType('Condition').filter((c) => JSON.stringify(c.code).includes('"38341003"'));
    assert.ok(hypertension.length > 0);
    assert.equal(await count('Condition?code=http://snomed.info/sct|38341003'), hypertension.length);
    const patient = ofType('Patient')[7]!;
    const nhs = (patient.identifier as { value: string }[])[0]!.value;
    const found = json<{ entry: { resource: Resource }[] }>(await t.request({ method: 'GET', url: `/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${nhs}` }));
    assert.deepEqual(found.entry.map((e) => e.resource.id), [patient.id]);
    const theirs = generated.filter((r) => r.resourceType === 'Observation' && (r.subject as { reference: string }).reference === `Patient/${patient.id}`);
    assert.equal(await count(`Observation?subject=Patient/${patient.id}`), theirs.length);
    const booked = ofType('Appointment').filter((a) => a.status === 'booked');
    assert.equal(await count('Appointment?status=booked'), booked.length);
  });

  it('writes the same index rows as the API does for the same resources', async () => {
    // The same resources PUT through the API into practice B, then every index table compared.
    const sample = ['Patient', 'Condition', 'Observation', 'Encounter', 'Appointment', 'Slot', 'MedicationRequest', 'AllergyIntolerance', 'PractitionerRole']
      .map((type) => ofType(type)[1]!)
      .filter(Boolean);
    const tokenB = await t.token({ practice: 'T00002' });
    for (const r of sample) {
      const res = await t.request({ method: 'PUT', url: `/fhir/${r.resourceType}/${r.id}`, payload: r, auth: tokenB });
      assert.equal(res.statusCode, 201, res.body);
    }
    for (const table of INDEX_TABLES) {
      const rows = (practiceId: number) =>
        t.db.withOwner(async (s) => {
          const r = await s.query<Record<string, unknown>>(
            `SELECT x.* FROM ${table} x JOIN resource r ON r.rid = x.rid WHERE x.practice_id = $1 AND r.id = ANY($2::text[])`,
            [practiceId, sample.map((x) => x.id)],
          );
          // The two writes happened at different times: _lastUpdated values differ by design.
          const when = (row: Record<string, unknown>) => (row.code === '_lastUpdated' ? { ...row, low: 'then', high: 'then' } : row);
          return r.rows.map(({ rid: _rid, practice_id: _p, ...rest }) => JSON.stringify(when(rest))).sort();
        });
      assert.deepEqual(await rows(t.practiceA.id), await rows(t.practiceB.id), table);
    }
  });

  it('writes contained resources and their index rows as the API does', async () => {
    // A type the generator does not make, so the statistics below are unchanged.
    const request: Resource = {
      resourceType: 'MedicationDispense',
      id: 'bulk-contained',
      status: 'completed',
      subject: { reference: `Patient/${ofType('Patient')[0]!.id}` },
      medicationReference: { reference: '#med' },
      contained: [{ resourceType: 'Medication', id: 'med', code: { coding: [{ system: 'http://snomed.info/sct', code: '39720311000001101', display: 'Paracetamol' }] } }],
    };
    await loadResources(t.db, t.practiceA, r4Rules, [request]);
    const res = await t.request({ method: 'PUT', url: `/fhir/MedicationDispense/${request.id}`, payload: request, auth: await t.token({ practice: 'T00002' }) });
    assert.equal(res.statusCode, 201, res.body);
    const rows = (practiceId: number) =>
      t.db.withOwner(async (s) => {
        const out: string[] = [];
        for (const table of INDEX_TABLES) {
          const r = await s.query<Record<string, unknown>>(
            `SELECT c.resource_type AS contained_type, c.id AS contained_id, c.position, x.* FROM contained_resource c
             JOIN resource r ON r.rid = c.container_rid JOIN ${table} x ON x.rid = c.rid
             WHERE c.practice_id = $1 AND r.id = $2`,
            [practiceId, request.id],
          );
          out.push(...r.rows.map(({ rid: _rid, practice_id: _p, ...rest }) => `${table} ${JSON.stringify(rest)}`));
        }
        return out.sort();
      });
    const loaded = await rows(t.practiceA.id);
    assert.ok(loaded.some((r) => r.includes('"contained_type":"Medication"') && r.includes('39720311000001101')), loaded.join('\n'));
    assert.deepEqual(loaded, await rows(t.practiceB.id));
  });

  it('leaves loaded resources to the API afterwards: an update is version 2', async () => {
    const p = { ...ofType('Patient')[0]!, gender: 'unknown' };
    const res = await t.request({ method: 'PUT', url: `/fhir/Patient/${p.id}`, payload: p });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers.etag, 'W/"2"');
    const history = json<{ entry: { resource: Resource }[] }>(await t.request({ method: 'GET', url: `/fhir/Patient/${p.id}/_history` }));
    assert.deepEqual(history.entry.map((e) => e.resource.meta?.versionId), ['2', '1']);
    // …and a re-run of the load leaves the update alone.
    await loadResources(t.db, t.practiceA, r4Rules, [ofType('Patient')[0]!]);
    assert.equal(json<Resource>(await t.request({ method: 'GET', url: `/fhir/Patient/${p.id}` })).gender, 'unknown');
  });

  it('refuses an invalid resource by name and writes nothing of its batch', async () => {
    const before = await rowCounts();
    const good: Resource = { resourceType: 'Basic', id: 'bulk-good', code: { text: 'fine' } };
    const bad: Resource = { resourceType: 'Patient', id: 'bulk-bad', gender: 'sometimes' };
    await assert.rejects(loadResources(t.db, t.practiceA, r4Rules, [good, bad]), (err: unknown) => {
      assert.ok(err instanceof BulkLoadError);
      assert.equal(err.reference, 'Patient/bulk-bad');
      assert.match(err.message, /^Patient\/bulk-bad: .*gender/);
      return true;
    });
    for (const r of [{ resourceType: 'Patient' } as Resource, { resourceType: 'Nonsense', id: 'x' } as Resource, { resourceType: 'Patient', id: 'bad id!' } as Resource]) {
      await assert.rejects(loadResources(t.db, t.practiceA, r4Rules, [r]), BulkLoadError);
    }
    assert.deepEqual(await rowCounts(), before);
  });

  it('skips a resource repeated within a batch (the first one wins)', async () => {
    const first: Resource = { resourceType: 'Basic', id: 'bulk-twice', code: { text: 'first' } };
    const second: Resource = { ...first, code: { text: 'second' } };
    const summary = await loadResources(t.db, t.practiceA, r4Rules, [first, second]);
    assert.deepEqual({ inserted: summary.inserted, skipped: summary.skipped }, { inserted: 1, skipped: 1 });
    const read = json<Resource>(await t.request({ method: 'GET', url: '/fhir/Basic/bulk-twice' }));
    assert.deepEqual(read.code, { text: 'first' });
  });

  it("cannot write another practice's rows: row-level security checks every row", async () => {
    const batch = new BulkBatch(r4Rules, new Date().toISOString());
    batch.add({ resourceType: 'Basic', id: 'bulk-intruder', code: { text: 'x' } });
    await assert.rejects(t.db.withPractice(t.practiceA.id, (s) => writeBatch(s, t.practiceB.id, batch)), /row-level security/);
  });

  it('gives statistics that agree with the generated resources', async () => {
    const stats = await collectPracticeStats(t.db, t.practiceB, OPTIONS.today);
    assert.equal(stats.patients.all, 1); // practice B only has the sample written through the API

    const fresh = await collectPracticeStats(t.db, t.practiceA, OPTIONS.today);
    const tally = new PrevalenceTally(OPTIONS.today);
    for (const r of generated) tally.add(r);
    const expected = tally.result();
    assert.deepEqual(fresh.patients, expected.patients);
    assert.deepEqual(fresh.conditions, expected.conditions);
    assert.ok(fresh.conditions.length > 3);
    const byType = new Map(fresh.resources.map((x) => [x.type, x.count]));
    for (const type of new Set(generated.map((r) => r.resourceType))) assert.equal(byType.get(type), ofType(type).length, type);
    assert.equal(byType.get('Basic'), 1); // bulk-twice; bulk-good was refused with its batch
  });
});

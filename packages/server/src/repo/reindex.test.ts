// Upgrading an existing database: migration 0004 adds full text, contained resources and the
// float8 shadows, and asks for a re-index, which `migrate` runs with the code's extraction rules —
// so resources written before the upgrade are found by the new searches exactly like new ones.
// The re-index resumes from its recorded progress.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDatabase, type TestDatabase } from '../../../../test/harness';
import { migrate } from '../db/migrate';
import { ensurePractice, type Practice } from '../practices';
import { r4Rules } from '../rules';
import { Repository } from './repository';

let db: TestDatabase;
let practice: Practice;
const SCT = 'http://snomed.info/sct';

const encounter = {
  resourceType: 'Encounter',
  id: 'old-encounter',
  status: 'finished',
  class: { code: 'AMB' },
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Wheezing since Tuesday</div>' },
  reasonCode: [{ coding: [{ system: SCT, code: '195967001' }] }],
  contained: [{ resourceType: 'Medication', id: 'inhaler', code: { coding: [{ system: SCT, code: '35936511000001108', display: 'Salbutamol inhaler' }] } }],
};
const patient = { resourceType: 'Patient', id: 'old-patient', name: [{ family: 'Zoë' }] };
const observation = {
  resourceType: 'Observation',
  id: 'old-obs',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '2823-3' }] },
  valueQuantity: { value: 5.8, system: 'http://unitsofmeasure.org', code: 'mmol/L' },
};

/** Stores `resource` as a server before 0004 left it: the resource and its history, no index rows at all. */
async function storeAsBefore(resource: Record<string, unknown>): Promise<void> {
  const json = JSON.stringify({ ...resource, meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00.000Z' } });
  await db.db.withOwner(async (s) => {
    await s.query(
      `INSERT INTO resource (practice_id, resource_type, id, version_id, last_updated, content) VALUES ($1, $2, $3, 1, '2024-01-01T00:00:00Z', $4)`,
      [practice.id, resource.resourceType, resource.id, json],
    );
    await s.query(
      `INSERT INTO resource_history (practice_id, resource_type, id, version_id, last_updated, method, content) VALUES ($1, $2, $3, 1, '2024-01-01T00:00:00Z', 'PUT', $4)`,
      [practice.id, resource.resourceType, resource.id, json],
    );
  });
}

async function found(type: string, query: string): Promise<string[]> {
  return db.db.withPractice(practice.id, async (s) => {
    const repo = new Repository(s, { practiceId: practice.id, odsCode: practice.odsCode, subject: 'test', role: 'admin' }, r4Rules);
    const result = await repo.search(type, new URLSearchParams(query), { strict: true });
    return result.matches.map((m) => m.id).sort();
  });
}

const owner = <T>(sql: string, params: unknown[] = []) => db.db.withOwner(async (s) => (await s.query<T>(sql, params)).rows);

before(async () => {
  db = await testDatabase({ migrate: { through: 3 } });
  practice = await ensurePractice(db.db, 'T00001', 'Upgraded Practice');
  for (const r of [encounter, patient, observation]) await storeAsBefore(r);
});
after(() => db.close());

describe('migration 0004 on a database with resources', () => {
  it('applies 0004 and re-indexes every current resource with the new definitions', async () => {
    const progress: number[] = [];
    const applied = await migrate(db.db, { onReindex: (n) => progress.push(n) });
    assert.equal(applied[0], 4, 'the next migration is 0004 (later ones may follow)');
    assert.deepEqual(progress, [3]);
    const requests = await owner<{ done: boolean }>('SELECT done_at IS NOT NULL AS done FROM search_reindex');
    assert.ok(requests.length >= 1 && requests.every((r) => r.done), 'every request is done');
    assert.deepEqual(await migrate(db.db), [], 'nothing left to do');
  });

  it('finds the old resources by every kind of search: full text, contained, exact strings, ranges, substrings', async () => {
    assert.deepEqual(await found('Encounter', '_text=wheeze'), ['old-encounter']);
    assert.deepEqual(await found('Encounter', 'reason-code=195967001'), ['old-encounter']);
    assert.deepEqual(await found('Medication', '_contained=true&_content=salbutamol'), ['old-encounter']);
    assert.deepEqual(await found('Patient', 'family:exact=Zoë'), ['old-patient']);
    assert.deepEqual(await found('Patient', 'family:contains=zo'), ['old-patient']);
    assert.deepEqual(await found('Observation', 'value-quantity=gt5.4'), ['old-obs']);
  });

  it('re-indexes only the resource types a request names', async () => {
    await owner('DELETE FROM idx_text');
    await owner(`INSERT INTO search_reindex (reason, resource_types) VALUES ('test', ARRAY['Encounter'])`);
    await migrate(db.db);
    const types = await owner<{ resource_type: string }>('SELECT DISTINCT resource_type FROM idx_text ORDER BY 1');
    // The Encounter and the Medication contained in it; not the Patient or the Observation.
    assert.deepEqual(
      types.map((t) => t.resource_type),
      ['Encounter', 'Medication'],
    );
  });

  it('resumes a re-index from its recorded progress', async () => {
    const [first] = await owner<{ rid: number }>(`SELECT min(rid)::int AS rid FROM resource WHERE practice_id = $1`, [practice.id]);
    await owner('DELETE FROM idx_text');
    // As if an earlier run had stopped after the first resource.
    await owner(`INSERT INTO search_reindex (reason, after_rid) VALUES ('test', $1)`, [first!.rid]);
    await migrate(db.db);
    const indexed = await owner<{ rid: number }>('SELECT DISTINCT rid::int AS rid FROM idx_text ORDER BY 1');
    assert.ok(indexed.length > 0 && indexed.every((r) => r.rid > first!.rid), JSON.stringify(indexed));
  });
});

// `openpractice stats` both ways: read from the database, and over a running server's FHIR API
// (as the CLI does while the server holds the embedded database) — the same figures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectPracticeStats, formatPracticeStats, generatePractice, loadResources, prevalenceRows, r4Rules } from '@openpractice/server';
import { testApp, type TestApp } from '../../../../test/harness';
import { statsThroughApi } from './stats';

const TODAY = '2025-03-14';
const PRACTICE = { odsCode: 'A81004', name: 'Stats Practice', patients: 60, seed: 4, today: TODAY };
// The living list: the generator records some deaths, and the dead are on no register.
const LIVING = [...generatePractice(PRACTICE)].filter((r) => r.resourceType === 'Patient' && r.deceasedDateTime === undefined).length;
let t: TestApp;
let base: string;

before(async () => {
  t = await testApp();
  await loadResources(t.db, t.practiceA, r4Rules, generatePractice(PRACTICE));
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => t.close());

describe('practice statistics', () => {
  it('are the same read from the database and through the API', async () => {
    const direct = await collectPracticeStats(t.db, t.practiceA, TODAY);
    const viaApi = await statsThroughApi(`${base}/fhir`, await t.token({ role: 'admin' }), t.practiceA, TODAY);
    assert.deepEqual(viaApi, direct);
    assert.ok(LIVING < 60, 'the sample includes a death');
    assert.equal(direct.patients.all, LIVING);
    assert.ok(direct.resources.some((r) => r.type === 'Condition' && r.count > 20));
    // Practice B is empty, and only its own (empty) record is counted.
    const empty = await statsThroughApi(`${base}/fhir`, await t.token({ practice: 'T00002' }), t.practiceB, TODAY);
    assert.deepEqual(empty, await collectPracticeStats(t.db, t.practiceB, TODAY));
    assert.deepEqual(empty.resources, []);
    assert.equal(empty.patients.all, 0);
  });

  it('print every QOF register beside England’s figure', async () => {
    const stats = await collectPracticeStats(t.db, t.practiceA, TODAY);
    const text = formatPracticeStats(stats);
    assert.match(text, /^T00001 Test Practice A/);
    assert.match(text, new RegExp(`Registered patients: ${LIVING} \\(`));
    for (const row of prevalenceRows(stats).filter((r) => r.target)) {
      assert.match(text, new RegExp(`${row.snomed} .*target ~${row.target!.percent}%`));
    }
    assert.match(text, /Patient\s+60\n/);
  });
});

// The first-start demo seed: runs once, completes a seed an interrupted start began, and leaves a
// deployment that already held practices alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoIfEmpty } from './demo';
import { loadResources } from './load';
import { ensurePractice } from './practices';
import { r4Rules } from './rules';
import { generatePractice } from './seed/index';
import { testDatabase, type TestDatabase } from '../../../test/harness';

const TINY = [
  { odsCode: 'D00001', name: 'Demo One', patients: 3, seed: 1 },
  { odsCode: 'D00002', name: 'Demo Two', patients: 2, seed: 2 },
] as const;

async function count(tdb: TestDatabase): Promise<Record<string, number>> {
  return tdb.db.withOwner(async (s) => {
    const r = await s.query<{ ods_code: string; n: string }>('SELECT p.ods_code, count(r.*) AS n FROM practice p LEFT JOIN resource r ON r.practice_id = p.id GROUP BY p.ods_code ORDER BY 1');
    return Object.fromEntries(r.rows.map((x) => [x.ods_code, Number(x.n)]));
  });
}

const expected = (demo: { odsCode: string; name: string; patients: number; seed: number }) => [...generatePractice(demo)].length;

describe('demo seed', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await testDatabase();
  });
  after(() => tdb.close());

  it('completes a seed an earlier start began, then never runs again', async () => {
    // An earlier start got part of the way through the first practice, then stopped.
    await tdb.db.withOwner((s) => s.query(`INSERT INTO deployment_state (key, value) VALUES ('demo-seed', 'started')`));
    const first = await ensurePractice(tdb.db, TINY[0].odsCode, TINY[0].name);
    await loadResources(tdb.db, first, r4Rules, [...generatePractice(TINY[0])].slice(0, 40), { analyze: false });
    assert.deepEqual(await count(tdb), { D00001: 40 });

    const log: string[] = [];
    assert.equal(await seedDemoIfEmpty(tdb.db, r4Rules, (l) => log.push(l), TINY), true);
    assert.match(log[0]!, /Completing the demo seed/);
    assert.match(log[1]!, /40 already there/);
    assert.deepEqual(await count(tdb), { D00001: expected(TINY[0]), D00002: expected(TINY[1]) });

    assert.equal(await seedDemoIfEmpty(tdb.db, r4Rules, () => undefined, TINY), false, 'complete: not again');
  });
});

describe('demo seed stopped by the server closing', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await testDatabase();
  });
  after(() => tdb.close());

  it('stops between batches, keeps what it committed, and the next start completes it', async () => {
    const big = [{ odsCode: 'D00003', name: 'Demo Three', patients: 40, seed: 3 }] as const;
    const stop = new AbortController();
    const practice = await ensurePractice(tdb.db, big[0].odsCode, big[0].name);
    // Abort as soon as the first batch (of 1,000) is committed.
    const loading = loadResources(tdb.db, practice, r4Rules, generatePractice(big[0]), {
      signal: stop.signal,
      onProgress: () => stop.abort(),
      analyze: false,
    });
    await assert.rejects(loading, { name: 'AbortError' });
    const partial = (await count(tdb)).D00003!;
    assert.ok(partial >= 1000 && partial < expected(big[0]), `${partial} of ${expected(big[0])}`);
    await tdb.db.withOwner((s) => s.query(`INSERT INTO deployment_state (key, value) VALUES ('demo-seed', 'started')`));
    assert.equal(await seedDemoIfEmpty(tdb.db, r4Rules, () => undefined, big), true);
    assert.deepEqual(await count(tdb), { D00003: expected(big[0]) });
  });
});

describe('demo seed on a deployment that already holds practices', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await testDatabase();
  });
  after(() => tdb.close());

  it('leaves it alone', async () => {
    await ensurePractice(tdb.db, 'A81001', 'A real practice');
    assert.equal(await seedDemoIfEmpty(tdb.db, r4Rules, () => undefined, TINY), false);
    assert.deepEqual(await count(tdb), { A81001: 0 });
  });
});

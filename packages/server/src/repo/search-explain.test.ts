// Search plans on PostgreSQL, as the application role under row-level security: full text
// (`_text`, `_content`), string `:contains`, token `:text`, and number and quantity ranges are
// bounded by their indexes (an Index Cond on the searched value), never a scan. Two controls show
// why the repository needs the scoped views and the float8 bound: the same conditions on the
// RLS tables themselves are only filters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Resource } from '@openpractice/fhir';
import { onPostgres, testDatabase, type TestDatabase } from '../../../../test/harness';
import type { Session } from '../db/database';
import { ensurePractice, type Practice } from '../practices';
import { r4Rules } from '../rules';
import { BulkBatch, writeBatch } from './bulk-load';
import { Repository } from './repository';

const PER_PRACTICE = 3000;
const WORDS = [
  'review', 'medication', 'blood', 'pressure', 'stable', 'advised', 'follow', 'weeks', 'letter', 'hospital', 'pain', 'knee', 'back',
  'sleep', 'diet', 'exercise', 'weight', 'smoking', 'alcohol', 'mood', 'anxiety', 'headache', 'rash', 'fever', 'throat', 'ear',
];
const SURNAMES = ['Patel', 'Jones', 'Williams', 'Brown', 'Taylor', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Roberts', 'Khan', 'Lewis'];

let db: TestDatabase;
let a: Practice;
let patientA = '';

/** A small deterministic generator (LCG), so plans do not depend on the run. */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function* resources(practice: number): Generator<Resource> {
  const r = random(practice * 7919);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const patients = PER_PRACTICE / 10;
  for (let i = 0; i < patients; i++) {
    yield { resourceType: 'Patient', id: `p${i}`, name: [{ family: `${pick(SURNAMES)}${Math.floor(r() * 1000)}`, given: [pick(SURNAMES)] }] } as Resource;
  }
  for (let i = 0; i < PER_PRACTICE; i++) {
    const words = Array.from({ length: 12 }, () => pick(WORDS));
    // A rare word in 1 of 500 consultations: what a clinician searches for.
    if (i % 500 === 7) words.push('wheezing');
    yield {
      resourceType: 'Encounter',
      id: `e${i}`,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: `Patient/p${i % patients}` },
      text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${words.join(' ')}</div>` },
      reasonCode: [{ coding: [{ system: 'http://snomed.info/sct', code: String(1000 + (i % 50)), display: `${pick(WORDS)} ${pick(WORDS)}` }] }],
    } as Resource;
    yield {
      resourceType: 'Observation',
      id: `o${i}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '2823-3' }] },
      subject: { reference: `Patient/p${i % patients}` },
      valueQuantity: { value: Math.round((3 + r() * 3) * 100) / 100, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
    } as Resource;
    yield {
      resourceType: 'RiskAssessment',
      id: `r${i}`,
      status: 'final',
      subject: { reference: `Patient/p${i % patients}` },
      prediction: [{ probabilityDecimal: Math.round(r() * 1000) / 1000 }],
    } as Resource;
  }
}

async function load(practice: Practice): Promise<void> {
  let batch = new BulkBatch(r4Rules, new Date().toISOString());
  const flush = () => db.db.withPractice(practice.id, (s) => writeBatch(s, practice.id, batch));
  for (const resource of resources(practice.id)) {
    batch.add(resource);
    if (batch.size === 1000) {
      await flush();
      batch = new BulkBatch(r4Rules, new Date().toISOString());
    }
  }
  await flush();
}

/** The plan (COSTS OFF) of the page query a search runs, as practice A's application session. */
async function plan(type: string, query: string): Promise<string> {
  return db.db.withPractice(a.id, async (s) => {
    let page: { text: string; params: readonly unknown[] } | undefined;
    const spy: Session = {
      ...s,
      query: (text, params, name) => {
        if (/^SELECT r\.rid/.test(text.trim())) page = { text, params: params ?? [] };
        return s.query(text, params, name);
      },
    };
    const repo = new Repository(spy, { practiceId: a.id, odsCode: a.odsCode, subject: 'explain', role: 'admin' }, r4Rules);
    await repo.search(type, new URLSearchParams(query), { strict: true });
    assert.ok(page, 'the search ran its page query');
    const rows = await s.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${page.text}`, page.params);
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** The Index Cond of the plan node that reads `index` ('' when no node does). */
function indexCond(plan: string, index: string): string {
  const lines = plan.split('\n');
  const at = lines.findIndex((l) => l.includes(` on ${index}`) || l.includes(`using ${index} `));
  if (at < 0) return '';
  const depth = lines[at]!.search(/\S/);
  const detail: string[] = [];
  for (let j = at + 1; j < lines.length && lines[j]!.search(/\S/) > depth && !lines[j]!.trim().startsWith('->'); j++) detail.push(lines[j]!.trim());
  return detail.filter((l) => l.startsWith('Index Cond:')).join(' ');
}

function assertBounded(p: string, index: string, condition: RegExp): void {
  assert.match(indexCond(p, index), condition, p);
  assert.doesNotMatch(p, /Seq Scan/, p);
}

describe('search plans under row-level security (PostgreSQL)', { skip: onPostgres ? false : 'EXPLAIN checks run on PostgreSQL' }, () => {
  before(async () => {
    db = await testDatabase();
    a = await ensurePractice(db.db, 'T00001', 'Explain A');
    const b = await ensurePractice(db.db, 'T00002', 'Explain B');
    await load(a);
    await load(b);
    // As autovacuum does in a running deployment (insert-driven since PostgreSQL 13): statistics,
    // and the GIN pending lists merged into the indexes (a fresh GIN index is costed by its
    // pending list until then).
    await db.db.withOwner((s) => s.exec('VACUUM ANALYZE'));
    patientA = 'p7';
  });
  after(() => db?.close());

  it('runs as the application role, with row-level security on', async () => {
    const who = await db.db.withPractice(a.id, async (s) =>
      (await s.query<{ u: string; rls: string }>(`SELECT current_user AS u, current_setting('row_security') AS rls`)).rows[0],
    );
    assert.deepEqual(who, { u: 'openpractice_app', rls: 'on' });
  });

  it('_text and _content: the full-text GIN index, searched with the query', async () => {
    assertBounded(await plan('Encounter', '_text=wheeze'), 'idx_text_doc', /doc @@ '/);
    assertBounded(await plan('Encounter', `_content=${encodeURIComponent('"knee pain" -smoking')}`), 'idx_text_doc', /doc @@ '/);
  });

  it('_text with a patient: both criteria from indexes (a clinician searching one patient’s consultations)', async () => {
    const p = await plan('Encounter', `patient=Patient/${patientA}&_text=wheeze`);
    assert.doesNotMatch(p, /Seq Scan/, p);
    assert.match(p, /idx_reference_(target|reverse|rid)/, p);
    assert.match(p, /idx_text_doc|idx_text_rid/, p);
  });

  it('string :contains and token :text: the trigram GIN indexes, searched with the pattern', async () => {
    assertBounded(await plan('Patient', 'name:contains=tel12'), 'idx_string_trgm', /value ~~ /);
    assertBounded(await plan('Encounter', 'reason-code:text=headache%20fe'), 'idx_token_text_trgm', /text ~~ /);
  });

  it('quantity and number ranges: the value index, bounded by the float8 shadow of the value', async () => {
    assertBounded(await plan('Observation', 'value-quantity=gt5.95'), 'idx_quantity_value', /value_f >= /);
    assertBounded(await plan('Observation', `value-quantity=${encodeURIComponent('lt3.02|http://unitsofmeasure.org|mmol/L')}`), 'idx_quantity_value', /value_f <= /);
    assertBounded(await plan('RiskAssessment', 'probability=ge0.998'), 'idx_number_value', /value_f >= /);
    assertBounded(await plan('RiskAssessment', 'probability=0.5'), 'idx_number_value', /value_f >= .* AND .*value_f <= /);
  });

  it('control: on the RLS tables themselves, LIKE, @@ and numeric comparisons are only filters', async () => {
    const raw = (sql: string) =>
      db.db.withPractice(a.id, async (s) => (await s.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n'));
    const like = await raw(`SELECT rid FROM idx_string WHERE practice_id = ${a.id} AND resource_type = 'Patient' AND code = 'name' AND value LIKE '%tel12%'`);
    assert.doesNotMatch(indexCond(like, 'idx_string_trgm'), /~~/, like);
    const numeric = await raw(`SELECT rid FROM idx_quantity WHERE practice_id = ${a.id} AND resource_type = 'Observation' AND code = 'value-quantity' AND value > 5.95`);
    assert.match(numeric, /Filter: \(value > 5\.95\)/, numeric);
  });
});

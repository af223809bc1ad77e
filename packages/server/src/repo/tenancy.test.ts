// Tenant isolation: another practice's data is 404 over HTTP, and invisible in the database even
// when the application's own practice check is bypassed (PostgreSQL row-level security).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
let patientA: string;
let tokenB: string;

before(async () => {
  t = await testApp();
  tokenB = await t.token({ practice: 'T00002' });
  const res = await t.request({
    method: 'POST',
    url: '/fhir/Patient',
    payload: {
      resourceType: 'Patient',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
      name: [{ family: 'Isolated' }],
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Isolated patient</div>' },
      contained: [{ resourceType: 'Organization', id: 'gp', name: 'Isolated Surgery' }],
      managingOrganization: { reference: '#gp' },
      generalPractitioner: [{ reference: 'Practitioner/gp1' }],
    },
  });
  patientA = json(res).id;
});
after(() => t.close());

describe('over HTTP', () => {
  it("another practice's resource is 404 for read, vread, history, update, patch and delete", async () => {
    const cases = [
      { method: 'GET', url: `/fhir/Patient/${patientA}` },
      { method: 'GET', url: `/fhir/Patient/${patientA}/_history/1` },
      { method: 'GET', url: `/fhir/Patient/${patientA}/_history` },
      { method: 'DELETE', url: `/fhir/Patient/${patientA}` },
      {
        method: 'PATCH',
        url: `/fhir/Patient/${patientA}`,
        headers: { 'content-type': 'application/json-patch+json' },
        payload: [{ op: 'replace', path: '/gender', value: 'male' }],
      },
    ] as const;
    for (const c of cases) {
      const res = await t.request({ ...c, auth: tokenB } as any);
      assert.equal(res.statusCode, 404, `${c.method} ${c.url}: ${res.body}`);
    }
    // A's resource is untouched.
    const still = json(await t.request({ method: 'GET', url: `/fhir/Patient/${patientA}` }));
    assert.equal(still.meta.versionId, '1');
  });

  it("an update with A's id from practice B creates B's own resource and leaves A's alone", async () => {
    const res = await t.request({
      method: 'PUT',
      url: `/fhir/Patient/${patientA}`,
      auth: tokenB,
      payload: { resourceType: 'Patient', id: patientA, name: [{ family: 'Impostor' }] },
    });
    assert.equal(res.statusCode, 201);
    const a = json(await t.request({ method: 'GET', url: `/fhir/Patient/${patientA}` }));
    assert.equal(a.name[0].family, 'Isolated');
    assert.equal(a.meta.versionId, '1');
  });

  it('search and system history never show another practice', async () => {
    const search = json(await t.request({ method: 'GET', url: '/fhir/Patient?identifier=9434765919', auth: tokenB }));
    assert.equal(search.total, 0);
    const hist = json(await t.request({ method: 'GET', url: '/fhir/_history', auth: tokenB }));
    for (const e of hist.entry ?? []) assert.notEqual(e.resource?.name?.[0]?.family, 'Isolated');
  });
});

describe('in the database, bypassing the application check', () => {
  it("a practice-B session sees none of A's rows in any table, even with no practice filter in the SQL", async () => {
    // The *_scoped views select by the session's practice themselves (they serve the text lookups
    // RLS would keep off their indexes, migrations/0004): they must hide A's rows just the same.
    const tables = [
      'resource', 'resource_history', 'idx_token', 'idx_string', 'idx_reference', 'idx_date', 'idx_text', 'contained_resource', 'practice',
      'idx_string_scoped', 'idx_token_scoped', 'idx_text_scoped',
    ];
    const counts = await t.db.withPractice(t.practiceB.id, async (s) => {
      const out: Record<string, number> = {};
      for (const table of tables) {
        // Deliberately no WHERE practice_id = … : only row-level security stands in the way.
        const r = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${table === 'practice' ? 'id' : 'practice_id'} = $1`, [t.practiceA.id]);
        out[table] = Number(r.rows[0]!.n);
      }
      return out;
    });
    for (const table of tables) assert.equal(counts[table], 0, table);
    // And the owner (no RLS) sees that A's rows really are there, so the zeros above mean something.
    const ownerCount = await t.db.withOwner(async (s) => {
      const out: Record<string, number> = {};
      for (const table of tables.filter((x) => x !== 'practice' && !x.endsWith('_scoped'))) {
        const r = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE practice_id = $1`, [t.practiceA.id]);
        out[table] = Number(r.rows[0]!.n);
      }
      return out;
    });
    for (const [table, n] of Object.entries(ownerCount)) assert.ok(n >= 1, table);
    // And practice A's own session does see them through the views.
    const own = await t.db.withPractice(t.practiceA.id, async (s) =>
      Number((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM idx_text_scoped')).rows[0]!.n),
    );
    assert.ok(own >= 1);
  });

  it("a practice-B session cannot write, update or delete A's rows", async () => {
    await assert.rejects(
      t.db.withPractice(t.practiceB.id, (s) =>
        s.query(`INSERT INTO resource (practice_id, resource_type, id, version_id, last_updated, content) VALUES ($1, 'Patient', 'x', 1, now(), '{}')`, [t.practiceA.id]),
      ),
      /row-level security/,
    );
    const touched = await t.db.withPractice(t.practiceB.id, async (s) => {
      const u = await s.query(`UPDATE resource SET content = '{}' WHERE practice_id = $1`, [t.practiceA.id]);
      const d = await s.query(`DELETE FROM idx_token WHERE practice_id = $1`, [t.practiceA.id]);
      return u.rowCount + d.rowCount;
    });
    assert.equal(touched, 0);
    await assert.rejects(
      t.db.withPractice(t.practiceB.id, (s) => s.query('DELETE FROM resource_history')),
      /permission denied/,
    );
    // The views run with their owner's rights: writing through them would pass RLS by, so the
    // application may only read them.
    for (const sql of [
      `DELETE FROM idx_text_scoped`,
      `UPDATE idx_string_scoped SET value = 'x'`,
      `INSERT INTO idx_token_scoped (practice_id, rid, resource_type, code) VALUES (${t.practiceA.id}, 1, 'Patient', 'x')`,
    ]) {
      await assert.rejects(t.db.withPractice(t.practiceB.id, (s) => s.query(sql)), /permission denied/, sql);
    }
  });

  it('application sessions run as the unprivileged role, which cannot switch itself back', async () => {
    const user = await t.db.withPractice(t.practiceA.id, async (s) => (await s.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u);
    assert.equal(user, 'openpractice_app');
  });
});

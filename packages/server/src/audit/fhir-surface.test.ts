// AuditEvent read and search: admins and practice managers see their practice's events as
// stored; a patient sees only events about their own record, redacted; everyone else is refused;
// search parameters, keyset paging and bad input; writes are refused with 405.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensurePractice, type Practice } from '@openpractice/server';
import { OperationOutcomeError } from '@openpractice/fhir';
import { auditRecord } from '../../../../test/audit';
import { testDatabase, type TestDatabase } from '../../../../test/harness';
import { RawJson, type FhirResponse } from '../fhir-api/types';
import type { AccessContext } from '../repo/context';
import { loadAuditKey } from './chain';
import { readAuditEvent, refuseAuditEventWrite, searchAuditEvents } from './fhir-surface';
import { AuditLog } from './log';

const BASE = 'http://openpractice.test/fhir';
let t: TestDatabase;
let a: Practice;
let b: Practice;
let log: AuditLog;

const admin = (): AccessContext => ({ practiceId: a.id, odsCode: a.odsCode, subject: 'admin-1', role: 'admin', kind: 'staff' });
const patient = (id: string): AccessContext => ({ practiceId: a.id, odsCode: a.odsCode, subject: 'login-1', role: 'patient', kind: 'patient', patient: id, proofing: 'P9', scope: 'patient/*.rs' });

function body(res: FhirResponse): Record<string, any> {
  assert.ok(res.body instanceof RawJson);
  return JSON.parse(res.body.json) as Record<string, any>;
}

async function search(access: AccessContext, query: string): Promise<Record<string, any>> {
  return body(await t.db.withPractice(access.practiceId, (s) => searchAuditEvents(s, access, new URLSearchParams(query), BASE)));
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    assert.ok(err instanceof OperationOutcomeError, String(err));
    return err.status;
  }
}

before(async () => {
  t = await testDatabase();
  a = await ensurePractice(t.db, 'F00001', 'Surface Practice A');
  b = await ensurePractice(t.db, 'F00002', 'Surface Practice B');
  log = new AuditLog(t.db, loadAuditKey({ auditKey: 'surface-test-key-surface-test-key-0123' }, { privateJwk: {} }));
  const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 10, minute));
  await log.record([
    auditRecord(a, { recorded: at(1), patientIds: ['pat-1'], entities: ['Patient/pat-1'], agent: { sub: 'dr-1', kind: 'staff', role: 'gp', fhirUser: 'Practitioner/p1', ip: '10.9.9.9' } }),
    auditRecord(a, { recorded: at(2), subtype: 'search-type', patientIds: ['pat-1', 'pat-2'], entities: ['Observation'], query: 'name=Jones', agent: { sub: 'dr-2', kind: 'staff', role: 'nurse' } }),
    auditRecord(a, { recorded: at(3), patientIds: ['pat-2'], entities: ['Patient/pat-2'], agent: { sub: 'dr-1', kind: 'staff', role: 'gp' } }),
    auditRecord(a, { recorded: at(4), subtype: 'login-failed', action: 'E', outcome: '4', patientIds: [], entities: [], agent: { sub: 'unknown-user:x', kind: 'anonymous' } }),
    auditRecord(a, { recorded: at(5), subtype: 'update', action: 'U', patientIds: ['pat-1'], entities: ['Condition/c1'], agent: { sub: 'dr-1', kind: 'staff', role: 'gp' } }),
    auditRecord(b, { recorded: at(6), patientIds: ['pat-1'], agent: { sub: 'other', kind: 'staff', role: 'gp' } }),
  ]);
});
after(async () => {
  await log.close();
  await t.close();
});

describe('who sees the audit trail', () => {
  it('an admin and a practice manager see all their practice’s events, newest first, as stored', async () => {
    for (const role of ['admin', 'practice-manager']) {
      const bundle = await search({ ...admin(), role }, '');
      assert.equal(bundle.type, 'searchset');
      assert.equal(bundle.entry.length, 5, role);
      assert.deepEqual(bundle.entry.map((e: any) => e.resource.recorded.slice(14, 16)), ['05', '04', '03', '02', '01']);
      assert.ok(JSON.stringify(bundle).includes('10.9.9.9'), 'the full view keeps the network address');
    }
    const first = (await search(admin(), '_sort=date')).entry[0];
    const read = body(await t.db.withPractice(a.id, (s) => readAuditEvent(s, admin(), first.resource.id)));
    assert.deepEqual(read, first.resource);
    // Practice B's event is not A's to see, even by id.
    const otherId = (await search({ ...admin(), practiceId: b.id, odsCode: b.odsCode }, '')).entry[0].resource.id;
    assert.equal(await status(t.db.withPractice(a.id, (s) => readAuditEvent(s, admin(), otherId))), 404);
  });

  it('a patient sees only events about their own record, without addresses, queries or other patients', async () => {
    const bundle = await search(patient('pat-1'), '');
    assert.equal(bundle.entry.length, 3);
    const text = JSON.stringify(bundle.entry);
    for (const hidden of ['pat-2', '10.9.9.9', 'dr-1', Buffer.from('name=Jones').toString('base64'), 'Condition/c1']) assert.ok(!text.includes(hidden), hidden);
    assert.deepEqual(bundle.entry[2].resource.agent[0].who, { reference: 'Practitioner/p1' });
    // Asking about another patient finds nothing; reading another patient's event is 404.
    assert.equal((await search(patient('pat-1'), 'patient=pat-2&_count=10')).entry?.length ?? 0, 1, 'only the event about both');
    const notMine = (await search(admin(), 'patient=pat-2&date=2025-03-01T10:03:00Z')).entry[0].resource.id;
    assert.equal(await status(t.db.withPractice(a.id, (s) => readAuditEvent(s, patient('pat-1'), notMine))), 404);
    const mine = bundle.entry[0].resource.id;
    assert.equal(body(await t.db.withPractice(a.id, (s) => readAuditEvent(s, patient('pat-1'), mine))).id, mine);
  });

  it('refuses every other role, patients without a record, and tokens whose scopes leave AuditEvent out', async () => {
    for (const role of ['receptionist', 'gp', 'nurse']) assert.equal(await status(search({ ...admin(), role }, '')), 403, role);
    assert.equal(await status(search({ ...admin(), kind: 'system', role: 'system' }, '')), 403);
    assert.equal(await status(search({ ...patient('x'), patient: undefined }, '')), 403);
    assert.equal(await status(search({ ...admin(), scope: 'user/Patient.rs' }, '')), 403);
    assert.equal(await status(search({ ...patient('pat-1'), scope: 'patient/Observation.rs' }, '')), 403);
    assert.equal(await status(t.db.withPractice(a.id, (s) => readAuditEvent(s, { ...admin(), role: 'receptionist' }, 'x'))), 403);
  });

  it('refuses writes for everyone with 405 and the methods it allows', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      assert.throws(() => refuseAuditEventWrite(method), (err: unknown) => err instanceof OperationOutcomeError && err.status === 405 && err.headers.Allow === 'GET, HEAD' && err.outcome.issue[0]?.code === 'not-supported');
    }
  });
});

describe('searching', () => {
  it('by patient, agent, date, subtype and outcome', async () => {
    const ids = async (q: string) => ((await search(admin(), q)).entry ?? []).map((e: any) => e.resource.recorded.slice(14, 16)).sort();
    assert.deepEqual(await ids('patient=Patient/pat-2'), ['02', '03']);
    assert.deepEqual(await ids('agent=dr-1'), ['01', '03', '05']);
    assert.deepEqual(await ids('date=ge2025-03-01T10:03:00Z&date=lt2025-03-01T10:05:00Z'), ['03', '04']);
    assert.deepEqual(await ids('date=2025-03-01'), ['01', '02', '03', '04', '05']);
    assert.deepEqual(await ids('date=2024'), []);
    assert.deepEqual(await ids('subtype=read'), ['01', '03']);
    assert.deepEqual(await ids('subtype=http://hl7.org/fhir/restful-interaction|update,search-type'), ['02', '05']);
    assert.deepEqual(await ids('subtype=http://dicom.nema.org/resources/ontology/DCM|110122'), ['04']);
    assert.deepEqual(await ids('outcome=4'), ['04']);
  });

  it('pages by keyset with a next link, however the events are sorted', async () => {
    for (const [sort, order] of [['', ['05', '04', '03', '02', '01']], ['&_sort=date', ['01', '02', '03', '04', '05']]] as const) {
      const seen: string[] = [];
      let query: string | undefined = `_count=2${sort}`;
      for (let pages = 0; query !== undefined; pages++) {
        assert.ok(pages < 5);
        const page = await search(admin(), query);
        seen.push(...(page.entry ?? []).map((e: any) => e.resource.recorded.slice(14, 16)));
        const next = page.link.find((l: any) => l.relation === 'next')?.url as string | undefined;
        query = next ? new URL(next).search.slice(1) : undefined;
      }
      assert.deepEqual(seen, order);
    }
  });

  it('refuses unknown parameters and malformed values with 400', async () => {
    for (const q of ['name=x', 'date=yesterday', 'outcome=3', '_count=-1', '_sort=agent', '_cursor=nonsense', 'patient=a b']) {
      assert.equal(await status(search(admin(), q)), 400, q);
    }
  });

  it('audits its own use when given a sink', async () => {
    const given: unknown[] = [];
    await t.db.withPractice(a.id, (s) => searchAuditEvents(s, patient('pat-1'), new URLSearchParams(''), BASE, { audit: { record: async (r) => void given.push(...r) } }));
    assert.equal(given.length, 1);
    assert.deepEqual((given[0] as any).patientIds, ['pat-1']);
    assert.equal((given[0] as any).subtype, 'search-type');
  });
});

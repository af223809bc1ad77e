// Misuse detection that looks things up: opening a member of staff's record or a relative's (the
// practice's Patients and Practitioners, written through the FHIR API), exports by clients new to
// exporting (the audit trail's last 90 days), and revoked tokens presented again (the token
// verifier's hook) — with de-duplication of open alerts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RevocationList } from '../auth/revocations';
import { issueToken, TokenVerifier } from '../auth/tokens';
import { testApp, type TestApp } from '../../../../test/harness';
import { auditRecord, captureLog, insertAuditHistory, type RecordOptions } from '../../../../test/security';
import { acknowledgeAlert } from './alerts';
import { SecurityMonitor } from './monitor';

let t: TestApp;
let now = Date.parse('2025-03-11T09:00:00Z');
const logs = captureLog();
let monitor: SecurityMonitor;

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const rec = (o: Omit<RecordOptions, 'practiceId'>) => auditRecord({ practiceId: t.practiceA.id, odsCode: 'T00001', ...o });

async function put(resource: Record<string, unknown>): Promise<void> {
  const res = await t.request({ method: 'PUT', url: `/fhir/${resource.resourceType}/${resource.id}`, payload: resource });
  assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body);
}

async function feed(records: ReturnType<typeof rec>[]): Promise<void> {
  for (const r of records) {
    now = r.recorded.getTime();
    await monitor.observe([r]);
  }
  await monitor.idle();
}

async function alerts(rule: string, subject?: string): Promise<{ id: string; severity: string; summary: string; practice_id: number | null; details: Record<string, any> }[]> {
  return t.db.withOwner(async (s) => {
    const r = await s.query<any>(
      `SELECT id::text AS id, severity, summary, practice_id, details FROM security_alert WHERE rule = $1 AND ($2::text IS NULL OR subject = $2) ORDER BY id`,
      [rule, subject ?? null],
    );
    return r.rows.map((x) => ({ ...x, details: typeof x.details === 'string' ? JSON.parse(x.details) : x.details }));
  });
}

before(async () => {
  t = await testApp();
  monitor = new SecurityMonitor({ db: t.db, log: logs.log, clock: () => now });
  await put({ resourceType: 'Practitioner', id: 'prac-smith', name: [{ family: 'Smith', given: ['Alice'] }], birthDate: '1980-01-01', address: [{ postalCode: 'LS1 4AB' }] });
  await put({ resourceType: 'Practitioner', id: 'prac-jones', identifier: [{ system: NHS, value: '9000000009' }], name: [{ family: 'Jones', given: ['Bob'] }] });
  await put({ resourceType: 'Practitioner', id: 'prac-left', active: false, name: [{ family: 'Gone', given: ['Gary'] }], birthDate: '1970-05-05' });
  const patient = (id: string, family: string, given: string, extra: Record<string, unknown> = {}) =>
    put({ resourceType: 'Patient', id, name: [{ family, given: [given] }], birthDate: '1990-02-02', ...extra });
  await patient('pt-staff-by-name', 'SMITH', 'alice', { birthDate: '1980-01-01' });
  await patient('pt-staff-by-nhs', 'Jonas', 'Robert', { identifier: [{ system: NHS, value: '900 000 0009' }] });
  await patient('pt-family', 'Smith', 'Carol', { address: [{ postalCode: 'ls14ab' }] });
  await patient('pt-same-name-elsewhere', 'Smith', 'Dan', { address: [{ postalCode: 'LS2 9ZZ' }] });
  await patient('pt-neighbour', 'Brown', 'Eve', { address: [{ postalCode: 'LS1 4AB' }] });
  await patient('pt-former-staff', 'Gone', 'Gary', { birthDate: '1970-05-05' });
});
after(() => t.close());

describe('detection: staff and family records', () => {
  it("fires when a staff user opens a colleague's record, matched by name and birth date or by NHS number", async () => {
    await feed([rec({ at: '2025-03-11T09:00:00Z', sub: 'dr.curious', fhirUser: 'Practitioner/prac-jones', patients: ['pt-staff-by-name'] })]);
    const byName = await alerts('staff-record', 'dr.curious');
    assert.equal(byName.length, 1);
    assert.equal(byName[0]!.practice_id, t.practiceA.id);
    await feed([rec({ at: '2025-03-11T09:05:00Z', sub: 'nurse.curious', patients: ['pt-staff-by-nhs'] })]);
    assert.equal((await alerts('staff-record', 'nurse.curious')).length, 1);
  });

  it('fires when a user opens the record of someone with their family name at their postcode', async () => {
    await feed([rec({ at: '2025-03-11T09:10:00Z', sub: 'dr.smith', fhirUser: 'Practitioner/prac-smith', patients: ['pt-family'] })]);
    const raised = await alerts('family-record', 'dr.smith');
    assert.equal(raised.length, 1);
    assert.doesNotMatch(JSON.stringify(raised) + logs.text(), /pt-family|Carol|LS1|ls14ab/i, 'neither the alert nor the log names the patient');
  });

  it('stays quiet for a shared name elsewhere, a neighbour, a former colleague, a list, or a user with no Practitioner', async () => {
    await feed([
      rec({ at: '2025-03-11T09:20:00Z', sub: 'dr.smith2', fhirUser: 'Practitioner/prac-smith', patients: ['pt-same-name-elsewhere'] }),
      rec({ at: '2025-03-11T09:21:00Z', sub: 'dr.smith2', fhirUser: 'Practitioner/prac-smith', patients: ['pt-neighbour'] }),
      rec({ at: '2025-03-11T09:22:00Z', sub: 'dr.smith2', fhirUser: 'Practitioner/prac-smith', patients: ['pt-former-staff'] }),
      rec({ at: '2025-03-11T09:23:00Z', sub: 'dr.smith2', fhirUser: 'Practitioner/prac-smith', subtype: 'search-type', patients: ['pt-staff-by-name', 'pt-neighbour', 'pt-family'] }),
      rec({ at: '2025-03-11T09:24:00Z', sub: 'reception.nobody', role: 'receptionist', patients: ['pt-family'] }),
      rec({ at: '2025-03-11T09:25:00Z', sub: 'patient.self', kind: 'patient', role: 'patient', patients: ['pt-staff-by-name'] }),
    ]);
    assert.deepEqual(await alerts('staff-record', 'dr.smith2'), []);
    assert.deepEqual(await alerts('family-record', 'dr.smith2'), []);
    assert.deepEqual(await alerts('family-record', 'reception.nobody'), []);
    assert.deepEqual(await alerts('staff-record', 'patient.self'), []);
  });
});

describe('detection: exports', () => {
  it('fires for a client new to exporting, not for one that exported within 90 days, and loudly for a patient', async () => {
    await insertAuditHistory(t.db, [rec({ at: '2025-02-01T02:00:00Z', sub: 'sys-regular', kind: 'system', role: 'system', clientId: 'sys-regular', subtype: 'export' })]);
    await insertAuditHistory(t.db, [rec({ at: '2024-09-01T02:00:00Z', sub: 'sys-lapsed', kind: 'system', role: 'system', clientId: 'sys-lapsed', subtype: 'export' })]);
    await feed([
      rec({ at: '2025-03-11T10:00:00Z', sub: 'sys-regular', kind: 'system', role: 'system', clientId: 'sys-regular', subtype: 'export' }),
      rec({ at: '2025-03-11T10:01:00Z', sub: 'sys-lapsed', kind: 'system', role: 'system', clientId: 'sys-lapsed', subtype: 'export' }),
      rec({ at: '2025-03-11T10:02:00Z', sub: 'sys-new', kind: 'system', role: 'system', clientId: 'sys-new', subtype: 'export' }),
      rec({ at: '2025-03-11T10:03:00Z', sub: 'sys-new', kind: 'system', role: 'system', clientId: 'sys-new', subtype: 'export' }),
      rec({ at: '2025-03-11T10:04:00Z', sub: 'login-7', kind: 'patient', role: 'patient', subtype: 'export' }),
    ]);
    assert.deepEqual(await alerts('unusual-export', 'sys-regular'), []);
    assert.equal((await alerts('unusual-export', 'sys-lapsed')).length, 1, 'last export over 90 days ago');
    const fresh = await alerts('unusual-export', 'sys-new');
    assert.equal(fresh.length, 1, 'a second export is not a second alert');
    assert.equal(fresh[0]!.severity, 'medium');
    const patient = await alerts('unusual-export', 'login-7');
    assert.equal(patient.length, 1);
    assert.equal(patient[0]!.severity, 'high');
  });
});

describe('detection: revoked tokens', () => {
  it('raises a high alert when a revoked token is presented, once per open alert, counting repeats', async () => {
    const revocations = new RevocationList(t.db);
    const verifier = new TokenVerifier(t.key, 100, undefined, revocations);
    const presented: string[] = [];
    verifier.onRevokedUse = (claims, from) => {
      presented.push(claims.sub);
      void monitor.revokedTokenUsed(claims, from.ip);
    };
    const token = await issueToken(t.key, { sub: 'dr.stolen', role: 'gp', practice: 'T00001', client_id: 'clinician-app', jti: 'stolen-1' });
    assert.equal((await verifier.verify(token, { ip: '198.51.100.4' })).sub, 'dr.stolen');
    assert.deepEqual(presented, [], 'a good token is not reported');
    await revocations.revoke([{ jti: 'stolen-1', exp: Math.floor(Date.now() / 1000) + 600 }], 'test');
    await assert.rejects(verifier.verify(token, { ip: '198.51.100.4' }), /revoked/);
    await assert.rejects(verifier.verify(token, { ip: '198.51.100.4' }), /revoked/);
    await monitor.idle();
    assert.deepEqual(presented, ['dr.stolen', 'dr.stolen']);
    const raised = await alerts('revoked-token-used', 'dr.stolen');
    assert.equal(raised.length, 1, 'de-duplicated');
    assert.equal(raised[0]!.severity, 'high');
    assert.equal(raised[0]!.practice_id, t.practiceA.id);
    assert.equal(raised[0]!.details.repeats, 1);
    assert.equal(raised[0]!.details.ip, '198.51.100.4');
    assert.equal(raised[0]!.details.clientId, 'clinician-app');
    const line = logs.lines.find((l) => l.rule === 'revoked-token-used' && l.msg === 'security alert raised');
    assert.equal(line?.clientId, 'clinician-app');
    assert.doesNotMatch(logs.text(), new RegExp(token.split('.')[2]!.slice(0, 20)), 'the token is never logged');

    // Once acknowledged, the next use is a new alert.
    await acknowledgeAlert(t.db, raised[0]!.id, 'manager', new Date(now));
    await monitor.revokedTokenUsed({ sub: 'dr.stolen', role: 'gp', practice: 'T00001' });
    assert.equal((await alerts('revoked-token-used', 'dr.stolen')).length, 2);
  });

  it('a throwing hook does not change the 401', async () => {
    const verifier = new TokenVerifier(t.key, 100, undefined, { isRevoked: async () => true });
    verifier.onRevokedUse = () => {
      throw new Error('broken hook');
    };
    await assert.rejects(verifier.verify(await issueToken(t.key, { sub: 'x', role: 'gp', practice: 'T00001' })), /revoked/);
  });
});

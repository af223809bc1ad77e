// Misuse detection over the audit stream: a normal day in a GP practice raises nothing; unusual
// volume (against the user's own baseline), out-of-hours mass access, repeated denials and
// repeated throttling each raise one alert, to the practice, in security_alert and on the
// security log — which never names a patient. State stays bounded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../audit/record';
import { testDatabase, type TestDatabase } from '../../../../test/harness';
import { auditRecord, captureLog, insertAuditHistory, type RecordOptions } from '../../../../test/security';
import { ensurePractice, type Practice } from '../practices';
import { isOutOfHours } from './hours';
import { SecurityMonitor } from './monitor';
import { DEFAULT_THRESHOLDS } from './thresholds';

let t: TestDatabase;
let practice: Practice;
let now = Date.parse('2025-03-11T08:00:00Z');
const logs = captureLog();
let monitor: SecurityMonitor;

before(async () => {
  t = await testDatabase();
  practice = await ensurePractice(t.db, 'T00001', 'Test Practice A');
  monitor = new SecurityMonitor({ db: t.db, log: logs.log, clock: () => now });
});
after(() => t.close());

const pad = (n: number) => String(n).padStart(2, '0');
/** A time on a day, minutes after midnight (UTC = London time in March before BST). */
const at = (day: string, minutes: number) => `${day}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00Z`;
const rec = (o: Omit<RecordOptions, 'practiceId'>) => auditRecord({ practiceId: practice.id, odsCode: 'T00001', ...o });

/** Feeds records in order, the clock following them, and waits until they are examined. */
async function feed(records: AuditRecord[]): Promise<void> {
  for (const r of records) {
    now = r.recorded.getTime();
    await monitor.observe([r]);
  }
  await monitor.idle();
}

async function alerts(rule?: string, subject?: string): Promise<{ id: string; rule: string; severity: string; subject: string; summary: string; details: Record<string, any> }[]> {
  return t.db.withOwner(async (s) => {
    const r = await s.query<any>(
      `SELECT id::text AS id, rule, severity, subject, summary, details, practice_id FROM security_alert
       WHERE ($1::text IS NULL OR rule = $1) AND ($2::text IS NULL OR subject = $2) ORDER BY id`,
      [rule ?? null, subject ?? null],
    );
    return r.rows.map((x) => ({ ...x, details: typeof x.details === 'string' ? JSON.parse(x.details) : x.details }));
  });
}

/** A GP's day: a morning and an afternoon list, ~40 patients consulted, results filed at lunch. */
function gpDay(day: string, sub: string): AuditRecord[] {
  const out: AuditRecord[] = [];
  const morning = Array.from({ length: 18 }, (_, i) => `${sub}-am-${i}`);
  const afternoon = Array.from({ length: 18 }, (_, i) => `${sub}-pm-${i}`);
  out.push(rec({ at: at(day, 8 * 60 + 15), sub, subtype: 'search-type', patients: morning }));
  morning.forEach((p, i) => {
    const m = 8 * 60 + 30 + i * 10;
    out.push(rec({ at: at(day, m), sub, patients: [p] }));
    out.push(rec({ at: at(day, m + 1), sub, subtype: 'search-type', patients: [p] }));
    out.push(rec({ at: at(day, m + 6), sub, subtype: 'create', patients: [p] }));
  });
  for (let i = 0; i < 6; i++) out.push(rec({ at: at(day, 12 * 60 + 10 * i), sub, subtype: 'search-type', patients: [`${sub}-results-${i}`] }));
  // One refused attempt (a sensitive entry) is normal and stays quiet.
  out.push(rec({ at: at(day, 13 * 60 + 5), sub, subtype: 'permission-denied', outcome: '4', patients: [morning[2]!] }));
  out.push(rec({ at: at(day, 14 * 60), sub, subtype: 'search-type', patients: afternoon }));
  afternoon.forEach((p, i) => {
    const m = 14 * 60 + 10 + i * 11;
    out.push(rec({ at: at(day, m), sub, patients: [p] }));
    out.push(rec({ at: at(day, m + 2), sub, subtype: 'search-type', patients: [p] }));
  });
  return out;
}

/** A receptionist's day: a name search every 5 minutes (1–3 matches) and the hour's appointment list. */
function receptionistDay(day: string, sub: string): AuditRecord[] {
  const out: AuditRecord[] = [];
  let n = 0;
  for (let m = 8 * 60; m < 18 * 60 + 30; m += 5) {
    if (m % 60 === 0) out.push(rec({ at: at(day, m), sub, role: 'receptionist', subtype: 'search-type', patients: Array.from({ length: 12 }, (_, i) => `${sub}-appt-${m}-${i}`) }));
    const matches = Array.from({ length: 1 + (n % 3) }, (_, i) => `${sub}-caller-${n}-${i}`);
    out.push(rec({ at: at(day, m + 1), sub, role: 'receptionist', subtype: 'search-type', patients: matches }));
    out.push(rec({ at: at(day, m + 2), sub, role: 'receptionist', patients: [matches[0]!] }));
    n++;
  }
  return out;
}

describe('detection: normal use', () => {
  it('raises nothing for a GP and a receptionist over a normal day', async () => {
    const gp = gpDay('2025-03-11', 'dr.normal');
    const reception = receptionistDay('2025-03-11', 'reception.normal');
    const distinct = new Set(gp.flatMap((r) => r.patientIds));
    assert.ok(distinct.size >= 40, `a full GP day (${distinct.size} patients)`);
    // The practice manager reviews the audit trail: many patients named, no record opened.
    const review = rec({ at: at('2025-03-11', 10 * 60), sub: 'pm.normal', role: 'practice-manager', subtype: 'search-type', patients: Array.from({ length: 80 }, (_, i) => `audited-${i}`) });
    review.entities = ['AuditEvent'];
    await feed([...gp, ...reception, review].sort((a, b) => a.recorded.getTime() - b.recorded.getTime()));
    assert.deepEqual(await alerts(), []);
    assert.equal(logs.lines.length, 0);
  });

  it('knows working hours in London time, summer and winter, and weekends', () => {
    assert.equal(isOutOfHours(new Date('2025-03-11T07:30:00Z'), DEFAULT_THRESHOLDS), false);
    assert.equal(isOutOfHours(new Date('2025-03-11T06:59:00Z'), DEFAULT_THRESHOLDS), true);
    assert.equal(isOutOfHours(new Date('2025-07-08T06:30:00Z'), DEFAULT_THRESHOLDS), false, '07:30 BST');
    assert.equal(isOutOfHours(new Date('2025-07-08T18:30:00Z'), DEFAULT_THRESHOLDS), true, '19:30 BST');
    assert.equal(isOutOfHours(new Date('2025-03-15T11:00:00Z'), DEFAULT_THRESHOLDS), true, 'a Saturday');
  });
});

describe('detection: unusual volume', () => {
  it('fires above the floor for a user whose baseline is low, once, and names no patient', async () => {
    // Baseline: busiest past hour of 10 distinct patients.
    await insertAuditHistory(t.db, Array.from({ length: 10 }, (_, i) => rec({ at: at('2025-03-04', 9 * 60 + i), sub: 'dr.snoop', patients: [`old-${i}`] })));
    const start = Date.parse('2025-03-12T10:00:00Z');
    const burst = Array.from({ length: 70 }, (_, i) => rec({ at: new Date(start + i * 30_000).toISOString(), sub: 'dr.snoop', patients: [`snooped-${i}`] }));
    await feed(burst);
    const raised = await alerts('unusual-volume', 'dr.snoop');
    assert.equal(raised.length, 1, 'one alert however far past the threshold');
    assert.equal(raised[0]!.severity, 'medium');
    assert.equal(raised[0]!.details.baseline, 10);
    assert.equal(raised[0]!.details.threshold, 50);
    assert.equal(raised[0]!.details.distinctPatients, 51);
    assert.doesNotMatch(JSON.stringify(raised), /snooped-/);
    const line = logs.lines.find((l) => l.rule === 'unusual-volume');
    assert.ok(line, 'logged on the security channel');
    assert.equal(line.channel, 'security');
    assert.equal(line.alertId, raised[0]!.id);
    assert.equal(line.practice, 'T00001');
    assert.equal(line.subject, 'dr.snoop');
    assert.doesNotMatch(logs.text(), /snooped-|old-\d/, 'the security log names no patient');
  });

  it('stays quiet for the same burst from a user whose own busiest hours are that busy', async () => {
    await insertAuditHistory(t.db, [rec({ at: at('2025-03-05', 9 * 60), sub: 'dr.busy', subtype: 'search-type', patients: Array.from({ length: 40 }, (_, i) => `b-${i}`) })]);
    await feed(Array.from({ length: 70 }, (_, i) => rec({ at: at('2025-03-12', 11 * 60 + Math.floor(i / 2)), sub: 'dr.busy', patients: [`busy-${i}`] })));
    assert.deepEqual(await alerts('unusual-volume', 'dr.busy'), [], 'threshold is 3 × 40 = 120');
  });
});

describe('detection: out-of-hours mass access', () => {
  it('fires for more than 20 patients in an hour at the weekend or at night, not for a few', async () => {
    await feed(Array.from({ length: 25 }, (_, i) => rec({ at: at('2025-03-15', 10 * 60 + i), sub: 'dr.weekend', patients: [`w-${i}`] })));
    const weekend = await alerts('out-of-hours-access', 'dr.weekend');
    assert.equal(weekend.length, 1);
    assert.equal(weekend[0]!.severity, 'high');
    assert.equal(weekend[0]!.details.distinctPatients, 21);

    await feed(Array.from({ length: 22 }, (_, i) => rec({ at: at('2025-03-13', 21 * 60 + i), sub: 'dr.night', patients: [`n-${i}`] })));
    assert.equal((await alerts('out-of-hours-access', 'dr.night')).length, 1);

    // A Saturday clinic of a handful of patients, and the same 22 patients in working hours.
    await feed(Array.from({ length: 6 }, (_, i) => rec({ at: at('2025-03-15', 9 * 60 + 10 * i), sub: 'dr.saturday', patients: [`s-${i}`] })));
    await feed(Array.from({ length: 22 }, (_, i) => rec({ at: at('2025-03-13', 11 * 60 + i), sub: 'dr.day', patients: [`d-${i}`] })));
    assert.deepEqual(await alerts('out-of-hours-access', 'dr.saturday'), []);
    assert.deepEqual(await alerts('out-of-hours-access', 'dr.day'), []);
  });
});

describe('detection: repeated denials', () => {
  it('fires on 5 denials within 10 minutes by one agent, not on 5 spread wider', async () => {
    await feed(Array.from({ length: 5 }, (_, i) => rec({ at: at('2025-03-14', 10 * 60 + 2 * i), sub: 'nurse.probe', subtype: 'permission-denied', outcome: '4', patients: [`x-${i}`] })));
    const raised = await alerts('repeated-denials', 'nurse.probe');
    assert.equal(raised.length, 1);
    assert.equal(raised[0]!.details.count, 5);

    const spread = [0, 3, 6, 9, 13].map((m, i) => rec({ at: at('2025-03-14', 11 * 60 + m), sub: 'nurse.unlucky', subtype: 'permission-denied', outcome: '4', patients: [`y-${i}`] }));
    await feed(spread);
    assert.deepEqual(await alerts('repeated-denials', 'nurse.unlucky'), []);
  });
});

describe('detection: throttling', () => {
  it('fires when one user is throttled 10 times in 10 minutes, and names the practice', async () => {
    now = Date.parse('2025-03-14T12:00:00Z');
    for (let i = 0; i < 9; i++) await monitor.throttled({ limit: 'token', ip: '10.9.9.9', claims: { sub: 'app.greedy', role: 'gp', practice: 'T00001', client_id: 'greedy-app' } });
    assert.deepEqual(await alerts('throttled', 'app.greedy'), []);
    await monitor.throttled({ limit: 'token', ip: '10.9.9.9', claims: { sub: 'app.greedy', role: 'gp', practice: 'T00001', client_id: 'greedy-app' } });
    const raised = await alerts('throttled', 'app.greedy');
    assert.equal(raised.length, 1);
    assert.equal(raised[0]!.severity, 'low');
    assert.equal(raised[0]!.details.clientId, 'greedy-app');
    for (let i = 0; i < 10; i++) await monitor.throttled({ limit: 'sign-in-address', ip: '203.0.113.7' });
    const guessing = await alerts('throttled', 'address 203.0.113.7');
    assert.equal(guessing.length, 1);
    assert.equal(guessing[0]!.severity, 'medium', 'throttled signing in: password guessing');
    const row = await t.db.withOwner(async (s) => (await s.query<{ practice_id: number | null }>(`SELECT practice_id FROM security_alert WHERE id = $1::bigint`, [guessing[0]!.id])).rows[0]);
    assert.equal(row?.practice_id, null, 'an address with no practice is the operators’ alert');
  });
});

describe('detection: bounded state', () => {
  it('forgets idle users and drops what it cannot keep up with', async () => {
    const base = Date.parse('2025-03-18T09:00:00Z');
    await feed(Array.from({ length: 200 }, (_, i) => rec({ at: new Date(base + i * 1000).toISOString(), sub: `user-${i}`, patients: [`p-${i}`] })));
    assert.ok(monitor.trackedSubjects >= 200);
    await feed([rec({ at: new Date(base + 3 * 3600_000).toISOString(), sub: 'later', patients: ['q'] })]);
    assert.ok(monitor.trackedSubjects < 20, `idle users swept (${monitor.trackedSubjects} left)`);

    const small = new SecurityMonitor({ db: t.db, log: logs.log, clock: () => now, thresholds: { maxQueuedBatches: 2 } });
    const batch = [rec({ at: at('2025-03-18', 10 * 60), sub: 'x', patients: ['z'] })];
    const waits = [small.observe(batch), small.observe(batch), small.observe(batch), small.observe(batch)];
    await Promise.all(waits);
    assert.ok(logs.lines.some((l) => l.msg === 'security monitor is behind: audit records dropped unexamined'));
  });
});

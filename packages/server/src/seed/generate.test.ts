import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FHIR_ID, validateResource, type Resource } from '@openpractice/fhir';
import { generatePractice, isValidNhsNumber, type PracticeOptions } from './index';
import { parseDay } from './dates';

const OPTIONS: PracticeOptions = { odsCode: 'A81001', name: 'Riverside Medical Practice', patients: 200, seed: 42, today: '2025-03-14' };
const TODAY = OPTIONS.today as string;
const all = [...generatePractice(OPTIONS)];
const byType = (type: string) => all.filter((r) => r.resourceType === type);
const byRef = new Map(all.map((r) => [`${r.resourceType}/${r.id}`, r]));

function digest(options: PracticeOptions): string {
  const h = createHash('sha256');
  for (const r of generatePractice(options)) h.update(JSON.stringify(r)).update('\n');
  return h.digest('hex');
}

/** Every `reference` string in a value, with its JSON path. */
function references(value: unknown, path = '', out: { path: string; reference: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => references(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push({ path, reference: v });
      else references(v, `${path}.${k}`, out);
    }
  }
  return out;
}

function codes(r: Resource, field: string): string[] {
  const cc = r[field] as { coding?: { code?: string }[] } | undefined;
  return (cc?.coding ?? []).map((c) => c.code ?? '');
}

test('same seed and reference date give identical output; seed and date each change it', () => {
  const small = { ...OPTIONS, patients: 40 };
  assert.equal(digest(small), digest(small));
  assert.notEqual(digest(small), digest({ ...small, seed: 43 }));
  assert.notEqual(digest(small), digest({ ...small, today: '2025-03-17' }));
});

test('every resource is valid FHIR R4 (no errors from the R4 validator)', () => {
  for (const r of all) {
    const errors = validateResource(r).filter((i) => i.severity === 'error' || i.severity === 'fatal');
    assert.deepEqual(errors, [], `${r.resourceType}/${r.id}`);
  }
});

test('no empty strings, empty arrays, empty objects or nulls anywhere', () => {
  const walk = (v: unknown, path: string) => {
    assert.notEqual(v, null, path);
    assert.notEqual(v, undefined, path);
    if (typeof v === 'string') assert.ok(v.trim().length > 0 && v === v.trim(), `blank or padded string at ${path}`);
    if (typeof v === 'number') assert.ok(Number.isFinite(v), `non-finite number at ${path}`);
    if (Array.isArray(v)) {
      assert.ok(v.length > 0, `empty array at ${path}`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (typeof v === 'object' && v !== null) {
      assert.ok(Object.keys(v).length > 0, `empty object at ${path}`);
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    }
  };
  for (const r of all) walk(r, `${r.resourceType}/${r.id}`);
});

test('ids are unique FHIR ids, and every reference points to a resource yielded before it', () => {
  const seen = new Set<string>();
  for (const r of all) {
    assert.match(r.id ?? '', FHIR_ID);
    for (const { path, reference } of references(r)) {
      assert.match(reference, /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/, path);
      assert.ok(seen.has(reference), `${r.resourceType}/${r.id}${path} -> ${reference} not yielded earlier`);
    }
    const key = `${r.resourceType}/${r.id}`;
    assert.ok(!seen.has(key), `duplicate ${key}`);
    seen.add(key);
  }
});

test('the practice: ODS-coded Organization, 1-2 sites, 2-4 GPs and the other staff with SDS job roles', () => {
  const [org, hospital, laboratory] = byType('Organization');
  // The practice, then the local hospital trust and its pathology laboratory.
  assert.equal(byType('Organization').length, 3);
  assert.deepEqual(org?.identifier, [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001' }]);
  assert.deepEqual(hospital?.identifier, [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'R9X' }]);
  assert.deepEqual(laboratory?.identifier, [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'R9X01' }]);
  assert.equal((laboratory?.partOf as { reference: string }).reference, `Organization/${hospital?.id}`);
  assert.ok(byType('Location').length >= 1 && byType('Location').length <= 2);
  const roles = byType('PractitionerRole').map((r) => ((r.code as { coding: { system: string; code: string }[] }[])[0]?.coding[0]));
  assert.ok(roles.every((c) => c?.system === 'https://fhir.hl7.org.uk/CodeSystem/UKCore-SDSJobRoleName'));
  const gps = roles.filter((c) => c?.code === 'R0260' || c?.code === 'R0270').length;
  assert.ok(gps >= 2 && gps <= 4, `${gps} GPs`);
  for (const code of ['R0620', 'R1290', 'R1730', 'R1780']) assert.equal(roles.filter((c) => c?.code === code).length, 1, code);
  assert.equal(byType('Practitioner').length, roles.length);
  assert.equal(byType('Schedule').length, gps + 2);
});

test('slots: 10 minutes, weekdays from today for two weeks, each busy one booked by exactly one appointment', () => {
  const today = parseDay(TODAY);
  const slots = byType('Slot');
  assert.ok(slots.length > 500);
  for (const s of slots) {
    const start = Date.parse(s.start as string);
    assert.equal(Date.parse(s.end as string) - start, 10 * 60_000);
    const day = parseDay((s.start as string).slice(0, 10));
    assert.ok(day >= today && day <= today + 14);
    assert.ok(![0, 6].includes(new Date(start).getUTCDay()));
  }
  const booked = byType('Appointment').filter((a) => a.slot);
  const slotUse = new Map<string, number>();
  for (const a of booked) {
    assert.equal(a.status, 'booked');
    for (const { reference } of a.slot as { reference: string }[]) {
      const slot = byRef.get(reference);
      assert.equal(slot?.status, 'busy');
      assert.equal(slot?.start, a.start);
      assert.equal(slot?.end, a.end);
      slotUse.set(reference, (slotUse.get(reference) ?? 0) + 1);
    }
  }
  const busy = slots.filter((s) => s.status === 'busy');
  assert.equal(slotUse.size, busy.length);
  // 2025-03-14 is a Friday: today's diary is open and has patients booked in it.
  assert.ok(slots.some((s) => (s.start as string).startsWith(TODAY)));
  assert.ok(booked.some((a) => (a.start as string).startsWith(TODAY)), "today's list has appointments");
  assert.ok([...slotUse.values()].every((n) => n === 1));
  // Bookings match the list size (about 0.2 per patient), not the clinicians' capacity.
  assert.ok(busy.length > 20 && busy.length < 80, `${busy.length} busy slots`);
});

test('patients: valid unique 999-range NHS numbers, registered to the practice and a GP', () => {
  const patients = byType('Patient');
  assert.equal(patients.length, 200);
  const numbers = patients.map((p) => (p.identifier as { system: string; value: string }[])[0]);
  assert.ok(numbers.every((n) => n?.system === 'https://fhir.nhs.uk/Id/nhs-number' && isValidNhsNumber(n.value) && n.value.startsWith('999')));
  assert.equal(new Set(numbers.map((n) => n?.value)).size, 200);
  for (const p of patients) {
    const gp = p.generalPractitioner as { reference: string }[];
    assert.equal(gp[0]?.reference, `Organization/${byType('Organization')[0]?.id}`);
    assert.equal(byRef.get(gp[1]?.reference ?? '')?.resourceType, 'Practitioner');
    assert.ok((p.birthDate as string) < TODAY);
    assert.match((p.address as { postalCode: string }[])[0]?.postalCode ?? '', /^LS\d{1,2} \d[A-Z]{2}$/);
  }
  const ages = patients.map((p) => (parseDay(TODAY) - parseDay(p.birthDate as string)) / 365.25);
  const share = (f: (a: number) => boolean) => ages.filter(f).length / ages.length;
  assert.ok(share((a) => a < 18) > 0.12 && share((a) => a < 18) < 0.32, 'children');
  assert.ok(share((a) => a >= 65) > 0.1 && share((a) => a >= 65) < 0.32, 'over 65s');
  assert.ok(new Set(patients.map((p) => (p.name as { family: string }[])[0]?.family)).size > 60, 'varied surnames');
});

test('clinical records: plausible prevalence, measurements consistent with conditions, nothing in the future', () => {
  const conditions = byType('Condition');
  const register = (code: string) => new Set(conditions.filter((c) => codes(c, 'code').includes(code)).map((c) => (c.subject as { reference: string }).reference));
  const hypertensive = register('38341003');
  const diabetic = register('44054006');
  assert.ok(hypertensive.size >= 12 && hypertensive.size <= 50, `hypertension ${hypertensive.size}/200`);
  assert.ok(diabetic.size >= 4 && diabetic.size <= 30, `diabetes ${diabetic.size}/200`);

  const observations = byType('Observation');
  const bpPatients = new Set(observations.filter((o) => codes(o, 'code').includes('85354-9')).map((o) => (o.subject as { reference: string }).reference));
  const adults = byType('Patient').filter((p) => (p.birthDate as string) <= `${Number(TODAY.slice(0, 4)) - 18}${TODAY.slice(4)}`);
  assert.ok(adults.every((p) => bpPatients.has(`Patient/${p.id}`)), 'every adult has a blood pressure');

  const diagnosed = new Map(conditions.filter((c) => codes(c, 'code').includes('44054006')).map((c) => [(c.subject as { reference: string }).reference, c.recordedDate as string]));
  const hba1c = observations.filter((x) => codes(x, 'code').includes('59261-8'));
  assert.ok(hba1c.length >= diabetic.size);
  for (const o of hba1c) {
    const { value, code } = o.valueQuantity as { value: number; code: string };
    assert.equal(code, 'mmol/mol');
    const since = diagnosed.get((o.subject as { reference: string }).reference);
    // Diabetic (48 mmol/mol or more) from diagnosis on; below 48 otherwise.
    if (since !== undefined && (o.effectiveDateTime as string) >= since) assert.ok(value >= 48 && value <= 95, `diabetic HbA1c ${value}`);
    else assert.ok(value < 48, `non-diabetic HbA1c ${value}`);
  }
  const systolic = (subjects: (s: string) => boolean) => {
    const values = observations
      .filter((o) => codes(o, 'code').includes('85354-9') && subjects((o.subject as { reference: string }).reference))
      .map((o) => (o.component as { valueQuantity: { value: number } }[])[0]?.valueQuantity.value ?? 0);
    return values.reduce((s, v) => s + v, 0) / values.length;
  };
  // Most of the register is treated (NG136 target below 140/90), so the gap is a few mmHg, not ten.
  assert.ok(systolic((s) => hypertensive.has(s)) > systolic((s) => !hypertensive.has(s)) + 4, 'hypertensives run higher');

  for (const r of all) {
    const when = [r.effectiveDateTime, r.recordedDate, r.authoredOn, r.onsetDateTime, r.occurrenceDateTime, r.issued, r.date, (r.period as { end?: string } | undefined)?.end];
    if (r.resourceType !== 'Appointment') for (const w of when) if (typeof w === 'string') assert.ok(w.slice(0, 10) < TODAY, `${r.resourceType} ${w}`);
  }
  for (const m of byType('MedicationRequest')) {
    assert.ok(m.intent === 'plan' || m.intent === 'order', String(m.intent));
    assert.ok(((m.reasonReference ?? []) as { reference: string }[]).every((x) => byRef.get(x.reference)?.resourceType === 'Condition'));
  }
  const perAdult = (all.length - byType('Slot').length) / 200;
  assert.ok(perAdult > 8, `${perAdult} resources per patient`);
});

test('past appointments: fulfilled ones have their Encounter, missed ones have none', () => {
  const encounterFor = new Set(byType('Encounter').flatMap((e) => (e.appointment as { reference: string }[]).map((a) => a.reference)));
  for (const a of byType('Appointment')) {
    const ref = `Appointment/${a.id}`;
    if (a.status === 'fulfilled') assert.ok(encounterFor.has(ref) && (a.end as string) < TODAY);
    else assert.ok(!encounterFor.has(ref));
    if (a.status === 'noshow' || a.status === 'cancelled') assert.ok((a.start as string) < TODAY);
    if (a.status === 'booked') assert.ok((a.start as string) > TODAY);
  }
  const statuses = new Set(byType('Appointment').map((a) => a.status));
  for (const s of ['fulfilled', 'booked', 'noshow', 'cancelled']) assert.ok(statuses.has(s), s);
});

test('a patient does not depend on the size of the list behind them', () => {
  const first = (patients: number) => [...generatePractice({ ...OPTIONS, patients })].filter((r) => r.resourceType === 'Patient').slice(0, 30);
  assert.deepEqual(first(30), first(60));
});

test('streams lazily: the first patient of a 100,000-patient practice arrives at once', () => {
  const started = Date.now();
  for (const r of generatePractice({ ...OPTIONS, patients: 100_000 })) if (r.resourceType === 'Patient') break;
  assert.ok(Date.now() - started < 5000);
});

test('an empty list gives just the practice, and bad options are refused with a reason', () => {
  const empty = [...generatePractice({ ...OPTIONS, patients: 0 })];
  assert.ok(empty.every((r) => !['Patient', 'Appointment'].includes(r.resourceType)));
  assert.ok(empty.filter((r) => r.resourceType === 'Slot').every((s) => s.status === 'free'));
  const bad: Partial<PracticeOptions>[] = [{ odsCode: 'a81001' }, { odsCode: 'Y12' }, { patients: -1 }, { patients: 1.5 }, { today: '2025-02-30' }, { name: ' ' }, { seed: 0.5 }];
  // Refused when called, before any resource is generated.
  for (const b of bad) assert.throws(() => generatePractice({ ...OPTIONS, ...b }), RangeError, JSON.stringify(b));
  assert.throws(() => generatePractice({ ...OPTIONS, address: { line: ['1 High Street'], city: 'Leeds', postalCode: 'LS6' } }), /postalCode/);
});

test('a practice elsewhere uses its own postcode district and the fictional phone range', () => {
  const rs = [...generatePractice({ ...OPTIONS, patients: 5, address: { line: ['2 Market Place'], city: 'Kendal', district: 'Cumbria', postalCode: 'LA9 4TN' } })];
  const patients = rs.filter((r) => r.resourceType === 'Patient');
  assert.ok(patients.every((p) => (p.address as { postalCode: string; city: string }[])[0]?.postalCode.startsWith('LA9 ')));
  const org = rs.find((r) => r.resourceType === 'Organization');
  assert.match((org?.telecom as { value: string }[])[0]?.value ?? '', /^01632 960\d{3}$/);
});

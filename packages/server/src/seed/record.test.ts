// The whole GP record the generator writes: medication authorisations and issues (GP Connect's
// plan/order/statement model), vaccinations against the schedule, referrals and letters,
// laboratory reports, proxies, deaths, sensitive entries and consultation notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { validateResource, type Resource } from '@openpractice/fhir';
import { generatePractice, type PracticeOptions } from './index';
import { parseDay, yearsBetween } from './dates';
import { CHILDHOOD_SCHEDULE, CHILDHOOD_SERIES, SCHEDULE_TOLERANCE_DAYS } from './immunisations';
import { VACCINES } from './codes/vaccines';
import { SENSITIVE_CODE, SENSITIVE_SECURITY } from './codes/record-artifacts';
import { isSensitive } from './care-resources';

const OPTIONS: PracticeOptions = { odsCode: 'A81003', name: 'Moorside Surgery', patients: 400, seed: 11, today: '2025-03-14' };
const TODAY = parseDay(OPTIONS.today as string);
const all = [...generatePractice(OPTIONS)];
const byType = (type: string) => all.filter((r) => r.resourceType === type);
const byRef = new Map(all.map((r) => [`${r.resourceType}/${r.id}`, r]));
const refOf = (r: Resource) => `${r.resourceType}/${r.id}`;
const target = (x: unknown) => (x as { reference: string } | undefined)?.reference ?? '';
const day = (s: unknown) => parseDay(String(s).slice(0, 10));
const codesOf = (cc: unknown) => ((cc as { coding?: { code?: string }[] } | undefined)?.coding ?? []).map((c) => c.code ?? '');

test('every new resource type is there in plausible numbers for 400 patients', () => {
  const n = (t: string) => byType(t).length;
  const issues = byType('MedicationRequest').filter((m) => m.intent === 'order').length;
  const plans = byType('MedicationRequest').filter((m) => m.intent === 'plan').length;
  assert.ok(issues > 20 * 400 && issues < 200 * 400, `${issues} issues`);
  assert.equal(n('MedicationStatement'), plans);
  assert.ok(n('Immunization') > 3 * 400, `${n('Immunization')} immunisations`);
  assert.ok(n('ServiceRequest') > 0.3 * 400, `${n('ServiceRequest')} referrals`);
  assert.ok(n('DiagnosticReport') > 400, `${n('DiagnosticReport')} reports`);
  assert.ok(n('DocumentReference') > 0.2 * 400, `${n('DocumentReference')} letters`);
  assert.ok(n('RelatedPerson') > 0.1 * 400, `${n('RelatedPerson')} proxies`);
  // Most patients have years of history: consultations per patient.
  assert.ok(n('Encounter') / 400 > 8, `${n('Encounter') / 400} consultations a patient`);
  const invalid = all.filter((r) => validateResource(r).some((i) => i.severity === 'error' || i.severity === 'fatal'));
  assert.deepEqual(invalid.map(refOf), []);
});

test('medication: each authorisation (plan) has its statement, and issues (orders) are based on it', () => {
  const requests = byType('MedicationRequest');
  const plans = new Map(requests.filter((m) => m.intent === 'plan').map((m) => [refOf(m), m]));
  const statementsFor = new Map(byType('MedicationStatement').map((s) => [target((s.basedOn as unknown[])[0]), s]));
  const issuesFor = new Map<string, Resource[]>();
  for (const order of requests.filter((m) => m.intent === 'order')) {
    const plan = plans.get(target((order.basedOn as unknown[])[0]));
    assert.ok(plan, 'an issue is based on an authorisation');
    assert.deepEqual(order.medicationCodeableConcept, plan.medicationCodeableConcept);
    assert.equal(order.status, 'completed');
    // Issued on or after the day it was authorised, and not after the authorisation ended.
    assert.ok(day(order.authoredOn) >= day(plan.authoredOn));
    const end = (plan.dispenseRequest as { validityPeriod?: { end?: string } }).validityPeriod?.end;
    if (end && plan.status !== 'active') assert.ok(day(order.authoredOn) <= day(end), `${refOf(order)} after its authorisation ended`);
    const list = issuesFor.get(refOf(plan)) ?? [];
    list.push(order);
    issuesFor.set(refOf(plan), list);
  }
  let repeats = 0;
  for (const [ref, plan] of plans) {
    const statement = statementsFor.get(ref);
    assert.ok(statement, `${ref} has a MedicationStatement`);
    assert.equal(statement.status, plan.status === 'active' ? 'active' : plan.status === 'stopped' ? 'stopped' : 'completed');
    const issues = issuesFor.get(ref) ?? [];
    const course = codesOf(plan.courseOfTherapyType)[0];
    if (course === 'acute') {
      assert.equal(issues.length, 1, 'an acute authorisation has one issue');
      assert.equal(plan.status, 'completed');
    } else {
      repeats++;
      const info = (plan.extension as { url: string; extension: { url: string; valueUnsignedInt?: number }[] }[]).find((e) => e.url.endsWith('Extension-UKCore-MedicationRepeatInformation'));
      assert.equal(info?.extension.find((e) => e.url === 'numberOfPrescriptionsIssued')?.valueUnsignedInt, issues.length);
      const allowed = (plan.dispenseRequest as { numberOfRepeatsAllowed: number }).numberOfRepeatsAllowed + 1;
      assert.ok(issues.length <= allowed, `${issues.length} issues of ${allowed} allowed`);
      if (plan.priorPrescription) assert.equal(plans.get(target(plan.priorPrescription))?.status, 'completed');
    }
  }
  assert.ok(repeats > 200);
  const statuses = new Set([...plans.values()].map((p) => p.status));
  for (const s of ['active', 'completed', 'stopped']) assert.ok(statuses.has(s), `some authorisations are ${s}`);
  // Repeats run for years: the longest courses have dozens of issues.
  assert.ok(Math.max(...[...issuesFor.values()].map((x) => x.length)) >= 10);
});

test('childhood vaccinations are given at the ages the schedule sets; school and seasonal ones to the eligible', () => {
  const births = new Map(byType('Patient').map((p) => [refOf(p), parseDay(p.birthDate as string)]));
  const vaccineKey = new Map(Object.entries(VACCINES).map(([k, v]) => [v.code.code, k]));
  let childhood = 0;
  for (const imm of byType('Immunization')) {
    const born = births.get(target(imm.patient))!;
    const ageDays = day(imm.occurrenceDateTime) - born;
    const age = yearsBetween(born, day(imm.occurrenceDateTime));
    const protocol = (imm.protocolApplied as { series: string; doseNumberPositiveInt: number }[])[0]!;
    const key = vaccineKey.get(codesOf(imm.vaccineCode)[0]!);
    assert.ok(key, 'vaccine code from the table');
    if (protocol.series === CHILDHOOD_SERIES) {
      childhood++;
      const point = CHILDHOOD_SCHEDULE.find((p) => p.doses.some((d) => d.vaccine === key && d.dose === protocol.doseNumberPositiveInt));
      assert.ok(point, `${key} dose ${protocol.doseNumberPositiveInt} is on the schedule`);
      assert.ok(ageDays >= point.ageDays && ageDays <= point.ageDays + SCHEDULE_TOLERANCE_DAYS[point.key]!, `${key} dose ${protocol.doseNumberPositiveInt} at ${ageDays} days`);
    } else if (protocol.series.startsWith('HPV')) assert.ok(age >= 12 && age <= 13, `HPV at ${age}`);
    else if (protocol.series.startsWith('School-leaving') || protocol.series.startsWith('MenACWY')) assert.ok(age >= 13 && age <= 14, `school leaver at ${age}`);
    else if (protocol.series.startsWith('COVID-19')) assert.ok(age >= 18, `COVID-19 at ${age}`);
    else if (protocol.series.startsWith('Seasonal influenza')) {
      assert.ok(age >= 18, `flu at ${age}`);
      const month = String(imm.occurrenceDateTime).slice(5, 7);
      assert.ok(['09', '10', '11', '12', '01'].includes(month), `flu given in month ${month}`);
    } else assert.fail(`unexpected series ${protocol.series}`);
    if (imm.primarySource) assert.ok(imm.encounter && imm.performer, 'given here: a consultation and a vaccinator');
    else assert.ok(imm.reportOrigin, 'given elsewhere: the origin is stated');
  }
  assert.ok(childhood > 100, `${childhood} childhood doses`);
});

test('deaths: about 1% a year, mostly older people, and nothing happens after death', () => {
  const deceased = byType('Patient').filter((p) => p.deceasedDateTime);
  assert.ok(deceased.length >= 3 && deceased.length <= 30, `${deceased.length} of 400 died in the last 3 years`);
  const ages = deceased.map((p) => yearsBetween(parseDay(p.birthDate as string), day(p.deceasedDateTime)));
  assert.ok(ages.filter((a) => a >= 65).length / ages.length > 0.6, `ages at death ${ages.join(', ')}`);
  const died = new Map(deceased.map((p) => [refOf(p), day(p.deceasedDateTime)]));
  for (const p of deceased) assert.equal(p.active, false);
  for (const r of all) {
    const who = target(r.subject ?? r.patient);
    const death = died.get(who);
    if (death === undefined) continue;
    for (const w of [r.authoredOn, r.occurrenceDateTime, r.effectiveDateTime, r.date, r.start, (r.period as { start?: string } | undefined)?.start]) {
      if (typeof w === 'string') assert.ok(day(w) < death, `${refOf(r)} on ${w}, after death`);
    }
    if (r.resourceType === 'Appointment') assert.notEqual(r.status, 'booked');
  }
  // Nobody deceased holds a slot.
  for (const a of byType('Appointment').filter((x) => x.slot)) {
    const patient = (a.participant as { actor: { reference: string } }[])[0]!.actor.reference;
    assert.ok(!died.has(patient));
  }
  assert.ok(TODAY > 0);
});

test('proxies: parents for children under 16, carers for some of the oldest, named in Patient.contact', () => {
  const related = byType('RelatedPerson');
  const forPatient = new Map<string, Resource[]>();
  for (const r of related) {
    const p = byRef.get(target(r.patient));
    assert.equal(p?.resourceType, 'Patient');
    assert.equal(codesOf((r.relationship as unknown[])[0]).length, 1);
    forPatient.set(target(r.patient), [...(forPatient.get(target(r.patient)) ?? []), r]);
  }
  for (const p of byType('Patient')) {
    const age = yearsBetween(parseDay(p.birthDate as string), TODAY);
    const proxies = forPatient.get(refOf(p)) ?? [];
    if (age < 16 && !p.deceasedDateTime) {
      assert.ok(proxies.length >= 1 && proxies.length <= 2, 'a child has one or two parents');
      assert.ok(proxies.every((x) => ['MTH', 'FTH'].includes(codesOf((x.relationship as unknown[])[0])[0]!)));
    }
    if (age >= 16 && age < 75) assert.equal(proxies.length, 0);
    const contacts = (p.contact ?? []) as { name: { family: string; given: string[] } }[];
    assert.deepEqual(
      contacts.map((c) => `${c.name.given.join(' ')} ${c.name.family}`),
      proxies.map((x) => {
        const n = (x.name as { given: string[]; family: string }[])[0]!;
        return `${n.given.join(' ')} ${n.family}`;
      }),
    );
  }
  assert.ok(related.some((r) => !['MTH', 'FTH'].includes(codesOf((r.relationship as unknown[])[0])[0]!)), 'some carers');
});

test('referrals name their reason and specialty; letters answer them with a valid attachment', () => {
  for (const s of byType('ServiceRequest')) {
    assert.equal(s.intent, 'order');
    assert.ok(s.reasonReference || s.reasonCode, `${refOf(s)} says why`);
    for (const r of (s.reasonReference ?? []) as unknown[]) assert.ok(['Condition', 'Observation'].includes(byRef.get(target(r))?.resourceType ?? ''));
  }
  const docs = byType('DocumentReference');
  const types = new Set(docs.map((d) => codesOf(d.type)[0]));
  assert.ok(types.has('823691000000103') && types.has('373942005'), 'clinic letters and discharge summaries');
  let pdfs = 0;
  for (const d of docs) {
    const a = (d.content as { attachment: { contentType: string; data: string; size: number; hash: string; title: string; creation: string } }[])[0]!.attachment;
    const bytes = Buffer.from(a.data, 'base64');
    assert.equal(a.size, bytes.length);
    assert.equal(a.hash, createHash('sha1').update(bytes).digest('base64'));
    assert.ok(a.title.length > 0 && a.creation <= String(d.date).slice(0, 10));
    assert.ok(bytes.length < 6000, 'small attachments');
    for (const r of ((d.context as { related?: unknown[] } | undefined)?.related ?? []) as unknown[]) assert.equal(byRef.get(target(r))?.resourceType, 'ServiceRequest');
    if (a.contentType === 'application/pdf') {
      pdfs++;
      assertWellFormedPdf(bytes);
    } else assert.match(bytes.toString('utf8'), /\nDear Dr [^\n]+,\n[\s\S]+\nYours sincerely,\n/);
  }
  assert.ok(pdfs > 0 && pdfs < docs.length, 'some letters are PDFs, most text');
});

/** PDF structure: header, objects where the cross-reference table says, startxref at the table, EOF marker. */
function assertWellFormedPdf(bytes: Buffer) {
  const text = bytes.toString('latin1');
  assert.ok(text.startsWith('%PDF-1.4\n') && text.endsWith('%%EOF\n'));
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  assert.ok(text.startsWith('xref\n', startxref));
  const entries = [...text.slice(startxref).matchAll(/^(\d{10}) (\d{5}) ([nf]) \n/gm)];
  assert.equal(entries.length, 6);
  entries.slice(1).forEach((e, i) => assert.ok(text.startsWith(`${i + 1} 0 obj\n`, Number(e[1]))));
  const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)?.[1]);
  const streamStart = text.indexOf('stream\n') + 'stream\n'.length;
  assert.equal(text.slice(streamStart + length, streamStart + length + '\nendstream'.length), '\nendstream');
}

test('laboratory reports group their results and are issued by the laboratory after the sample', () => {
  const lab = byType('Organization').find((o) => (o.identifier as { value: string }[])[0]?.value === 'R9X01');
  for (const r of byType('DiagnosticReport')) {
    assert.equal(target((r.performer as unknown[])[0]), `Organization/${lab?.id}`);
    assert.ok(String(r.issued) > String(r.effectiveDateTime));
    for (const x of r.result as unknown[]) {
      const o = byRef.get(target(x));
      assert.equal(o?.resourceType, 'Observation');
      assert.deepEqual(codesOf((o?.category as unknown[])[0]), ['laboratory']);
      assert.equal(o?.issued, r.issued);
    }
  }
});

test('sensitive entries carry the same marker, as does everything that reveals them', () => {
  const sensitiveCodes = new Set(Object.values(SENSITIVE_CODE).map((c) => c.code));
  const flagged = all.filter(isSensitive);
  assert.ok(flagged.length > 0);
  for (const r of all) {
    if (sensitiveCodes.has(codesOf(r.code)[0] ?? '')) assert.ok(isSensitive(r), `${refOf(r)} has a sensitive code but no marker`);
    const security = (r.meta as { security?: unknown[] } | undefined)?.security;
    if (security) assert.deepEqual(security, SENSITIVE_SECURITY, 'one marker for all');
    // A resource recorded in a sensitive consultation, or pointing at a sensitive entry, is sensitive.
    const enc = byRef.get(target(r.encounter));
    if (enc && isSensitive(enc) && r.resourceType !== 'Appointment') assert.ok(isSensitive(r), `${refOf(r)} in a sensitive consultation`);
    for (const x of (r.reasonReference ?? []) as unknown[]) {
      const reason = byRef.get(target(x));
      if (reason && isSensitive(reason) && r.resourceType === 'ServiceRequest') assert.ok(isSensitive(r), `${refOf(r)} refers for a sensitive reason`);
    }
    if (r.resourceType === 'DocumentReference' && isSensitive(r)) assert.ok(r.securityLabel);
  }
  // Appointments for sensitive consultations do not say what they were for.
  for (const e of byType('Encounter').filter(isSensitive)) {
    const a = byRef.get(target((e.appointment as unknown[])[0]));
    assert.equal(a?.description, 'GP appointment');
  }
});

test('every consultation has a note, and the notes vary and agree with what was recorded', () => {
  const encounters = byType('Encounter');
  const notes = encounters.map((e) => (e.text as { status: string; div: string }).div);
  assert.ok(encounters.every((e) => (e.text as { status: string }).status === 'additional'));
  assert.ok(notes.every((n) => n.startsWith('<div xmlns="http://www.w3.org/1999/xhtml"><p><b>History:</b> ')));
  assert.ok(new Set(notes).size / notes.length > 0.5, 'notes are varied');
  // A blood pressure recorded in the consultation is the one the note quotes.
  for (const o of byType('Observation').filter((x) => codesOf(x.code).includes('85354-9'))) {
    const note = (byRef.get(target(o.encounter))?.text as { div: string }).div;
    const [sys, dia] = (o.component as { valueQuantity: { value: number } }[]).map((c) => c.valueQuantity.value);
    assert.ok(note.includes(`BP ${sys}/${dia}`), `note quotes BP ${sys}/${dia}`);
  }
});

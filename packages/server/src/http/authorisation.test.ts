// The authorisation matrix over HTTP (issue 5): every role × resource type × action, in the
// caller's own practice, from another practice, as the patient, as a proxy, and as an external
// system with and without the practice's enablement and the patient's dissent. The expected
// table below is written out by hand, type by type — not derived from auth/policy.ts — so a
// wrong category or a wrong letter in the policy shows up here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueToken, type TokenClaims } from '../auth/tokens';
import { testApp, type TestApp } from '../../../../test/harness';
import { setExternalAccess } from '../identity/clients';

type Action = 'c' | 'r' | 'u' | 'd' | 's';
const ACTIONS: Action[] = ['c', 'r', 'u', 'd', 's'];
const TYPES = ['Condition', 'Observation', 'MedicationRequest', 'Patient', 'Appointment', 'Slot', 'Practitioner', 'Medication', 'Communication', 'Consent'] as const;
type Type = (typeof TYPES)[number];

/** What each caller may do, per type (c r u d s); '' = nothing. */
const EXPECTED: Record<string, Record<Type, string>> = {
  gp: { Condition: 'cruds', Observation: 'cruds', MedicationRequest: 'cruds', Patient: 'crus', Appointment: 'cruds', Slot: 'cruds', Practitioner: 'rs', Medication: 'rs', Communication: 'cruds', Consent: 'crus' },
  nurse: { Condition: 'crus', Observation: 'crus', MedicationRequest: 'crus', Patient: 'crus', Appointment: 'cruds', Slot: 'cruds', Practitioner: 'rs', Medication: 'rs', Communication: 'crus', Consent: 'crus' },
  pharmacist: { Condition: 'rs', Observation: 'rs', MedicationRequest: 'crus', Patient: 'rs', Appointment: 'rs', Slot: 'rs', Practitioner: 'rs', Medication: 'rs', Communication: 'crus', Consent: 'rs' },
  receptionist: { Condition: '', Observation: '', MedicationRequest: 'rs', Patient: 'crus', Appointment: 'cruds', Slot: 'cruds', Practitioner: 'rs', Medication: 'rs', Communication: 'crus', Consent: 'rs' },
  'practice-manager': { Condition: '', Observation: '', MedicationRequest: '', Patient: 'rs', Appointment: 'cruds', Slot: 'cruds', Practitioner: 'cruds', Medication: 'rs', Communication: 'crus', Consent: 'rs' },
  admin: { Condition: '', Observation: '', MedicationRequest: '', Patient: '', Appointment: '', Slot: 'rs', Practitioner: 'cruds', Medication: 'cruds', Communication: '', Consent: '' },
  // As the patient (P9) or a proxy, inside their own record; patients never create a Patient or delete anything.
  patient: { Condition: 'rs', Observation: 'rs', MedicationRequest: 'rs', Patient: 'rs', Appointment: 'crus', Slot: 'rs', Practitioner: 'rs', Medication: 'rs', Communication: 'crs', Consent: 'rs' },
  'patient-P5': { Condition: '', Observation: '', MedicationRequest: '', Patient: 'rs', Appointment: 'crus', Slot: 'rs', Practitioner: 'rs', Medication: 'rs', Communication: 'crs', Consent: '' },
  system: { Condition: 'rs', Observation: 'rs', MedicationRequest: 'rs', Patient: 'rs', Appointment: 'crus', Slot: 'rs', Practitioner: 'rs', Medication: 'rs', Communication: 'c', Consent: '' },
};

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const CONF = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

let t: TestApp;
const ids: Record<string, string> = {};

/** A valid resource of `type` in `patient`'s record (or a shared one). */
function sample(type: Type, patient: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const subject = { reference: `Patient/${patient}` };
  const bodies: Record<Type, Record<string, unknown>> = {
    Condition: { subject, code: { text: 'Hay fever' } },
    Observation: { status: 'final', code: { text: 'Pulse' }, subject, valueQuantity: { value: 72, unit: '/min' } },
    MedicationRequest: { status: 'active', intent: 'order', subject, medicationCodeableConcept: { text: 'Cetirizine 10mg tablets' } },
    Patient: { name: [{ family: 'Sample', given: ['Sam'] }], active: true },
    Appointment: { status: 'booked', participant: [{ actor: subject, status: 'accepted' }], start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:10:00Z' },
    Slot: { schedule: { reference: `Schedule/${ids.schedule ?? 'x'}` }, status: 'free', start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:10:00Z' },
    Practitioner: { name: [{ family: 'Doctor' }] },
    Medication: { code: { text: 'Paracetamol 500mg tablets' } },
    Communication: { status: 'completed', subject, payload: [{ contentString: 'Thank you' }] },
    Consent: {
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: subject,
      policyRule: { text: 'Practice policy' },
    },
  };
  return { resourceType: type, ...bodies[type], ...extra };
}

async function create(body: Record<string, unknown>, practice = 'T00001'): Promise<string> {
  const res = await t.request({ method: 'POST', url: `/fhir/${body.resourceType as string}`, payload: body, auth: await t.token({ practice }) });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

interface Caller {
  claims: Omit<TokenClaims, 'practice'> & { practice?: string };
}
const token = (c: Caller['claims']) => issueToken(t.key, { practice: 'T00001', ...c } as TokenClaims);
const staff = (role: string) => token({ sub: `user-${role}`, role: role as TokenClaims['role'], kind: 'staff' });
const patientToken = (patient: string, o: { proofing?: 'P0' | 'P5' | 'P9'; proxy?: boolean; scope?: string } = {}) =>
  token({ sub: `login-${patient}`, role: 'patient', kind: 'patient', patient, proofing: o.proofing ?? 'P9', ...(o.proxy ? { proxy: true } : {}), ...(o.scope ? { scope: o.scope } : {}) });
const systemToken = (scope = 'system/*.cruds', sub = 'hospital-epr') => token({ sub, role: 'system', kind: 'system', client_id: sub, scope });

/** The search that reaches `patient`'s resources of `type` (or the shared type's). */
function searchUrl(type: Type, patient: string): string {
  if (type === 'Patient') return `/fhir/Patient?_id=${patient}`;
  if (type === 'Slot' || type === 'Practitioner' || type === 'Medication') return `/fhir/${type}?_count=5`;
  return `/fhir/${type}?patient=${patient}`;
}

/** Tries `action` on `type` in `patient`'s record as `auth`; true when allowed, false when refused (403). */
async function attempt(auth: string, type: Type, action: Action, patient: string): Promise<boolean> {
  let status: number;
  if (action === 'c') {
    status = (await t.request({ method: 'POST', url: `/fhir/${type}`, payload: sample(type, patient), auth })).statusCode;
  } else if (action === 'r') {
    status = (await t.request({ method: 'GET', url: `/fhir/${type}/${ids[`${type}:${patient}`]}`, auth })).statusCode;
  } else if (action === 'u') {
    const id = ids[`${type}:${patient}`]!;
    status = (await t.request({ method: 'PUT', url: `/fhir/${type}/${id}`, payload: { ...sample(type, patient), id }, auth })).statusCode;
  } else if (action === 'd') {
    const id = await create(sample(type, patient)); // a fresh one each time
    status = (await t.request({ method: 'DELETE', url: `/fhir/${type}/${id}`, auth })).statusCode;
  } else {
    status = (await t.request({ method: 'GET', url: searchUrl(type, patient), auth })).statusCode;
  }
  assert.ok([200, 201, 403].includes(status), `${type} ${action}: unexpected ${status}`);
  return status !== 403;
}

async function auditCount(where: string, params: unknown[]): Promise<number> {
  return t.db.withOwner(async (s) => Number((await s.query<{ n: string }>(`SELECT count(*) AS n FROM audit_event WHERE ${where}`, params)).rows[0]!.n));
}

before(async () => {
  t = await testApp();
  ids.schedule = await create({ resourceType: 'Schedule', actor: [{ reference: 'Practitioner/nobody' }] });
  ids.pA = await create({ resourceType: 'Patient', identifier: [{ system: NHS, value: '9000000009' }], name: [{ family: 'Ayers' }], active: true });
  ids.pB = await create({ resourceType: 'Patient', name: [{ family: 'Bell' }], active: true });
  ids.pDissent = await create({ resourceType: 'Patient', name: [{ family: 'Dunn' }], active: true });
  ids.pOther = await create({ resourceType: 'Patient', name: [{ family: 'Elsewhere' }], active: true }, 'T00002');
  for (const p of ['pA', 'pB']) {
    for (const type of TYPES) {
      if (type === 'Patient') ids[`Patient:${ids[p]}`] = ids[p]!;
      else ids[`${type}:${ids[p]}`] = await create(sample(type, ids[p]!));
    }
  }
  ids.dissent = await create({
    ...sample('Consent', ids.pDissent!),
    provision: { type: 'deny' },
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '416409005' }] }],
  });
  ids.dissentObs = await create(sample('Observation', ids.pDissent!));
});
after(async () => t.close());

describe('authorisation matrix (own practice, staff roles)', () => {
  for (const role of ['gp', 'nurse', 'pharmacist', 'receptionist', 'practice-manager', 'admin']) {
    it(`${role}: every type × action as the table says`, async () => {
      const auth = await staff(role);
      for (const type of TYPES) {
        for (const action of ACTIONS) {
          assert.equal(await attempt(auth, type, action, ids.pA!), EXPECTED[role]![type].includes(action), `${role} ${type} ${action}`);
        }
      }
    });
  }

  it('refusals and successes are both audited, with who, what and whose record', async () => {
    const auth = await staff('receptionist');
    const before = await auditCount(`agent = 'user-receptionist' AND subtype = 'permission-denied'`, []);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Condition/${ids[`Condition:${ids.pA}`]}`, auth })).statusCode, 403);
    assert.equal(await auditCount(`agent = 'user-receptionist' AND subtype = 'permission-denied'`, []), before + 1);
    const reads = await auditCount(`agent = 'user-receptionist' AND subtype = 'read' AND $1 = ANY(patient_ids)`, [ids.pA]);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pA}`, auth })).statusCode, 200);
    assert.equal(await auditCount(`agent = 'user-receptionist' AND subtype = 'read' AND $1 = ANY(patient_ids)`, [ids.pA]), reads + 1);
  });
});

describe('another practice', () => {
  it("never reaches practice A's rows, whatever the role", async () => {
    const before = (await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pA}` })).json();
    for (const role of ['gp', 'receptionist']) {
      const auth = await token({ sub: `b-${role}`, role: role as TokenClaims['role'], kind: 'staff', practice: 'T00002' });
      assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pA}`, auth })).statusCode, 404);
      const found = (await t.request({ method: 'GET', url: `/fhir/Patient?_id=${ids.pA}`, auth })).json();
      assert.equal(found.total, 0);
      assert.equal((await t.request({ method: 'DELETE', url: `/fhir/Appointment/${ids[`Appointment:${ids.pA}`]}`, auth })).statusCode, 404);
    }
    const auth = await token({ sub: 'b-gp', role: 'gp', kind: 'staff', practice: 'T00002' });
    const put = await t.request({ method: 'PUT', url: `/fhir/Patient/${ids.pA}`, payload: { ...sample('Patient', ids.pA!), id: ids.pA }, auth });
    // An update in practice B creates B's own Patient with that id; A's is untouched.
    assert.equal(put.statusCode, 201);
    const a = (await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pA}` })).json();
    assert.equal(a.meta.versionId, before.meta.versionId);
    assert.notEqual(put.json().name[0].family, undefined);
  });
});

describe('patients and proxies', () => {
  for (const [label, options, row] of [
    ['patient (P9)', {}, 'patient'],
    ['proxy (P9)', { proxy: true }, 'patient'],
    ['patient (P5)', { proofing: 'P5' as const }, 'patient-P5'],
  ] as const) {
    it(`${label}: own record as the table says`, async () => {
      const auth = await patientToken(ids.pA!, options);
      for (const type of TYPES) {
        for (const action of ACTIONS) {
          if (action === 'd' || (action === 'c' && type === 'Patient')) continue; // covered below
          assert.equal(await attempt(auth, type, action, ids.pA!), EXPECTED[row]![type].includes(action), `${label} ${type} ${action}`);
        }
      }
    });
  }

  it("never reaches another patient's record", async () => {
    const auth = await patientToken(ids.pA!);
    for (const type of ['Condition', 'Observation', 'Appointment', 'Patient'] as const) {
      assert.equal((await t.request({ method: 'GET', url: `/fhir/${type}/${ids[`${type}:${ids.pB}`]}`, auth })).statusCode, 404, type);
    }
    const search = (await t.request({ method: 'GET', url: `/fhir/Observation?patient=${ids.pB}`, auth })).json();
    assert.equal(search.total, 0);
    const all = (await t.request({ method: 'GET', url: '/fhir/Observation', auth })).json();
    assert.ok(all.entry.length > 0 && all.entry.every((e: { resource: { subject: { reference: string } } }) => e.resource.subject.reference === `Patient/${ids.pA}`));
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pB}/Observation`, auth })).statusCode, 403);
    // Another patient's $everything: not found, as if they did not exist.
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pB}/$everything`, auth })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Patient/$everything', auth })).statusCode, 403);
    // Booking for someone else, or creating a patient, is refused.
    assert.equal((await t.request({ method: 'POST', url: '/fhir/Appointment', payload: sample('Appointment', ids.pB!), auth })).statusCode, 403);
    assert.equal((await t.request({ method: 'POST', url: '/fhir/Patient', payload: sample('Patient', ids.pA!), auth })).statusCode, 403);
    assert.equal((await t.request({ method: 'DELETE', url: `/fhir/Appointment/${ids[`Appointment:${ids.pA}`]}`, auth })).statusCode, 403);
    // History: own resource only, never type-wide.
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Observation/_history', auth })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation/${ids[`Observation:${ids.pA}`]}/_history`, auth })).statusCode, 200);
  });

  it("included resources never carry another patient's record", async () => {
    const obs = await create({ ...sample('Observation', ids.pA!), performer: [{ reference: `Patient/${ids.pB}` }] });
    const auth = await patientToken(ids.pA!);
    const bundle = (await t.request({ method: 'GET', url: `/fhir/Observation?_id=${obs}&_include=Observation:performer`, auth })).json();
    assert.deepEqual(
      bundle.entry.map((e: { resource: { resourceType: string; id: string } }) => `${e.resource.resourceType}/${e.resource.id}`),
      [`Observation/${obs}`],
    );
    const staffView = (await t.request({ method: 'GET', url: `/fhir/Observation?_id=${obs}&_include=Observation:performer`, auth: await staff('gp') })).json();
    assert.equal(staffView.entry.length, 2, 'a clinician sees the included patient');
  });
});

describe('external systems', () => {
  it('are refused everything until the practice enables external access', async () => {
    const auth = await systemToken();
    await setExternalAccess(t.db, 'T00001', false, 'test');
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation?patient=${ids.pA}`, auth })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pA}`, auth })).statusCode, 403);
  });

  it('once enabled: every type × action as the table says, one patient at a time', async () => {
    await setExternalAccess(t.db, 'T00001', true, 'test');
    await new Promise((r) => setTimeout(r, t.config.identity.revocationRefreshMs + 50)); // the enablement cache
    const auth = await systemToken();
    for (const type of TYPES) {
      for (const action of ACTIONS) {
        if (action === 'd' && !EXPECTED.system![type].includes('d')) {
          assert.equal(await attempt(auth, type, action, ids.pA!), false);
          continue;
        }
        assert.equal(await attempt(auth, type, action, ids.pA!), EXPECTED.system![type].includes(action), `system ${type} ${action}`);
      }
    }
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Observation', auth })).statusCode, 403, 'no practice-wide searches');
    const traced = await create({ resourceType: 'Patient', identifier: [{ system: NHS, value: '9000000017' }], name: [{ family: 'Traced' }], active: true });
    const byNhsRes = await t.request({ method: 'GET', url: `/fhir/Patient?identifier=${NHS}|9000000017`, auth });
    assert.equal(byNhsRes.statusCode, 200, byNhsRes.body);
    const byNhs = byNhsRes.json();
    assert.deepEqual(byNhs.entry.map((e: { resource: { id: string } }) => e.resource.id), [traced]);
  });

  it('never reach a patient who dissented from sharing, unless the glass is broken', async () => {
    const auth = await systemToken('system/*.rs', 'ae-department');
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pDissent}`, auth })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation?patient=${ids.pDissent}`, auth })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation/${ids.dissentObs}`, auth })).statusCode, 403);
    const glass = await t.request({
      method: 'POST',
      url: `/fhir/Patient/${ids.pDissent}/$break-glass`,
      payload: { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'Unconscious in A&E, medication history needed' }, { name: 'minutes', valueInteger: 30 }] },
      auth,
    });
    assert.equal(glass.statusCode, 200, glass.body);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation/${ids.dissentObs}`, auth })).statusCode, 200);
    assert.equal(await auditCount(`subtype = 'break-glass' AND agent = 'ae-department' AND $1 = ANY(patient_ids) AND json LIKE '%BTG%'`, [ids.pDissent]), 1);
  });

  it('scopes narrow, never widen', async () => {
    const auth = await systemToken('system/Observation.rs', 'lab-system');
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation?patient=${ids.pA}`, auth })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Condition?patient=${ids.pA}`, auth })).statusCode, 403);
    assert.equal((await t.request({ method: 'POST', url: '/fhir/Observation', payload: sample('Observation', ids.pA!), auth })).statusCode, 403);
    // A scope beyond the role (system/Condition.c) grants nothing the role lacks.
    const wide = await systemToken('system/Condition.cruds', 'wide-system');
    assert.equal((await t.request({ method: 'POST', url: '/fhir/Condition', payload: sample('Condition', ids.pA!), auth: wide })).statusCode, 403);
  });
});

describe('sensitive, confidential and third-party entries', () => {
  const label = (...codes: [string, string][]) => ({ meta: { security: codes.map(([system, code]) => ({ system, code })) } });
  before(async () => {
    ids.sensitive = await create(sample('MedicationRequest', ids.pA!, label([CONF, 'R'], [ACT, 'NOPAT'])));
    ids.confidential = await create(sample('Condition', ids.pA!, label([CONF, 'V'])));
    ids.thirdParty = await create({
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: `Patient/${ids.pA}` },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Letter mentioning her brother</div>' },
      content: [{ attachment: { contentType: 'text/plain', data: Buffer.from('About the brother').toString('base64') } }],
      ...label([ACT, 'REDACT']),
    });
  });

  it('sensitive entries: clinicians see them; receptionists, patients and external systems do not, not even in counts', async () => {
    const url = `/fhir/MedicationRequest/${ids.sensitive}`;
    assert.equal((await t.request({ method: 'GET', url, auth: await staff('gp') })).statusCode, 200);
    for (const auth of [await staff('receptionist'), await patientToken(ids.pA!), await systemToken()]) {
      assert.equal((await t.request({ method: 'GET', url, auth })).statusCode, 404);
      const ids_ = (await t.request({ method: 'GET', url: `/fhir/MedicationRequest?patient=${ids.pA}`, auth })).json().entry.map((e: { resource: { id: string } }) => e.resource.id);
      assert.ok(!ids_.includes(ids.sensitive));
    }
    const count = async (auth: string) => (await t.request({ method: 'GET', url: `/fhir/MedicationRequest?patient=${ids.pA}&_summary=count`, auth })).json().total;
    assert.equal(await count(await staff('gp')), (await count(await patientToken(ids.pA!))) + 1);
    const everything = (await t.request({ method: 'GET', url: `/fhir/Patient/${ids.pA}/$everything`, auth: await patientToken(ids.pA!) })).json();
    const seen = everything.entry.map((e: { resource: { id: string } }) => e.resource.id);
    assert.ok(seen.includes(ids[`Observation:${ids.pA}`]) && !seen.includes(ids.sensitive) && !seen.includes(ids.confidential));
    assert.ok(!seen.includes(ids.pB) && !seen.includes(ids[`Observation:${ids.pB}`]));
  });

  it('confidential entries: hidden even from clinicians until they break the glass, which is time-limited to them', async () => {
    const gp = await staff('gp');
    const url = `/fhir/Condition/${ids.confidential}`;
    assert.equal((await t.request({ method: 'GET', url, auth: gp })).statusCode, 404);
    const breakGlass = (auth: string, reason = 'Safeguarding review requested by the health visitor') =>
      t.request({ method: 'POST', url: `/fhir/Patient/${ids.pA}/$break-glass`, payload: { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: reason }] }, auth });
    assert.equal((await breakGlass(await staff('receptionist'))).statusCode, 403, 'receptionists cannot break the glass');
    assert.equal((await breakGlass(gp, 'because')).statusCode, 400, 'a reason must be stated');
    const granted = await breakGlass(gp);
    assert.equal(granted.statusCode, 200, granted.body);
    const expires = Date.parse(granted.json().parameter.find((p: { name: string }) => p.name === 'expires').valueDateTime);
    assert.ok(Math.abs(expires - Date.now() - 60 * 60_000) < 120_000, 'an hour by default');
    assert.equal((await t.request({ method: 'GET', url, auth: gp })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url, auth: await token({ sub: 'another-gp', role: 'gp', kind: 'staff' }) })).statusCode, 404, 'only for the user who broke it');
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Condition?patient=${ids.pA}`, auth: gp })).json().entry.some((e: { resource: { id: string } }) => e.resource.id === ids.confidential), true);
  });

  it("third-party information is redacted in the patient's view only", async () => {
    const mine = (await t.request({ method: 'GET', url: `/fhir/DocumentReference/${ids.thirdParty}`, auth: await patientToken(ids.pA!) })).json();
    assert.equal(mine.text, undefined);
    assert.equal(mine.content[0].attachment.data, undefined);
    assert.ok(mine.meta.security.some((s: { code: string }) => s.code === 'REDACTED'));
    const gpView = (await t.request({ method: 'GET', url: `/fhir/DocumentReference/${ids.thirdParty}`, auth: await staff('gp') })).json();
    assert.ok(gpView.text.div.includes('brother'));
    assert.ok(gpView.content[0].attachment.data);
  });
});

describe('SMART scopes on user and patient tokens', () => {
  it('a user/ scope narrows a GP to what it names', async () => {
    const auth = await token({ sub: 'gp-app', role: 'gp', kind: 'staff', scope: 'openid user/Observation.rs' });
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation/${ids[`Observation:${ids.pA}`]}`, auth })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Condition/${ids[`Condition:${ids.pA}`]}`, auth })).statusCode, 403);
    assert.equal((await t.request({ method: 'POST', url: '/fhir/Observation', payload: sample('Observation', ids.pA!), auth })).statusCode, 403);
  });

  it('a patient/ scope with a query returns only what matches it', async () => {
    const vital = await create({ ...sample('Observation', ids.pA!), category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }] });
    const lab = await create({ ...sample('Observation', ids.pA!), category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }] });
    const auth = await patientToken(ids.pA!, { scope: 'launch/patient patient/Observation.rs?category=vital-signs' });
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation/${vital}`, auth })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: `/fhir/Observation/${lab}`, auth })).statusCode, 404);
    const found = (await t.request({ method: 'GET', url: '/fhir/Observation', auth })).json().entry.map((e: { resource: { id: string } }) => e.resource.id);
    assert.deepEqual(found, [vital]);
  });
});

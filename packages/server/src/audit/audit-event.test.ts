// AuditRecord → AuditEvent: every subtype gives a valid R4 AuditEvent with the codes the spec
// and IHE BALP use; the JSON is deterministic; the patient's view leaves out what is not theirs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateResource } from '@openpractice/fhir';
import { auditRecord } from '../../../../test/audit';
import { r4Rules } from '../rules';
import { auditEventJson, patientView, SUBTYPE_CODES, toAuditEvent } from './audit-event';
import type { AuditSubtype } from './record';

const PRACTICE = { id: 7, odsCode: 'A81001' };

/** Validation errors of a resource as it is stored and sent: its JSON. */
function errors(resource: unknown): string[] {
  return validateResource(JSON.parse(JSON.stringify(resource)))
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression?.join()}: ${i.diagnostics}`);
}

describe('AuditEvent JSON', () => {
  it('is valid R4 for every subtype, with and without the optional parts', () => {
    for (const subtype of Object.keys(SUBTYPE_CODES) as AuditSubtype[]) {
      const full = toAuditEvent(
        auditRecord(PRACTICE, {
          subtype,
          agent: { sub: 'u', kind: 'patient', role: 'patient', proxy: true, clientId: 'app-1', fhirUser: 'RelatedPerson/rp1', ip: '2001:db8::1' },
          entities: ['Observation', 'Observation/o1', 'Observation/o1/_history/2', 'Patient/pat-1'],
          query: 'code=http://snomed.info/sct|44054006&_count=10',
          purposeOfUse: 'BTG',
          outcomeDesc: 'why',
        }),
        'id-1',
      );
      assert.deepEqual(errors(full), [], subtype);
      assert.doesNotThrow(() => r4Rules.validate(JSON.parse(JSON.stringify(full))));
      const { requestId: _none, purposeOfUse: _either, ...bare } = auditRecord(undefined, { subtype, patientIds: [], entities: [], agent: { sub: 'x', kind: 'anonymous' } });
      assert.deepEqual(errors(toAuditEvent(bare, 'id-2')), [], `${subtype} (bare)`);
    }
  });

  it('codes interactions as rest + restful-interaction, sign-in as DICOM User Authentication, security events as Security Alert', () => {
    const read = toAuditEvent(auditRecord(PRACTICE), 'r');
    assert.deepEqual([read.type.system, read.type.code], ['http://terminology.hl7.org/CodeSystem/audit-event-type', 'rest']);
    assert.deepEqual(read.subtype, [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }]);
    const login = toAuditEvent(auditRecord(PRACTICE, { subtype: 'login-failed', action: 'E', outcome: '4' }), 'l');
    assert.deepEqual([login.type.code, login.subtype?.[0]?.code, login.outcome], ['110114', '110122', '4']);
    assert.equal(toAuditEvent(auditRecord(PRACTICE, { subtype: 'logout' }), 'o').subtype?.[0]?.code, '110123');
    assert.deepEqual([toAuditEvent(auditRecord(PRACTICE, { subtype: 'config-change' }), 'c').type.code, toAuditEvent(auditRecord(PRACTICE, { subtype: 'config-change' }), 'c').subtype?.[0]?.code], ['110113', '110129']);
    assert.equal(toAuditEvent(auditRecord(PRACTICE, { subtype: 'break-glass' }), 'b').subtype?.[0]?.code, '110127');
    assert.equal(toAuditEvent(auditRecord(PRACTICE, { subtype: 'export' }), 'e').type.code, '110106');
  });

  it('names who, from where, for whom, and what — the query base64 on its type entity', () => {
    const e = toAuditEvent(
      auditRecord(PRACTICE, { subtype: 'search-type', entities: ['Observation'], query: 'patient=pat-1&code=x', agent: { sub: 'staff-1', kind: 'staff', role: 'gp', clientId: 'app-9', fhirUser: 'Practitioner/p1', ip: '10.1.2.3' } }),
      'ev',
    );
    const [user, app] = e.agent;
    assert.deepEqual(user!.who, { reference: 'Practitioner/p1', identifier: { value: 'staff-1' } });
    assert.equal(user!.requestor, true);
    assert.deepEqual(user!.network, { address: '10.1.2.3', type: '2' });
    assert.equal(user!.role?.[0]?.coding?.[0]?.code, 'R0260');
    assert.deepEqual([app!.requestor, app!.who?.identifier?.value], [false, 'app-9']);
    assert.deepEqual(e.source.observer, { type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001' } });
    const patient = e.entity!.find((x) => x.role?.code === '1');
    assert.equal(patient?.what?.reference, 'Patient/pat-1');
    const query = e.entity!.find((x) => x.role?.code === '24');
    assert.equal(query?.type?.code, 'Observation');
    assert.equal(Buffer.from(query!.query!, 'base64').toString('utf8'), 'patient=pat-1&code=x');
    assert.equal(e.entity!.at(-1)?.what?.identifier?.value, 'req-1');
    assert.equal(toAuditEvent(auditRecord(undefined), 'd').source.observer.display, 'OpenPractice deployment');
  });

  it('serialises the same record to the same bytes', () => {
    const r = auditRecord(PRACTICE, { query: 'a=b' });
    assert.equal(auditEventJson(r, 'same'), auditEventJson({ ...r }, 'same'));
  });

  it('shows a patient who acted on their record and when, and nothing else', () => {
    const full = toAuditEvent(
      auditRecord(PRACTICE, {
        subtype: 'search-type',
        patientIds: ['pat-1', 'pat-2'],
        entities: ['Observation', 'Observation/o1'],
        query: 'name=Smith',
        outcomeDesc: 'internal detail',
        agent: { sub: 'staff-1', kind: 'staff', role: 'gp', clientId: 'app-9', fhirUser: 'Practitioner/p1', ip: '10.1.2.3' },
      }),
      'ev',
    );
    const view = patientView(full, 'pat-1');
    const text = JSON.stringify(view);
    for (const hidden of ['pat-2', 'o1', '10.1.2.3', 'staff-1', 'app-9', 'internal detail', Buffer.from('name=Smith').toString('base64')]) {
      assert.ok(!text.includes(hidden), `${hidden} is hidden`);
    }
    assert.deepEqual(view.agent[0]?.who, { reference: 'Practitioner/p1' });
    assert.equal(view.recorded, full.recorded);
    assert.deepEqual(view.entity?.map((x) => x.what?.reference), ['Patient/pat-1']);
    assert.deepEqual(errors(view), []);
    // Another patient acting (e.g. a proxy's own login) is not named to this one.
    const other = patientView(toAuditEvent(auditRecord(PRACTICE, { agent: { sub: 's', kind: 'patient', fhirUser: 'Patient/pat-9' } }), 'x'), 'pat-1');
    assert.equal(other.agent[0]?.who, undefined);
  });
});
